package scaffold

import (
	"strings"
	"testing"
)

func TestContributingFromTheRepository(t *testing.T) {
	r := repoWith(t, map[string]string{
		"go.mod":   "module budget\n\ngo 1.26\n",
		"Makefile": "test:\n\tgo test ./...\n",
		"LICENSE":  licenceFixture(t, "MIT.txt"),
	})
	r.Git("remote", "add", "origin", "git@github.com:mairie/budget.git")
	p := inspect(t, r.Dir())
	en := content(generate(t, Contributing{}, p, "en"), "CONTRIBUTING.md")
	for _, want := range []string{
		"# Contributing to budget",
		"git clone https://github.com/mairie/budget.git\ncd budget\n",
		"Install Go 1.26",
		"make test\ngo test ./...\n",
		"[TODO: check these commands: ouvert guessed them from Makefile, go.mod]",
		"open a pull request\n   against `main`",
		"https://github.com/mairie/budget/issues",
		"project's licence (MIT)",
		"git commit -s",
		"https://developercertificate.org/",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English guide lacks %q:\n%s", want, en)
		}
	}
	fr := content(generate(t, Contributing{}, p, "fr"), "CONTRIBUTING.md")
	for _, want := range []string{"# Contribuer à budget", "## Lancer les tests", "[TODO : vérifiez ces commandes", "Signed-off-by:", "pull request vers `main`"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French guide lacks %q:\n%s", want, fr)
		}
	}
}

func TestContributingMarksWhatItCannotKnow(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"index.html": "<p>hi</p>\n"}).Dir())
	p.Branch = ""
	out := generate(t, Contributing{}, p, "en")
	var todos []string
	for _, td := range Todos(out.Files) {
		todos = append(todos, td.Text)
	}
	got := strings.Join(todos, "|")
	for _, want := range []string{"the repository's clone URL", "what to install, and how to build the project", "how to run the tests", "default branch"} {
		if !strings.Contains(got, want) {
			t.Errorf("todos %q lack %q", got, want)
		}
	}
	if c := content(out, "CONTRIBUTING.md"); !strings.Contains(c, "merge request (or pull request)") {
		t.Errorf("unknown forge: %s", c)
	}
}
