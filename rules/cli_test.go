package rules

import (
	"strings"
	"testing"
)

// TestParseCLIRefusesBrokenTexts: a text in one language only, different
// placeholders or an unknown key never ship.
func TestParseCLIRefusesBrokenTexts(t *testing.T) {
	for name, doc := range map[string]string{
		"one language":   "messages:\n  x: {en: hello}\n",
		"placeholders":   "messages:\n  x: {en: \"{a}\", fr: \"{b}\"}\n",
		"unknown key":    "commands:\n  scan: {short: {en: a, fr: b}, tall: {en: a, fr: b}}\n",
		"flag half done": "flags:\n  lang: {fr: langue}\n",
	} {
		if _, err := ParseCLI([]byte(doc)); err == nil || !strings.HasPrefix(err.Error(), "cli.yaml: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	c, err := ParseCLI([]byte("messages:\n  n: {en: \"{n|one:# file|other:# files}\", fr: \"{n|one:# fichier|other:# fichiers}\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Say("fr", "n", map[string]string{"n": "0"}); got != "0 fichier" {
		t.Errorf("fr 0: %q", got)
	}
	if got := c.Say("en", "n", map[string]string{"n": "0"}); got != "0 files" {
		t.Errorf("en 0: %q", got)
	}
	if got := c.Say("en", "absent", nil); got != "absent" {
		t.Errorf("unknown id: %q", got)
	}
}
