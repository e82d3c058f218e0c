package scaffold

import (
	"strings"
	"testing"
)

func TestConductIsTheCovenantVerbatim(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	cases := []struct {
		lang, title, attribution, placeholder string
	}{
		{"en", "# Contributor Covenant Code of Conduct", "This Code of Conduct is adapted from the [Contributor Covenant][homepage],\nversion 2.1", "[INSERT CONTACT METHOD]"},
		{"fr", "# Code de conduite _Contributor Covenant_", "Ce code de conduite est adapté du\n[Contributor Covenant][homepage], version 2.1", "[INSÉRER UNE ADRESSE EMAIL]"},
	}
	for _, tc := range cases {
		out := generate(t, Conduct{}, p, tc.lang)
		got := content(out, "CODE_OF_CONDUCT.md")
		official, err := verbatim(tc.lang, "CODE_OF_CONDUCT.md")
		if err != nil {
			t.Fatal(err)
		}
		todos := Todos(out.Files)
		if len(todos) != 1 {
			t.Fatalf("%s: todos %+v", tc.lang, todos)
		}
		// Put the placeholder back: the rest must be the official text.
		back := strings.Replace(got, todo(tc.lang, todos[0].Text), tc.placeholder, 1)
		if back != string(official) {
			t.Errorf("%s: the text differs from the official one beyond the contact", tc.lang)
		}
		if !strings.HasPrefix(got, tc.title+"\n") || !strings.Contains(got, tc.attribution) {
			t.Errorf("%s: title or attribution missing", tc.lang)
		}
		if strings.Contains(got, "+++") {
			t.Errorf("%s: the site's front matter was kept", tc.lang)
		}
	}
}
