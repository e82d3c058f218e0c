// Package ci_test runs the CI integrations of this directory as GitHub
// Actions, GitLab CI and pre-commit run them: the scripts with the
// variables each CI sets (ci_test.go, against a binary built once here),
// and each integration from ouvert's sources at a commit, served on
// loopback (integrations_test.go). They live here rather than with the
// command line's tests so that they run beside them, with a timeout of
// their own.
package ci_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/testrepos"
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
	if bin, err = testrepos.BuildOuvert(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCmd runs a command with exactly env in dir, failing the test if it
// hangs.
func runCmd(t *testing.T, dir string, env []string, name string, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(4 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("%s %v hung", name, args)
	}
	return outcome{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
}
