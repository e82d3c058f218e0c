package checks

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// envOf builds an Env over an in-memory tree; meta is optional.
func envOf(t *testing.T, files map[string]string, meta ...source.Meta) *Env {
	t.Helper()
	m := fstest.MapFS{}
	for p, c := range files {
		m[p] = &fstest.MapFile{Data: []byte(c), Mode: 0o644}
	}
	var md source.Meta
	if len(meta) > 0 {
		md = meta[0]
	}
	repo, err := source.NewFS(m, md)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Repo: repo, Catalog: cat, Now: now}
}

// outcomes runs a check and returns rule → outcome and rule → reason id,
// failing the test if a rule is missing or a message id is unknown.
func outcomes(t *testing.T, c Check, env *Env) (map[string]finding.Outcome, map[string]string, []finding.Finding) {
	t.Helper()
	res, err := c.Run(context.Background(), env)
	if err != nil {
		t.Fatalf("%s: %v", c.ID(), err)
	}
	o, reasons := map[string]finding.Outcome{}, map[string]string{}
	for _, r := range res.Rules {
		o[r.Rule] = r.Outcome
		reasons[r.Rule] = r.Reason.ID
		if !env.Catalog.HasMessage(r.Rule, r.Reason.ID) {
			t.Errorf("%s: reason %q has no text in rules.yaml", r.Rule, r.Reason.ID)
		}
	}
	for _, f := range res.Findings {
		if !env.Catalog.HasMessage(f.Rule, f.Message.ID) {
			t.Errorf("%s: finding message %q has no text in rules.yaml", f.Rule, f.Message.ID)
		}
	}
	return o, reasons, res.Findings
}

const goodReadmeFR = `# Mon service

[![badge](https://img.shields.io/badge/code.gouv.fr-ouvert-mediumseagreen.svg)](https://code.gouv.fr/documentation/)

Ce service permet aux agents de la préfecture de suivre les demandes de titres de séjour.

## Installation

` + "```sh\nnpm install\nnpm start\n```" + `

## Contact

Écrivez à equipe@prefecture-exemple.gouv.fr.

## Licence

Ce projet est publié sous licence MIT.
`

func TestReadme(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		file    finding.Outcome
		content finding.Outcome
		reason  string // readme/content reason
		finds   []string
	}{
		{"missing", map[string]string{"main.go": "package main"}, finding.Fail, finding.Fail, "no-readme", []string{"missing"}},
		{"tiny", map[string]string{"README.md": "# x\n"}, finding.Fail, finding.Fail, "incomplete", []string{"empty", "part-description", "part-install", "part-licence"}},
		{"complete fr", map[string]string{"README.md": goodReadmeFR}, finding.Pass, finding.Pass, "complete", nil},
		{"no install", map[string]string{"README.md": strings.Replace(goodReadmeFR, "## Installation", "## Autre", 1)[:0] +
			"# Outil\n\nThis tool exports the budget data of the city council to open formats every night.\n\nLicence: MIT\n"},
			finding.Pass, finding.Fail, "incomplete", []string{"part-install"}},
		{"in docs", map[string]string{"docs/README.md": goodReadmeFR}, finding.Pass, finding.Pass, "complete", []string{"not-root"}},
		{"rst", map[string]string{"README.rst": "Projet\n======\n\nThis library parses the official gazette into structured records for reuse.\n\nInstallation\n------------\n\npip install gazette\n\nLicense: EUPL-1.2\n"},
			finding.Pass, finding.Pass, "complete", nil},
		{"badges are not a description", map[string]string{"README.md": "# X\n\n[![a](https://img.shields.io/a.svg)](https://x) [![b](https://img.shields.io/b.svg)](https://y) [![c](https://img.shields.io/c.svg)](https://z)\n\n## Usage\n\nmake\n\nLicense MIT\n"},
			finding.Pass, finding.Fail, "incomplete", []string{"part-description"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, reasons, fs := outcomes(t, Readme{}, envOf(t, tc.files))
			if o[readmeFileRule] != tc.file || o[readmeContentRule] != tc.content {
				t.Errorf("outcomes = %v, want file %s content %s", o, tc.file, tc.content)
			}
			if reasons[readmeContentRule] != tc.reason {
				t.Errorf("content reason = %q, want %q", reasons[readmeContentRule], tc.reason)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Message.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.finds, ",") {
				t.Errorf("findings = %v, want %v", got, tc.finds)
			}
		})
	}
}

func TestReadmeBadge(t *testing.T) {
	cases := []struct {
		readme string
		level  finding.Level
		want   finding.Outcome
		reason string
	}{
		{goodReadmeFR, finding.LevelC, finding.Fail, "too-high"},
		{goodReadmeFR, finding.LevelB, finding.Pass, "consistent"},
		{goodReadmeFR, finding.LevelA, finding.Pass, "could-raise"},
		{strings.Replace(goodReadmeFR, "code.gouv.fr-ouvert-mediumseagreen", "code.gouv.fr-publi%C3%A9-orange", 1), finding.LevelNone, finding.Fail, "too-high"},
		{strings.Replace(goodReadmeFR, "code.gouv.fr-ouvert-mediumseagreen", "code.gouv.fr-contributif-blue", 1), finding.LevelA, finding.Pass, "consistent"},
		{"# no badge here, just words enough to be a readme of some size\n", finding.LevelA, finding.Pass, "none"},
	}
	for _, tc := range cases {
		env := envOf(t, map[string]string{"README.md": tc.readme})
		res := Readme{}.ReviewLevel(env, tc.level)
		if len(res.Rules) != 1 || res.Rules[0].Outcome != tc.want || res.Rules[0].Reason.ID != tc.reason {
			t.Errorf("level %s: got %+v, want %s %s", tc.level, res.Rules, tc.want, tc.reason)
		}
		if tc.reason == "too-high" && (len(res.Findings) != 1 || res.Findings[0].Line != 3) {
			t.Errorf("level %s: want one finding at line 3, got %+v", tc.level, res.Findings)
		}
	}
}

func TestContributing(t *testing.T) {
	full := "# Contribuer\n\n## Préparer l'environnement\n\nInstallez Go.\n\n## Tests\n\nLancez `go test ./...`.\n\n## Proposer une modification\n\nOuvrez une merge request.\n"
	cases := []struct {
		name          string
		files         map[string]string
		file, content finding.Outcome
		missing       string
	}{
		{"none", map[string]string{"README.md": "x"}, finding.Fail, finding.Fail, ""},
		{"root fr", map[string]string{"CONTRIBUTING.md": full}, finding.Pass, finding.Pass, ""},
		{"github dir", map[string]string{".github/CONTRIBUTING.md": full}, finding.Pass, finding.Pass, ""},
		{"french name", map[string]string{"CONTRIBUER.md": full}, finding.Pass, finding.Pass, ""},
		{"no tests", map[string]string{"docs/contributing.rst": "Contributing\n============\n\nFork the project, open a pull request, and wait for a review of it.\n"}, finding.Pass, finding.Fail, "part-setup,part-test"},
		{"empty", map[string]string{"CONTRIBUTING.md": "TODO"}, finding.Fail, finding.Fail, ""},
		{"nested is not a guide", map[string]string{"src/CONTRIBUTING.md": full}, finding.Fail, finding.Fail, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, _, fs := outcomes(t, Contributing{}, envOf(t, tc.files))
			if o[contributingFileRule] != tc.file || o[contributingContentRule] != tc.content {
				t.Errorf("outcomes = %v", o)
			}
			var missing []string
			for _, f := range fs {
				if f.Rule == contributingContentRule {
					missing = append(missing, f.Message.ID)
				}
			}
			if strings.Join(missing, ",") != tc.missing {
				t.Errorf("missing parts = %v, want %s", missing, tc.missing)
			}
		})
	}
}

func TestSimpleChecks(t *testing.T) {
	pc := "publiccodeYmlVersion: \"0\"\nname: x\nroadmap: https://example.org/roadmap\nmaintenance:\n  type: internal\n  contacts:\n    - name: Alice\n      email: alice@example.org\n"
	cases := []struct {
		name   string
		check  Check
		files  map[string]string
		meta   source.Meta
		want   finding.Outcome
		reason string
	}{
		{"conduct root", Conduct{}, map[string]string{"CODE_OF_CONDUCT.md": strings.Repeat("Be kind. ", 10)}, source.Meta{}, finding.Pass, "found"},
		{"conduct dashes in .github", Conduct{}, map[string]string{".github/code-of-conduct.md": strings.Repeat("Be kind. ", 10)}, source.Meta{}, finding.Pass, "found"},
		{"conduct missing", Conduct{}, map[string]string{"README.md": "x"}, source.Meta{}, finding.Fail, "missing"},
		{"conduct empty", Conduct{}, map[string]string{"CODE_OF_CONDUCT.md": "\n\n"}, source.Meta{}, finding.Fail, "empty"},
		{"changelog news", Changelog{}, map[string]string{"NEWS": strings.Repeat("v1.0: first release. ", 3)}, source.Meta{}, finding.Pass, "found"},
		{"changelog missing", Changelog{}, map[string]string{"docs/guide.md": "x"}, source.Meta{}, finding.Fail, "missing"},
		{"governance file", Governance{}, map[string]string{"ROADMAP.md": strings.Repeat("Next: audit. ", 5)}, source.Meta{}, finding.Pass, "found"},
		{"governance publiccode", Governance{}, map[string]string{"publiccode.yml": pc}, source.Meta{}, finding.Pass, "found-publiccode"},
		{"governance readme", Governance{}, map[string]string{"README.md": "# X\n\n## Feuille de route\n\nEn 2027, nous ouvrirons l'API aux collectivités.\n"}, source.Meta{}, finding.Pass, "found-in"},
		{"governance missing", Governance{}, map[string]string{"README.md": "# X\n"}, source.Meta{}, finding.Fail, "missing"},
		{"maintainer codeowners", Maintenance{}, map[string]string{".github/CODEOWNERS": "* @etalab/team\n"}, source.Meta{}, finding.Pass, "found"},
		{"maintainer publiccode", Maintenance{}, map[string]string{"publiccode.yml": pc}, source.Meta{}, finding.Pass, "found"},
		{"maintainer readme email", Maintenance{}, map[string]string{"README.md": goodReadmeFR}, source.Meta{}, finding.Pass, "found-email"},
		{"maintainer none", Maintenance{}, map[string]string{"README.md": "# X\n\nA tool.\n", "MAINTAINERS": "nobody yet"}, source.Meta{}, finding.Fail, "missing"},
		{"security file", Security{}, map[string]string{"SECURITY.md": "Report vulnerabilities to security@numerique.gouv.fr please."}, source.Meta{}, finding.Pass, "found"},
		{"security.txt", Security{}, map[string]string{".well-known/security.txt": "Contact: mailto:s@example.org\n"}, source.Meta{}, finding.Pass, "found-txt"},
		{"security readme", Security{}, map[string]string{"README.md": "# X\n\n## Sécurité\n\nSignalez les failles à securite@ville-de-paris.fr.\n"}, source.Meta{}, finding.Pass, "found-in"},
		{"security heading without address", Security{}, map[string]string{"README.md": "# X\n\n## Security\n\nWe care.\n"}, source.Meta{}, finding.Fail, "missing"},
		{"publiccode ok", Publiccode{}, map[string]string{"publiccode.yml": pc}, source.Meta{}, finding.Pass, "found"},
		{"publiccode yaml ext", Publiccode{}, map[string]string{"publiccode.yaml": pc}, source.Meta{}, finding.Pass, "found"},
		{"publiccode nested", Publiccode{}, map[string]string{".github/publiccode.yml": pc}, source.Meta{}, finding.Fail, "not-root"},
		{"publiccode broken", Publiccode{}, map[string]string{"publiccode.yml": "name: [x\nurl: y\n"}, source.Meta{}, finding.Fail, "invalid-yaml"},
		{"publiccode missing", Publiccode{}, map[string]string{"README.md": "x"}, source.Meta{}, finding.Fail, "missing"},
		{"activity recent", Activity{}, nil, source.Meta{LastCommit: now.AddDate(0, -2, 0)}, finding.Pass, "recent"},
		{"activity head only", Activity{}, nil, source.Meta{HeadTime: now.AddDate(0, 0, -3)}, finding.Pass, "recent"},
		{"activity stale", Activity{}, nil, source.Meta{LastCommit: now.AddDate(-1, 0, 0)}, finding.Fail, "stale"},
		{"activity unknown", Activity{}, nil, source.Meta{}, finding.Skip, "needs-commits"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := tc.files
			if files == nil {
				files = map[string]string{"a.txt": "a"}
			}
			rule := tc.check.Rules()[0]
			o, reasons, _ := outcomes(t, tc.check, envOf(t, files, tc.meta))
			if o[rule] != tc.want || reasons[rule] != tc.reason {
				t.Errorf("%s = %s (%s), want %s (%s)", rule, o[rule], reasons[rule], tc.want, tc.reason)
			}
		})
	}
}

func TestPubliccodeInvalidYAMLHasLine(t *testing.T) {
	_, _, fs := outcomes(t, Publiccode{}, envOf(t, map[string]string{"publiccode.yml": "name: x\nurl: [y\n"}))
	if len(fs) != 1 || fs[0].Line == 0 || fs[0].Path != "publiccode.yml" {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestHeaders(t *testing.T) {
	hdr := "// SPDX-License-Identifier: MIT\npackage x\n"
	cases := []struct {
		name   string
		files  map[string]string
		want   finding.Outcome
		reason string
	}{
		{"no sources", map[string]string{"README.md": "x"}, finding.Skip, "no-sources"},
		{"all headers", map[string]string{"a.go": hdr, "b/c.py": "# SPDX-License-Identifier: MIT\n"}, finding.Pass, "covered"},
		{"too few", map[string]string{"a.go": hdr, "b.go": "package x", "c.go": "package x"}, finding.Fail, "low"},
		{"sidecar", map[string]string{"a.go": "package x", "a.go.license": "SPDX-License-Identifier: MIT"}, finding.Pass, "covered"},
		{"reuse toml", map[string]string{"a.go": "package x", "src/b/c.js": "x", "REUSE.toml": "version = 1\n[[annotations]]\npath = [\n  \"*.go\",\n  \"src/**\",\n]\nSPDX-License-Identifier = \"MIT\"\n"}, finding.Pass, "covered"},
		{"reuse toml single star stays in dir", map[string]string{"x/a.go": "package x", "REUSE.toml": "version = 1\n[[annotations]]\npath = \"*.go\"\nSPDX-License-Identifier = \"MIT\"\n"}, finding.Fail, "low"},
		{"reuse toml without licence", map[string]string{"a.go": "package x", "REUSE.toml": "version = 1\n[[annotations]]\npath = \"**\"\nSPDX-FileCopyrightText = \"me\"\n"}, finding.Fail, "low"},
		{"dep5", map[string]string{"a/b.go": "package x", ".reuse/dep5": "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: a/*\nCopyright: me\nLicense: MIT\n"}, finding.Pass, "covered"},
		{"vendored code does not count", map[string]string{"a.go": hdr, "vendor/x/y.go": "package y", "node_modules/z/i.js": "x"}, finding.Pass, "covered"},
		{"ninety percent", func() map[string]string {
			m := map[string]string{"z.go": "package x"}
			for i := 0; i < 9; i++ {
				m[string(rune('a'+i))+".go"] = hdr
			}
			return m
		}(), finding.Pass, "covered"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, reasons, _ := outcomes(t, Headers{}, envOf(t, tc.files))
			if o[headersRule] != tc.want || reasons[headersRule] != tc.reason {
				t.Errorf("got %s (%s), want %s (%s)", o[headersRule], reasons[headersRule], tc.want, tc.reason)
			}
		})
	}
}

func TestDocuments(t *testing.T) {
	env := envOf(t, map[string]string{
		"docs/CONTRIBUTING.rst": "x", ".github/CONTRIBUTING.md": "x", "Contributing": "x",
		"src/CONTRIBUTING.md": "x", "HISTORY.md": "x", "README.md": "x",
	})
	files := env.Repo.Files()
	var got []string
	for _, f := range Documents(files, contributingFileRule) {
		got = append(got, f.Path)
	}
	// Root first, then .github/, then docs/; never anywhere else.
	if strings.Join(got, ",") != "Contributing,.github/CONTRIBUTING.md,docs/CONTRIBUTING.rst" {
		t.Errorf("contributing documents = %v", got)
	}
	if d := Documents(files, "changelog/file"); len(d) != 1 || d[0].Path != "HISTORY.md" {
		t.Errorf("changelog documents = %v", d)
	}
	if Documents(files, "readme/file") != nil {
		t.Error("a rule with no document list found documents")
	}
}
