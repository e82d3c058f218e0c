package publiccode

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

const readmeFR = `# Registre des subventions

[![badge](https://img.shields.io/badge/x-y-green.svg)](https://example.org)

Le registre publie les subventions versées par une collectivité. Il permet
aux services financiers de saisir chaque subvention, de la publier en données
ouvertes au format du schéma national et d'en suivre le versement sans
tableur partagé entre les services.

## Installation

` + "```sh\ngo install ./cmd/registre\n```\n"

// A draft from a real repository validates except for its TODOs, and once
// a person fills them in, validates.
func TestDraftFromRepository(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("README.md", readmeFR)
	r.Write("go.mod", "module example.org/registre\n")
	r.Write("cmd/registre/main.go", "package main\n")
	r.Write("MAINTAINERS", "- Camille Martin <camille.martin@example.gouv.fr>\n")
	when := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	r.Commit("first", when)
	r.Tag("v1.4.0")
	r.Git("remote", "add", "origin", "git@git.example.gouv.fr:collectivites/registre.git")

	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	f := Gather(repo, "EUPL-1.2")
	if f.Name != "Registre des subventions" || f.URL != "https://git.example.gouv.fr/collectivites/registre" ||
		f.Version != "1.4.0" || f.ReleaseDate != "2026-05-04" || f.Lang != "fr" || f.SoftwareType != "standalone/other" ||
		!strings.HasPrefix(f.ShortDescription, "Le registre publie les subventions") || graphemes(f.LongDescription) < 150 ||
		len(f.Contacts) != 1 || f.Contacts[0].Name != "Camille Martin" {
		t.Fatalf("facts: %+v", f)
	}

	data, todos := Draft(f, "en")
	res := Validate(data, Options{})
	if res.Valid() {
		t.Fatal("a draft with TODOs must not validate")
	}
	for _, p := range res.Problems {
		if p.Severity == "error" && !res.IsTodo(p) {
			t.Errorf("not a TODO: %+v\n%s", p, data)
		}
	}
	keys := map[string]bool{}
	for _, td := range todos {
		keys[td.Key] = true
	}
	for _, k := range []string{"developmentStatus", "description.fr.features"} {
		if !keys[k] {
			t.Errorf("TODO %s not listed: %v", k, todos)
		}
	}

	filled := string(data)
	for _, l := range strings.Split(filled, "\n") {
		if !strings.Contains(l, "TODO") || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		switch {
		case strings.Contains(l, "developmentStatus"):
			filled = strings.Replace(filled, l, "developmentStatus: beta", 1)
		case strings.Contains(l, "- \"[TODO"):
			filled = strings.Replace(filled, l, "      - Saisie des subventions", 1)
		default:
			t.Fatalf("unexpected TODO line %q", l)
		}
	}
	if res := Validate([]byte(filled), Options{}); !res.Valid() {
		t.Errorf("filled draft: %v\n%s", got(res), filled)
	}
}

// With nothing to go on, every mandatory value is a TODO, and the draft is
// still one YAML document of the right shape.
func TestDraftEmpty(t *testing.T) {
	data, todos := Draft(Facts{}, "fr")
	res := Validate(data, Options{})
	if res.Doc == nil || len(todos) < 8 {
		t.Fatalf("todos %v\n%s", todos, data)
	}
	for _, p := range res.Problems {
		if p.Severity == "error" && !res.IsTodo(p) {
			t.Errorf("not a TODO: %+v", p)
		}
	}
}

func TestHTTPSRemote(t *testing.T) {
	for in, want := range map[string]string{
		"git@github.com:etalab/outil.git":            "https://github.com/etalab/outil",
		"https://gitlab.com/a/b.git":                 "https://gitlab.com/a/b",
		"ssh://git@forge.example.fr/a/b":             "https://forge.example.fr/a/b",
		"https://oauth2:glpat-token@gitlab.com/a/b":  "",
		"/home/someone/repo":                         "",
		"https://forge.example.fr/a/b/@fancy/branch": "https://forge.example.fr/a/b/@fancy/branch",
	} {
		if got := httpsRemote(in); got != want {
			t.Errorf("httpsRemote(%q) = %q, want %q", in, got, want)
		}
	}
}
