package main

import (
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// update rewrites the generated files the tests compare with: the golden
// outputs of ouvert fix (testdata/publiccode-fix/*.golden) and the rules'
// documentation (docs/rules.md, docs/regles.md).
var update = flag.Bool("update", false, "rewrite the golden outputs and the generated documentation")

const corpus = "../../testdata/publiccode-fix"

// fixRepo is a repository around a publiccode.yml: a licence, a README, a
// logo, a web page (platforms and softwareType are guessed from it), a tag
// and a remote, so that inferred values are the same on every machine.
func fixRepo(t *testing.T, publiccode []byte) *sourcetest.Repo {
	t.Helper()
	lic, err := os.ReadFile("../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	r := sourcetest.New(t)
	r.Write("LICENSE", string(lic))
	r.Write("README.md", "# Registre\n\nThe register of the grants a local authority pays, published as open data.\n")
	r.Write("index.html", "<!doctype html><title>Registre</title>\n")
	r.Write("img/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`+"\n")
	if publiccode != nil {
		if err := os.WriteFile(filepath.Join(r.Dir(), "publiccode.yml"), publiccode, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.Commit("first", time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC))
	r.Tag("v2.1.0")
	r.Git("remote", "add", "origin", "https://git.example.gouv.fr/collectivites/registre.git")
	return r
}

// TestFixCorpus runs ouvert fix publiccode over every file of the corpus:
// the preview matches its golden output (diff, fixes, what to review, what
// needs a person) and writes nothing; --write writes; then a file whose
// problems were all mechanical or inferable validates, one that needs a
// person does not (exit 1); a second run finds nothing to change; git is
// not touched.
func TestFixCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus, "*.yml"))
	if err != nil || len(files) < 10 {
		t.Fatalf("corpus: %v, %d files", err, len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := fixRepo(t, data)
			head := r.Head()
			wantCode := 0
			if strings.HasPrefix(name, "person-") {
				wantCode = 1
			}

			preview := ouvertExe(t, r.Dir(), nil, "fix", "publiccode")
			if preview.code != wantCode || preview.stderr != "" {
				t.Errorf("preview: code %d, want %d; stderr %q", preview.code, wantCode, preview.stderr)
			}
			golden := filepath.Join(corpus, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(preview.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/ouvert -run TestFixCorpus -update creates it)", err)
			}
			if preview.stdout != string(want) {
				t.Errorf("output differs from %s; rerun with -update and read the diff.\n--- got ---\n%s", golden, preview.stdout)
			}
			if readFile(t, r.Dir(), "publiccode.yml") != string(data) {
				t.Fatal("the preview wrote the file")
			}

			wrote := ouvertExe(t, r.Dir(), nil, "fix", "publiccode", "--write")
			if wrote.code != wantCode || !strings.Contains(wrote.stdout, "Written: publiccode.yml") {
				t.Errorf("--write: code %d\n%s%s", wrote.code, wrote.stdout, wrote.stderr)
			}
			fixed := readFile(t, r.Dir(), "publiccode.yml")
			if !strings.Contains(preview.stdout, "--- a/publiccode.yml") || fixed == string(data) {
				t.Error("nothing was fixed")
			}

			valid := ouvertExe(t, r.Dir(), nil, "publiccode", "validate")
			if valid.code != wantCode {
				t.Errorf("validate after fix: code %d, want %d\n%s", valid.code, wantCode, valid.stdout)
			}

			again := ouvertExe(t, r.Dir(), nil, "fix", "publiccode", "--write")
			if again.code != wantCode || strings.Contains(again.stdout, "--- a/") || strings.Contains(again.stdout, "Written") {
				t.Errorf("second run: code %d\n%s", again.code, again.stdout)
			}
			if readFile(t, r.Dir(), "publiccode.yml") != fixed {
				t.Error("the second run changed the file")
			}
			if r.Head() != head || r.Git("status", "--porcelain") != "M publiccode.yml" {
				t.Errorf("git touched: head %s → %s, status %q", head, r.Head(), r.Git("status", "--porcelain"))
			}
		})
	}
}

func TestFixFrenchAndCI(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpus, "person-no-description.yml"))
	if err != nil {
		t.Fatal(err)
	}
	r := fixRepo(t, data)
	o := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8", "CI=true"}, "fix")
	for _, want := range []string{
		"publiccode.yml\u00a0: corrigé",
		"il reste à faire par une personne",
		"developmentStatus\u00a0: clé obligatoire manquante ou vide (publiccode/valid)",
		"par exemple\u00a0: developmentStatus: stable (concept, development, beta, stable ou obsolete)",
		"Rien n'est écrit (CI=true\u00a0: --write est nécessaire).",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("French output lacks %q:\n%s", want, o.stdout)
		}
	}
	if o.code != 1 || readFile(t, r.Dir(), "publiccode.yml") != string(data) {
		t.Errorf("CI preview: code %d, or the file changed", o.code)
	}
	if o = ouvert(t, r.Dir(), []string{"CI=true"}, "fix", "--write"); o.code != 1 || readFile(t, r.Dir(), "publiccode.yml") == string(data) {
		t.Errorf("CI with --write: code %d, file unchanged\n%s", o.code, o.stdout)
	}
}

// TestFixHeaders: each source file without licence information gets an
// SPDX line in its own comment syntax, after a shebang, an encoding line or
// PHP's tag; generated files and unsure syntaxes are left for a person.
func TestFixHeaders(t *testing.T) {
	r := fixRepo(t, nil)
	r.Write("main.go", "// Package main says hello.\npackage main\n\nfunc main() {}\n")
	r.Write("covered.go", "// SPDX-License-Identifier: Apache-2.0\n\npackage main\n")
	r.WriteMode("tools/run.py", "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint('é')\n", 0o755)
	r.Write("web/index.php", "<?php\necho 'hi';\n")
	r.Write("db/schema.sql", "CREATE TABLE t (id int);\r\n")
	r.Write("api/types.gen.go", "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage api\n")
	r.Write("calc/solve.m", "function x = solve(a)\n  x = a;\nend\n")
	r.Write("vendor/lib/lib.go", "package lib\n")
	r.Commit("sources", time.Date(2026, 2, 4, 10, 0, 0, 0, time.UTC))

	o := ouvert(t, r.Dir(), nil, "fix", "headers")
	if o.code != 1 {
		t.Errorf("code %d, want 1 (a generated file and a .m need a person)\n%s%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{
		"+// SPDX-License-Identifier: Apache-2.0\n+\n // Package main says hello.",
		" #!/usr/bin/env python3\n # -*- coding: utf-8 -*-\n+# SPDX-License-Identifier: Apache-2.0\n+\n print('é')",
		" <?php\n+// SPDX-License-Identifier: Apache-2.0\n+\n echo 'hi';",
		"+-- SPDX-License-Identifier: Apache-2.0\r\n+\r\n CREATE TABLE",
		"api/types.gen.go: error: generated file",
		"calc/solve.m: error: comment syntax uncertain",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, o.stdout)
		}
	}
	if strings.Contains(o.stdout, "covered.go") || strings.Contains(o.stdout, "vendor/") {
		t.Errorf("covered or vendored files touched:\n%s", o.stdout)
	}
	o = ouvert(t, r.Dir(), nil, "fix", "headers", "--write")
	if o.code != 1 || !strings.Contains(o.stdout, "Written: db/schema.sql, main.go, tools/run.py, web/index.php") {
		t.Errorf("--write: code %d\n%s", o.code, o.stdout)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), filepath.Join(r.Dir(), "main.go"), nil, parser.ParseComments); err != nil {
		t.Errorf("main.go no longer parses: %v", err)
	}
	if st, err := os.Stat(filepath.Join(r.Dir(), "tools/run.py")); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("run.py lost its mode: %v %v", st.Mode(), err)
	}
	// 5 of the 7 files the rule counts say their licence now; the
	// generated file and the .m are the person's.
	j, _ := scanJSON(t, r.Dir(), nil)
	found := false
	for _, f := range j.Findings {
		found = found || f.Rule == "license/headers" && strings.Contains(f.Message, "5 source files carry their licence out of 7")
	}
	if !found {
		t.Errorf("license/headers after fix: %+v", j.Findings)
	}
	if o = ouvert(t, r.Dir(), nil, "fix", "headers"); strings.Contains(o.stdout, "--- a/") {
		t.Errorf("second run changes files:\n%s", o.stdout)
	}
}

func TestFixUsageAndErrors(t *testing.T) {
	r := fixRepo(t, nil)
	for _, args := range [][]string{
		{"fix", "--write", "--dry-run"},
		{"fix", "typos"},
		{"fix", "publiccode", "headers"},
		{"fix", "publiccode"}, // there is none
		{"fix", "--lang", "de"},
		{"fix", "-C", filepath.Join(r.Dir(), "missing")},
		{"fix", "-C", filepath.Join(r.Dir(), "README.md")},
	} {
		o := ouvert(t, r.Dir(), nil, args...)
		if o.code != 2 {
			t.Errorf("%v: code %d, want 2\n%s%s", args, o.code, o.stdout, o.stderr)
			continue
		}
		oneLineError(t, o)
	}
	// Nothing to fix: no publiccode.yml, no source file.
	if o := ouvert(t, r.Dir(), nil, "fix"); o.code != 0 || !strings.Contains(o.stdout, "Nothing to fix.") {
		t.Errorf("nothing to fix: code %d\n%s%s", o.code, o.stdout, o.stderr)
	}

	// A file that cannot be written: TestFixUnwritableDirectory.
}
