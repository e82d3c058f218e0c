package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
)

// French typography, as the catalog writes it: a no-break space (U+00A0)
// before a colon and inside « », a narrow one (U+202F) before ; ! ?.
// Code spans are left as written.
var (
	codeSpan        = regexp.MustCompile("`[^`]*`")
	colonPlainSpace = regexp.MustCompile(`[^\s\x{a0}\x{202f}] :(?:\s|$)`)
	markAfterSpace  = regexp.MustCompile(`[ \x{a0}][;!?](?:\s|$)`)
	markNoSpace     = regexp.MustCompile(`[\pL\d)»}][;!?](?:\s|$)`)
	// Lines indented by a tab are commands to type (completion's help).
	commandLine    = regexp.MustCompile(`(?m)^\t.*$`)
	guillemetOpen  = regexp.MustCompile(`«[^\x{a0}]`)
	guillemetClose = regexp.MustCompile(`[^\x{a0}]»`)
)

// typographyProblems says what a French text gets wrong.
func typographyProblems(fr string) []string {
	s := commandLine.ReplaceAllString(codeSpan.ReplaceAllString(fr, "` `"), "")
	var out []string
	for _, c := range []struct {
		re  *regexp.Regexp
		why string
	}{
		{colonPlainSpace, "space before « : » is not a no-break space"},
		{markAfterSpace, "space before ; ! ? is not a narrow no-break space"},
		{markNoSpace, "no narrow no-break space before ; ! ?"},
		{guillemetOpen, "no no-break space after «"},
		{guillemetClose, "no no-break space before »"},
	} {
		if m := c.re.FindString(s); m != "" {
			out = append(out, c.why+": "+m)
		}
	}
	return out
}

// frenchTexts are every French text of the catalog and of the command
// line's texts, by where they are.
func frenchTexts(t *testing.T) map[string]string {
	t.Helper()
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for id, tx := range cat.Common {
		texts["common."+id] = tx.FR
	}
	for _, r := range cat.Rules {
		for name, tx := range map[string]Text{"title": r.Title, "action": r.Action, "why": r.Why, "fix": r.Fix} {
			texts[r.ID+"."+name] = tx.FR
		}
		for id, tx := range r.Messages {
			texts[r.ID+".messages."+id] = tx.FR
		}
	}
	cli := CLI()
	for path, c := range cli.Commands {
		for name, tx := range map[string]Text{"use": c.Use, "short": c.Short, "long": c.Long, "example": c.Example} {
			texts["cli."+path+"."+name] = tx.FR
		}
		for f, tx := range c.Flags {
			texts["cli."+path+".flags."+f] = tx.FR
		}
	}
	for f, tx := range cli.Flags {
		texts["cli.flags."+f] = tx.FR
	}
	for id, tx := range cli.Messages {
		texts["cli.messages."+id] = tx.FR
	}
	return texts
}

// TestFrenchTypography: every French text has its no-break spaces.
func TestFrenchTypography(t *testing.T) {
	texts := frenchTexts(t)
	if len(texts) < 500 {
		t.Fatalf("only %d French texts: the walk missed some", len(texts))
	}
	for where, fr := range texts {
		for _, p := range typographyProblems(fr) {
			t.Errorf("%s: %s\n\t%s", where, p, fr)
		}
	}
}

// TestTypographyCheckSeesMistakes: the check finds each mistake it is
// for, and lets code spans and well-set texts through.
func TestTypographyCheckSeesMistakes(t *testing.T) {
	for _, bad := range []string{"Niveau : A", "{file} : x", "prêt; bien", "prêt ; bien", "vraiment ?", "« mot»", "«\u00a0mot »", "fin !"} {
		if len(typographyProblems(bad)) == 0 {
			t.Errorf("%q passed", bad)
		}
	}
	for _, good := range []string{"Niveau\u00a0: A", "prêt\u202f; bien", "vraiment\u202f?", "«\u00a0mot\u00a0»", "écrivez `a : b` ici", "FICHIER:LIGNE", "https://x.example/?q=1"} {
		if p := typographyProblems(good); len(p) > 0 {
			t.Errorf("%q: %v", good, p)
		}
	}
}

// TestFrenchDays: a commit of today is not « il y a 0 jours », and one
// day is singular.
func TestFrenchDays(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for days, want := range map[string]string{"0": "(aujourd'hui)", "1": "(il y a 1 jour)", "12": "(il y a 12 jours)"} {
		got := cat.Text("activity/recent", finding.Msg("recent", "date", "2026-12-01", "days", days), "fr")
		if !strings.HasSuffix(got, want) {
			t.Errorf("%s days: %q, want it to end in %q", days, got, want)
		}
	}
}
