package source_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func openStaged(t *testing.T, dir string) *source.Staged {
	t.Helper()
	s, err := source.OpenStaged(dir)
	if err != nil {
		t.Fatalf("OpenStaged(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStagedFirstCommit(t *testing.T) {
	r := sourcetest.New(t)
	empty := openStaged(t, r.Dir())
	samePaths(t, empty)
	if m := empty.Meta(); m.Commit != "" || m.Path != r.Dir() {
		t.Errorf("meta = %+v", m)
	}

	r.Write("a.txt", "alpha\n")
	r.Write("dir/b.txt", "beta\n")
	r.Write("untracked.txt", "not staged\n")
	r.Add("a.txt", "dir/b.txt")
	s := openStaged(t, r.Dir())
	samePaths(t, s, "a.txt", "dir/b.txt")
	samePaths(t, s.Committed())
	if f := file(t, s, "a.txt"); f.Size != 6 || f.Kind != source.Regular {
		t.Errorf("a.txt = %+v", f)
	}
	if s.Capabilities() != source.Tree {
		t.Errorf("capabilities = %v, want the tree alone", s.Capabilities())
	}
}

func TestStagedReadsTheIndexNotTheWorkTree(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "committed a\n")
	r.Write("b.txt", "committed b\n")
	r.Write("same.txt", "unchanged\n")
	head := r.Commit("first", t1)

	r.Write("a.txt", "staged a\n")
	r.Add("a.txt")
	r.Write("a.txt", "edited after staging\n")
	r.Write("b.txt", "edited, never staged\n")
	r.Write("c.txt", "staged c\n")
	r.Add("c.txt")
	r.Write("d.txt", "untracked\n")

	s := openStaged(t, r.Dir())
	samePaths(t, s, "a.txt", "c.txt")
	if got := read(t, s, "a.txt"); got != "staged a\n" {
		t.Errorf("a.txt = %q, want the staged version", got)
	}
	if got := read(t, s, "b.txt"); got != "committed b\n" {
		t.Errorf("b.txt = %q, want the index's (HEAD's) version", got)
	}
	if _, err := s.Read("d.txt", 0); !errors.Is(err, source.ErrNotFound) {
		t.Errorf("an untracked file is read: %v", err)
	}
	samePaths(t, s.Committed(), "a.txt")
	if got := read(t, s.Committed(), "a.txt"); got != "committed a\n" {
		t.Errorf("committed a.txt = %q", got)
	}
	if s.Meta().Commit != head {
		t.Errorf("commit = %s, want HEAD %s", s.Meta().Commit, head)
	}
}

func TestStagedDeletionsAndRenames(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("gone.txt", "to delete\n")
	r.Write("moved.txt", "moved as it is\n")
	r.Write("edited.txt", "line one\nline two\n")
	r.Write("script.sh", "echo hi\n")
	r.Commit("first", t1)

	r.Git("rm", "--quiet", "gone.txt")
	r.Git("mv", "moved.txt", "moved-again.txt")
	r.Git("update-index", "--chmod=+x", "script.sh")
	r.Write("copy.txt", "line one\nline two\n")
	r.Add("copy.txt")
	s := openStaged(t, r.Dir())
	// A deletion adds nothing; neither does content HEAD already has under
	// another path or another mode.
	samePaths(t, s)
	samePaths(t, s.Committed())

	r.Git("mv", "edited.txt", "renamed.txt")
	r.Write("renamed.txt", "line one\nline two\nline three\n")
	r.Add("renamed.txt")
	s = openStaged(t, r.Dir())
	samePaths(t, s, "renamed.txt")
	// The old version of a renamed and edited file is there to compare.
	samePaths(t, s.Committed(), "edited.txt", "gone.txt", "moved.txt")
	if got := read(t, s.Committed(), "edited.txt"); got != "line one\nline two\n" {
		t.Errorf("committed edited.txt = %q", got)
	}
}

func TestStagedSkipsWhatCannotBeCommitted(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	sub := sourcetest.New(t)
	sub.Write("s.txt", "s\n")
	r.Commit("first", t1)
	r.Gitlink("vendor/lib", sub.Commit("sub", t1))
	r.Write("later.txt", "intent to add only\n")
	r.Git("add", "-N", "later.txt")
	r.Symlink("link", "a.txt")
	r.Add("link")
	s := openStaged(t, r.Dir())
	samePaths(t, s, "link")
	if f := file(t, s, "link"); f.Kind != source.Symlink {
		t.Errorf("link = %+v", f)
	}
	if got := read(t, s, "link"); got != "a\n" {
		t.Errorf("link reads %q, want its target in the index", got)
	}
}

func TestStagedSubdirectoryGivesRootPaths(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("top.txt", "top\n")
	r.Write("sub/x.txt", "x\n")
	r.Add("top.txt", "sub/x.txt")
	s := openStaged(t, filepath.Join(r.Dir(), "sub"))
	samePaths(t, s, "sub/x.txt", "top.txt")
}

func TestStagedRefusals(t *testing.T) {
	plain := t.TempDir()
	_, err := source.OpenStaged(plain)
	if !errors.Is(err, source.ErrBadTarget) || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("plain directory: %v", err)
	}
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Commit("first", t1)
	bare := r.Clone(true)
	if _, err := source.OpenStaged(bare); !errors.Is(err, source.ErrBadTarget) || !strings.Contains(err.Error(), "bare") {
		t.Errorf("bare repository: %v", err)
	}
	if _, err := source.OpenStaged(filepath.Join(plain, "missing")); !errors.Is(err, source.ErrBadTarget) {
		t.Errorf("missing directory: %v", err)
	}
	// A broken index is an error, never an empty list of changes.
	if err := os.WriteFile(filepath.Join(r.Dir(), ".git", "index"), []byte("DIRC garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := source.OpenStaged(r.Dir()); !errors.Is(err, source.ErrCorrupt) {
		t.Errorf("broken index: %v", err)
	}
}
