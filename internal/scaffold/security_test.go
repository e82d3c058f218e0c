package scaffold

import (
	"strings"
	"testing"
)

func TestSecurity(t *testing.T) {
	r := repoWith(t, map[string]string{"main.go": "package main\n"})
	r.Tag("v2.3.0")
	r.Git("remote", "add", "origin", "https://gitlab.example.org/mairie/budget.git")
	p := inspect(t, r.Dir())
	en := content(generate(t, Security{}, p, "en"), "SECURITY.md")
	for _, want := range []string{
		"Write in private to [TODO: a dedicated address for security reports].",
		"https://gitlab.example.org/mairie/budget/-/issues/new?issue[confidential]=true",
		"latest release (v2.3.0) and to the `main`",
		"within [TODO: a delay",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English policy lacks %q:\n%s", want, en)
		}
	}
	fr := content(generate(t, Security{}, p, "fr"), "SECURITY.md")
	if !strings.Contains(fr, "Écrivez en privé à [TODO : adresse dédiée") || !strings.Contains(fr, "ticket confidentiel") {
		t.Errorf("French policy:\n%s", fr)
	}

	// GitHub has private vulnerability reporting; no tag means the branch.
	r2 := repoWith(t, map[string]string{"main.go": "package main\n"})
	r2.Git("remote", "add", "origin", "git@github.com:mairie/budget.git")
	gh := content(generate(t, Security{}, inspect(t, r2.Dir()), "en"), "SECURITY.md")
	if !strings.Contains(gh, "https://github.com/mairie/budget/security/advisories/new") || !strings.Contains(gh, "No version has been released yet") {
		t.Errorf("GitHub policy:\n%s", gh)
	}
	if strings.Contains(gh, "confidential issue") {
		t.Error("GitLab's channel offered on GitHub")
	}
}

func TestSecurityKnowsSecurityTxt(t *testing.T) {
	r := repoWith(t, map[string]string{".well-known/security.txt": "Contact: mailto:security@example.org\n"})
	if got := (Security{}).Existing(inspect(t, r.Dir())); len(got) != 1 || got[0] != ".well-known/security.txt" {
		t.Errorf("existing = %v", got)
	}
}
