package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileReplacesAndLeavesNothingElse(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "report.json")
	if err := WriteFile(name, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name)
	if err != nil || string(got) != "two" {
		t.Fatalf("content %q, %v", got, err)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if e := entries(t, dir); len(e) != 1 {
		t.Errorf("directory holds %v, want the report alone", e)
	}
}

// The permissions asked for are the file's, whatever the umask.
func TestPermissionsDespiteUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	name := filepath.Join(t.TempDir(), "run.sh")
	if err := WriteFile(name, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v, want 0755", st.Mode().Perm())
	}
}

// A symlink at the destination is replaced, and what it pointed to is
// left alone.
func TestSymlinkReplacedNotFollowed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "LICENSE")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "keep" {
		t.Errorf("the symlink's target was written: %q", got)
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink != 0 {
		t.Error("the symlink is still there")
	}
}

// A destination that cannot be replaced (a directory) is an error that
// names it, not the temporary file, and leaves no temporary file.
func TestFailureNamesTheDestination(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out")
	if err := os.Mkdir(name, 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(name, []byte("x"), 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != name || strings.Contains(err.Error(), "ouvert-tmp") {
		t.Fatalf("error %v, want a *PathError on %s", err, name)
	}
	if e := entries(t, dir); len(e) != 1 {
		t.Errorf("directory holds %v, want the directory alone", e)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x"), nil, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v, want fs.ErrNotExist", err)
	}
}

// Staged files are in place only once committed; discarded, they leave
// nothing; inside a root, a path cannot leave it.
func TestStageCommitDiscard(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	a, err := Stage(root, filepath.Join("sub", "a"), []byte("a"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Stage(root, "b", []byte("b"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub", "a")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("staged file in place before Commit: %v", err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Discard()
	if e := entries(t, dir); len(e) != 1 || e[0] != "sub" {
		t.Errorf("root holds %v, want sub alone", e)
	}
	if e := entries(t, filepath.Join(dir, "sub")); len(e) != 1 || e[0] != "a" {
		t.Errorf("sub holds %v, want a alone", e)
	}
	if err := a.Commit(); err == nil {
		t.Error("a second Commit succeeded")
	}
	if err := Write(root, filepath.Join("..", "escape"), []byte("x"), 0o644); err == nil {
		t.Error("a path leaving the root was written")
	}
}
