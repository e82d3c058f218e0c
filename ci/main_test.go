// Package ci_test runs the CI integrations of this directory as GitHub
// Actions, GitLab CI and pre-commit run them: the scripts with the
// variables each CI sets (ci_test.go, against a binary built once here),
// and each integration from ouvert's sources at a commit, served on
// loopback (integrations_test.go). They live here rather than with the
// command line's tests so that they run beside them, with a timeout of
// their own.
package ci_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// bin is ouvert, built once for the tests that stand for a binary the job
// got elsewhere (OUVERT_BIN) or a release archive.
var bin string

// outcome is what a command left: its streams and its exit code.
type outcome struct {
	stdout, stderr string
	code           int
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ouvert-ci-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "ouvert")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// Static and -trimpath, as releases and the integrations build it: the
	// integrations' own builds then find every package compiled, and only
	// link.
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "../cmd/ouvert")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build ouvert:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
