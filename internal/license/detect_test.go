package license

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// referenceDir holds the official texts shared by the project's research;
// texts has copies of the ones the core tests need.
const referenceDir = "../../../shared/reference/licences"

func testdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("texts", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func repoOf(t testing.TB, files map[string]string) source.Repo {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	r, err := source.NewFS(fsys, source.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func detect(t testing.TB, files map[string]string) *Report {
	t.Helper()
	r, err := Detect(repoOf(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func fileOf(t *testing.T, r *Report, p string, kind Kind) File {
	t.Helper()
	for _, f := range r.Files {
		if f.Path == p && f.Kind == kind {
			return f
		}
	}
	t.Fatalf("no %s %s in %+v", kind, p, r.Files)
	return File{}
}

func hasNote(notes []FileNote, code NoteCode, id string) bool {
	for _, n := range notes {
		if n.Code != code {
			continue
		}
		if id == "" {
			return true
		}
		for _, x := range n.IDs {
			if x == id {
				return true
			}
		}
		if n.Detail == id {
			return true
		}
	}
	return false
}

// expectedID is what a reference text alone must be reported as.
func expectedID(name string) string {
	id := strings.TrimSuffix(name, ".txt")
	id = strings.TrimSuffix(strings.TrimSuffix(id, ".fr"), ".en")
	if gnuBare[id] {
		return id + "-only" // a text without notice: see gnuVersions
	}
	return id
}

// checkReference scans one reference text as a LICENSE file: it must be
// its own licence, almost entirely covered, with no other licence claimed
// (CeCILL-B, -C and 2.1 share most of their words).
func checkReference(t *testing.T, name, text string) {
	t.Helper()
	want := expectedID(name)
	r := detect(t, map[string]string{"LICENSE": text})
	f := fileOf(t, r, "LICENSE", KindLicenceFile)
	if f.SPDX != want {
		t.Errorf("%s: spdx %q, want %q (matches %+v)", name, f.SPDX, want, f.Matches)
	}
	if f.Coverage < 0.95 {
		t.Errorf("%s: coverage %.3f", name, f.Coverage)
	}
	claimed := 0.0
	for _, m := range f.Matches {
		if m.ID == "" || m.URL {
			continue
		}
		if expectedID(m.ID+".txt") != want {
			t.Errorf("%s: a match claims %s", name, m.ID)
		}
		claimed += m.Percent
	}
	if claimed < 90 {
		t.Errorf("%s: only %.1f%% claimed by %s", name, claimed, want)
	}
	if r.Expression != want {
		t.Errorf("%s: expression %q", name, r.Expression)
	}
}

func TestReferenceTexts(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(referenceDir, "*.txt"))
	if len(names) == 0 {
		t.Skip("reference texts not found at " + referenceDir)
	}
	for _, p := range names {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) { checkReference(t, filepath.Base(p), string(b)) })
	}
}

func TestTestdataTexts(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("texts", "*.txt"))
	if len(names) < 15 {
		t.Fatalf("texts has %d texts", len(names))
	}
	for _, p := range names {
		if strings.HasSuffix(p, ".fr-md.txt") {
			// Etalab's Markdown wording of the Licence Ouverte: a second
			// official text for the word-for-word comparison, recognised
			// through the patterns of the first (TestEtalabMarkdownWording).
			continue
		}
		t.Run(filepath.Base(p), func(t *testing.T) { checkReference(t, filepath.Base(p), testdata(t, filepath.Base(p))) })
	}
}

// TestEtalabMarkdownWording: Etalab publishes the Licence Ouverte 2.0 in
// two French wordings (the PDF's, and LO.md in etalab/licence-ouverte);
// a copy of either is the licence, verbatim.
func TestEtalabMarkdownWording(t *testing.T) {
	f, _ := fidelityOf(t, "LICENSE.md", testdata(t, "etalab-2.0.fr-md.txt"))
	if f.SPDX != "etalab-2.0" || f.Fidelity.Verdict != FidelityVerbatim || f.Fidelity.Texts[0] != "etalab-2.0.fr-md.txt" {
		t.Errorf("spdx %q fidelity %+v", f.SPDX, f.Fidelity)
	}
}

func latin1(t *testing.T, s string) string {
	t.Helper()
	var b []byte
	for _, r := range s {
		if r > 0xFF {
			t.Fatalf("%q is not Latin-1", r)
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// stripAccents is what copies made by ASCII-only editors look like.
func stripAccents(s string) string {
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "â", "a", "ç", "c", "ô", "o",
		"î", "i", "ï", "i", "û", "u", "ù", "u", "É", "E", "œ", "oe", "Œ", "OE").Replace(s)
}

// rewrap joins each paragraph and wraps it again at width columns.
func rewrap(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n\n") {
		words := strings.Fields(para)
		var line string
		var lines []string
		for _, w := range words {
			if len(line)+len(w)+1 > width && line != "" {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		if line != "" {
			lines = append(lines, line)
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n")
}

func TestMessyLicenceFiles(t *testing.T) {
	mit := testdata(t, "MIT.txt")
	apache := testdata(t, "Apache-2.0.txt")
	cecill21fr := testdata(t, "CECILL-2.1.fr.txt")
	cecill21en := testdata(t, "CECILL-2.1.en.txt")
	cecillB := testdata(t, "CECILL-B.fr.txt")
	cecillC := testdata(t, "CECILL-C.fr.txt")
	cases := []struct {
		name  string
		files map[string]string
		path  string // the file to check
		spdx  string
		expr  string
		note  NoteCode // a note the file must carry, "" for none
	}{
		{"CRLF", map[string]string{"LICENSE": strings.ReplaceAll(mit, "\n", "\r\n")}, "LICENSE", "MIT", "MIT", ""},
		{"BOM", map[string]string{"LICENCE": "\ufeff" + cecillB}, "LICENCE", "CECILL-B", "CECILL-B", ""},
		{"Latin-1 CeCILL", map[string]string{"Licence_CeCILL_V2.1-fr.txt": latin1(t, cecill21fr)}, "Licence_CeCILL_V2.1-fr.txt", "CECILL-2.1", "CECILL-2.1", NoteEncoding},
		{"Latin-1 CeCILL CRLF", map[string]string{"LICENCE_FR": latin1(t, strings.ReplaceAll(cecillC, "\n", "\r\n"))}, "LICENCE_FR", "CECILL-C", "CECILL-C", NoteEncoding},
		{"accents stripped", map[string]string{"LICENSE": stripAccents(cecillC)}, "LICENSE", "CECILL-C", "CECILL-C", ""},
		{"re-wrapped", map[string]string{"LICENSE.txt": rewrap(cecill21en, 60)}, "LICENSE.txt", "CECILL-2.1", "CECILL-2.1", ""},
		{"markdown MIT with copyright", map[string]string{"LICENSE.md": "# MIT License\n\nCopyright (c) 2024 **Ministère de l'Intérieur** ([site](https://www.interieur.gouv.fr))\n\n" +
			strings.Replace(strings.SplitN(mit, "\n", 4)[3], "Permission is hereby granted", "**Permission is hereby granted**", 1)}, "LICENSE.md", "MIT", "MIT", ""},
		{"project preamble", map[string]string{"LICENSE": "Ce logiciel est développé par la Direction interministérielle du numérique.\nIl est distribué selon les termes de la licence ci-dessous.\n\n" + apache}, "LICENSE", "Apache-2.0", "Apache-2.0", ""},
		{"fr and en CeCILL in one file", map[string]string{"LICENSE": cecill21en + "\n\n-----\n\n" + cecill21fr}, "LICENSE", "CECILL-2.1", "CECILL-2.1", ""},
		{"MIT then Apache", map[string]string{"LICENSE": mit + "\n\n" + apache}, "LICENSE", "Apache-2.0 AND MIT", "Apache-2.0 AND MIT", ""},
		{"UTF-16", map[string]string{"LICENSE.txt": utf16le(mit)}, "LICENSE.txt", "MIT", "MIT", NoteEncoding},
		{"binary", map[string]string{"LICENSE.pdf": "%PDF-1.4\n\x00\x01\x02binary"}, "LICENSE.pdf", "", "", NoteBinary},
		{"empty", map[string]string{"LICENSE": " \n\n"}, "LICENSE", "", "", NoteEmpty},
		{"URL only", map[string]string{"COPYING": "See https://opensource.org/licenses/MIT\n"}, "COPYING", "", "", NoteURLOnly},
		{"short statement", map[string]string{"LICENSE": "Copyright 2024 DINUM. Licensed under the MIT licence.\n"}, "LICENSE", "", "MIT", ""},
		{"CeCILL-2.0 stays 2.0", map[string]string{"LICENSE": testdata(t, "CECILL-2.0.fr.txt")}, "LICENSE", "CECILL-2.0", "CECILL-2.0", ""},
		{"etalab for docs", map[string]string{"LICENSE": mit, "LICENSE-docs": testdata(t, "etalab-2.0.fr.txt")}, "LICENSE-docs", "etalab-2.0", "MIT AND etalab-2.0", ""},
		{"GPL text alone", map[string]string{"COPYING": testdata(t, "GPL-3.0.txt")}, "COPYING", "GPL-3.0-only", "GPL-3.0-only", NoteVersionUnstated},
		{"unknown to core, known to full", map[string]string{"LICENSE": testdata(t, "NCSA.txt")}, "LICENSE", "NCSA", "NCSA", ""},
		{"MIT then one unknown to core", map[string]string{"LICENSE": mit + "\n" + testdata(t, "NCSA.txt")}, "LICENSE", "MIT AND NCSA", "MIT AND NCSA", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, c.files)
			f := fileOf(t, r, c.path, KindLicenceFile)
			if f.SPDX != c.spdx {
				t.Errorf("spdx %q, want %q (coverage %.2f, matches %+v, notes %+v)", f.SPDX, c.spdx, f.Coverage, f.Matches, f.Notes)
			}
			if r.Expression != c.expr {
				t.Errorf("expression %q, want %q", r.Expression, c.expr)
			}
			if c.note != "" && !hasNote(f.Notes, c.note, "") {
				t.Errorf("notes %+v lack %s", f.Notes, c.note)
			}
			if c.spdx != "" && f.Coverage < 0.5 {
				t.Errorf("coverage %.3f", f.Coverage)
			}
		})
	}
}

func utf16le(s string) string {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

func TestReportJSON(t *testing.T) {
	r := detect(t, map[string]string{"LICENSE": testdata(t, "MIT.txt"), "package.json": `{"license": "MIT"}`})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Expression string `json:"expression"`
		Files      []struct {
			Path     string  `json:"path"`
			SPDX     string  `json:"spdx"`
			Coverage float64 `json:"coverage"`
			Kind     string  `json:"kind"`
			Matches  []struct {
				ID      string  `json:"id"`
				Percent float64 `json:"percent"`
			} `json:"matches"`
		} `json:"files"`
		Declarations []struct {
			Path, Source, SPDX string
			Line               int
		} `json:"declarations"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Expression != "MIT" || len(got.Files) != 1 {
		t.Fatalf("%s", b)
	}
	f := got.Files[0]
	if f.Path != "LICENSE" || f.SPDX != "MIT" || f.Coverage < 0.95 || f.Coverage > 1 || f.Kind != "licence-file" ||
		len(f.Matches) != 1 || f.Matches[0].ID != "MIT" || f.Matches[0].Percent < 95 {
		t.Errorf("%s", b)
	}
	if len(got.Declarations) != 1 || got.Declarations[0].Source != "package.json" || got.Declarations[0].Line != 1 {
		t.Errorf("%s", b)
	}
	// An empty repository still gives lists, not nulls, to JSON readers.
	b, _ = json.Marshal(detect(t, map[string]string{"main.go": "package main"}))
	if !strings.Contains(string(b), `"files":[]`) || !strings.Contains(string(b), `"declarations":[]`) || !strings.Contains(string(b), `"expression":""`) {
		t.Errorf("empty report %s", b)
	}
}

func TestTruncatedUTF8StaysUTF8(t *testing.T) {
	big := strings.Repeat("é", ReadLimit) // 2 MiB: the cut falls inside a rune or not
	for _, text := range []string{big, "a" + big} {
		r := detect(t, map[string]string{"LICENSE": text})
		f := fileOf(t, r, "LICENSE", KindLicenceFile)
		if !hasNote(f.Notes, NoteTruncated, "") || hasNote(f.Notes, NoteEncoding, "") {
			t.Errorf("notes %+v", f.Notes)
		}
	}
}

func TestShortLicenceFileStatement(t *testing.T) {
	r := detect(t, map[string]string{"LICENSE": "Copyright 2024 DINUM.\nCe logiciel est distribué sous licence CeCILL-B, voir https://cecill.info.\n"})
	// No text: the licence is what the file declares (issue 15).
	if r.Expression != "CECILL-B" || r.Source != FromStatement || r.Confidence != ConfidenceMedium {
		t.Errorf("a statement declares the licence: %q from %s (%s)", r.Expression, r.Source, r.Confidence)
	}
	want := Declaration{Path: "LICENSE", Line: 2, Source: SourceLicenceFile, Raw: "CeCILL-B", SPDX: "CECILL-B", Lang: "fr"}
	if len(r.Declarations) != 1 || r.Declarations[0] != want {
		t.Errorf("declarations %+v, want %+v", r.Declarations, want)
	}
	// A recognised licence text yields no statements.
	r = detect(t, map[string]string{"LICENSE": testdata(t, "MIT.txt")})
	if len(r.Declarations) != 0 {
		t.Errorf("declarations from a licence text: %+v", r.Declarations)
	}
}

func TestCandidateNames(t *testing.T) {
	yes := []string{"LICENSE", "LICENCE", "license", "License.rst", "LICENSE.md", "LICENCE.txt", "LICENSE-MIT",
		"LICENSE.AGPL.txt", "LICENCE_FR", "COPYING", "COPYING.LESSER", "Licence_CeCILL_V2.1-fr.txt", "LICENSE-docs",
		"UNLICENSE", "COPYRIGHT", "LICENSES.txt", "LICENSE.html", "LICENSE.pdf"}
	no := []string{"docs/LICENSE", ".github/LICENSE", "license.go", "licenses.json", "LICENSEE", "src/LICENSE",
		"licensing.md", "README.md", ".license"}
	for _, p := range yes {
		if k, ok := candidateKind(p); !ok || k != KindLicenceFile || !IsLicenceFile(p) {
			t.Errorf("%s: not a licence file", p)
		}
	}
	for _, p := range no {
		if _, ok := candidateKind(p); ok || IsLicenceFile(p) {
			t.Errorf("%s: taken as a licence file", p)
		}
	}
	if k, ok := candidateKind("LICENSES/MIT.txt"); !ok || k != KindREUSE || !IsLicenceFile("LICENSES/MIT.txt") {
		t.Error("LICENSES/MIT.txt is not a REUSE file")
	}
}

func TestOnlyRootLicenceFilesCount(t *testing.T) {
	r := detect(t, map[string]string{
		"docs/LICENSE":    testdata(t, "etalab-2.0.fr.txt"),
		".github/LICENSE": testdata(t, "MIT.txt"),
		"LICENSE":         testdata(t, "Apache-2.0.txt"),
	})
	if len(r.Files) != 1 || r.Expression != "Apache-2.0" {
		t.Errorf("files %+v, expression %q", r.Files, r.Expression)
	}
}

func TestREUSE(t *testing.T) {
	r := detect(t, map[string]string{
		"LICENSES/MIT.txt":              testdata(t, "MIT.txt"),
		"LICENSES/etalab-2.0.txt":       testdata(t, "etalab-2.0.fr.txt"),
		"LICENSES/GPL-3.0-or-later.txt": testdata(t, "GPL-3.0.txt"),
		"LICENSES/Apache-2.0.txt":       testdata(t, "MIT.txt"),
		"LICENSES/Mon Projet.txt":       "whatever",
		"LICENSES/LicenseRef-Ville.txt": testdata(t, "CECILL-B.fr.txt"),
		"LICENSES/LICENSE.MIT.md":       testdata(t, "MIT.txt"),
	})
	if want := "Apache-2.0 AND CECILL-B AND GPL-3.0-or-later AND MIT AND etalab-2.0"; r.Expression != want {
		t.Errorf("expression %q, want %q", r.Expression, want)
	}
	gpl := fileOf(t, r, "LICENSES/GPL-3.0-or-later.txt", KindREUSE)
	if gpl.SPDX != "GPL-3.0-or-later" || hasNote(gpl.Notes, NoteVersionUnstated, "") {
		t.Errorf("REUSE GPL file: %+v", gpl)
	}
	if hasNote(r.Notes, NoteVersionUnstated, "") {
		t.Errorf("report notes %+v: the file name states the version", r.Notes)
	}
	if f := fileOf(t, r, "LICENSES/Apache-2.0.txt", KindREUSE); !hasNote(f.Notes, NoteREUSEMismatch, "MIT") {
		t.Errorf("mismatch not noted: %+v", f.Notes)
	}
	if f := fileOf(t, r, "LICENSES/Mon Projet.txt", KindREUSE); f.SPDX != "" || !hasNote(f.Notes, NoteREUSEBadName, "") {
		t.Errorf("bad name: %+v", f)
	}
	if f := fileOf(t, r, "LICENSES/LICENSE.MIT.md", KindREUSE); f.SPDX != "MIT" || !hasNote(f.Notes, NoteREUSEBadName, "") {
		t.Errorf("bad name with a known text: %+v", f)
	}
	if f := fileOf(t, r, "LICENSES/LicenseRef-Ville.txt", KindREUSE); f.SPDX != "CECILL-B" || !hasNote(f.Notes, NoteREUSERefKnown, "CECILL-B") {
		t.Errorf("LicenseRef with a known text: %+v", f)
	}
}

func TestGNUVersion(t *testing.T) {
	gpl := testdata(t, "GPL-3.0.txt")
	notice := "This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.\n\nThis program is distributed in the hope that it will be useful,\nbut WITHOUT ANY WARRANTY; without even the implied warranty of\nMERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\nGNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License\nalong with this program.  If not, see <https://www.gnu.org/licenses/>.\n"
	cases := []struct {
		name    string
		files   map[string]string
		expr    string
		orLater bool // report carries or-later-declared
	}{
		{"text alone", map[string]string{"COPYING": gpl}, "GPL-3.0-only", false},
		{"notice in the licence file", map[string]string{"COPYING": notice + "\n" + gpl}, "GPL-3.0-or-later", false},
		{"notice in the README", map[string]string{"COPYING": gpl, "README.md": "# Outil\n\nUn outil.\n\n## Licence\n\n" + notice}, "GPL-3.0-or-later", true},
		{"declared in package.json", map[string]string{"COPYING": gpl, "package.json": `{"name": "x", "license": "GPL-3.0-or-later"}`}, "GPL-3.0-or-later", true},
		{"README says GPLv3+", map[string]string{"COPYING": gpl, "README.md": "Ce logiciel est distribué sous licence GPL v3+.\n"}, "GPL-3.0-or-later", true},
		{"source header", map[string]string{"COPYING": gpl, "src/main.c": "/* SPDX-License-Identifier: GPL-3.0-or-later */\nint main(void) { return 0; }\n"}, "GPL-3.0-or-later", true},
		{"source notice", map[string]string{"COPYING": gpl, "main.py": "# Copyright 2024 DINUM\n#\n" + "# " + strings.ReplaceAll(strings.TrimSpace(notice), "\n", "\n# ") + "\nprint(1)\n"}, "GPL-3.0-or-later", true},
		{"README says GPLv3", map[string]string{"COPYING": gpl, "README.md": "Licensed under the GPLv3.\n"}, "GPL-3.0-only", false},
		{"LGPL with its GPL", map[string]string{"COPYING": gpl, "COPYING.LESSER": testdata(t, "LGPL-3.0.txt")}, "LGPL-3.0-only", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, c.files)
			if r.Expression != c.expr {
				t.Errorf("expression %q, want %q (notes %+v, decls %+v)", r.Expression, c.expr, r.Notes, r.Declarations)
			}
			if got := hasNote(r.Notes, NoteOrLater, ""); got != c.orLater {
				t.Errorf("or-later note %v, want %v: %+v", got, c.orLater, r.Notes)
			}
			unstated := strings.HasSuffix(c.expr, "-only")
			if got := hasNote(r.Notes, NoteVersionUnstated, ""); got != unstated {
				t.Errorf("version-unstated note %v, want %v: %+v", got, unstated, r.Notes)
			}
		})
	}
	r := detect(t, map[string]string{"COPYING": gpl, "COPYING.LESSER": testdata(t, "LGPL-3.0.txt")})
	if !hasNote(r.Notes, NoteLGPLWithGPL, "GPL-3.0-only") {
		t.Errorf("LGPL+GPL: notes %+v", r.Notes)
	}
}

func TestDeclaredOrWins(t *testing.T) {
	files := map[string]string{
		"LICENSE-MIT":    testdata(t, "MIT.txt"),
		"LICENSE-APACHE": testdata(t, "Apache-2.0.txt"),
	}
	if r := detect(t, files); r.Expression != "Apache-2.0 AND MIT" {
		t.Errorf("without declaration: %q", r.Expression)
	}
	files["Cargo.toml"] = "[package]\nname = \"x\"\nlicense = \"MIT OR Apache-2.0\"\n"
	r := detect(t, files)
	if r.Expression != "MIT OR Apache-2.0" {
		t.Errorf("with Cargo.toml: %q", r.Expression)
	}
	if !strings.Contains(strings.Join(r.Basis, ","), "Cargo.toml") {
		t.Errorf("basis %v", r.Basis)
	}
	delete(files, "Cargo.toml")
	files["README.md"] = "# x\n\n## License\n\nLicensed under either of\n\n * Apache License, Version 2.0 ([LICENSE-APACHE](LICENSE-APACHE))\n * MIT license ([LICENSE-MIT](LICENSE-MIT))\n\nat your option.\n"
	if r := detect(t, files); r.Expression != "Apache-2.0 OR MIT" {
		t.Errorf("with README either-of: %q (decls %+v)", r.Expression, r.Declarations)
	}
	// A declaration naming other licences does not replace the files.
	files["README.md"] = "Licensed under the MIT license.\n"
	if r := detect(t, files); r.Expression != "Apache-2.0 AND MIT" {
		t.Errorf("with partial declaration: %q", r.Expression)
	}
}

func TestReadmeLicenceSection(t *testing.T) {
	mit := testdata(t, "MIT.txt")
	readme := "Projet\n======\n\nUn outil.\n\nLicence\n-------\n\n" + mit + "\nContribuer\n----------\n\nVoir CONTRIBUTING.md.\n"
	r := detect(t, map[string]string{"README.md": readme})
	f := fileOf(t, r, "README.md", KindReadme)
	if f.SPDX != "MIT" || r.Expression != "MIT" {
		t.Errorf("readme section %+v, expression %q", f, r.Expression)
	}
	if f.StartLine != 8 || f.EndLine != 8+strings.Count(mit, "\n")+1 {
		t.Errorf("section lines %d-%d", f.StartLine, f.EndLine)
	}
	if f.Coverage < 0.9 {
		t.Errorf("coverage %.2f: the section must not include the next one", f.Coverage)
	}
	// A licence file wins over the README.
	r = detect(t, map[string]string{"README.md": readme, "LICENSE": testdata(t, "Apache-2.0.txt")})
	if r.Expression != "Apache-2.0" {
		t.Errorf("with LICENSE: %q", r.Expression)
	}
	// A sentence is a declaration, not a licence text: with no text, it
	// is the licence, from a statement.
	r = detect(t, map[string]string{"README.md": "# X\n\n## Licence\n\nCe projet est sous licence MIT.\n"})
	if r.Expression != "MIT" || r.Source != FromStatement || len(r.Files) != 0 {
		t.Errorf("sentence taken as licence text, or not as a statement: %+v", r)
	}
	if len(r.Declarations) != 1 || r.Declarations[0].SPDX != "MIT" || r.Declarations[0].Line != 5 {
		t.Errorf("declarations %+v", r.Declarations)
	}
}

func TestDetectNeverFailsOnOddInput(t *testing.T) {
	junk := []string{"", "\x00", "\xff\xfe", "\xfe\xff\x00", "\xef\xbb\xbf", strings.Repeat("(", 5000),
		"Copyright\x00", "SPDX-License-Identifier: ((((", "%% seg MIT\n", strings.Repeat("licence ", 10000)}
	for _, j := range junk {
		r, err := Detect(repoOf(t, map[string]string{"LICENSE": j, "README.md": "## Licence\n" + j,
			"package.json": j, "pyproject.toml": "[project]\nlicense = " + j, "pom.xml": j, "publiccode.yml": "legal:\n  license: " + j,
			"x.gemspec": "s.license = " + j, "LICENSES/" + "x.txt": j}))
		if err != nil || r == nil {
			t.Errorf("Detect failed on %q: %v", j, err)
		}
	}
	if _, err := Detect(nil); err == nil {
		t.Error("Detect(nil) succeeded")
	}
}

type failingRepo struct{ source.Repo }

func (failingRepo) Read(string, int64) ([]byte, error) { return nil, source.ErrOutside }

func TestUnreadableCandidateIsANote(t *testing.T) {
	r, err := Detect(failingRepo{repoOf(t, map[string]string{"LICENSE": "x"})})
	if err != nil {
		t.Fatal(err)
	}
	if f := fileOf(t, r, "LICENSE", KindLicenceFile); !hasNote(f.Notes, NoteUnreadable, "") {
		t.Errorf("notes %+v", f.Notes)
	}
}

func TestScannerBuildAndFileTimes(t *testing.T) {
	if _, err := coreMatcher(); err != nil {
		t.Fatal(err)
	}
	core, _ := BuildTimes()
	if core <= 0 {
		t.Fatal("core build time not recorded")
	}
	t.Logf("core scanner built in %v", core)
}

func BenchmarkDetect(b *testing.B) {
	files := map[string]string{
		"LICENSE":      testdata(b, "CECILL-2.1.en.txt") + "\n" + testdata(b, "CECILL-2.1.fr.txt"),
		"LICENSE-docs": testdata(b, "etalab-2.0.fr.txt"),
		"LICENSE-MIT":  testdata(b, "MIT.txt"),
		"README.md":    "# Outil\n\n[![Licence](https://img.shields.io/badge/licence-CeCILL--2.1-blue.svg)](LICENSE)\n\n## Licence\n\nCe projet est sous licence CeCILL v2.1, sa documentation sous Licence Ouverte 2.0.\n",
		"package.json": `{"name": "outil", "license": "CECILL-2.1"}`,
	}
	repo := repoOf(b, files)
	if _, err := Detect(repo); err != nil { // builds the scanner
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Detect(repo); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanCeCILL(b *testing.B) {
	text := testdata(b, "CECILL-2.1.fr.txt")
	if _, err := analyse(text, false); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = analyse(text, false)
	}
}

// Copies in the wild lose paragraphs or their title; the most specific
// CeCILL must still win over the versions it shares articles with.
func TestCeCILLVariantsSurviveDamage(t *testing.T) {
	for _, name := range []string{"CECILL-2.1.fr.txt", "CECILL-2.1.en.txt", "CECILL-B.fr.txt", "CECILL-B.en.txt",
		"CECILL-C.fr.txt", "CECILL-C.en.txt", "CECILL-2.0.fr.txt", "CECILL-2.0.en.txt", "CECILL-1.0.txt"} {
		paras := strings.Split(testdata(t, name), "\n\n")
		var kept []string
		for i, p := range paras {
			if i%5 != 1 && i > 3 { // no title, one paragraph in five gone
				kept = append(kept, p)
			}
		}
		r := detect(t, map[string]string{"LICENSE": strings.Join(kept, "\n\n")})
		if want := expectedID(name); r.Expression != want {
			f := fileOf(t, r, "LICENSE", KindLicenceFile)
			t.Errorf("%s damaged: %q, want %q (coverage %.2f, notes %+v)", name, r.Expression, want, f.Coverage, f.Notes)
		}
	}
}

func TestDetectedOldCeCILLIsNotApproved(t *testing.T) {
	for _, name := range []string{"CECILL-2.0.fr.txt", "CECILL-2.0.en.txt", "CECILL-1.0.txt", "CECILL-1.1.txt"} {
		r := detect(t, map[string]string{"LICENSE": testdata(t, name)})
		v := Evaluate(r.Expression, true)
		if v.Status != NotApproved || v.Reason != ReasonOldVersion {
			t.Errorf("%s: %q judged %s %s", name, r.Expression, v.Status, v.Reason)
		}
	}
	r := detect(t, map[string]string{"LICENSE": testdata(t, "CECILL-2.1.fr.txt")})
	if v := Evaluate(r.Expression, true); v.Status != Approved {
		t.Errorf("CeCILL 2.1: %s", v.Status)
	}
}

func TestDetectConcurrently(t *testing.T) {
	texts := []string{"MIT.txt", "CECILL-B.fr.txt", "GPL-3.0.txt", "etalab-2.0.en.txt"}
	want := []string{"MIT", "CECILL-B", "GPL-3.0-only", "etalab-2.0"}
	repos := make([]source.Repo, len(texts))
	for i, name := range texts {
		repos[i] = repoOf(t, map[string]string{"LICENSE": testdata(t, name)})
	}
	errs := make(chan string, 4*len(texts))
	done := make(chan struct{})
	for k := 0; k < 4; k++ {
		for i := range texts {
			go func() {
				defer func() { done <- struct{}{} }()
				r, err := Detect(repos[i])
				if err != nil || r.Expression != want[i] {
					errs <- texts[i]
				}
			}()
		}
	}
	for k := 0; k < 4*len(texts); k++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Errorf("%s detected wrongly under concurrency", e)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("MIT License\n\nPermission is hereby granted", "## Licence\n\nsous licence MIT", `{"license": "MIT"}`)
	f.Add("\xff\xfe\x00", "Licensed under either of\n\n* MIT\n* x", "[project]\nlicense = {text = \"")
	f.Add("", "=====\nLicense\n=====\n![](https://img.shields.io/badge/license--)", "legal:\n  license: [")
	f.Fuzz(func(t *testing.T, licence, readme, manifest string) {
		r, err := Detect(repoOf(t, map[string]string{"LICENSE": licence, "README.md": readme,
			"package.json": manifest, "pyproject.toml": manifest, "publiccode.yml": manifest, "pom.xml": manifest}))
		if err != nil {
			t.Fatal(err)
		}
		if r.Expression != "" {
			if _, err := ParseExpression(r.Expression); err != nil {
				t.Fatalf("expression %q does not parse: %v", r.Expression, err)
			}
		}
		for _, d := range r.Declarations {
			if d.SPDX != "" {
				if _, err := ParseExpression(d.SPDX); err != nil {
					t.Fatalf("declaration %+v does not parse: %v", d, err)
				}
			}
		}
		_ = Consistency(r)
	})
}
