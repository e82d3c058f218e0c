package rules_test

import (
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
)

func TestDefaultCatalogLoads(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	levels := map[finding.Level]int{}
	for _, r := range c.Rules {
		levels[r.Level]++
	}
	for _, l := range finding.Levels() {
		if levels[l] == 0 {
			t.Errorf("no rule at level %s", l)
		}
	}
}

func TestParseRejectsBrokenCatalogs(t *testing.T) {
	base := `
rules:
  - id: a/b
    level: C
    severity: error
    title: {fr: t, en: t}
    why: {fr: w, en: w}
    fix: {fr: f, en: f}
    sources: [{name: s}]
`
	if _, err := rules.Parse([]byte(base)); err != nil {
		t.Fatalf("valid catalog rejected: %v", err)
	}
	cases := map[string]struct{ from, to, want string }{
		"unknown key":    {"    severity: error\n", "    severity: error\n    colour: red\n", "colour"},
		"bad level":      {"level: C", "level: D", "level"},
		"bad severity":   {"severity: error", "severity: fatal", "severity"},
		"missing fr":     {"title: {fr: t, en: t}", "title: {en: t}", "French"},
		"bad id":         {"id: a/b", "id: AB", "id"},
		"no source":      {"    sources: [{name: s}]\n", "", "source"},
		"placeholders":   {"fix: {fr: f, en: f}", "fix: {fr: \"{x}\", en: \"{y}\"}", "placeholders"},
		"duplicate rule": {"    sources: [{name: s}]\n", "    sources: [{name: s}]\n" + strings.TrimPrefix(base, "\nrules:\n"), "duplicate"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := strings.Replace(base, tc.from, tc.to, 1)
			_, err := rules.Parse([]byte(in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestTextExpandsInBothLanguages(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := finding.Msg("approved", "expression", "MIT")
	if got := c.Text("license/approved", m, "fr"); got != "MIT figure sur la liste du décret" {
		t.Errorf("fr = %q", got)
	}
	if got := c.Text("license/approved", m, "en"); got != "MIT is on the decree list" {
		t.Errorf("en = %q", got)
	}
	if got := c.Text("license/approved", finding.Msg("check-error", "error", "boom"), "en"); got != "the check failed: boom" {
		t.Errorf("common = %q", got)
	}
	if got := c.Text("license/approved", finding.Msg("nope"), "en"); got != "nope" {
		t.Errorf("unknown message = %q", got)
	}
}

func TestTextLocalisesListArguments(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := finding.Msg("incomplete", "missing", rules.List("part-install", "part-licence"))
	if got, want := c.Text("readme/content", m, "fr"), "il manque au README\u00a0: comment l'installer ou le lancer, sa licence"; got != want {
		t.Errorf("fr = %q, want %q", got, want)
	}
	if got, want := c.Text("readme/content", m, "en"), "the README lacks: how to install or run it, its licence"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	if m.Args["missing"] != "@part-install,part-licence" {
		t.Errorf("Text changed the message's arguments: %v", m.Args)
	}
}

func TestPluralForms(t *testing.T) {
	s := "{n|=0:aucun fichier source ne porte|one:# fichier source porte|other:# fichiers sources portent} sa licence"
	for _, tc := range []struct{ lang, n, want string }{
		{"fr", "0", "aucun fichier source ne porte sa licence"},
		{"fr", "1", "1 fichier source porte sa licence"},
		{"fr", "12", "12 fichiers sources portent sa licence"},
	} {
		if got := rules.ExpandIn(tc.lang, s, map[string]string{"n": tc.n}); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	en := "{n|one:# declaration agrees|other:# declarations agree}"
	if got := rules.ExpandIn("en", en, map[string]string{"n": "0"}); got != "0 declarations agree" {
		t.Errorf("en 0: %q", got)
	}
	if got := rules.ExpandIn("fr", "{n|one:# déclaration concorde|other:# déclarations concordent}", map[string]string{"n": "1"}); got != "1 déclaration concorde" {
		t.Errorf("fr 1: %q", got)
	}
	// A plural block's argument is a placeholder: both languages must use it.
	doc := "rules:\n  - id: a/b\n    severity: note\n    title: {fr: t, en: t}\n    action: {fr: t, en: t}\n    why: {fr: t, en: t}\n    fix: {fr: t, en: t}\n    sources: [{name: s}]\n    messages:\n      m: {fr: \"{n|one:# a|other:# b}\", en: \"{x}\"}\n"
	if _, err := rules.Parse([]byte(doc)); err == nil || !strings.Contains(err.Error(), "placeholders differ") {
		t.Errorf("plural placeholder not checked: %v", err)
	}
}

func TestSubMessages(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := finding.Msg("incomplete", "path", "CONTRIBUTING.md", "missing", rules.List("part-test"))
	if got := c.Text("contributing/content", m, "en"); !strings.Contains(got, "CONTRIBUTING.md") {
		t.Errorf("text = %q", got)
	}
	sub := rules.Sub("no-readme")
	if got := c.Text("readme/content", finding.Msg("x-none", "a", sub), "en"); got != "x-none" {
		t.Errorf("unknown id renders as itself, got %q", got)
	}
}

func TestAtSignValuesStayLiteral(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := finding.Msg("version", "declared", "2.1.0", "tag", "@scope/tools@1.8.1")
	if got := c.Text("publiccode/consistent", m, "en"); !strings.Contains(got, "@scope/tools@1.8.1") {
		t.Errorf("text = %q", got)
	}
}

// Every rule a person acts on says what to do in plain words, for the
// audit's dashboard.
func TestActions(t *testing.T) {
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Rules {
		if r.Group != "" || r.Quiet {
			continue
		}
		if r.Action.FR == "" || r.Action.EN == "" {
			t.Errorf("%s: no action", r.ID)
		}
	}
}

// TestExpandElision: French "de" before a value that starts with a vowel
// is "d'"; not before a consonant, an h, inside a word, or in English.
func TestExpandElision(t *testing.T) {
	for _, c := range []struct{ lang, text, name, want string }{
		{"fr", "le contrat de {name} a pris fin", "Aides", "le contrat d'Aides a pris fin"},
		{"fr", "le texte officiel de {name}", "Apache-2.0", "le texte officiel d'Apache-2.0"},
		{"fr", "De {name} : rien", "Etalab", "D'Etalab : rien"},
		{"fr", "(de {name})", "écoles", "(d'écoles)"},
		{"fr", "le contrat de {name}", "Beta", "le contrat de Beta"},
		{"fr", "le contrat de {name}", "Habitat", "le contrat de Habitat"},
		{"fr", "la monde {name}", "avant", "la monde avant"},
		{"en", "the text de {name}", "Apache", "the text de Apache"},
	} {
		if got := rules.ExpandIn(c.lang, c.text, map[string]string{"name": c.name}); got != c.want {
			t.Errorf("%s %q with %q: %q, want %q", c.lang, c.text, c.name, got, c.want)
		}
	}
}
