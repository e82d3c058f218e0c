package license

import "testing"

// TestComponentDir: which licence-named files make their directory a
// separate component.
func TestComponentDir(t *testing.T) {
	for p, want := range map[string]string{
		"static/lib/somelib/LICENSE":             "static/lib/somelib/",
		"client/LICENSE.md":                      "client/",
		"javalibpst/LICENSE.APACHE-2.0.txt":      "javalibpst/",
		"lib/x/COPYING.LESSER":                   "lib/x/",
		"LICENSE":                                "",
		"LICENSES/MIT.txt":                       "",
		".github/LICENSE":                        "",
		"web/.cache/LICENSE":                     "",
		"vendor/github.com/x/y/LICENSE":          "",
		"web/node_modules/left-pad/LICENSE":      "",
		"testdata/repo/LICENSE":                  "",
		"src/app/licence/licence.component.html": "",
		"src/app/licence/licence.component.ts":   "",
		"docs/licenses.csv":                      "",
		"src/license.go":                         "",
		"static/lib/somelib/README.md":           "",
	} {
		if got := componentDir(p); got != want {
			t.Errorf("componentDir(%q) = %q, want %q", p, got, want)
		}
	}
}
