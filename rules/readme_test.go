package rules_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestReadmeListsEveryRule keeps the README's rule table in step with the
// catalog: same ids, same order, same level, severity and title.
func TestReadmeListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	text := string(b)
	start, end := strings.Index(text, "<!-- rules:start -->"), strings.Index(text, "<!-- rules:end -->")
	if start < 0 || end < start {
		t.Fatal("README.md has no rules:start/rules:end markers")
	}
	var rows []string
	for _, l := range strings.Split(text[start:end], "\n") {
		if strings.HasPrefix(l, "| `") {
			rows = append(rows, l)
		}
	}
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	// The table lists the rules people configure by name; the large quiet
	// families (one rule per kind of secret) are listed in prose, and each
	// of their ids must appear in the README too.
	var main []*rules.Rule
	for _, r := range c.Rules {
		if r.Quiet {
			if !strings.Contains(text, "`"+r.ID+"`") {
				t.Errorf("README does not mention %s", r.ID)
			}
			continue
		}
		main = append(main, r)
	}
	if len(rows) != len(main) {
		t.Fatalf("README lists %d rules, the catalog has %d that are not quiet", len(rows), len(main))
	}
	for i, r := range main {
		level := string(r.Level)
		if level == "" {
			level = "–"
		}
		want := "| `" + r.ID + "` | " + level + " | " + string(r.Severity) + " | " + r.Title.EN
		if !strings.HasPrefix(rows[i], want) {
			t.Errorf("README row %d = %q, want it to start with %q", i+1, rows[i], want)
		}
	}
}
