package publiccode

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/yamledit"
)

var testFacts = &Facts{
	Name: "Registre", URL: "https://git.example.gouv.fr/collectivites/registre", License: "EUPL-1.2",
	Version: "2.1.0", ReleaseDate: "2026-02-03", Lang: "fr", Platforms: []string{"web"}, SoftwareType: "standalone/web",
}

// TestFixCorpus runs the fixer over the corpus of broken files: a file
// whose problems are all mechanical validates with no help from the
// repository, one that lacks values validates with them, one that needs a
// person does not; fixing twice changes nothing the second time; full-line
// comments and the order of the keys that stay survive.
func TestFixCorpus(t *testing.T) {
	files, err := filepath.Glob("../../testdata/publiccode-fix/*.yml")
	if err != nil || len(files) < 10 {
		t.Fatalf("corpus: %v, %d files", err, len(files))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if Validate(data, Options{}).Valid() {
				t.Fatal("the corpus file is valid already")
			}
			bare := Fix(data, FixOptions{})
			full := Fix(data, FixOptions{Facts: testFacts})
			switch {
			case strings.HasPrefix(name, "mechanical-"):
				mustBeValid(t, bare)
				for _, c := range bare.Changes {
					if c.Review {
						t.Errorf("without facts, a change to review: %+v", c)
					}
				}
			case strings.HasPrefix(name, "inferred-"):
				if bare.Result.Valid() {
					t.Error("valid without the repository's facts: not an inferred case")
				}
				mustBeValid(t, full)
				if !slices.ContainsFunc(full.Changes, func(c Change) bool { return c.Review }) {
					t.Error("no change marked for review")
				}
			case strings.HasPrefix(name, "person-"):
				if full.Result.Valid() {
					t.Error("a file that needs a person validates")
				}
				if !full.Changed() {
					t.Error("nothing fixed in a file with mechanical problems too")
				}
			default:
				t.Fatal("corpus files are named mechanical-, inferred- or person-")
			}
			for _, f := range []*Fixed{bare, full} {
				again := Fix(f.Data, FixOptions{Facts: testFacts})
				if f == full && again.Changed() {
					t.Errorf("a second run changes %+v", again.Changes)
				}
				checkRounds(t, data, f)
				keepsComments(t, data, f.Data)
				keepsOrder(t, data, f.Data)
			}
		})
	}
}

func mustBeValid(t *testing.T, f *Fixed) {
	t.Helper()
	for _, p := range f.Result.Problems {
		if p.Severity == finding.Error {
			t.Errorf("left: line %d %s %s %v", p.Line, p.Key, p.Message.ID, p.Message.Args)
		}
	}
}

// checkRounds proves each round again: parseable, and only the declared
// keys changed.
func checkRounds(t *testing.T, data []byte, f *Fixed) {
	t.Helper()
	prev := data
	for i, r := range f.Rounds {
		if err := yamledit.Check(prev, r.Data, r.Keys); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		prev = r.Data
	}
	if string(prev) != string(f.Data) {
		t.Error("Data is not the last round's")
	}
}

func keepsComments(t *testing.T, before, after []byte) {
	t.Helper()
	for _, l := range strings.Split(string(before), "\n") {
		if c := strings.TrimSpace(l); strings.HasPrefix(c, "#") && !strings.Contains(string(after), c) {
			t.Errorf("comment lost: %q", c)
		}
	}
}

func keepsOrder(t *testing.T, before, after []byte) {
	t.Helper()
	keys := func(b []byte) []string {
		var n yaml.Node
		if yaml.Unmarshal(b, &n) != nil || len(n.Content) == 0 {
			return nil
		}
		var out []string
		for i := 0; i < len(n.Content[0].Content); i += 2 {
			out = append(out, n.Content[0].Content[i].Value)
		}
		return out
	}
	a, b := keys(before), keys(after)
	var common []string
	for _, k := range a {
		if slices.Contains(b, k) {
			common = append(common, k)
		}
	}
	var kept []string
	for _, k := range b {
		if slices.Contains(common, k) {
			kept = append(kept, k)
		}
	}
	if !slices.Equal(common, kept) {
		t.Errorf("root keys reordered: %v, then %v", common, kept)
	}
}

func TestFixDate(t *testing.T) {
	cases := []struct {
		in       string
		dayFirst bool
		want     string
	}{
		{"2024-03-05T10:00:00Z", false, "2024-03-05"},
		{"2024-03-05 10:00", false, "2024-03-05"},
		{"2024/3/5", false, "2024-03-05"},
		{"20240305", false, "2024-03-05"},
		{"25/03/2024", false, "2024-03-25"},
		{"03/25/2024", false, "2024-03-25"},
		{"05/03/2024", true, "2024-03-05"},
		{"05/03/2024", false, ""},
		{"05.03.2024", false, "2024-03-05"},
		{"1er mars 2024", false, "2024-03-01"},
		{"March 5, 2024", false, "2024-03-05"},
		{"5 Mar 2024", false, "2024-03-05"},
		{"31/02/2024", true, ""},
		{"next week", true, ""},
		{"1812-06-24", false, ""},
	}
	for _, tc := range cases {
		got, ok := fixDate(tc.in, tc.dayFirst)
		if tc.want == "" && ok || tc.want != "" && got != tc.want {
			t.Errorf("fixDate(%q, %v) = %q %v, want %q", tc.in, tc.dayFirst, got, ok, tc.want)
		}
	}
}

// Cases the fixer must leave alone, or handle with care.
func TestFixCases(t *testing.T) {
	base := func(extra string) string {
		return `publiccodeYmlVersion: "0"
name: X
url: "https://git.example.org/x"
platforms: [web]
developmentStatus: stable
softwareType: library
description:
  en:
    shortDescription: A library.
    longDescription: "` + strings.Repeat("A useful library. ", 10) + `"
    features: [one]
legal:
  license: MIT
maintenance:
  type: none
localisation:
  localisationReady: false
  availableLanguages: [en]
` + extra
	}
	cases := []struct {
		name, extra, want, notWant string
	}{
		// The right spelling is there with another value: a person chooses.
		{"rename taken", "landingUrl: \"https://a.example\"\nlandingURL: \"https://b.example\"\n", "landingUrl:", ""},
		// The same value: the misspelt copy goes.
		{"rename redundant", "landingUrl: \"https://a.example\"\nlandingURL: \"https://a.example\"\n", "landingURL:", "landingUrl"},
		// A fundedBy entry that is all placeholders goes with its list.
		{"placeholder list", "fundedBy:\n  - name: \"\"\n    url: \"\"\n", "", "fundedBy"},
		// One with a real name stays, renamed, for a person to complete.
		{"half placeholder", "fundedBy:\n  - name: Agence\n    url: \"\"\n", "uri: \"\"", ""},
		// Flow mappings are not patched: the warning stays.
		{"flow", "", "authorsFile", ""},
		// An ambiguous date is left as it is in an English file.
		{"ambiguous date", "releaseDate: \"05/03/2024\"\n", "05/03/2024", ""},
		// A licence at the root moves into legal, beside what is there.
		{"move licence", "", "legal:\n  mainCopyrightOwner: Ville\n  license: EUPL-1.2\n", "\nlicense:"},
		// Contractors with real data under a non-contract type go, flagged.
		{"contractors", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := base(tc.extra)
			if tc.name == "flow" {
				in = strings.Replace(in, "legal:\n  license: MIT\n", "legal: {license: MIT, authorsFile: A.md}\n", 1)
			}
			if tc.name == "move licence" {
				in = strings.Replace(in, "legal:\n  license: MIT\n", "license: EUPL-1.2\nlegal:\n  mainCopyrightOwner: Ville\n", 1)
			}
			if tc.name == "contractors" {
				in = strings.Replace(in, "  type: none\n", "  type: none\n  contractors:\n    - name: Société\n      until: \"2030-01-01\"\n", 1)
			}
			facts := *testFacts
			facts.Version, facts.ReleaseDate = "", "" // no tag
			f := Fix([]byte(in), FixOptions{Facts: &facts})
			out := string(f.Data)
			if tc.want != "" && !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if tc.notWant != "" && strings.Contains(out, tc.notWant) {
				t.Errorf("output has %q:\n%s", tc.notWant, out)
			}
			if tc.name == "contractors" {
				if strings.Contains(out, "contractors") || len(f.Changes) != 1 || !f.Changes[0].Review {
					t.Errorf("contractors with data: changes %+v\n%s", f.Changes, out)
				}
			}
			checkRounds(t, []byte(in), f)
		})
	}
}

func TestFixNotYAML(t *testing.T) {
	for _, in := range []string{"", "a: [", "- a\n- b\n", "a: 1\n---\nb: 2\n", "\xff\xfe"} {
		f := Fix([]byte(in), FixOptions{Facts: testFacts})
		if f.Changed() || string(f.Data) != in || f.Result == nil || f.Result.Valid() {
			t.Errorf("%q: changed %v, data %q", in, f.Changed(), f.Data)
		}
	}
}

func TestExample(t *testing.T) {
	for key, want := range map[string]string{
		"description[en-GB].features":           "example-features",
		"description.fr.longDescription":        "example-longDescription",
		"maintenance.contacts[0].name":          "example-contact-name",
		"maintenance.contacts":                  "example-contacts",
		"legal.license":                         "example-license",
		"intendedAudience.unsupportedCountries": "",
	} {
		if got := Example(key); got != want {
			t.Errorf("Example(%q) = %q, want %q", key, got, want)
		}
	}
}

// FuzzFix: for any input the fixer never panics, never turns a document
// that parses into one that does not, and every round changed only the
// keys it declared (so no key is lost by accident).
func FuzzFix(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/publiccode-fix/*.yml")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("publiccodeYmlVersion: 0.2\nit:\n  riuso:\n    codiceIPA: x\nlegal:\n  repoOwner: y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		fx := Fix(data, FixOptions{Facts: testFacts})
		if !fx.Changed() {
			if string(fx.Data) != string(data) {
				t.Fatal("no change reported, data changed")
			}
			return
		}
		var n yaml.Node
		if err := yaml.Unmarshal(fx.Data, &n); err != nil {
			t.Fatalf("the fixed file does not parse: %v\n%s", err, fx.Data)
		}
		checkRounds(t, data, fx)
	})
}
