package secrets

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// examplePath picks a file name that the pattern applies to.
func examplePath(p *rules.SecretPattern) string {
	switch p.Files {
	case "config":
		return "config/app.yaml"
	case "code":
		return "src/app.js"
	case "netrc":
		return ".netrc"
	case "pgpass":
		return ".pgpass"
	case "htpasswd":
		return "deploy/.htpasswd"
	}
	return "config/settings.env"
}

func TestPatternExamples(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	list, err := rules.SecretPatterns()
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(1)
	for i, p := range list.Patterns {
		t.Run(fmt.Sprintf("%d-%s", i, strings.ReplaceAll(p.ID, "/", "-")), func(t *testing.T) {
			for round := 0; round < 20; round++ {
				for _, ex := range p.Examples.TP {
					in := g.expand(ex)
					if !hasRule(s.Scan(examplePath(p), []byte(in)), p.ID) {
						t.Errorf("missed %s in %q", p.ID, in)
					}
				}
				for _, ex := range p.Examples.FP {
					in := g.expand(ex)
					if r := s.Scan(examplePath(p), []byte(in)); len(r.Findings) > 0 {
						t.Errorf("false positive %v in %q", r.Findings, in)
					}
				}
			}
		})
	}
}

func hasRule(r Result, id string) bool {
	for _, f := range r.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}
