package publiccode

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// memFiles is a repository's files for the logo and screenshot checks.
type memFiles map[string][]byte

func (m memFiles) Read(p string, limit int64) ([]byte, error) {
	b, ok := m[p]
	if !ok {
		return nil, source.ErrNotFound
	}
	if int64(len(b)) > limit {
		b = b[:limit]
	}
	return b, nil
}

func pngBytes(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const svg = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>`

func repoFiles(t testing.TB) memFiles {
	return memFiles{"img/logo.svg": []byte(svg), "img/capture.png": pngBytes(t, 4, 3)}
}

func base(t testing.TB) string {
	b, err := os.ReadFile("testdata/valid.yml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit replaces old, which must occur once, by new.
func edit(t testing.TB, s, old, repl string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("edit: %q occurs %d times", old, n)
	}
	return strings.Replace(s, old, repl, 1)
}

type want struct {
	sev finding.Severity
	key string
	id  string
}

func (w want) String() string { return fmt.Sprintf("%s %s %s", w.sev, w.key, w.id) }

func got(r *Result) []want {
	var out []want
	for _, p := range r.Problems {
		out = append(out, want{p.Severity, p.Key, p.Message.ID})
	}
	return out
}

// The complete file validates; its second language lacks longDescription
// and features, which the standard allows and the reference does not.
func TestValidFile(t *testing.T) {
	r := Validate([]byte(base(t)), Options{Files: repoFiles(t)})
	w := []want{
		{finding.Warning, "description[en-GB].features", "missing-in-language"},
		{finding.Warning, "description[en-GB].longDescription", "missing-in-language"},
	}
	if !r.Valid() || fmt.Sprint(got(r)) != fmt.Sprint(w) {
		t.Fatalf("problems: %v, want %v", got(r), w)
	}
	d := r.Doc
	if d.Name != "Registre des subventions" || d.License != "EUPL-1.2 OR AGPL-3.0-or-later" || d.SoftwareVersion != "2.10" ||
		d.MaintenanceType != "contract" || len(d.Contractors) != 1 || d.Contractors[0].Until != "2027-12-31" ||
		len(d.Contacts) != 1 || d.Contacts[0].Email != "camille.martin@agence.example.gouv.fr" ||
		fmt.Sprint(d.Languages) != "[fr en-GB]" || d.Line("legal", "license") != 78 {
		t.Errorf("doc: %+v, license line %d", d, d.Line("legal", "license"))
	}
}

func TestProblems(t *testing.T) {
	E, W := finding.Error, finding.Warning
	cases := []struct {
		name  string
		edit  func(t testing.TB, s string) string
		valid bool
		want  []want
	}{
		{"missing name", func(t testing.TB, s string) string { return edit(t, s, "name: Registre des subventions\n", "") },
			false, []want{{E, "name", "required"}}},
		{"empty name", func(t testing.TB, s string) string {
			return edit(t, s, "name: Registre des subventions\n", "name:\n")
		}, false, []want{{E, "name", "required"}}},
		{"name wrong type", func(t testing.TB, s string) string {
			return edit(t, s, "name: Registre des subventions\n", "name: [a, b]\n")
		}, false, []want{{E, "name", "type-string"}}},
		{"bad status with suggestion", func(t testing.TB, s string) string {
			return edit(t, s, "developmentStatus: stable", "developmentStatus: Stable")
		}, false, []want{{E, "developmentStatus", "enum-suggest"}}},
		{"bad software type", func(t testing.TB, s string) string {
			return edit(t, s, "softwareType: standalone/web", "softwareType: website")
		}, false, []want{{E, "softwareType", "enum"}}},
		{"unknown category", func(t testing.TB, s string) string {
			return edit(t, s, "  - grant-management\n", "  - grant-managment\n")
		}, false, []want{{E, "categories[0]", "not-in-category-suggest"}}},
		{"unknown scope", func(t testing.TB, s string) string {
			return edit(t, s, "    - local-authorities\n", "    - collectivites\n")
		}, false, []want{{E, "intendedAudience.scope[1]", "not-in-scope"}}},
		{"platform case", func(t testing.TB, s string) string { return edit(t, s, "  - linux\n", "  - Linux\n") },
			true, []want{{W, "platforms[1]", "platform-case"}}},
		{"platform outside the list", func(t testing.TB, s string) string { return edit(t, s, "  - linux\n", "  - freebsd\n") },
			true, nil},
		{"platforms as a string", func(t testing.TB, s string) string {
			return edit(t, s, "platforms:\n  - web\n  - linux\n", "platforms: web\n")
		}, true, []want{{W, "platforms", "platforms-string"}}},
		{"empty platforms", func(t testing.TB, s string) string {
			return edit(t, s, "platforms:\n  - web\n  - linux\n", "platforms: []\n")
		}, false, []want{{E, "platforms", "empty-list"}}},
		{"short description too long", func(t testing.TB, s string) string {
			return edit(t, s, "shortDescription: Publier et suivre", "shortDescription: "+strings.Repeat("é", 140)+" Publier et suivre")
		}, false, []want{{E, "description.fr.shortDescription", "max-length"}}},
		{"long description too short", func(t testing.TB, s string) string {
			i := strings.Index(s, "    longDescription: >")
			j := strings.Index(s, "    documentation:")
			return s[:i] + "    longDescription: Trop court.\n" + s[j:]
		}, false, []want{{E, "description.fr.longDescription", "min-length"}}},
		{"no language has features", func(t testing.TB, s string) string {
			return edit(t, s, "    features:\n      - Saisie des subventions\n      - Export en données ouvertes\n", "")
		}, false, []want{{E, "description.fr.features", "required"}, {E, "description[en-GB].features", "required"}}},
		{"empty features", func(t testing.TB, s string) string {
			return edit(t, s, "    features:\n      - Saisie des subventions\n      - Export en données ouvertes\n", "    features: []\n")
		}, false, []want{{E, "description.fr.features", "empty-list"}, {E, "description[en-GB].features", "required"}}},
		{"missing short description", func(t testing.TB, s string) string {
			return edit(t, s, "    shortDescription: Publish and follow the grants a local authority pays.\n", "    localisedName: Grants\n")
		}, false, []want{{E, "description[en-GB].shortDescription", "required"}}},
		{"bad language key", func(t testing.TB, s string) string { return edit(t, s, "  en-GB:\n", "  english:\n") },
			false, []want{{E, "description", "bcp47"}}},
		{"underscore language", func(t testing.TB, s string) string { return edit(t, s, "    - en-GB\n", "    - en_GB\n") },
			false, []want{{E, "localisation.availableLanguages[1]", "bcp47-underscore"}}},
		{"bad date", func(t testing.TB, s string) string {
			return edit(t, s, `releaseDate: "2026-03-02"`, `releaseDate: "02/03/2026"`)
		}, false, []want{{E, "releaseDate", "date"}}},
		{"impossible date", func(t testing.TB, s string) string {
			return edit(t, s, `releaseDate: "2026-03-02"`, `releaseDate: 2026-02-30`)
		}, false, []want{{E, "releaseDate", "date"}}},
		{"unquoted date is fine", func(t testing.TB, s string) string {
			return edit(t, s, `releaseDate: "2026-03-02"`, `releaseDate: 2026-03-02`)
		}, true, nil},
		{"unquoted version", func(t testing.TB, s string) string {
			return edit(t, s, `softwareVersion: "2.10"`, `softwareVersion: 2.10`)
		}, true, []want{{W, "softwareVersion", "unquoted-number"}}},
		{"yes for a boolean", func(t testing.TB, s string) string {
			return edit(t, s, "localisationReady: true", "localisationReady: yes")
		}, false, []want{{E, "localisation.localisationReady", "type-yaml11-bool"}}},
		{"bad email", func(t testing.TB, s string) string {
			return edit(t, s, "email: camille.martin@agence.example.gouv.fr", "email: Camille <camille@agence.example.gouv.fr>")
		}, false, []want{{E, "maintenance.contacts[0].email", "email"}}},
		{"empty email placeholder", func(t testing.TB, s string) string {
			return edit(t, s, "email: camille.martin@agence.example.gouv.fr", `email: ""`)
		}, true, []want{{W, "maintenance.contacts[0].email", "empty-value"}}},
		{"empty url placeholder", func(t testing.TB, s string) string {
			return edit(t, s, `landingURL: "https://registre.example.gouv.fr"`, `landingURL: ""`)
		}, false, []want{{E, "landingURL", "empty-value"}}},
		{"url not http", func(t testing.TB, s string) string {
			return edit(t, s, `roadmap: "https://git.example.gouv.fr/collectivites/registre/-/milestones"`, `roadmap: "ftp://example.org/roadmap"`)
		}, false, []want{{E, "roadmap", "http-url"}}},
		{"bad country", func(t testing.TB, s string) string { return edit(t, s, "    - BE\n", "    - XX\n") },
			false, []want{{E, "intendedAudience.countries[1]", "country"}}},
		{"mixed-case country", func(t testing.TB, s string) string { return edit(t, s, "    - BE\n", "    - Be\n") },
			false, []want{{E, "intendedAudience.countries[1]", "country"}}},
		{"lowercase country", func(t testing.TB, s string) string { return edit(t, s, "    - BE\n", "    - be\n") },
			true, []want{{W, "intendedAudience.countries[1]", "country-lowercase"}}},
		{"bad licence", func(t testing.TB, s string) string {
			return edit(t, s, "license: EUPL-1.2 OR AGPL-3.0-or-later", "license: Licence libre")
		}, false, []want{{E, "legal.license", "spdx"}}},
		{"licence name", func(t testing.TB, s string) string {
			return edit(t, s, "license: EUPL-1.2 OR AGPL-3.0-or-later", "license: Apache License 2.0")
		}, false, []want{{E, "legal.license", "spdx-suggest"}}},
		{"contractors without contract", func(t testing.TB, s string) string {
			return edit(t, s, "  type: contract\n", "  type: internal\n")
		}, false, []want{{E, "maintenance.contractors", "excluded-unless"}}},
		{"contract without contractors", func(t testing.TB, s string) string {
			i := strings.Index(s, "  contractors:\n")
			j := strings.Index(s, "  contacts:\n")
			return s[:i] + s[j:]
		}, false, []want{{E, "maintenance.contractors", "required-when"}}},
		{"community without contacts", func(t testing.TB, s string) string {
			i := strings.Index(s, "  type: contract\n")
			j := strings.Index(s, "localisation:\n")
			return s[:i] + "  type: community\n\n" + s[j:]
		}, false, []want{{E, "maintenance.contacts", "required-when"}}},
		{"contractor until missing", func(t testing.TB, s string) string {
			return edit(t, s, "      until: \"2027-12-31\"\n", "")
		}, false, []want{{E, "maintenance.contractors[0].until", "required"}}},
		{"unknown key with suggestion", func(t testing.TB, s string) string {
			return edit(t, s, "landingURL:", "landingUrl:")
		}, true, []want{{W, "landingUrl", "unknown-key-suggest"}}},
		{"fundedBy url for uri", func(t testing.TB, s string) string {
			return edit(t, s, `    uri: "https://agence.example.gouv.fr"`, `    url: "https://agence.example.gouv.fr"`)
		}, false, []want{{W, "fundedBy[0].url", "unknown-key-suggest"}, {E, "fundedBy[0].uri", "required"}}},
		{"template extras", func(t testing.TB, s string) string {
			return s + "creationDate: \"2020-01-01\"\nlatestRelease: \"1.0\"\nlocalization:\n  x: 1\n"
		}, true, []want{{W, "creationDate", "unknown-key-not-standard"}, {W, "latestRelease", "unknown-key-suggest"},
			{W, "localization", "unknown-key-suggest"}}},
		{"deprecated keys", func(t testing.TB, s string) string {
			s = edit(t, s, "  mainCopyrightOwner: Agence Exemple\n", "  mainCopyrightOwner: Agence Exemple\n  repoOwner: Agence Exemple\n")
			return edit(t, s, "    localisedName: Registre des subventions\n", "    genericName: Registre\n")
		}, true, []want{{W, "description.fr.genericName", "deprecated"}, {W, "legal.repoOwner", "deprecated-use"}}},
		{"country section", func(t testing.TB, s string) string {
			return s + "it:\n  piattaforme:\n    spid: true\n  riuso:\n    codiceIPA: pcm\n"
		}, true, []want{{W, "it", "country-lowercase-section"}, {W, "it.riuso.codiceIPA", "deprecated-use"}}},
		{"unknown alias", func(t testing.TB, s string) string { return edit(t, s, "alias:gdpr", "alias:rgpd") },
			false, []want{{E, "supports[0].id", "alias-unknown"}}},
		{"duplicate key", func(t testing.TB, s string) string { return s + "name: Autre nom\n" },
			false, []want{{E, "name", "duplicate-key"}}},
		{"old version", func(t testing.TB, s string) string {
			return edit(t, s, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "0.2"`)
		}, true, []want{{W, "publiccodeYmlVersion", "version-old"}, {W, "fundedBy", "newer-key"},
			{W, "supports", "newer-key"}, {W, "organisation", "newer-key"}}},
		{"unquoted old version", func(t testing.TB, s string) string {
			return edit(t, s, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: 0.5`)
		}, true, []want{{W, "publiccodeYmlVersion", "version-old"}, {W, "publiccodeYmlVersion", "unquoted-number"},
			{W, "supports", "newer-key"}}},
		{"0.6 is a published version", func(t testing.TB, s string) string {
			return edit(t, s, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "0.6.0"`)
		}, true, []want{{W, "publiccodeYmlVersion", "version-old"}, {W, "supports", "newer-key"}}},
		{"unknown version", func(t testing.TB, s string) string {
			return edit(t, s, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "1"`)
		}, false, []want{{E, "publiccodeYmlVersion", "version-unsupported"}}},
		{"logo missing", func(t testing.TB, s string) string { return edit(t, s, "logo: img/logo.svg", "logo: img/absent.svg") },
			false, []want{{E, "logo", "file-missing"}}},
		{"logo format", func(t testing.TB, s string) string { return edit(t, s, "logo: img/logo.svg", "logo: img/logo.gif") },
			false, []want{{E, "logo", "file-extension"}}},
		{"logo absolute", func(t testing.TB, s string) string { return edit(t, s, "logo: img/logo.svg", "logo: /img/logo.svg") },
			false, []want{{E, "logo", "file-absolute"}}},
		{"logo outside", func(t testing.TB, s string) string { return edit(t, s, "logo: img/logo.svg", "logo: ../logo.svg") },
			false, []want{{E, "logo", "file-outside"}}},
		{"logo as a URL is left to --online", func(t testing.TB, s string) string {
			return edit(t, s, "logo: img/logo.svg", "logo: https://example.org/logo.svg")
		}, true, nil},
		{"screenshot not a PNG", func(t testing.TB, s string) string {
			return edit(t, s, "      - img/capture.png\n", "      - img/logo.png\n")
		}, false, []want{{E, "description.fr.screenshots[0]", "file-format"}}},
		{"merge keys and anchors", func(t testing.TB, s string) string {
			s = edit(t, s, "    - name: Camille Martin\n", "    - &camille\n      name: Camille Martin\n")
			return edit(t, s, "      affiliation: Agence Exemple\n",
				"      affiliation: Agence Exemple\n    - <<: *camille\n      phone: \"+33 1 00 00 00 00\"\n")
		}, true, nil},
	}
	files := repoFiles(t)
	files["img/logo.png"] = []byte(svg)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Validate([]byte(c.edit(t, base(t))), Options{Files: files})
			g := got(r)
			have := map[string]bool{}
			for _, p := range g {
				have[p.String()] = true
			}
			for _, w := range c.want {
				if !have[w.String()] {
					t.Errorf("missing %v; got %v", w, g)
				}
			}
			if r.Valid() != c.valid {
				t.Errorf("valid = %v, want %v; problems %v", r.Valid(), c.valid, g)
			}
			// Nothing unexpected beyond the base file's two warnings.
			extra := 0
			for _, p := range g {
				if p.sev == finding.Error {
					found := false
					for _, w := range c.want {
						found = found || w == p
					}
					if !found {
						extra++
						t.Errorf("unexpected %v", p)
					}
				}
			}
		})
	}
}

// Every message a problem can carry has a text in both languages, and
// every text names the key first (except those about the whole file).
func TestMessagesInCatalog(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := cat.Rule(Rule)
	if !ok {
		t.Fatal("no rule", Rule)
	}
	ids := messageIDs(t)
	for id := range ids {
		text, ok := r.Messages[id]
		if !ok {
			t.Errorf("message %q has no text in the catalog", id)
			continue
		}
		fileWide := map[string]bool{"too-large": true, "not-utf8": true, "empty": true, "yaml": true, "multiple-documents": true,
			"not-mapping": true, "too-many-nodes": true}
		if !fileWide[id] && (!strings.HasPrefix(text.EN, "{key}") || !strings.HasPrefix(text.FR, "{key}")) {
			t.Errorf("message %q does not start with {key}", id)
		}
	}
	if len(ids) < 50 {
		t.Errorf("found only %d message ids: the pattern is stale", len(ids))
	}
}

// messageIDs collects the message ids the package passes as literals to
// its reporting functions, and the deprecation ids of the schema.
func messageIDs(t *testing.T) map[string]bool {
	argAt := map[string]int{"errorf": 2, "warnf": 2, "add": 3, "addAt": 4, "fileProblem": 0}
	ids := map[string]bool{"deprecated": true, "deprecated-use": true, "country-section": true, "country-lowercase-section": true}
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, ok := argAt[sel.Sel.Name]
			if !ok || i >= len(call.Args) {
				return true
			}
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				ids[strings.Trim(lit.Value, `"`)] = true
			}
			return true
		})
	}
	for _, w := range []string{"string", "boolean", "list", "mapping"} {
		ids["type-"+w] = true
	}
	for _, l := range []string{"category", "scope"} {
		ids["not-in-"+l] = true
		ids["not-in-"+l+"-suggest"] = true
	}
	return ids
}
