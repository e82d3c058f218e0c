package report_test

import (
	"bytes"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/report"
)

// controls are what text from outside may hold and no report may pass on
// raw: NUL, ESC (a terminal escape sequence), CR (a line rewritten), DEL, a
// C1 control, a right-to-left override.
var controls = []string{"\x00", "\x1b", "\r", "\x7f", "\u0085", "\u202e"}

// TestEveryFormatEscapesControlCharacters: a file name, a target, a ref
// and an error message holding control characters reach every format
// escaped, and the result given is left as it was.
func TestEveryFormatEscapesControlCharacters(t *testing.T) {
	res := scan(t, "b")
	res.Meta.Path = "repo\x1b]0;title\x07"
	res.Meta.Ref = "main\u202egnp.exe"
	res.Findings = append(res.Findings, finding.Finding{Rule: "readme/file", Severity: finding.Warning,
		Path: "docs/evil\x1b[2J\r\u202etxt.md", Line: 1, Evidence: "ab\x00… (9 chars)", Fingerprint: "f00d04",
		Message: finding.Msg("check-error", "error", "remote: \x1b[31mdenied\x00\r\u0085")})
	for i, rr := range res.Rules {
		if rr.Rule.ID == "license/file" {
			res.Rules[i].Reason = finding.Msg("check-error", "error", "git said \x1b[1mno\x7f")
		}
	}
	if res.License != nil {
		// A component's directory and a statement's scope come from the
		// repository too.
		res.License.Components = append(res.License.Components, license.Component{Dir: "lib/\x1b[2Jx/", SPDX: "MIT",
			Files: []license.File{{Path: "lib/\x1b[2Jx/LICENSE\u202e", Kind: license.KindComponent, SPDX: "MIT"}}})
		res.License.Declarations = append(res.License.Declarations, license.Declaration{Path: "README.md", Line: 3,
			Source: license.SourceReadme, Raw: "Etalab 2.0", SPDX: "etalab-2.0", Scope: "docs\r\u0085"})
	}
	before := res.Findings[len(res.Findings)-1].Path
	gate := engine.Decide(res, finding.LevelB, finding.Warning)
	for _, name := range report.FormatNames() {
		w, _ := report.Lookup(name)
		for _, lang := range []string{"en", "fr"} {
			out := render(t, w, res, report.Options{Lang: lang, Version: "test", Gate: &gate})
			for _, c := range controls {
				if i := bytes.Index(out, []byte(c)); i >= 0 {
					t.Errorf("%s (%s): raw %q at byte %d: …%q…", name, lang, c, i, out[max(0, i-40):min(len(out), i+20)])
				}
			}
		}
	}
	text := string(render(t, report.Text, res, report.Options{Lang: "en"}))
	for _, want := range []string{`docs/evil\x1b[2J\r\u202etxt.md`, `remote: \x1b[31mdenied\x00\r\u0085`, `git said \x1b[1mno\x7f`} {
		if !bytes.Contains([]byte(text), []byte(want)) {
			t.Errorf("text report does not show %q escaped", want)
		}
	}
	if got := res.Findings[len(res.Findings)-1].Path; got != before {
		t.Errorf("the result was changed: %q", got)
	}
}
