package scaffold

import (
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestCatalogPointsToInit: the fix text of each rule a generator helps
// pass names the command, in both languages, so that ouvert scan's steps
// lead to ouvert init.
func TestCatalogPointsToInit(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range All() {
		cmd := "`ouvert init " + g.Name()
		for _, id := range g.Rules() {
			if id == "contributing/content" || id == "license/approved" {
				continue // their fix says what the file must say, or which licences
			}
			r, _ := cat.Rule(id)
			for _, lang := range rules.Languages() {
				if !strings.Contains(r.Fix.In(lang), cmd) {
					t.Errorf("%s: the %s fix text does not mention %s`", id, lang, cmd)
				}
			}
		}
	}
}
