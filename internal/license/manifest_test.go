package license

import (
	"testing"
)

func TestManifestDeclarations(t *testing.T) {
	cases := []struct {
		name, path, text string
		want             []Declaration // Path is filled from path
	}{
		{"package.json string", "package.json", "{\n  \"name\": \"x\",\n  \"license\": \"MIT\"\n}\n",
			[]Declaration{{Line: 3, Source: SourcePackageJSON, Raw: "MIT", SPDX: "MIT"}}},
		{"package.json expression", "web/package.json", `{"license": "(MIT OR Apache-2.0)"}`,
			[]Declaration{{Line: 1, Source: SourcePackageJSON, Raw: "(MIT OR Apache-2.0)", SPDX: "MIT OR Apache-2.0"}}},
		{"package.json legacy object", "package.json", `{"license": {"type": "ISC", "url": "https://x"}}`,
			[]Declaration{{Line: 1, Source: SourcePackageJSON, Raw: "ISC", SPDX: "ISC"}}},
		{"package.json legacy array", "package.json", `{"licenses": [{"type": "MIT"}, {"type": "GPL-3.0+"}]}`,
			[]Declaration{{Line: 1, Source: SourcePackageJSON, Raw: "MIT, GPL-3.0+", SPDX: "MIT OR GPL-3.0-or-later"}}},
		{"package.json unlicensed", "package.json", `{"license": "UNLICENSED"}`,
			[]Declaration{{Line: 1, Source: SourcePackageJSON, Raw: "UNLICENSED", SPDX: ""}}},
		{"package.json broken", "package.json", `{"license": `, nil},
		{"pyproject PEP 639", "pyproject.toml", "[build-system]\nrequires = []\n\n[project]\nname = \"x\"\nlicense = \"EUPL-1.2\"\n",
			[]Declaration{{Line: 6, Source: SourcePyproject, Raw: "EUPL-1.2", SPDX: "EUPL-1.2"}}},
		{"pyproject table", "pyproject.toml", "[project]\nlicense = {text = \"CeCILL v2.1\"}\n",
			[]Declaration{{Line: 2, Source: SourcePyproject, Raw: "CeCILL v2.1", SPDX: "CECILL-2.1"}}},
		{"pyproject file", "pyproject.toml", "[project]\nlicense = {file = \"LICENSE\"}\n", nil},
		{"pyproject poetry", "pyproject.toml", "[tool.poetry]\nlicense = 'GPL-3.0-or-later'\n[tool.other]\nlicense = \"MIT\"\n",
			[]Declaration{{Line: 2, Source: SourcePyproject, Raw: "GPL-3.0-or-later", SPDX: "GPL-3.0-or-later"}}},
		{"pyproject classifier", "pyproject.toml", "[project]\nclassifiers = [\n  \"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)\",\n]\n",
			[]Declaration{{Line: 3, Source: SourceClassifier, Raw: "GNU General Public License v3 or later (GPLv3+)", SPDX: "GPL-3.0-or-later"}}},
		{"setup.cfg", "setup.cfg", "[metadata]\nname = x\nlicense = Apache License 2.0\nlicense_files = LICENSE\n[options]\nlicense = MIT\n",
			[]Declaration{{Line: 3, Source: SourceSetupCfg, Raw: "Apache License 2.0", SPDX: "Apache-2.0"}}},
		{"setup.py", "setup.py", "from setuptools import setup\nsetup(\n    name='x',\n    license_file='LICENSE',\n    license=\"BSD 3-Clause\",\n)\n",
			[]Declaration{{Line: 5, Source: SourceSetupPy, Raw: "BSD 3-Clause", SPDX: "BSD-3-Clause"}}},
		{"Cargo.toml legacy slash", "Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT/Apache-2.0\"\n\n[dependencies]\nlicense = \"GPL-2.0\"\n",
			[]Declaration{{Line: 3, Source: SourceCargo, Raw: "MIT/Apache-2.0", SPDX: "MIT OR Apache-2.0"}}},
		{"composer array", "composer.json", `{"license": ["LGPL-2.1-only", "GPL-3.0-or-later"]}`,
			[]Declaration{{Line: 1, Source: SourceComposer, Raw: "LGPL-2.1-only, GPL-3.0-or-later", SPDX: "LGPL-2.1-only OR GPL-3.0-or-later"}}},
		{"pom.xml", "pom.xml", "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <licenses>\n    <license>\n      <name>Licence CeCILL-B</name>\n    </license>\n    <license>\n      <name>custom</name>\n      <url>https://www.cecill.info/licences/Licence_CeCILL-C_V1-fr.html</url>\n    </license>\n  </licenses>\n</project>\n",
			[]Declaration{{Line: 3, Source: SourcePom, Raw: "Licence CeCILL-B, CECILL-C", SPDX: "CECILL-B OR CECILL-C"}}},
		{"gemspec", "x.gemspec", "Gem::Specification.new do |s|\n  s.name = 'x'\n  s.license = 'MIT'\nend\n",
			[]Declaration{{Line: 3, Source: SourceGemspec, Raw: "MIT", SPDX: "MIT"}}},
		{"gemspec list", "x.gemspec", "Gem::Specification.new do |spec|\n  spec.licenses = %w[MIT Apache-2.0]\nend\n",
			[]Declaration{{Line: 2, Source: SourceGemspec, Raw: "MIT, Apache-2.0", SPDX: "MIT OR Apache-2.0"}}},
		{"publiccode.yml", "publiccode.yml", "publiccodeYmlVersion: \"0.4\"\nname: x\nlegal:\n  license: AGPL-3.0-or-later\n  mainCopyrightOwner: DINUM\n",
			[]Declaration{{Line: 4, Source: SourcePubliccode, Raw: "AGPL-3.0-or-later", SPDX: "AGPL-3.0-or-later"}}},
		{"publiccode.yaml bad", "publiccode.yaml", "legal:\n  license: Licence libre\n",
			[]Declaration{{Line: 2, Source: SourcePubliccode, Raw: "Licence libre", SPDX: ""}}},
		{"pyproject license table", "pyproject.toml", "[project]\nname = \"x\"\n\n[project.license]\ntext = \"CeCILL-B\"\n",
			[]Declaration{{Line: 5, Source: SourcePyproject, Raw: "CeCILL-B", SPDX: "CECILL-B"}}},
		{"setup.cfg license_expression", "setup.cfg", "[metadata]\nname = x\nlicense_expression = EUPL-1.2 OR MIT\n",
			[]Declaration{{Line: 3, Source: SourceSetupCfg, Raw: "EUPL-1.2 OR MIT", SPDX: "EUPL-1.2 OR MIT"}}},
		{"setup.py license_expression", "setup.py", "setup(\n    name='x',\n    license_expression=\"AGPL-3.0-or-later\",\n)\n",
			[]Declaration{{Line: 3, Source: SourceSetupPy, Raw: "AGPL-3.0-or-later", SPDX: "AGPL-3.0-or-later"}}},
		{"PKG-INFO License-Expression", "src/x.egg-info/PKG-INFO", "Metadata-Version: 2.4\nName: x\nVersion: 1.0\nLicense-Expression: MIT AND CC-BY-4.0\nLicense-File: LICENSE\nClassifier: License :: OSI Approved :: MIT License\n\nLicense: not a field, the long description\n",
			[]Declaration{{Line: 4, Source: SourceCoreMetadata, Raw: "MIT AND CC-BY-4.0", SPDX: "MIT AND CC-BY-4.0"}, {Line: 6, Source: SourceClassifier, Raw: "MIT License", SPDX: "MIT"}}},
		{"METADATA free-text License", "x-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: x\nLicense: GNU GPL v3\n",
			[]Declaration{{Line: 3, Source: SourceCoreMetadata, Raw: "GNU GPL v3", SPDX: Normalize("GNU GPL v3")}}},
		{"METADATA without Metadata-Version", "docs/METADATA", "Title: notes\nLicense: MIT\n", nil},
		// DESCRIPTION is read by parseDescription, the same code as branch
		// licence's (issue 15): see the note of branch consistent.
		{"R DESCRIPTION MIT + file", "DESCRIPTION", "Package: disagg\nTitle: Disaggregation\nVersion: 0.1.0\nLicense: MIT + file LICENSE\nEncoding: UTF-8\n",
			[]Declaration{{Line: 4, Source: SourceDescription, Raw: "MIT", SPDX: "MIT"}}},
		{"R DESCRIPTION GPL-3", "pkg/DESCRIPTION", "Package: x\nLicense: GPL-3\n",
			[]Declaration{{Line: 2, Source: SourceDescription, Raw: "GPL-3.0-only", SPDX: "GPL-3.0-only"}}},
		{"R DESCRIPTION or later", "DESCRIPTION", "Package: x\nLicense: GPL (>= 2)\n",
			[]Declaration{{Line: 2, Source: SourceDescription, Raw: "GPL-2.0-or-later", SPDX: "GPL-2.0-or-later"}}},
		{"DESCRIPTION that is no R package", "DESCRIPTION", "Unnamed repository; edit this file to name it for gitweb.\n", nil},
		{"vendored", "vendor/github.com/x/y/package.json", `{"license": "MIT"}`, nil},
		{"node_modules", "web/node_modules/left-pad/package.json", `{"license": "WTFPL"}`, nil},
		{"testdata", "testdata/pyproject.toml", "[project]\nlicense = \"MIT\"\n", nil},
		{"third_party", "third_party/lib/Cargo.toml", "[package]\nlicense = \"MIT\"\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, map[string]string{c.path: c.text})
			got := r.Declarations
			if len(got) != len(c.want) {
				t.Fatalf("declarations %+v, want %+v", got, c.want)
			}
			for i, w := range c.want {
				w.Path = c.path
				if got[i] != w {
					t.Errorf("declaration %+v, want %+v", got[i], w)
				}
			}
		})
	}
}

func TestConsistency(t *testing.T) {
	r := detect(t, map[string]string{
		"LICENSE":        testdata(t, "MIT.txt"),
		"LICENSE-docs":   testdata(t, "etalab-2.0.fr.txt"),
		"package.json":   `{"license": "MIT"}`,
		"composer.json":  `{"license": "GPL-3.0-or-later"}`,
		"publiccode.yml": "legal:\n  license: MIT AND etalab-2.0\n",
		"setup.cfg":      "[metadata]\nlicense = Licence libre\n",
	})
	if r.Expression != "MIT AND etalab-2.0" {
		t.Fatalf("expression %q", r.Expression)
	}
	ds := Consistency(r)
	byPath := map[string]Disagreement{}
	for _, d := range ds {
		byPath[d.Declaration.Path] = d
	}
	if _, ok := byPath["package.json"]; ok {
		t.Error("package.json MIT disagrees, but the code's licence is MIT (etalab-2.0 covers docs)")
	}
	if _, ok := byPath["publiccode.yml"]; ok {
		t.Error("publiccode.yml agrees")
	}
	if d, ok := byPath["composer.json"]; !ok || len(d.Extra) != 1 || d.Extra[0] != "GPL-3.0-or-later" || len(d.Missing) != 1 || d.Missing[0] != "MIT" {
		t.Errorf("composer.json: %+v", d)
	}
	if d, ok := byPath["setup.cfg"]; !ok || !d.Unrecognised {
		t.Errorf("setup.cfg: %+v", d)
	}
	if len(ds) != 2 {
		t.Errorf("%d disagreements: %+v", len(ds), ds)
	}
}
