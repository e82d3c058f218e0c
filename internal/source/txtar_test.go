package source_test

import (
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func TestFromTxtar(t *testing.T) {
	r := sourcetest.FromTxtar(t, "testdata/basic.txtar")
	if out := r.Git("status", "--porcelain"); out != "" {
		t.Errorf("work tree not clean after FromTxtar: %q", out)
	}
	repo := open(t, r.Dir(), source.Options{Ref: "main"})
	samePaths(t, repo, ".gitignore", "LICENSE", "README.md", "empty.txt", "src/main.go")
	if got := read(t, repo, "README.md"); got != "# basic\n\nA project.\n" {
		t.Errorf("README.md = %q", got)
	}
	if got := read(t, repo, "empty.txt"); got != "" {
		t.Errorf("empty.txt = %q", got)
	}
	if m := repo.Meta(); !m.HeadTime.Equal(sourcetest.Epoch) {
		t.Errorf("commit time = %s, want %s", m.HeadTime, sourcetest.Epoch)
	}
}

func TestParseTxtar(t *testing.T) {
	files := sourcetest.ParseTxtar("comment\n-- a --\nx\n-- b/c --\n-- not a marker\n-- d --\nno newline")
	want := []sourcetest.TxtarFile{
		{Name: "a", Data: "x\n"},
		{Name: "b/c", Data: "-- not a marker\n"},
		{Name: "d", Data: "no newline\n"},
	}
	if len(files) != len(want) {
		t.Fatalf("files = %q", files)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("file %d = %q, want %q", i, files[i], want[i])
		}
	}
}
