package checks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/license"
)

// officialText is a licence text as `ouvert init` writes it.
func officialText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "internal", "scaffold", "licences", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// consistent scans files committed in a real git repository and returns
// license/consistent's outcome, its reason and its findings in lang.
func consistent(t *testing.T, files map[string]string, lang string) (finding.Outcome, string, []string) {
	t.Helper()
	env := gitRepo(t, files, recent)
	rep, err := license.Detect(env.Repo)
	if err != nil {
		t.Fatal(err)
	}
	env.License = rep
	o, _, fs := outcomes(t, License{}, env)
	res, _ := License{}.Run(context.Background(), env)
	reason := ""
	for _, r := range res.Rules {
		if r.Rule == licenseConsistentRule {
			reason = env.Catalog.Text(r.Rule, r.Reason, lang)
		}
	}
	var found []string
	for _, f := range fs {
		if f.Rule == licenseConsistentRule {
			sev := f.Severity
			if sev == "" {
				sev = "rule"
			}
			found = append(found, string(sev)+" "+f.Path+": "+env.Catalog.Text(f.Rule, f.Message, lang))
		}
	}
	return o[licenseConsistentRule], reason, found
}

func hasFinding(found []string, parts ...string) bool {
	for _, f := range found {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(f, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// Issue 14, license/consistent: a directory with its own licence file is a
// separate component, a statement naming its part is that part's licence,
// and per-module licences are a structure; none is a contradiction.
func TestLicenceStructure(t *testing.T) {
	agpl, mit := officialText(t, "AGPL-3.0.txt"), officialText(t, "MIT.txt")
	cecill21, cecillC := officialText(t, "CECILL-2.1.fr.txt"), officialText(t, "CECILL-C.fr.txt")
	rootJSON := `{"name": "app", "license": "AGPL-3.0-or-later"}`
	cases := []struct {
		name  string
		files map[string]string
		want  finding.Outcome
		// every finding listed must be there (all the substrings of one
		// entry in one finding)
		findings [][]string
		// no finding may hold all the substrings of an entry
		absent [][]string
		// reason is in the rule's message when set
		reason string
	}{
		{"vendored library with its own licence file", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"static/lib/somelib/package.json": `{"name": "somelib", "license": "MIT"}`,
			"static/lib/somelib/LICENSE":      mit,
		}, finding.Pass,
			[][]string{{"note static/lib/somelib/LICENSE", "static/lib/somelib/ is a separate component", "(MIT)", "static/lib/somelib/package.json is compared with that licence"}},
			[][]string{{"rule "}}, ""},
		{"monorepo packages with a copy of the root licence", map[string]string{
			"LICENSE": mit, "package.json": `{"name": "root", "license": "MIT"}`,
			"packages/a/LICENSE": mit, "packages/a/package.json": `{"name": "a", "license": "MIT"}`,
		}, finding.Pass, nil, [][]string{{"rule "}, {"note "}}, "2 declarations agree with MIT (package.json, packages/a/package.json)"},
		{"vendored library without its licence file is still compared", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"static/lib/somelib/package.json": `{"name": "somelib", "license": "MIT"}`,
		}, finding.Fail,
			[][]string{{"rule static/lib/somelib/package.json", "declares MIT", "AGPL-3.0-or-later"}}, nil,
			"1 declaration disagrees with AGPL-3.0-or-later (static/lib/somelib/package.json)"},
		{"component manifest contradicting its own licence file", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"static/lib/somelib/package.json": `{"name": "somelib", "license": "ISC"}`,
			"static/lib/somelib/LICENSE":      mit,
		}, finding.Fail,
			[][]string{{"rule static/lib/somelib/package.json", "declares ISC", "component static/lib/somelib/ says MIT"}}, nil,
			"1 declaration contradicts the licence file it falls under: static/lib/somelib/package.json"},
		{"component licence file not recognised", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"static/lib/other/package.json": `{"name": "other", "license": "MIT"}`,
			"static/lib/other/LICENSE.txt":  "Copyright 2019 Someone. All rights reserved, see the website.\n",
		}, finding.Pass,
			[][]string{{"note static/lib/other/LICENSE.txt", "static/lib/other/ is a separate component", "not recognised"}}, [][]string{{"rule "}}, ""},
		{"licence-named templates and unreadable files with nothing declared", map[string]string{
			"LICENSE": mit, "package.json": `{"name": "app", "license": "MIT"}`,
			"src/app/licence/licence.component.html": "<p>Licence MIT</p>\n",
			"src/app/licence/package.json":           `{"name": "licence-page", "license": "MIT"}`,
			"assets/fonts/LICENSE.txt":               "Copyright 2019 Someone. All rights reserved.\n",
		}, finding.Pass, nil, [][]string{{"rule "}, {"note "}}, "2 declarations agree with MIT (package.json, src/app/licence/package.json)"},
		{"documentation licence named with its scope", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"README.md": "# App\n\n## Licence\n\nThe code is licensed under the AGPL-3.0-or-later.\nThe documentation, in docs/, is licensed under Etalab-2.0.\n",
		}, finding.Pass,
			[][]string{{"note README.md", `"documentation, in docs/" under etalab-2.0`}}, [][]string{{"rule "}}, ""},
		{"documentation licence named with its scope, in French", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"README.md": "# App\n\n## Licence\n\nCe projet est publié sous licence AGPL-3.0-or-later, la documentation sous licence Etalab 2.0.\n",
		}, finding.Pass,
			[][]string{{"note README.md", `"documentation" under etalab-2.0`}}, [][]string{{"rule "}}, ""},
		{"code and other contents under two licences in one sentence", map[string]string{
			"LICENSE":   mit,
			"README.md": "# Doc\n\n## Licence\n\nLe dépôt est publié sous licence MIT pour le code et sous licence Etalab 2.0 pour les autres contenus.\n",
		}, finding.Pass,
			[][]string{{"note README.md", `"contenus" under etalab-2.0`}}, [][]string{{"rule "}}, "1 declaration agrees with MIT (README.md)"},
		{"vendored library with a licence file per licence of its choice", map[string]string{
			"LICENSE": cecill21, "pom.xml": pom("CeCILL-2.1"),
			"javalibpst/pom.xml": pom("Apache-2.0"), "javalibpst/LICENSE.APACHE-2.0.txt": officialText(t, "Apache-2.0.txt"),
			"javalibpst/LICENSE.LGPL.txt": officialText(t, "LGPL-3.0.txt"),
		}, finding.Pass,
			[][]string{{"note javalibpst/LICENSE.APACHE-2.0.txt", "javalibpst/ is a separate component", "javalibpst/pom.xml is compared"}}, [][]string{{"rule "}}, ""},
		{"a statement for the whole project still contradicts", map[string]string{
			"LICENSE": agpl, "package.json": rootJSON,
			"README.md": "# App\n\nThis software and its documentation are licensed under the MIT licence.\n",
		}, finding.Fail,
			[][]string{{"rule README.md", "declares MIT"}}, nil, ""},
		{"modules with their own licence files", map[string]string{
			"LICENSE": cecill21, "pom.xml": pom("CeCILL-2.1"),
			"server/pom.xml": pom("CeCILL-2.1"),
			"client/pom.xml": pom("CeCILL-C"), "client/LICENSE": cecillC,
		}, finding.Pass,
			[][]string{{"note client/LICENSE", "client/ is a separate component", "(CECILL-C)", "client/pom.xml is compared"}}, [][]string{{"rule "}}, ""},
		{"modules declaring their share of the repository's licences", map[string]string{
			"LICENSE.CeCILL-2.1": cecill21, "LICENSE.CeCILL-C": cecillC, "pom.xml": pom("CeCILL-2.1"),
			"server/pom.xml": pom("CeCILL-2.1"),
			"client/pom.xml": pom("CeCILL-C"),
		}, finding.Pass,
			[][]string{
				{"note client/pom.xml", "declares CECILL-C for the module client/", "CECILL-2.1 AND CECILL-C"},
				{"note server/pom.xml", "declares CECILL-2.1 for the module server/"},
				{"note pom.xml", "for the root of the project"},
			}, [][]string{{"rule "}}, ""},
		{"a module declaring a licence with no text is a contradiction", map[string]string{
			"LICENSE.CeCILL-2.1": cecill21, "LICENSE.CeCILL-C": cecillC,
			"client/pom.xml": pom("MIT"),
		}, finding.Fail,
			[][]string{{"rule client/pom.xml", "declares MIT"}}, nil, ""},
		{"a root manifest leaving a licence to nobody", map[string]string{
			"LICENSE.CeCILL-2.1": cecill21, "LICENSE.CeCILL-C": cecillC, "pom.xml": pom("CeCILL-2.1"),
		}, finding.Fail,
			[][]string{{"rule pom.xml", "declares CECILL-2.1"}}, nil, ""},
		{"R package: MIT + file LICENSE", map[string]string{
			"DESCRIPTION": "Package: disagg\nVersion: 0.1.0\nLicense: MIT + file LICENSE\n",
			"LICENSE":     "YEAR: 2024\nCOPYRIGHT HOLDER: disagg authors\n",
			"LICENSE.md":  mit,
		}, finding.Pass, nil, [][]string{{"rule "}}, "1 declaration agrees with MIT (DESCRIPTION)"},
		{"only unrecognised declarations", map[string]string{
			"LICENSE": mit, "package.json": `{"license": "SEE LICENSE IN LICENSE"}`,
		}, finding.Pass, [][]string{{"note package.json", "SEE LICENSE IN LICENSE"}}, nil, "no declaration names a recognised licence"},
		{"R package declaring another licence", map[string]string{
			"DESCRIPTION": "Package: disagg\nVersion: 0.1.0\nLicense: AGPL-3\n",
			"LICENSE.md":  mit,
		}, finding.Fail,
			[][]string{{"rule DESCRIPTION", "declares AGPL-3.0-only", "say MIT"}}, nil, ""},
		{"Python PEP 639 license_expression", map[string]string{
			"LICENSE":   mit,
			"setup.cfg": "[metadata]\nname = x\nlicense_expression = EUPL-1.2\n",
		}, finding.Fail,
			[][]string{{"rule setup.cfg", "declares EUPL-1.2"}}, nil, ""},
		{"Python core metadata", map[string]string{
			"LICENSE":                 mit,
			"src/x.egg-info/PKG-INFO": "Metadata-Version: 2.4\nName: x\nLicense-Expression: Apache-2.0\n",
		}, finding.Fail,
			[][]string{{"rule src/x.egg-info/PKG-INFO", "declares Apache-2.0"}}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, reason, found := consistent(t, tc.files, "en")
			if o != tc.want {
				t.Errorf("license/consistent = %s (%s), want %s; findings:\n%s", o, reason, tc.want, strings.Join(found, "\n"))
			}
			if !strings.Contains(reason, tc.reason) {
				t.Errorf("reason %q, want %q", reason, tc.reason)
			}
			for _, w := range tc.findings {
				if !hasFinding(found, w...) {
					t.Errorf("no finding with %q; reason %q, findings:\n%s", w, reason, strings.Join(found, "\n"))
				}
			}
			for _, a := range tc.absent {
				if hasFinding(found, a...) {
					t.Errorf("a finding has %q; findings:\n%s", a, strings.Join(found, "\n"))
				}
			}
		})
	}
}

func pom(licence string) string {
	return "<?xml version=\"1.0\"?>\n<project>\n  <licenses>\n    <license>\n      <name>" + licence + "</name>\n    </license>\n  </licenses>\n</project>\n"
}
