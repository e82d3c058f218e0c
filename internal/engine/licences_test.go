package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func licenceText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "license", "texts", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scanFiles commits files into a real git repository and scans it.
func scanFiles(t *testing.T, files map[string]string) *engine.Result {
	t.Helper()
	r := sourcetest.New(t)
	for p, c := range files {
		r.Write(p, c)
	}
	r.Commit("import", sourcetest.Epoch)
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := engine.Run(context.Background(), repo, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func findingIDs(res *engine.Result, rule string, sev finding.Severity) []string {
	var ids []string
	for _, f := range res.Findings {
		if f.Rule == rule && f.Severity == sev {
			ids = append(ids, f.Message.ID)
		}
	}
	return ids
}

// TestEveryDecreeLicence scans a repository holding each licence text of
// the decree list, in English and in French where a French text is
// official, and the older versions that are not on the list.
func TestEveryDecreeLicence(t *testing.T) {
	cases := []struct {
		file, expr string
		approved   bool
		note       string // a note (or warning) license/approved must add
	}{
		{"Apache-2.0.txt", "Apache-2.0", true, ""},
		{"BSD-2-Clause.txt", "BSD-2-Clause", true, ""},
		{"BSD-3-Clause.txt", "BSD-3-Clause", true, ""},
		{"MIT.txt", "MIT", true, ""},
		{"CECILL-B.fr.txt", "CECILL-B", true, ""},
		{"CECILL-B.en.txt", "CECILL-B", true, ""},
		{"CECILL-2.1.fr.txt", "CECILL-2.1", true, ""},
		{"CECILL-2.1.en.txt", "CECILL-2.1", true, ""},
		{"CECILL-C.fr.txt", "CECILL-C", true, ""},
		{"CECILL-C.en.txt", "CECILL-C", true, ""},
		{"GPL-3.0.txt", "GPL-3.0-only", true, "approved-variant"},
		{"LGPL-3.0.txt", "LGPL-3.0-only", true, "approved-variant"},
		{"AGPL-3.0.txt", "AGPL-3.0-only", true, "approved-variant"},
		{"MPL-2.0.txt", "MPL-2.0", true, ""},
		{"EPL-2.0.txt", "EPL-2.0", true, ""},
		{"EUPL-1.2.en.txt", "EUPL-1.2", true, ""},
		{"EUPL-1.2.fr.txt", "EUPL-1.2", true, ""},
		{"etalab-2.0.fr.txt", "etalab-2.0", true, "data-only"},
		{"etalab-2.0.en.txt", "etalab-2.0", true, "data-only"},
		{"ODbL-1.0.txt", "ODbL-1.0", true, "data-only"},
		{"CECILL-1.0.txt", "CECILL-1.0", false, ""},
		{"CECILL-1.1.txt", "CECILL-1.1", false, ""},
		{"CECILL-2.0.fr.txt", "CECILL-2.0", false, ""},
		{"CECILL-2.0.en.txt", "CECILL-2.0", false, ""},
		{"GPL-2.0.txt", "GPL-2.0-only", false, ""},
		{"LGPL-2.1.txt", "LGPL-2.1-only", false, ""},
		{"EPL-1.0.txt", "EPL-1.0", false, ""},
		{"EUPL-1.1.en.txt", "EUPL-1.1", false, ""},
		{"MPL-1.1.txt", "MPL-1.1", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			res := scanFiles(t, map[string]string{"LICENSE": licenceText(t, tc.file), "main.go": "package main\n"})
			if res.License.Expression != tc.expr {
				t.Errorf("expression = %q, want %q", res.License.Expression, tc.expr)
			}
			rr, _ := res.Rule("license/approved")
			if (rr.Outcome == finding.Pass) != tc.approved {
				t.Errorf("license/approved = %s (%s), want approved %v", rr.Outcome, rr.Reason.ID, tc.approved)
			}
			if !tc.approved && rr.Reason.ID != "old-version" {
				t.Errorf("an older version must say which is listed: reason %s", rr.Reason.ID)
			}
			if tc.note != "" {
				got := append(findingIDs(res, "license/approved", finding.Note), findingIDs(res, "license/approved", finding.Warning)...)
				if strings.Join(got, ",") != tc.note {
					t.Errorf("notes = %v, want %s", got, tc.note)
				}
			}
			if f, _ := res.Rule("license/file"); f.Outcome != finding.Pass {
				t.Errorf("license/file = %s", f.Outcome)
			}
		})
	}
}

func TestMessyLicenceFiles(t *testing.T) {
	mit := licenceText(t, "MIT.txt")
	cecillB := licenceText(t, "CECILL-B.fr.txt")
	latin1 := make([]byte, 0, len(cecillB))
	for _, r := range cecillB {
		latin1 = append(latin1, byte(r)) // the CeCILL French texts fit in ISO-8859-1
	}
	gpl := licenceText(t, "GPL-3.0.txt")
	cases := []struct {
		name  string
		files map[string]string
		expr  string
		file  finding.Outcome
		why   string // license/file reason when it fails
	}{
		{"markdown, copyright line, CRLF, BOM", map[string]string{"LICENSE.md": "\ufeff# Licence\r\n\r\nCopyright (c) 2024 Ville de Paris\r\n\r\n" +
			strings.ReplaceAll(strings.Replace(mit, "MIT License", "**MIT License**", 1), "\n", "\r\n")}, "MIT", finding.Pass, ""},
		{"Latin-1 CeCILL-B, cecill.info's own file name", map[string]string{"Licence_CeCILL-B_V1-fr.txt": string(latin1)}, "CECILL-B", finding.Pass, ""},
		{"French and English CeCILL-2.1 in one file", map[string]string{"LICENCE": licenceText(t, "CECILL-2.1.fr.txt") + "\n\n" + licenceText(t, "CECILL-2.1.en.txt")}, "CECILL-2.1", finding.Pass, ""},
		{"GPL text and an or-later notice", map[string]string{"COPYING": gpl, "README.md": "# X\n\nThis program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n"}, "GPL-3.0-or-later", finding.Pass, ""},
		{"code and documentation licences", map[string]string{"LICENSE": mit, "LICENSE-docs.md": licenceText(t, "etalab-2.0.fr.txt")}, "MIT AND etalab-2.0", finding.Pass, ""},
		{"dual licence declared in Cargo.toml", map[string]string{"LICENSE-MIT": mit, "LICENSE-APACHE": licenceText(t, "Apache-2.0.txt"), "Cargo.toml": "[package]\nname = \"x\"\nlicense = \"MIT OR Apache-2.0\"\n"}, "MIT OR Apache-2.0", finding.Pass, ""},
		{"REUSE LICENSES folder", map[string]string{"LICENSES/MIT.txt": mit, "LICENSES/CC0-1.0.txt": "Creative Commons Legal Code\n\nCC0 1.0 Universal\n"}, "", finding.Pass, ""},
		{"licence only in the README", map[string]string{"README.md": "# X\n\nA tool.\n\n## Licence\n\nCe projet est publié sous licence MIT.\n"}, "", finding.Fail, "readme-only"},
		{"binary LICENSE", map[string]string{"LICENSE.pdf": "%PDF-1.4\x00\x01\x02binary"}, "", finding.Fail, "binary"},
		{"empty LICENSE", map[string]string{"LICENSE": ""}, "", finding.Fail, "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := scanFiles(t, tc.files)
			if tc.expr != "" && res.License.Expression != tc.expr {
				t.Errorf("expression = %q, want %q; files %+v", res.License.Expression, tc.expr, res.License.Files)
			}
			rr, _ := res.Rule("license/file")
			if rr.Outcome != tc.file || (tc.why != "" && rr.Reason.ID != tc.why) {
				t.Errorf("license/file = %s (%s), want %s (%s)", rr.Outcome, rr.Reason.ID, tc.file, tc.why)
			}
		})
	}
}

func TestConsistencyAcrossManifests(t *testing.T) {
	res := scanFiles(t, map[string]string{
		"LICENSE":        licenceText(t, "MIT.txt"),
		"package.json":   `{"name": "x", "license": "Apache-2.0"}`,
		"pyproject.toml": "[project]\nname = \"x\"\nlicense = \"MIT\"\n",
		"setup.cfg":      "[metadata]\nlicense = Licence Ouverte 2.0\n",
	})
	rr, _ := res.Rule("license/consistent")
	if rr.Outcome != finding.Fail {
		t.Fatalf("license/consistent = %s", rr.Outcome)
	}
	var where []string
	for _, f := range res.Findings {
		if f.Rule == "license/consistent" && f.Severity == finding.Warning {
			where = append(where, f.Path)
		}
	}
	if strings.Join(where, ",") != "package.json,setup.cfg" {
		t.Errorf("disagreements at %v, want package.json and setup.cfg", where)
	}
}

// TestModifiedLicenceIsNotApproved: a licence text with an added
// restriction is no longer the licence it names; the scan fails
// license/approved and quotes the added text with its line, and a cut text
// says how much of the licence it holds.
func TestModifiedLicenceIsNotApproved(t *testing.T) {
	apache := licenceText(t, "Apache-2.0.txt")
	added := "Restriction supplémentaire : toute utilisation commerciale de ce logiciel est interdite."
	cecill := licenceText(t, "CECILL-2.1.fr.txt")
	cut := cecill[:strings.Index(cecill, "Article 2 - OBJET")]
	for _, tc := range []struct {
		name, text, expr, reason, quoted string
		line                             int
	}{
		{"apache with a restriction", apache + "\n" + added + "\n", "Apache-2.0", "modified", "commerciale", strings.Count(apache, "\n") + 2},
		{"cecill 2.1 cut after article 1", cut, "CECILL-2.1", "incomplete", "Article 2", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := scanFiles(t, map[string]string{"LICENSE": tc.text, "main.go": "package main\n"})
			if res.License.Expression != tc.expr {
				t.Errorf("expression = %q, want %q", res.License.Expression, tc.expr)
			}
			rr, _ := res.Rule("license/approved")
			if rr.Outcome != finding.Fail || rr.Reason.ID != tc.reason {
				t.Fatalf("license/approved = %s (%s), want fail (%s)", rr.Outcome, rr.Reason.ID, tc.reason)
			}
			// A cut text is no licence file either; a modified one is one.
			fr, _ := res.Rule("license/file")
			if cut := tc.reason == "incomplete"; (fr.Outcome == finding.Fail) != cut || cut && fr.Reason.Args["command"] != "ouvert init license CECILL-2.1 --lang fr" {
				t.Errorf("license/file = %s %+v", fr.Outcome, fr.Reason)
			}
			found := false
			for _, f := range res.Findings {
				if f.Rule == "license/approved" && (f.Message.ID == "added" || f.Message.ID == "removed") &&
					strings.Contains(f.Message.Args["text"], tc.quoted) && (tc.line == 0 || f.Line == tc.line) {
					found = true
				}
			}
			if !found {
				t.Errorf("no finding quotes %q at line %d: %+v", tc.quoted, tc.line, res.Findings)
			}
		})
	}
}

// TestDeclaredLicenceIsJudged: with no licence text, the declared licence
// is judged by license/approved, and license/file asks for its text with
// the exact command (in French for a French declaration), never for a
// choice of licence.
func TestDeclaredLicenceIsJudged(t *testing.T) {
	gnuNotice := "Outil - suivi des chantiers\nCopyright (C) 2025 Ville\n\nThis program is free software: you can redistribute it and/or modify\nit under the terms of the GNU Affero General Public License as\npublished by the Free Software Foundation, either version 3 of the\nLicense, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful,\nbut WITHOUT ANY WARRANTY; without even the implied warranty of\nMERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\nGNU Affero General Public License for more details.\n\nYou should have received a copy of the GNU Affero General Public License\nalong with this program.  If not, see <https://www.gnu.org/licenses/>.\n"
	for _, tc := range []struct {
		name     string
		files    map[string]string
		expr     string
		fileWhy  string
		command  string
		approved bool
	}{
		{"CeCILL-B notice in LICENSE", map[string]string{"LICENSE": "Ce logiciel est régi par la licence CeCILL-B soumise au droit français et\nrespectant les principes de diffusion des logiciels libres.\n", "main.py": "print(1)\n"},
			"CECILL-B", "declared-only", "ouvert init license CECILL-B --lang fr", true},
		{"GNU notice in LICENSE", map[string]string{"LICENSE": gnuNotice, "main.py": "print(1)\n"},
			"AGPL-3.0-or-later", "notice-only", "ouvert init license AGPL-3.0-or-later", true},
		{"package.json alone", map[string]string{"package.json": `{"name": "x", "license": "MIT"}`, "index.js": "1\n"},
			"MIT", "declared-only", "ouvert init license MIT", true},
		{"declared licence off the list", map[string]string{"package.json": `{"name": "x", "license": "ISC"}`, "index.js": "1\n"},
			"ISC", "declared-only", "ouvert init license ISC", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := scanFiles(t, tc.files)
			if res.License.Expression != tc.expr {
				t.Errorf("expression = %q, want %q", res.License.Expression, tc.expr)
			}
			rr, _ := res.Rule("license/file")
			if rr.Outcome != finding.Fail || rr.Reason.ID != tc.fileWhy || rr.Reason.Args["command"] != tc.command {
				t.Errorf("license/file = %s %+v, want fail %s with %q", rr.Outcome, rr.Reason, tc.fileWhy, tc.command)
			}
			ar, _ := res.Rule("license/approved")
			if (ar.Outcome == finding.Pass) != tc.approved {
				t.Errorf("license/approved = %s %+v, want approved %v", ar.Outcome, ar.Reason, tc.approved)
			}
		})
	}
}

// TestDocumentRepositories: a methodology or a schema under the Licence
// Ouverte is approved for what it holds, even with a build script; the
// same licence alone on code warns and says which code.
func TestDocumentRepositories(t *testing.T) {
	etalab := licenceText(t, "etalab-2.0.fr.txt")
	docs := map[string]string{"LICENSE.md": etalab, "README.md": "# Méthodologie\n", "docs/guide.md": "# Guide\n",
		"docs/annexe.md": "# Annexe\n", "schema.json": "{}\n", "exemples/donnees.csv": "a,b\n1,2\n", "scripts/build.sh": "echo build\n",
		"docs/index.md": "# Index\n", "docs/faq.md": "# FAQ\n", "docs/glossaire.md": "# Glossaire\n", "docs/img/schema.svg": "<svg/>\n"}
	res := scanFiles(t, docs)
	rr, _ := res.Rule("license/approved")
	if rr.Outcome != finding.Pass || rr.Reason.ID != "approved-documents" || rr.Reason.Args["sources"] != "1" {
		t.Errorf("documents: license/approved = %s %+v", rr.Outcome, rr.Reason)
	}
	if w := findingIDs(res, "license/approved", finding.Warning); len(w) != 0 {
		t.Errorf("documents warned: %v", w)
	}
	code := map[string]string{"LICENSE.md": etalab}
	for i := 0; i < 8; i++ {
		code[fmt.Sprintf("app/m%d.py", i)] = "print(1)\n"
	}
	res = scanFiles(t, code)
	rr, _ = res.Rule("license/approved")
	if rr.Reason.ID != "data-only" || rr.Reason.Args["sources"] != "8" || !strings.HasPrefix(rr.Reason.Args["example"], "app/") {
		t.Errorf("code: license/approved = %s %+v", rr.Outcome, rr.Reason)
	}
}
