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
func TestInitUnwritableDirectory(t *testing.T) {
	r := fixture(t, "c")
	o := ouvertUnwritable(t, r.Dir(), "init", "contributing")
	if o.code != 3 || !strings.Contains(o.stderr, "write CONTRIBUTING.md: permission denied") {
		t.Errorf("code %d, stderr %q, stdout %q", o.code, o.stderr, o.stdout)
	}
	oneLineError(t, o)
	if entries, _ := filepath.Glob(filepath.Join(r.Dir(), "*CONTRIBUTING*")); len(entries) > 0 {
		t.Errorf("files left: %v", entries)
	}
}

// TestFixUnwritableDirectory: a fix that cannot be written is a runtime
// error that names the file, and the file is left whole.
func TestFixUnwritableDirectory(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpus, "mechanical-typos.yml"))
	if err != nil {
		t.Fatal(err)
	}
	r := fixRepo(t, data)
	o := ouvertUnwritable(t, r.Dir(), "fix", "publiccode", "--write")
	if o.code != 3 || !strings.Contains(o.stderr, "publiccode.yml: permission denied") {
		t.Errorf("code %d, stderr %q", o.code, o.stderr)
	}
	oneLineError(t, o)
	if readFile(t, r.Dir(), "publiccode.yml") != string(data) {
		t.Error("the file changed")
	}
	if entries, _ := filepath.Glob(filepath.Join(r.Dir(), ".publiccode.yml*")); len(entries) > 0 {
		t.Errorf("files left: %v", entries)
	}
}

// ouvertUnwritable runs the binary in dir, made read-only. Root writes
// anywhere, so as root the binary runs as nobody.
func ouvertUnwritable(t *testing.T, dir string, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(exe(t), args...)
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
	return outcome{out.String(), errb.String(), code}
}
