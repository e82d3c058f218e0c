package audit_test

import (
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

// TestEveryFormatEscapesControlCharacters: a server's error text with a
// NUL and an escape sequence, and a name with a right-to-left override,
// reach no report raw (issue 13: grep called the CSV binary).
func TestEveryFormatEscapesControlCharacters(t *testing.T) {
	r := sampleReport(t, "fr")
	r.Records = append(r.Records,
		audit.Record{Key: "h/e", URL: "https://h/e.git", Name: "org/e\u202egnp",
			Error: "clone https://h/e.git: remote: \x1b[31mquota\x00 exceeded\r\x7f: clone failed"})
	for _, name := range audit.FormatNames() {
		w, _ := audit.Lookup(name)
		out := render(t, w, r)
		for _, c := range []string{"\x00", "\x1b", "\r", "\x7f", "\u202e"} {
			if i := strings.Index(out, c); i >= 0 {
				t.Errorf("%s: raw %q at byte %d: …%q…", name, c, i, out[max(0, i-30):min(len(out), i+10)])
			}
		}
		if !strings.Contains(out, `quota\x00 exceeded`) && !strings.Contains(out, `quota\\x00 exceeded`) {
			t.Errorf("%s: the error is not shown escaped", name)
		}
	}
	if !strings.Contains(r.Records[len(r.Records)-1].Error, "\x00") {
		t.Errorf("the records were changed")
	}
}
