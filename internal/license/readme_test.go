package license

import (
	"testing"
)

func TestLicenceSectionsInEveryMarkup(t *testing.T) {
	mit := testdata(t, "MIT.txt")
	cases := []struct {
		name, path, readme string
		start              int // first line of the section body
	}{
		{"markdown ATX", "README.md", "# Outil\n\nTexte.\n\n## Licence\n\n" + mit + "\n## Contact\n\nmail\n", 6},
		{"markdown ATX closed", "README.md", "# Outil\n\n### LICENSE ###\n" + mit, 4},
		{"markdown setext", "README.md", "Outil\n=====\n\nLicensing\n---------\n" + mit + "\nAuthors\n-------\n", 6},
		{"html heading", "README.md", "<h1>Outil</h1>\n<h2 id=\"l\">Licence</h2>\n" + mit, 3},
		{"bold pseudo heading", "README.md", "Outil.\n\n**Licence**\n" + mit, 4},
		{"rst", "README.rst", "=====\nOutil\n=====\n\nUsage\n-----\n\nx\n\nLicense\n-------\n\n" + mit + "\nCredits\n-------\n", 12},
		{"org", "README.org", "* Outil\n** Licence\n" + mit + "* Autre\n", 3},
		{"asciidoc", "README.adoc", "= Outil\n\n== License\n" + mit, 4},
		{"LISEZMOI", "LISEZMOI.md", "# Licences\n" + mit, 2},
		{"code fence is not a heading", "README.md", "# Outil\n\n```\n# License\n```\n\n## Licence\n" + mit, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, map[string]string{c.path: c.readme})
			f := fileOf(t, r, c.path, KindReadme)
			if f.SPDX != "MIT" {
				t.Errorf("spdx %q (%+v)", f.SPDX, f)
			}
			if f.StartLine != c.start {
				t.Errorf("section starts at %d, want %d", f.StartLine, c.start)
			}
			if len(f.Matches) == 0 || f.Matches[0].StartLine < c.start || f.Matches[0].EndLine > f.EndLine {
				t.Errorf("match lines %+v outside the section %d-%d", f.Matches, f.StartLine, f.EndLine)
			}
		})
	}
}

func TestThirdPartySectionIsNotTheProjectLicence(t *testing.T) {
	r := detect(t, map[string]string{"README.md": "# X\n\n## Third-party licenses\n\n" + testdata(t, "Apache-2.0.txt") + "\nLeaflet is licensed under the BSD 2-Clause license.\n"})
	if r.Expression != "" || len(r.Declarations) != 0 {
		t.Errorf("expression %q, declarations %+v", r.Expression, r.Declarations)
	}
}

func TestReadmeDeclarations(t *testing.T) {
	cases := []struct {
		name, readme string
		want         []Declaration // Path README.md
	}{
		{"french sentence", "# Outil\n\nCe projet est sous licence MIT.\n",
			[]Declaration{{Line: 3, Source: SourceReadme, Raw: "MIT", SPDX: "MIT", Lang: "fr"}}},
		{"french wrapped", "Le code source est publié\nsous licence EUPL v1.2, voir\nle fichier LICENSE.\n",
			[]Declaration{{Line: 2, Source: SourceReadme, Raw: "EUPL v1.2", SPDX: "EUPL-1.2", Lang: "fr"}}},
		{"french la licence", "Ce logiciel est distribué sous la licence CeCILL-B (voir LICENCE).\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "CeCILL-B", SPDX: "CECILL-B", Lang: "fr"}}},
		{"english", "This project is licensed under the Apache License 2.0 - see [LICENSE](LICENSE).\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "Apache License 2.0", SPDX: "Apache-2.0"}}},
		{"english name then license", "Released under the **MIT** license.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "MIT license", SPDX: "MIT"}}},
		{"field", "## Infos\n\n- Licence : Licence Ouverte 2.0\n",
			[]Declaration{{Line: 3, Source: SourceReadme, Raw: "Licence Ouverte 2.0", SPDX: "etalab-2.0"}}},
		{"or later", "Licensed under the GNU GPL v3 or later.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "GNU GPL v3 or later", SPDX: "GPL-3.0-or-later"}}},
		{"unrecognised but explicit", "Ce projet est sous licence libre maison.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "libre maison", SPDX: "", Lang: "fr"}}},
		{"unversioned", "Ce projet est sous licence CeCILL.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "CeCILL", SPDX: "", Lang: "fr"}}},
		{"weak phrase unrecognised is dropped", "Les données sont publiées sous forme de CSV.\n", nil},
		{"shields badge", "[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)](https://opensource.org/licenses/MIT)\n",
			// The badge's alt text says it again on the same line: one declaration.
			[]Declaration{{Line: 1, Source: SourceReadmeBadge, Raw: "MIT", SPDX: "MIT"}}},
		{"shields badge escapes", "![licence](https://img.shields.io/badge/licence-CeCILL--B-blue)\n![l](https://img.shields.io/badge/license-EUPL_1.2-green.svg)\n",
			[]Declaration{{Line: 1, Source: SourceReadmeBadge, Raw: "CeCILL-B", SPDX: "CECILL-B"}, {Line: 2, Source: SourceReadmeBadge, Raw: "EUPL 1.2", SPDX: "EUPL-1.2"}}},
		{"badgen", "![](https://badgen.net/badge/license/Apache-2.0/blue)\n",
			[]Declaration{{Line: 1, Source: SourceReadmeBadge, Raw: "Apache-2.0", SPDX: "Apache-2.0"}}},
		{"other badge", "![build](https://img.shields.io/badge/build-passing-green)\n", nil},
		{"mid-sentence colon", "Pour toute question sur la licence : écrivez-nous.\n", nil},
		{"code block", "# X\n\n```json\n{\"license\": \"MIT\"}\n// SPDX-License-Identifier: GPL-2.0-only\n```\n\nDistributed under the terms of the EUPL-1.2.\n",
			[]Declaration{{Line: 8, Source: SourceReadme, Raw: "EUPL-1.2", SPDX: "EUPL-1.2"}}},
		{"SPDX in prose", "Published under the Apache License 2.0\n(`SPDX-License-Identifier: Apache-2.0`), a permissive licence.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "Apache License 2.0", SPDX: "Apache-2.0"}, {Line: 2, Source: SourceSPDXHeader, Raw: "Apache-2.0", SPDX: "Apache-2.0"}}},
		{"dynamic badge has no value", "![l](https://img.shields.io/github/license/etalab/x)\n", nil},
		{"SPDX line", "<!-- SPDX-License-Identifier: MIT OR CC-BY-4.0 -->\n# X\n",
			[]Declaration{{Line: 1, Source: SourceSPDXHeader, Raw: "MIT OR CC-BY-4.0", SPDX: "MIT OR CC-BY-4.0"}}},
		{"either of", "Licensed under either of\n\n * Apache License, Version 2.0 ([LICENSE-APACHE](LICENSE-APACHE) or http://www.apache.org/licenses/LICENSE-2.0)\n * MIT license ([LICENSE-MIT](LICENSE-MIT) or http://opensource.org/licenses/MIT)\n\nat your option.\n",
			[]Declaration{{Line: 1, Source: SourceReadme, Raw: "Apache License, Version 2.0 OR MIT license", SPDX: "Apache-2.0 OR MIT"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, map[string]string{"README.md": c.readme})
			got := r.Declarations
			if len(got) != len(c.want) {
				t.Fatalf("declarations %+v, want %+v", got, c.want)
			}
			for i, w := range c.want {
				w.Path = "README.md"
				if got[i] != w {
					t.Errorf("declaration %+v, want %+v", got[i], w)
				}
			}
		})
	}
}

func TestReadmeLinkInLicenceSection(t *testing.T) {
	r := detect(t, map[string]string{"README.md": "# X\n\n## License\n\nSee https://www.gnu.org/licenses/agpl-3.0.html for details.\n"})
	found := false
	for _, d := range r.Declarations {
		if d.Source == SourceReadmeLink && d.SPDX == "AGPL-3.0-only" && d.Line == 5 {
			found = true
		}
	}
	if !found {
		t.Errorf("declarations %+v", r.Declarations)
	}
	if r.Expression != "AGPL-3.0-only" || r.Source != FromStatement || len(r.Files) != 0 {
		t.Errorf("a link in the licence section declares the licence: %q from %s, files %+v", r.Expression, r.Source, r.Files)
	}
}

func TestBadgeLicence(t *testing.T) {
	cases := map[string]string{
		"License-MIT-yellow.svg":          "MIT",
		"licence-Apache%202.0-blue":       "Apache 2.0",
		"license-GPL--3.0--or--later-red": "GPL-3.0-or-later",
		"License-MIT":                     "", // no colour: not a static badge
		"build-passing-green":             "",
	}
	for in, want := range cases {
		got, ok := badgeLicence(in)
		if got != want || ok != (want != "") {
			t.Errorf("badgeLicence(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
