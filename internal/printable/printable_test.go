package printable

import (
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	cases := map[string]string{
		"":                            "",
		"plain ASCII, kept":           "plain ASCII, kept",
		"Dépôt « ouvert » 日本 ✓":       "Dépôt « ouvert » 日本 ✓",
		"nul\x00byte":                 `nul\x00byte`,
		"\x1b[31mred\x1b[0m":          `\x1b[31mred\x1b[0m`,
		"line\r\noverwritten":         `line\r\noverwritten`,
		"tab\there":                   `tab\there`,
		"del\x7f":                     `del\x7f`,
		"c1\u0085next":                `c1\u0085next`,
		"abc\u202eevil\u202c":         `abc\u202eevil\u202c`,
		"iso\u2066late\u2069":         `iso\u2066late\u2069`,
		"mark\u200e\u200f\u061c":      `mark\u200e\u200f\u061c`,
		"sep\u2028ara\u2029":          `sep\u2028ara\u2029`,
		"bad\xffutf8\xc3":             `bad\xffutf8\xc3`,
		"zero width joiner \u200d ok": "zero width joiner \u200d ok",
	}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzString: whatever comes in, what goes out is valid UTF-8 with no
// character that String would escape, and escaping twice changes nothing.
func FuzzString(f *testing.F) {
	for _, s := range []string{"a\x00b", "\u202e", "\xff", "é\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		if !utf8.ValidString(out) {
			t.Fatalf("String(%q) = %q: not UTF-8", s, out)
		}
		for i, r := range out {
			if escaped(r, utf8.RuneLen(r)) {
				t.Fatalf("String(%q) = %q keeps %U at %d", s, out, r, i)
			}
		}
		if again := String(out); again != out {
			t.Fatalf("String not idempotent on %q: %q then %q", s, out, again)
		}
	})
}
