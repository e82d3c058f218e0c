//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestInitUnwritableDirectory: a directory ouvert may not write into is a
// runtime error (exit 3) that names the file, and nothing is half written.
// Root writes anywhere, so as root the binary runs as nobody.
func TestInitUnwritableDirectory(t *testing.T) {
	r := fixture(t, "c")
	dir := r.Dir()
	cmd := exec.Command(exe(t), "init", "contributing")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=/nonexistent", "LANG=C.UTF-8"}
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		// nobody must reach the binary and read the repository.
		for _, d := range []string{filepath.Dir(exe(t)), filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if err != nil && code < 0 {
		t.Fatal(err)
	}
	if code != 3 || !strings.Contains(errb.String(), "write CONTRIBUTING.md: permission denied") {
		t.Errorf("code %d, stderr %q, stdout %q", code, errb.String(), out.String())
	}
	oneLineError(t, outcome{out.String(), errb.String(), code})
	if entries, _ := filepath.Glob(filepath.Join(dir, "*CONTRIBUTING*")); len(entries) > 0 {
		t.Errorf("files left: %v", entries)
	}
}
