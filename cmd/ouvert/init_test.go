package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/publiccode/publiccodetest"
	"github.com/ouvert-dev/ouvert/internal/scaffold"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func fixture(t *testing.T, name string) *sourcetest.Repo {
	t.Helper()
	return sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", name+".txtar"))
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func oneLineError(t *testing.T, o outcome) {
	t.Helper()
	if n := strings.Count(strings.TrimSpace(o.stderr), "\n"); n > 0 || o.stderr == "" {
		t.Errorf("error is %d lines, want one: %q", n+1, o.stderr)
	}
	if strings.Contains(o.stderr, "panic") || strings.Contains(o.stderr, "goroutine") {
		t.Errorf("panic: %s", o.stderr)
	}
}

// TestInitFromLevelC: ouvert init proposes what level B lacks, --write
// writes it, and the scan afterwards sees the rules pass; the A-level
// files follow one generator at a time.
func TestInitFromLevelC(t *testing.T) {
	r := fixture(t, "c")
	r.Git("remote", "add", "origin", "https://github.com/mairie/budget.git")
	propose := ouvert(t, r.Dir(), nil, "init")
	if propose.code != 0 {
		t.Fatalf("init: code %d, stderr %q", propose.code, propose.stderr)
	}
	for _, want := range []string{"Level: C — publié", "To reach level B — ouvert", "ouvert init contributing", "ouvert init security",
		"ouvert init publiccode", "To do yourself:", "readme/content: ", "ouvert init --write"} {
		if !strings.Contains(propose.stdout, want) {
			t.Errorf("proposal lacks %q:\n%s", want, propose.stdout)
		}
	}
	if strings.Contains(propose.stdout, "ouvert init changelog") {
		t.Error("a level-A file was proposed on the way to B")
	}
	if _, err := os.Stat(filepath.Join(r.Dir(), "CONTRIBUTING.md")); err == nil {
		t.Fatal("init without --write wrote a file")
	}

	w := ouvert(t, r.Dir(), nil, "init", "--write")
	if w.code != 0 {
		t.Fatalf("init --write: code %d, stderr %q", w.code, w.stderr)
	}
	for _, want := range []string{"Wrote CONTRIBUTING.md", "Wrote SECURITY.md", "To fill in:", "SECURITY.md:6: a dedicated address for security reports",
		"Rules: contributing/file passes, contributing/content passes, security/policy passes", "Level ouvert scan now reaches: C — publié",
		"Wrote publiccode.yml", "publiccode.yml:", "still missing: readme/content, maintenance/contact, publiccode/valid"} {
		if !strings.Contains(w.stdout, want) {
			t.Errorf("init --write output lacks %q:\n%s", want, w.stdout)
		}
	}
	if !strings.Contains(readFile(t, r.Dir(), "CONTRIBUTING.md"), "git clone https://github.com/mairie/budget.git") {
		t.Error("CONTRIBUTING.md does not use the remote")
	}

	for _, g := range []string{"code-of-conduct", "changelog"} {
		if o := ouvert(t, r.Dir(), nil, "init", g); o.code != 0 {
			t.Fatalf("init %s: code %d, stderr %q", g, o.code, o.stderr)
		}
	}
	j, _ := scanJSON(t, r.Dir(), nil)
	for _, rule := range []string{"contributing/file", "contributing/content", "security/policy", "community/code-of-conduct", "changelog/file"} {
		if got := j.outcome(rule); got != "pass" {
			t.Errorf("after init, %s = %s", rule, got)
		}
	}
	if j.Level.ID != "C" {
		t.Errorf("level = %s: B still needs a README, a contact and a complete publiccode.yml", j.Level.ID)
	}

	// The person fills the TODOs of publiccode.yml and writes the README
	// sections init listed under "To do yourself": the repository is at B.
	pc := filepath.Join(r.Dir(), "publiccode.yml")
	data, err := os.ReadFile(pc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pc, publiccodetest.FillTodos(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if o := ouvert(t, r.Dir(), nil, "publiccode", "validate"); o.code != 0 {
		t.Errorf("filled publiccode.yml: code %d\n%s", o.code, o.stdout)
	}
	readme := readFile(t, r.Dir(), "README.md") + "\n## Installation\n\n```sh\ngo build ./...\n```\n\n## Licence\n\nMIT.\n"
	if err := os.WriteFile(filepath.Join(r.Dir(), "README.md"), []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
	if j, _ = scanJSON(t, r.Dir(), nil); j.Level.ID != "B" {
		t.Errorf("after filling the TODOs, level = %s; rules %+v", j.Level.ID, j.Rules)
	}
}

// TestInitLicenceFromNone: a repository with no licence gets one from the
// list, which the scan recognises.
func TestInitLicenceFromNone(t *testing.T) {
	r := fixture(t, "none")
	propose := ouvert(t, r.Dir(), nil, "init")
	for _, want := range []string{"Level: none (not ready to publish)", "ouvert init license SPDX", "choose the licence", "readme/file: "} {
		if !strings.Contains(propose.stdout, want) {
			t.Errorf("proposal lacks %q:\n%s", want, propose.stdout)
		}
	}
	// The licence needs a choice: --write does not say there is nothing
	// to write after listing it, it says how to write it.
	w := ouvert(t, r.Dir(), nil, "init", "--write")
	m := regexp.MustCompile(`only writes what needs no choice: run the command above with yours \(for example (ouvert init license [\w.-]+)\)`).FindStringSubmatch(w.stdout)
	if w.code != 0 || m == nil || strings.Contains(w.stdout, "Nothing ouvert init can write") {
		t.Fatalf("--write without a licence choice: code %d:\n%s", w.code, w.stdout)
	}

	lic := ouvert(t, r.Dir(), nil, append(strings.Fields(strings.TrimPrefix(m[1], "ouvert ")), "--lang", "fr")...)
	if lic.code != 0 {
		t.Fatalf("init license: code %d, stderr %q", lic.code, lic.stderr)
	}
	if !strings.Contains(lic.stdout, "Règles\u00a0: license/file réussie, license/approved réussie") {
		t.Errorf("output:\n%s", lic.stdout)
	}
	if !strings.Contains(readFile(t, r.Dir(), "LICENSE"), "LICENCE PUBLIQUE DE L'UNION EUROPÉENNE v. 1.2") {
		t.Error("LICENSE is not the French EUPL")
	}
	j, _ := scanJSON(t, r.Dir(), nil)
	if j.License.Expression != "EUPL-1.2" || !j.License.Approved || j.outcome("license/file") != "pass" {
		t.Errorf("licence after init: %+v", j.License)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	r := fixture(t, "c")
	r.Write("docs/CONTRIBUTING.md", "# Contributing\n\nOpen an issue first, then a merge request.\n")
	before := readFile(t, r.Dir(), "LICENSE")

	alt := ouvert(t, r.Dir(), nil, "init", "contributing")
	if alt.code != 2 || !strings.Contains(alt.stderr, "docs/CONTRIBUTING.md does the same job already: nothing written") {
		t.Errorf("variant: code %d, stderr %q", alt.code, alt.stderr)
	}
	oneLineError(t, alt)
	if _, err := os.Stat(filepath.Join(r.Dir(), "CONTRIBUTING.md")); err == nil {
		t.Error("CONTRIBUTING.md written beside docs/CONTRIBUTING.md")
	}

	same := ouvert(t, r.Dir(), nil, "init", "license", "Apache-2.0")
	if same.code != 2 || !strings.Contains(same.stderr, "LICENSE exists already") {
		t.Errorf("LICENSE: code %d, stderr %q", same.code, same.stderr)
	}
	oneLineError(t, same)
	if readFile(t, r.Dir(), "LICENSE") != before {
		t.Fatal("LICENSE was replaced without --force")
	}

	forced := ouvert(t, r.Dir(), nil, "init", "license", "Apache-2.0", "--force")
	if forced.code != 0 || !strings.HasPrefix(strings.TrimSpace(readFile(t, r.Dir(), "LICENSE")), "Apache License") {
		t.Errorf("--force: code %d, stderr %q", forced.code, forced.stderr)
	}
	forcedAlt := ouvert(t, r.Dir(), nil, "init", "contributing", "--force")
	if forcedAlt.code != 0 || !strings.Contains(forcedAlt.stdout, "docs/CONTRIBUTING.md is still there") {
		t.Errorf("--force beside a variant: code %d, stdout %q", forcedAlt.code, forcedAlt.stdout)
	}
}

func TestInitDryRunWritesNothing(t *testing.T) {
	r := fixture(t, "c")
	status := r.Git("status", "--porcelain", "--ignored")
	for _, args := range [][]string{{"init", "contributing", "--dry-run"}, {"init", "--dry-run"}, {"init", "license", "MIT", "--dry-run", "--force"}} {
		o := ouvert(t, r.Dir(), nil, args...)
		if o.code != 0 {
			t.Fatalf("%v: code %d, stderr %q", args, o.code, o.stderr)
		}
		if got := r.Git("status", "--porcelain", "--ignored"); got != status {
			t.Fatalf("%v wrote files: %q", args, got)
		}
	}
	o := ouvert(t, r.Dir(), nil, "init", "--dry-run")
	for _, want := range []string{"--- CONTRIBUTING.md (would be written, ", "# Contributing to ", "--- SECURITY.md (would be written, ", "# Security policy", "To fill in:"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, o.stdout)
		}
	}
	if strings.Contains(o.stdout, "Wrote") {
		t.Error("dry run says it wrote")
	}
}

func TestInitFrench(t *testing.T) {
	r := fixture(t, "c")
	o := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "init", "contributing")
	if o.code != 0 {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	for _, want := range []string{"Écrit\u00a0: CONTRIBUTING.md", "À compléter\u00a0:", "Niveau atteint par ouvert scan\u00a0: C — publié"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("French output lacks %q:\n%s", want, o.stdout)
		}
	}
	if c := readFile(t, r.Dir(), "CONTRIBUTING.md"); !strings.HasPrefix(c, "# Contribuer à") {
		t.Errorf("CONTRIBUTING.md is not French:\n%.200s", c)
	}
	en := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "init", "security", "--lang", "en")
	if !strings.Contains(en.stdout, "Wrote SECURITY.md") || !strings.HasPrefix(readFile(t, r.Dir(), "SECURITY.md"), "# Security policy") {
		t.Errorf("--lang en: %s", en.stdout)
	}
	fr := ouvert(t, r.Dir(), nil, "init", "code-of-conduct", "--lang", "fr")
	if !strings.HasPrefix(readFile(t, r.Dir(), "CODE_OF_CONDUCT.md"), "# Code de conduite _Contributor Covenant_") {
		t.Errorf("--lang fr: %s", fr.stdout)
	}
}

func TestInitBadInput(t *testing.T) {
	r := fixture(t, "c")
	file := filepath.Join(r.Dir(), "README.md")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown generator", []string{"init", "readme"}, `unknown generator "readme" (want license, contributing, security, code-of-conduct, changelog, publiccode)`},
		{"unknown licence", []string{"init", "license", "WTFPL"}, `"WTFPL" is not a licence of the decree list`},
		{"licence not on the list", []string{"init", "license", "GPL-2.0-only"}, "ouvert init license GPL-3.0-or-later"},
		{"no licence", []string{"init", "license"}, "give the SPDX id of a licence from the decree list"},
		{"argument to a generator without", []string{"init", "changelog", "v1"}, `init changelog takes no argument, got "v1"`},
		{"write with a generator", []string{"init", "security", "--write"}, "--write is for ouvert init without a generator"},
		{"missing directory", []string{"init", "--dir", "/does/not/exist"}, "/does/not/exist: no such directory"},
		{"file as directory", []string{"init", "--dir", file}, "not a directory"},
		{"bad lang", []string{"init", "--lang", "de"}, "--lang"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := ouvert(t, r.Dir(), nil, tc.args...)
			if o.code != 2 {
				t.Errorf("exit code = %d, want 2; stderr %q", o.code, o.stderr)
			}
			if !strings.Contains(o.stderr, tc.want) {
				t.Errorf("stderr %q lacks %q", o.stderr, tc.want)
			}
			oneLineError(t, o)
		})
	}
}

// TestInitNeverSaysNothingAfterAList: once ouvert init has listed what it
// can draft, it never ends with "Nothing ouvert init can write"; when the
// files exist already, it says so.
func TestInitNeverSaysNothingAfterAList(t *testing.T) {
	for _, name := range []string{"none", "c", "b"} {
		r := fixture(t, name)
		for _, args := range [][]string{{"init"}, {"init", "--write"}, {"init", "--lang", "fr"}} {
			o := ouvert(t, r.Dir(), nil, args...)
			listed := strings.Contains(o.stdout, "ouvert init can draft:") || strings.Contains(o.stdout, "ouvert init peut rédiger :")
			nothing := strings.Contains(o.stdout, "Nothing ouvert init can write") || strings.Contains(o.stdout, "Rien qu'ouvert init puisse écrire")
			if listed && nothing {
				t.Errorf("%s %v lists drafts, then says there is nothing to write:\n%s", name, args, o.stdout)
			}
		}
	}
	// Level C without a changelog, whose CONTRIBUTING.md lacks content:
	// the guide exists, and the changelog is drafted first; once it is, the
	// guide is the only proposal and exists already.
	r := fixture(t, "b")
	for _, gen := range []string{"code-of-conduct", "changelog"} {
		if o := ouvert(t, r.Dir(), nil, "init", gen); o.code != 0 {
			t.Fatalf("init %s: %d %s", gen, o.code, o.stderr)
		}
	}
	o := ouvert(t, r.Dir(), nil, "init", "--write")
	if !strings.Contains(o.stdout, "CONTRIBUTING.md exists already") || !strings.Contains(o.stdout, "Nothing more to write: those files exist already") {
		t.Errorf("existing files only:\n%s", o.stdout)
	}
}

// TestInitHelpListsEveryGenerator: ouvert init --help names each generator.
func TestInitHelpListsEveryGenerator(t *testing.T) {
	o := ouvert(t, ".", nil, "init", "--help")
	for _, name := range scaffold.Names() {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(name) + `\b`).MatchString(o.stdout) {
			t.Errorf("ouvert init --help does not list %s:\n%s", name, o.stdout)
		}
	}
}
