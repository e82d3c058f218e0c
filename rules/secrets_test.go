package rules_test

import (
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

func TestSecretPatternsLoad(t *testing.T) {
	l, err := rules.SecretPatterns()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Patterns) < 30 {
		t.Fatalf("only %d patterns", len(l.Patterns))
	}
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	// Rules the secrets package emits from Go rather than from a pattern
	// of secrets.yaml: a team's own patterns, and dumps judged per file.
	has := map[string]bool{"secrets/custom": true, "secrets/dump-passwords": true}
	for _, id := range l.IDs() {
		has[id] = true
	}
	for _, r := range c.Rules {
		if (strings.HasPrefix(r.ID, "secrets/") || strings.HasPrefix(r.ID, "sensitive/")) && r.ID != "secrets/scan" && !has[r.ID] {
			t.Errorf("%s: in the catalog but no pattern emits it", r.ID)
		}
	}
	for _, id := range l.IDs() {
		r, ok := c.Rule(id)
		if !ok {
			t.Errorf("%s: no rule in the catalog", id)
			continue
		}
		if r.Level != "" || !r.Quiet {
			t.Errorf("%s: must be advisory and quiet", id)
		}
		for _, m := range []string{"found", "found-history"} {
			if !c.HasMessage(id, m) {
				t.Errorf("%s: no %s message", id, m)
			}
		}
	}
}

func TestParseSecretPatternsRejectsBrokenData(t *testing.T) {
	base := `
patterns:
  - id: secrets/x
    keywords: [abc]
    regex: 'abc(\w+)'
    examples: {tp: [abcdef]}
`
	if _, err := rules.ParseSecretPatterns([]byte(base)); err != nil {
		t.Fatalf("valid data rejected: %v", err)
	}
	cases := map[string]struct{ from, to, want string }{
		"bad id":      {"id: secrets/x", "id: other/x", "id"},
		"no keyword":  {"keywords: [abc]", "keywords: []", "keyword"},
		"upper kw":    {"keywords: [abc]", "keywords: [ABC]", "lowercase"},
		"bad regex":   {`regex: 'abc(\w+)'`, `regex: 'abc(\w+'`, "missing"},
		"no group":    {`regex: 'abc(\w+)'`, `regex: 'abc\w+'`, "capture"},
		"validator":   {"    examples:", "    validator: nope\n    examples:", "validator"},
		"unknown key": {"    examples:", "    colour: red\n    examples:", "colour"},
		"no tp":       {"examples: {tp: [abcdef]}", "examples: {fp: [abcdef]}", "true-positive"},
		"bad files":   {"    examples:", "    files: images\n    examples:", "files"},
		"bad entropy": {"    examples:", "    entropy: 9\n    examples:", "entropy"},
		"upper ctx":   {"    examples:", "    context: [OVH]\n    examples:", "context"},
		"supersedes":  {"    examples:", "    supersedes: [secrets/nope]\n    examples:", "supersedes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := strings.Replace(base, tc.from, tc.to, 1)
			_, err := rules.ParseSecretPatterns([]byte(in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
