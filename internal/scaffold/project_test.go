package scaffold

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
)

func TestWebPage(t *testing.T) {
	cases := []struct {
		remote, web string
		forge       Forge
	}{
		{"https://github.com/etalab/budget.git", "https://github.com/etalab/budget", GitHub},
		{"git@github.com:etalab/budget.git", "https://github.com/etalab/budget", GitHub},
		{"ssh://git@gitlab.example.gouv.fr:2222/mairie/outils/budget.git", "https://gitlab.example.gouv.fr/mairie/outils/budget", GitLab},
		{"https://git.example.org/mairie/budget", "https://git.example.org/mairie/budget", Other},
		{"/srv/git/budget.git", "", Other},
		{"file:///srv/git/budget.git", "", Other},
		{"", "", Other},
	}
	for _, tc := range cases {
		web, forge := webPage(tc.remote)
		if web != tc.web || forge != tc.forge {
			t.Errorf("webPage(%q) = %q, %q; want %q, %q", tc.remote, web, forge, tc.web, tc.forge)
		}
	}
}

func TestInspectGit(t *testing.T) {
	r := repoWith(t, map[string]string{"main.go": "package main\n"})
	r.Git("remote", "add", "origin", "git@gitlab.com:mairie/budget.git")
	r.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
	r.Git("config", "user.name", "Service du numérique")
	r.Tag("v1.9.0")
	r.Tag("v1.10.0") // same commit: the higher version wins
	p := inspect(t, r.Dir())
	if p.Name != "budget" || p.NameFrom != "remote" {
		t.Errorf("name = %q from %q", p.Name, p.NameFrom)
	}
	if p.Web != "https://gitlab.com/mairie/budget" || p.Forge != GitLab {
		t.Errorf("web = %q, forge %q", p.Web, p.Forge)
	}
	if p.Branch != "develop" {
		t.Errorf("branch = %q, want origin's HEAD", p.Branch)
	}
	if p.Holder != "Service du numérique" || p.HolderFrom != "git" {
		t.Errorf("holder = %q from %q", p.Holder, p.HolderFrom)
	}
	if p.LatestTag == nil || p.LatestTag.Name != "v1.10.0" {
		t.Errorf("latest tag = %+v", p.LatestTag)
	}
}

func TestInspectPubliccodeWins(t *testing.T) {
	r := repoWith(t, map[string]string{
		"publiccode.yml": "publiccodeYmlVersion: \"0.4\"\nname: Budget citoyen\nlegal:\n  license: MIT\n  repoOwner: Ville de Lyon\n  mainCopyrightOwner: Métropole de Lyon\n",
	})
	r.Git("remote", "add", "origin", "https://github.com/lyon/budget.git")
	r.Git("config", "user.name", "Jeanne Dev")
	p := inspect(t, r.Dir())
	if p.Name != "Budget citoyen" || p.NameFrom != "publiccode.yml" {
		t.Errorf("name = %q from %q", p.Name, p.NameFrom)
	}
	if p.Holder != "Métropole de Lyon" || p.HolderFrom != "publiccode.yml" {
		t.Errorf("holder = %q from %q", p.Holder, p.HolderFrom)
	}
	if p.Branch != "main" {
		t.Errorf("branch = %q, want the checked out one", p.Branch)
	}
}

func TestInspectPlainDirAndUserConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mon-projet")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "publiccode.yml"), []byte("name: [broken\n"), 0o644)
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Alex Agent\n\temail = alex@example.org\n"), 0o644)
	repo, err := source.Open(t.Context(), dir, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	p, err := Inspect(repo, InspectOptions{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "mon-projet" || p.NameFrom != "directory" {
		t.Errorf("name = %q from %q", p.Name, p.NameFrom)
	}
	if p.Holder != "Alex Agent" || p.HolderFrom != "git" {
		t.Errorf("holder = %q from %q", p.Holder, p.HolderFrom)
	}
	if p.Branch != "" || p.Remote != "" || p.LatestTag != nil {
		t.Errorf("a plain directory has no git facts: %+v", p)
	}
}

func TestInspectRefusesBare(t *testing.T) {
	r := repoWith(t, map[string]string{"main.go": "package main\n"})
	bare := r.Clone(true)
	repo, err := source.Open(t.Context(), bare, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	if _, err := Inspect(repo, InspectOptions{Getenv: noHome}); err == nil {
		t.Error("a bare repository was accepted")
	}
}

func TestLatestTag(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tags := []source.Tag{
		{Name: "v2.0.0", Time: day},
		{Name: "v10.0.0-rc1", Time: day.Add(-time.Hour)},
		{Name: "v2.0.1", Time: day},
		{Name: "old", Time: day.Add(-48 * time.Hour)},
	}
	if got := latestTag(tags); got == nil || got.Name != "v2.0.1" {
		t.Errorf("latest = %+v", got)
	}
	if latestTag(nil) != nil {
		t.Error("no tags gave a tag")
	}
	for _, c := range [][2]string{{"v1.9", "v1.10"}, {"1.0", "1.0.1"}, {"v09", "v10"}} {
		if !versionLess(c[0], c[1]) || versionLess(c[1], c[0]) {
			t.Errorf("versionLess(%s, %s) wrong", c[0], c[1])
		}
	}
}
