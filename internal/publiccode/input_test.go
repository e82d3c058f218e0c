package publiccode

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
)

// Hostile and broken input: one clear problem, never a panic or a hang.
func TestBadInput(t *testing.T) {
	// Merge keys that each pull in the previous mapping ten times: walking
	// it naively visits 10^12 mappings.
	laughs := "x:\n  m0: &m0 {type: internal}\n"
	for i := 1; i <= 12; i++ {
		laughs += fmt.Sprintf("  m%d: &m%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 10), ", "))
	}
	laughs += "maintenance: *m12\n"
	latin1 := []byte("publiccodeYmlVersion: \"0\"\nname: R\xe9gie\n")
	cases := []struct {
		name string
		data []byte
		id   string
		line int
	}{
		{"empty", nil, "empty", 0},
		{"blank", []byte("\n  \n"), "empty", 0},
		{"comment only", []byte("# nothing\n"), "empty", 0},
		{"latin-1", latin1, "not-utf8", 2},
		{"utf-16", []byte("\xff\xfep\x00u\x00"), "not-utf8", 1},
		{"broken yaml", []byte("name: [x\nurl: y\n"), "yaml", 1},
		{"tab indentation", []byte("name: x\n\turl: y\n"), "yaml", 2},
		{"two documents", []byte("name: a\n---\nname: b\n"), "multiple-documents", 2},
		{"a list", []byte("- a\n- b\n"), "not-mapping", 1},
		{"a scalar", []byte("hello\n"), "not-mapping", 1},
		{"billion laughs", []byte(laughs), "too-many-nodes", 0},
		{"10 MB", []byte("name: " + strings.Repeat("x", 10<<20) + "\n"), "too-large", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan *Result, 1)
			go func() { done <- Validate(c.data, Options{}) }()
			var r *Result
			select {
			case r = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Validate hangs")
			}
			if r.Valid() {
				t.Fatal("valid")
			}
			found := false
			for _, p := range r.Problems {
				if p.Message.ID == c.id && p.Severity == finding.Error && p.Line == c.line {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s on line %d, got %+v", c.id, c.line, r.Problems)
			}
		})
	}
}

// A BOM is allowed (the file is still UTF-8); CRLF line ends too.
func TestBOMAndCRLF(t *testing.T) {
	s := "\ufeff" + strings.ReplaceAll(base(t), "\n", "\r\n")
	r := Validate([]byte(s), Options{Files: repoFiles(t)})
	if !r.Valid() || r.Doc.Name != "Registre des subventions" {
		t.Fatalf("problems %v", got(r))
	}
}

func TestGraphemes(t *testing.T) {
	cases := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"été", 3},
		{"e\u0301te\u0301", 3},    // decomposed accents
		{"🇫🇷🇧🇪", 2},               // two flags
		{"👩‍👩‍👧‍👦", 1},            // family ZWJ sequence
		{"👍🏽", 1},                 // skin tone
		{"\u1100\u1161\u11A8", 1}, // Hangul jamo L V T
		{"한국어", 3},                // precomposed syllables
		{"a\r\nb", 3},             // CRLF is one
		{"☕\ufe0f", 1},            // variation selector
		{"\U0001F3F4\U000E0067\U000E0062\U000E007F", 1}, // tag sequence
		{"\u0e01\u0e33", 1},                             // Thai SARA AM: a spacing mark of category Lo
		{"\u0600\u0661", 1},                             // Arabic number sign: a prepended character
	}
	for _, c := range cases {
		if g := graphemes(c.s); g != c.want {
			t.Errorf("graphemes(%q) = %d, want %d", c.s, g, c.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := schema.names()
	for in, want := range map[string]string{
		"landingUrl": "landingURL", "developmentstatus": "developmentStatus", "plattforms": "platforms",
		"softwareVerion": "softwareVersion", "zzz": "", "ur": "url",
	} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzValidate(f *testing.F) {
	f.Add([]byte(base(f)))
	f.Add([]byte("a: &a [1]\nb: *a\n<<: *a\n"))
	f.Add([]byte("description:\n  en: {features: [], longDescription: x}\n"))
	f.Add([]byte("maintenance: {type: contract, contractors: [{until: 2020-13-01}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Validate(data, Options{Files: memFiles{"img/logo.svg": []byte(svg)}})
		for _, p := range r.Problems {
			if p.Message.ID == "" || (p.Severity != finding.Error && p.Severity != finding.Warning) {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	data := []byte(base(b))
	files := repoFiles(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Validate(data, Options{Files: files})
	}
}
