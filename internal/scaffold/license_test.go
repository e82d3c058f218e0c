package scaffold

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
)

func licenceFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "license", "texts", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLicenceTextsAreOfficial: the shipped texts are the reference texts
// the licence detection is tested with, byte for byte.
func TestLicenceTextsAreOfficial(t *testing.T) {
	entries, err := fs.ReadDir(licenceTexts, "licences")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, byLang := range licenceFiles {
		for _, f := range byLang {
			used[f] = true
		}
	}
	for _, e := range entries {
		if !used[e.Name()] {
			t.Errorf("licences/%s is shipped but never written", e.Name())
		}
		b, _ := licenceTexts.ReadFile("licences/" + e.Name())
		if string(b) != licenceFixture(t, e.Name()) {
			t.Errorf("licences/%s differs from license/texts/%s", e.Name(), e.Name())
		}
	}
	if got := Licences(); len(got) != len(licenceFiles) {
		t.Errorf("the decree list has %d licences, texts are shipped for %d", len(got), len(licenceFiles))
	}
	for _, id := range Licences() {
		if len(LicenceLanguages(id)) == 0 {
			t.Errorf("no text for %s", id)
		}
	}
}

// TestEveryLicenceIsDetected writes every licence of the list, in every
// language shipped, with and without a holder, and runs the scan's
// licence detection on it.
func TestEveryLicenceIsDetected(t *testing.T) {
	license.Prepare()
	for _, id := range Licences() {
		for _, lang := range LicenceLanguages(id) {
			for _, holder := range []string{"Ville de Paris", ""} {
				t.Run(id+"/"+lang+"/"+map[bool]string{true: "holder", false: "todo"}[holder != ""], func(t *testing.T) {
					t.Parallel()
					r := repoWith(t, map[string]string{"main.go": "package main\n"})
					p := inspect(t, r.Dir())
					p.Name, p.Holder = "budget", holder
					out := generate(t, License{}, p, lang, id)
					if _, err := Write(r.Dir(), out.Files, false); err != nil {
						t.Fatal(err)
					}
					repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
					if err != nil {
						t.Fatal(err)
					}
					defer repo.Close()
					rep, err := license.Detect(repo)
					if err != nil {
						t.Fatal(err)
					}
					if rep.Expression != id {
						t.Errorf("detected %q, want %s; files %+v", rep.Expression, id, rep.Files)
					}
					// Only the texts with a copyright line ask for a holder.
					wantTodos := 0
					if holder == "" && (id == "MIT" || strings.HasPrefix(id, "BSD") || strings.Contains(id, "GPL")) {
						wantTodos = 1
					}
					if got := Todos(out.Files); len(got) != wantTodos {
						t.Errorf("todos %+v, want %d", got, wantTodos)
					}
				})
			}
		}
	}
}

func TestLicenceFillsYearAndHolder(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	p.Name, p.Holder = "budget", "Ville de Paris"
	cases := map[string]string{
		"MIT":          "Copyright (c) 2026 Ville de Paris\n",
		"BSD-3-Clause": "Copyright (c) 2026, Ville de Paris\n",
		"BSD-2-Clause": "Copyright (c) 2026, Ville de Paris\n",
	}
	for id, want := range cases {
		got := content(generate(t, License{}, p, "en", id), "LICENSE")
		if !strings.Contains(got, want) || strings.Contains(got, "[year]") || strings.Contains(got, "[fullname]") {
			t.Errorf("%s: no %q in\n%.300s", id, want, got)
		}
	}
	p.Holder = ""
	out := generate(t, License{}, p, "fr", "MIT")
	if got := content(out, "LICENSE"); !strings.Contains(got, "Copyright (c) 2026 [TODO : titulaire des droits]") {
		t.Errorf("missing holder not marked:\n%.200s", got)
	}
	// Apache-2.0 needs no holder in LICENSE: its appendix is a notice for
	// source files, left as the Apache Software Foundation wrote it.
	if got := content(generate(t, License{}, p, "en", "Apache-2.0"), "LICENSE"); got != licenceFixture(t, "Apache-2.0.txt") {
		t.Error("Apache-2.0 is not the official text")
	}
}

func TestLicenceGNUNotice(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	p.Name, p.Holder = "budget", "Ville de Paris"
	gpl := generate(t, License{}, p, "en", "GPL-3.0-or-later")
	got := content(gpl, "LICENSE")
	head := "budget\nCopyright (C) 2026  Ville de Paris\n\nThis program is free software: you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.\n"
	if !strings.HasPrefix(got, head) || !strings.HasSuffix(got, licenceFixture(t, "GPL-3.0.txt")) {
		t.Errorf("GPL LICENSE:\n%.800s", got)
	}
	lgpl := generate(t, License{}, p, "en", "LGPL-3.0-or-later")
	if c := content(lgpl, "COPYING"); c != licenceFixture(t, "GPL-3.0.txt") {
		t.Error("the LGPL comes without the GPL text")
	}
	if c := content(lgpl, "LICENSE"); !strings.Contains(c, "under the terms of the GNU Lesser General Public License as published by") || strings.Count(c, "GNU General Public License") > strings.Count(licenceFixture(t, "LGPL-3.0.txt"), "GNU General Public License") {
		t.Errorf("LGPL notice:\n%.800s", c)
	}
	agpl := content(generate(t, License{}, p, "en", "AGPL-3.0-or-later"), "LICENSE")
	if !strings.Contains(agpl[:800], "GNU Affero General Public License as published") {
		t.Errorf("AGPL notice:\n%.800s", agpl)
	}
}

func TestLicenceLanguage(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	fr := generate(t, License{}, p, "fr", "cecill-2.1") // ids are case-insensitive
	if c := content(fr, "LICENSE"); c != licenceFixture(t, "CECILL-2.1.fr.txt") {
		t.Error("CECILL-2.1 in French is not the official French text")
	}
	if !slices.ContainsFunc(fr.Notes, func(n string) bool { return strings.Contains(n, "également foi (article 11.5)") }) {
		t.Errorf("notes %v", fr.Notes)
	}
	if c := content(generate(t, License{}, p, "en", "CECILL-2.1"), "LICENSE"); c != licenceFixture(t, "CECILL-2.1.en.txt") {
		t.Error("CECILL-2.1 in English is not the official English text")
	}
	mit := generate(t, License{}, p, "fr", "MIT")
	if !strings.HasPrefix(content(mit, "LICENSE"), "MIT License\n") || !slices.ContainsFunc(mit.Notes, func(n string) bool { return strings.Contains(n, "pas de texte officiel français de MIT") }) {
		t.Errorf("MIT in French: notes %v", mit.Notes)
	}
	data := generate(t, License{}, p, "en", "etalab-2.0")
	if !slices.ContainsFunc(data.Notes, func(n string) bool { return strings.Contains(n, "not for code") }) {
		t.Errorf("etalab-2.0 notes %v", data.Notes)
	}
}

func TestLicenceArguments(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	cases := []struct {
		args []string
		want []string
	}{
		{nil, append([]string{"decree list", "ouvert rules license/approved", "Permissive"}, Licences()...)},
		{[]string{"WTFPL"}, []string{`"WTFPL" is not a licence of the decree list`, "CECILL-2.1"}},
		{[]string{"GPL-3.0-only"}, []string{"is accepted", "ouvert init license GPL-3.0-or-later"}},
		{[]string{"CECILL-2.0"}, []string{"not on the decree list", "ouvert init license CECILL-2.1"}},
		{[]string{"MIT", "BSD-2-Clause"}, []string{"one SPDX id"}},
	}
	for _, tc := range cases {
		_, err := Generate(context.Background(), License{}, p, Options{Lang: "en", Args: tc.args})
		if !errors.Is(err, ErrUsage) {
			t.Errorf("%v: %v, want a usage error", tc.args, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q lacks %q", tc.args, err, w)
			}
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error on several lines", tc.args)
		}
	}
	// A name from the list's aliases is taken for its id.
	out := generate(t, License{}, p, "en", "Licence Ouverte 2.0")
	if content(out, "LICENSE") != licenceFixture(t, "etalab-2.0.en.txt") {
		t.Errorf("alias: %.200s", content(out, "LICENSE"))
	}
}
