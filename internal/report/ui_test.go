package report

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestUITextsExist: every word a reporter asks for by name is in the
// catalog (rules/cli.yaml, report.*), which holds it in both languages.
func TestUITextsExist(t *testing.T) {
	call := regexp.MustCompile(`\btx?\("([a-z0-9-]+)",`)
	files, _ := filepath.Glob("*.go")
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			seen++
			if _, ok := rules.CLI().Messages["report."+m[1]]; !ok {
				t.Errorf("%s: report.%s is not in the catalog", f, m[1])
			}
		}
	}
	if seen < 20 {
		t.Fatalf("only %d texts asked for: the pattern missed the calls", seen)
	}
}
