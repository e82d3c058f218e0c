package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/scaffold"
	"github.com/ouvert-dev/ouvert/rules"
)

// TestRulesDocIsCurrent: docs/rules.md and docs/regles.md are what ouvert
// rules --format markdown writes (-update rewrites them), and every rule
// has its section, whose anchor the reports link to.
func TestRulesDocIsCurrent(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range rules.Languages() {
		o := ouvert(t, ".", nil, "rules", "--format", "markdown", "--lang", lang)
		if o.code != 0 {
			t.Fatalf("exit code %d: %s", o.code, o.stderr)
		}
		file := filepath.Join("..", "..", filepath.FromSlash(report.RulesDocFile(lang)))
		if *update {
			if err := os.WriteFile(file, []byte(o.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		doc, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(doc) != o.stdout {
			t.Errorf("%s is not what ouvert rules --format markdown --lang %s writes: go test ./cmd/ouvert -run TestRulesDocIsCurrent -update", file, lang)
		}
		anchors := docAnchors(string(doc))
		for _, r := range cat.Rules {
			if anchors[report.DocAnchor(r.ID)] != 1 {
				t.Errorf("%s: %d sections with the anchor of %s", file, anchors[report.DocAnchor(r.ID)], r.ID)
			}
		}
	}
}

// docAnchors counts the anchors of a Markdown page's headings, as GitHub
// makes them.
func docAnchors(doc string) map[string]int {
	n := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^#{1,6} (.+)$`).FindAllStringSubmatch(doc, -1) {
		n[report.DocAnchor(m[1])]++
	}
	return n
}

// TestRulesJSON: the catalog as data, every rule with its texts in both
// languages, the level it blocks (a kind of secret blocks C through
// secrets/scan), its commands and a documentation link that resolves.
func TestRulesJSON(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	o := ouvert(t, ".", nil, "rules", "--format", "json")
	if o.code != 0 {
		t.Fatalf("exit code %d: %s", o.code, o.stderr)
	}
	var doc struct {
		SchemaVersion int
		Tool          struct{ Name, Version string }
		Rules         []struct {
			ID, Level, Blocks, Group, Severity string
			Planned                            bool
			Title, Why, Fix                    struct{ FR, EN string }
			Commands                           []string
			Sources                            []struct{ Name, URL string }
			Params                             map[string]float64
			Documentation                      struct{ FR, EN string }
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != 1 || doc.Tool.Name != "ouvert" || len(doc.Rules) != len(cat.Rules) {
		t.Fatalf("schema %d, tool %+v, %d rules for %d", doc.SchemaVersion, doc.Tool, len(doc.Rules), len(cat.Rules))
	}
	pages := map[string]map[string]int{}
	for _, lang := range rules.Languages() {
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(report.RulesDocFile(lang))))
		if err != nil {
			t.Fatal(err)
		}
		pages[report.RulesDocFile(lang)] = docAnchors(string(b))
	}
	for i, r := range doc.Rules {
		want := cat.Rules[i]
		if r.ID != want.ID || r.Level != string(want.Level) || r.Severity != string(want.Severity) || r.Group != want.Group ||
			!slices.Equal(r.Commands, want.Commands) || len(r.Sources) != len(want.Sources) {
			t.Errorf("%s: %+v", want.ID, r)
		}
		for name, text := range map[string]struct{ FR, EN string }{"title": r.Title, "why": r.Why, "fix": r.Fix} {
			if text.FR == "" || text.EN == "" || text.FR == text.EN {
				t.Errorf("%s: %s not in both languages: %+v", r.ID, name, text)
			}
		}
		if r.Commands == nil || r.Params == nil || r.Sources == nil {
			t.Errorf("%s: null where a list or an object is wanted", r.ID)
		}
		switch {
		case strings.HasPrefix(r.ID, "secrets/") && r.ID != "secrets/scan":
			if r.Level != "" || r.Group != "secrets/scan" || r.Blocks != "C" {
				t.Errorf("%s: level %q, group %q, blocks %q; want the C of secrets/scan", r.ID, r.Level, r.Group, r.Blocks)
			}
		case strings.HasPrefix(r.ID, "sensitive/"):
			if r.Blocks != "" {
				t.Errorf("%s blocks %q: sensitive data are advice", r.ID, r.Blocks)
			}
		default:
			if r.Blocks != r.Level {
				t.Errorf("%s: blocks %q, level %q", r.ID, r.Blocks, r.Level)
			}
		}
		for _, link := range []string{r.Documentation.FR, r.Documentation.EN} {
			u, err := url.Parse(link)
			if err != nil || u.Scheme != "https" || u.Host != "github.com" {
				t.Errorf("%s: documentation %q", r.ID, link)
				continue
			}
			// The ref is the version the test binary was stamped with: main
			// here, a pseudo-version's commit on a CI checkout.
			file := blobRef.ReplaceAllString(u.Path, "")
			if pages[file][u.Fragment] != 1 {
				t.Errorf("%s: %s names no section of %s", r.ID, link, file)
			}
		}
	}
	if o := ouvert(t, ".", nil, "rules", "license/file", "--format", "json"); o.code != 2 {
		t.Errorf("a rule id with --format json: exit code %d", o.code)
	}
	if o := ouvert(t, ".", nil, "rules", "--format", "yaml"); o.code != 2 || !strings.Contains(o.stderr, "want text, json or markdown") {
		t.Errorf("--format yaml: %d %q", o.code, o.stderr)
	}
}

// TestExplainKindOfSecret: a kind of secret says it blocks level C through
// secrets/scan, not that it is mere advice.
func TestExplainKindOfSecret(t *testing.T) {
	for lang, want := range map[string]string{
		"fr": "Niveau\u00a0: C, par secrets/scan",
		"en": "Level: C, through secrets/scan",
	} {
		o := ouvert(t, ".", nil, "rules", "secrets/aws-access-key", "--lang", lang)
		if o.code != 0 || !strings.Contains(o.stdout, want) || strings.Contains(o.stdout, "aucun (conseil)") || strings.Contains(o.stdout, "none (advice)") {
			t.Errorf("%s: %s", lang, o.stdout)
		}
	}
	o := ouvert(t, ".", nil, "rules", "sensitive/iban", "--lang", "en")
	if !strings.Contains(o.stdout, "Level: none (advice") {
		t.Errorf("sensitive/iban: %s", o.stdout)
	}
	list := ouvert(t, ".", nil, "rules")
	if !regexp.MustCompile(`(?m)^secrets/aws-access-key\s+C\s+error`).MatchString(list.stdout) {
		t.Errorf("ouvert rules does not list the kinds of secrets at level C:\n%s", list.stdout)
	}
}

// TestCatalogCommands keeps the catalog's commands and the commands that
// exist in step: each rule a generator or a fixer helps pass names its
// command, and every command the catalog names runs (--help) and names a
// generator or fixer that exists.
func TestCatalogCommands(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, g := range scaffold.All() {
		cmd := "ouvert init " + g.Name()
		if a, ok := g.(scaffold.Arguments); ok {
			cmd += " " + a.ArgsUsage()
		}
		for _, id := range g.Rules() {
			want[id] = append(want[id], cmd)
		}
	}
	for _, f := range fixers {
		want[f.rule] = append(want[f.rule], "ouvert fix "+f.name)
	}
	for id, cmds := range want {
		r, ok := cat.Rule(id)
		if !ok {
			t.Errorf("%s: not in the catalog", id)
			continue
		}
		for _, c := range cmds {
			if !slices.Contains(r.Commands, c) {
				t.Errorf("%s: the catalog's commands %v lack %q", id, r.Commands, c)
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range cat.Rules {
		for _, c := range r.Commands {
			args := strings.Fields(strings.TrimPrefix(c, "ouvert "))
			switch args[0] {
			case "init", "fix":
				if !slices.Contains(want[r.ID], c) {
					t.Errorf("%s: %q helps with no generator or fixer of this rule", r.ID, c)
				}
			}
			if seen[c] {
				continue
			}
			seen[c] = true
			// Placeholders in capitals (SPDX) are what the user writes.
			var run []string
			for _, a := range args {
				if a != strings.ToUpper(a) || strings.HasPrefix(a, "-") {
					run = append(run, a)
				}
			}
			if o := ouvert(t, ".", nil, append(run, "--help")...); o.code != 0 {
				t.Errorf("%q: %s", c, o.stderr)
			}
		}
	}
}

var blobRef = regexp.MustCompile(`^/ouvert-dev/ouvert/blob/[^/]+/`)
