package source_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// ReadText gives text whole (to the limit) and stops at binary content,
// from a plain directory, a work tree and a bare clone alike.
func TestReadText(t *testing.T) {
	r := sourcetest.New(t)
	text := strings.Repeat("token = not-a-secret\n", 1000) // over the sniffed 8000 bytes
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + strings.Repeat("x", 20000)
	late := strings.Repeat("a", 9000) + "\x00" // a NUL after the sniffed part is text
	r.Write("notes.txt", text)
	r.Write("image.bin", png)
	r.Write("late.txt", late)
	r.Write("empty", "")
	r.Commit("files", sourcetest.Epoch)
	plain := t.TempDir()
	for _, f := range []struct{ name, data string }{{"notes.txt", text}, {"image.bin", png}, {"late.txt", late}, {"empty", ""}} {
		if err := os.WriteFile(filepath.Join(plain, f.name), []byte(f.data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, dir := range map[string]string{"plain": plain, "worktree": r.Dir(), "bare": r.Clone(true)} {
		repo, err := source.Open(context.Background(), dir, source.Options{Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := repo.(source.TextReader); !ok {
			t.Errorf("%s: the source does not stop at binary content", name)
		}
		if b, err := source.ReadText(repo, "notes.txt", 0); err != nil || string(b) != text {
			t.Errorf("%s: ReadText(notes.txt) = %d bytes, %v", name, len(b), err)
		}
		if b, err := source.ReadText(repo, "notes.txt", 100); err != nil || string(b) != text[:100] {
			t.Errorf("%s: ReadText(notes.txt, 100) = %q, %v", name, b, err)
		}
		if b, err := source.ReadText(repo, "late.txt", 0); err != nil || len(b) != len(late) {
			t.Errorf("%s: ReadText(late.txt) = %d bytes, %v", name, len(b), err)
		}
		if b, err := source.ReadText(repo, "empty", 0); err != nil || len(b) != 0 {
			t.Errorf("%s: ReadText(empty) = %q, %v", name, b, err)
		}
		if b, err := source.ReadText(repo, "image.bin", 0); !errors.Is(err, source.ErrBinary) || b != nil {
			t.Errorf("%s: ReadText(image.bin) = %d bytes, %v; want ErrBinary", name, len(b), err)
		}
		if b, err := repo.Read("image.bin", 0); err != nil || !bytes.Equal(b, []byte(png)) {
			t.Errorf("%s: Read(image.bin) = %d bytes, %v", name, len(b), err)
		}
		if _, err := source.ReadText(repo, "missing", 0); !source.IsNotFound(err) {
			t.Errorf("%s: ReadText(missing) = %v", name, err)
		}
		repo.Close()
	}
}

// A file that grew or shrank after it was listed is read as it is now, to
// the limit.
func TestReadChangedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(p, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := source.Open(context.Background(), dir, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	long := strings.Repeat("y", 10000)
	if err := os.WriteFile(p, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := repo.Read("f.txt", 0); err != nil || string(b) != long {
		t.Errorf("grown: Read = %d bytes, %v", len(b), err)
	}
	if b, err := source.ReadText(repo, "f.txt", 9000); err != nil || string(b) != long[:9000] {
		t.Errorf("grown: ReadText to 9000 = %d bytes, %v", len(b), err)
	}
	if err := os.WriteFile(p, []byte("ab"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := repo.Read("f.txt", 0); err != nil || string(b) != "ab" {
		t.Errorf("shrunk: Read = %q, %v", b, err)
	}
	if err := os.WriteFile(p, []byte("ab\x00cd"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := source.ReadText(repo, "f.txt", 0); !errors.Is(err, source.ErrBinary) {
		t.Errorf("binary now: ReadText = %v, want ErrBinary", err)
	}
}
