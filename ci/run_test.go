package ci_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// TestCIRunsTheREADMEsTestCommand: .ci/run runs, as a line of its own, the
// command the README gives under "Run the tests", and pins the versions of
// the tools it installs.
func TestCIRunsTheREADMEsTestCommand(t *testing.T) {
	root := testrepos.Root(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Run the tests\\s+```sh\\n(.*?)\\n```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no sh block under \"## Run the tests\"")
	}
	command := strings.TrimSpace(string(m[1]))
	run, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(run), "\n")
	found := false
	for _, l := range lines {
		if strings.TrimSpace(l) == command {
			found = true
		}
	}
	if !found {
		t.Errorf(".ci/run does not run the README's test command %q", command)
	}
	for _, l := range lines {
		if strings.Contains(l, "go install ") && !regexp.MustCompile(`@v\d+\.\d+\.\d+\b`).MatchString(l) {
			t.Errorf(".ci/run installs a tool at no pinned version: %s", strings.TrimSpace(l))
		}
	}
}
