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

func TestPlainDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), "readme\n")
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a", "b", "c.txt"), "c\n")
	writeFile(t, filepath.Join(dir, "debug.log"), "no .gitignore applies outside git\n")
	writeFile(t, filepath.Join(dir, ".gitignore"), "*.log\n")
	if err := os.Symlink("../../../../etc/passwd", filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("README.md", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret"), "s\n")
	if err := os.Symlink(outside, filepath.Join(dir, "outdir")); err != nil {
		t.Fatal(err)
	}

	repo := open(t, dir, source.Options{})
	samePaths(t, repo, ".gitignore", "README.md", "a/b/c.txt", "debug.log", "escape", "link", "outdir")
	if _, err := repo.Read("escape", 0); !errors.Is(err, source.ErrOutside) {
		t.Errorf("Read(escape) = %v, want ErrOutside", err)
	}
	if got := read(t, repo, "link"); got != "readme\n" {
		t.Errorf("Read(link) = %q", got)
	}
	if _, err := repo.Read("outdir/secret", 0); err == nil {
		t.Errorf("read a file through a symlink out of the directory")
	}
	if c := repo.Capabilities(); c != source.Tree {
		t.Errorf("capabilities = %b, want Tree", c)
	}
	if m := repo.Meta(); m.Path != dir || m.Commit != "" {
		t.Errorf("meta = %+v", m)
	}
}

func TestEmptyDirectory(t *testing.T) {
	repo := open(t, t.TempDir(), source.Options{})
	if n := len(repo.Files()); n != 0 {
		t.Errorf("%d files in an empty directory", n)
	}
}

func TestRelativePath(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("x.txt", "x\n")
	r.Commit("x", t1)
	t.Chdir(r.Dir())
	repo := open(t, ".", source.Options{})
	samePaths(t, repo, "x.txt")
	if repo.Meta().Path != r.Dir() {
		t.Errorf("path = %q, want %q", repo.Meta().Path, r.Dir())
	}
}

func TestBadDirectory(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "file.txt")
	writeFile(t, regular, "x\n")
	cases := map[string]struct {
		target string
		opts   source.Options
		say    string
	}{
		"missing":          {target: filepath.Join(dir, "nope"), say: "no such directory"},
		"file":             {target: regular, say: "not a directory"},
		"empty":            {target: "", say: "empty target"},
		"ref on plain dir": {target: dir, opts: source.Options{Ref: "main"}, say: "needs a git repository"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := openErr(t, c.target, c.opts)
			if !errors.Is(err, source.ErrBadTarget) || !source.IsUsage(err) {
				t.Errorf("error = %v, want ErrBadTarget", err)
			}
			if !strings.Contains(err.Error(), c.say) || !strings.Contains(err.Error(), c.target) {
				t.Errorf("error %q should say %q and name %q", err, c.say, c.target)
			}
		})
	}
}

func TestRefusedTransports(t *testing.T) {
	for _, target := range []string{
		"http://example.com/repo.git",
		"HTTP://example.com/repo.git",
		"git://example.com/repo.git",
		"ftp://example.com/repo.git",
		"ext::sh -c touch% /tmp/pwned",
		"fd::3",
		"file://example.com/repo.git",
	} {
		err := openErr(t, target, source.Options{})
		if !errors.Is(err, source.ErrBadTarget) {
			t.Errorf("%s: error %v, want ErrBadTarget", target, err)
		}
		if !strings.Contains(err.Error(), target) {
			t.Errorf("%s: error %q does not name the target", target, err)
		}
	}
	err := openErr(t, "http://user:t0ken@example.com/repo.git", source.Options{})
	if strings.Contains(err.Error(), "t0ken") {
		t.Errorf("error leaks the token: %q", err)
	}
	if !strings.Contains(err.Error(), "https://") {
		t.Errorf("error %q does not say what is accepted", err)
	}
}

func TestFileURL(t *testing.T) {
	h := newHistory(t)
	repo := open(t, "file://"+h.r.Dir(), source.Options{})
	samePaths(t, repo, "CHANGES", "README.md", "docs/a.md")
	m := repo.Meta()
	if m.URL != "file://"+h.r.Dir() || m.Commit != h.c2 || !m.Shallow {
		t.Errorf("meta = %+v", m)
	}
}

func TestStripCredentials(t *testing.T) {
	cases := map[string]string{
		"https://user:tok@github.com/o/r.git": "https://github.com/o/r.git",
		"https://tok@github.com/o/r.git":      "https://github.com/o/r.git",
		"ssh://git@github.com/o/r.git":        "ssh://git@github.com/o/r.git",
		"ssh://git:pw@github.com/o/r.git":     "ssh://github.com/o/r.git",
		"git@github.com:o/r.git":              "git@github.com:o/r.git",
		"/some/path":                          "/some/path",
		"https://u:p%zz@host/x":               "https://host/x",
	}
	for in, want := range cases {
		if got := source.StripCredentials(in); got != want {
			t.Errorf("StripCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}
