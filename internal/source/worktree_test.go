package source_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// worktree builds a repository exercising every listing rule, committed at
// t1, then changed on disk.
func worktree(t *testing.T) *sourcetest.Repo {
	r := sourcetest.New(t)
	r.Write("README.md", "# hello\n")
	r.Write(".gitignore", "*.log\nbuild/\n!keep.log\n/only-root.txt\n")
	r.Write("src/main.go", "package main\n")
	r.Write("src/.gitignore", "gen/\n*.tmp\n!important.tmp\n")
	r.WriteMode("run.sh", "#!/bin/sh\n", 0o755)
	r.Write("gone.txt", "deleted after the commit\n")
	r.Write("build/tracked.txt", "tracked inside an ignored directory\n")
	r.Add("build/tracked.txt")
	r.Commit("first", t1)

	r.Remove("gone.txt")
	r.Write("untracked.txt", "not ignored\n")
	r.Write("docs/sub/guide.md", "deep untracked\n")
	r.Write("debug.log", "ignored\n")
	r.Write("keep.log", "negated\n")
	r.Write("src/x.tmp", "ignored by src/.gitignore\n")
	r.Write("src/important.tmp", "negated in src\n")
	r.Write("src/gen/out.go", "ignored dir\n")
	r.Write("build/out.o", "ignored dir\n")
	r.Write("only-root.txt", "anchored\n")
	r.Write("src/only-root.txt", "not anchored here\n")
	r.Write("secret.env", "excluded by info/exclude\n")
	r.Write(".git/info/exclude", "secret.env\n")
	return r
}

func TestWorktreeListing(t *testing.T) {
	r := worktree(t)
	repo := open(t, r.Dir(), source.Options{})
	samePaths(t, repo,
		".gitignore", "README.md", "build/tracked.txt", "docs/sub/guide.md",
		"keep.log", "run.sh", "src/.gitignore", "src/important.tmp",
		"src/main.go", "src/only-root.txt", "untracked.txt")
	if k := file(t, repo, "run.sh").Kind; k != source.Executable {
		t.Errorf("run.sh kind = %v, want Executable", k)
	}
	if f := file(t, repo, "README.md"); f.Kind != source.Regular || f.Size != int64(len("# hello\n")) {
		t.Errorf("README.md = %+v", f)
	}
	if got := read(t, repo, "build/tracked.txt"); got != "tracked inside an ignored directory\n" {
		t.Errorf("build/tracked.txt = %q", got)
	}
	if _, err := repo.Read("gone.txt", 0); !errors.Is(err, source.ErrNotFound) {
		t.Errorf("Read(gone.txt) = %v, want ErrNotFound", err)
	}
	m := repo.Meta()
	if m.Commit != r.Head() || !m.HeadTime.Equal(t1) || !m.LastCommit.Equal(t1) {
		t.Errorf("meta = %+v, want commit %s at %s", m, r.Head(), t1)
	}
	abs, _ := filepath.Abs(r.Dir())
	if m.Path != abs || m.Ref != "" || m.URL != "" {
		t.Errorf("meta path/ref/url = %q %q %q", m.Path, m.Ref, m.URL)
	}
	if c := repo.Capabilities(); c != source.Tree|source.Commits|source.History {
		t.Errorf("capabilities = %b", c)
	}
}

// TestWorktreeMatchesGit compares the listing with git's own answer on
// trees shaped to stress the ignore rules.
func TestWorktreeMatchesGit(t *testing.T) {
	cases := map[string]struct {
		ignores map[string]string
		files   []string
		tracked []string // forced in, ignored or not
	}{
		"globs": {
			ignores: map[string]string{".gitignore": "*.o\n**/tmp/\ndoc/**/*.pdf\n\\#hash\n"},
			files:   []string{"a.o", "b.c", "x/tmp/y", "tmp/z", "doc/a/b/c.pdf", "doc/c.pdf", "doc/c.md", "#hash", "x/a.o"},
		},
		"negation inside ignored dir stays ignored": {
			ignores: map[string]string{".gitignore": "out/\n!out/keep\n"},
			files:   []string{"out/keep", "out/drop", "src/out/x", "in/y"},
			tracked: []string{"out/drop"},
		},
		"negation of files": {
			ignores: map[string]string{".gitignore": "/*\n!/src/\n!README\n", "src/.gitignore": "*.gen\n"},
			files:   []string{"README", "LICENSE", "src/a.go", "src/a.gen", "other/b"},
		},
		"nested rules override parents": {
			ignores: map[string]string{".gitignore": "*.txt\n", "a/.gitignore": "!*.txt\n", "a/b/.gitignore": "c.txt\n"},
			files:   []string{"x.txt", "a/y.txt", "a/b/c.txt", "a/b/d.txt"},
		},
		"dir-only and anchored": {
			ignores: map[string]string{".gitignore": "cache/\n/top\nmid/file\n", ".git/info/exclude": "*.secret\n"},
			files:   []string{"cache/a", "x/cache/b", "cache.txt", "top", "x/top", "mid/file", "x/mid/file", "k.secret", "d/k.secret"},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := sourcetest.New(t)
			r.Write("seed", "committed\n")
			r.Commit("seed", t1)
			for p, content := range c.ignores {
				r.Write(p, content)
			}
			for _, p := range c.files {
				r.Write(p, p+"\n")
			}
			if len(c.tracked) > 0 {
				r.Add(c.tracked...)
			}
			want := strings.Fields(r.Git("ls-files", "--cached", "--others", "--exclude-standard"))
			repo := open(t, r.Dir(), source.Options{})
			samePaths(t, repo, want...)
		})
	}
}

func TestWorktreeSubdirectory(t *testing.T) {
	r := worktree(t)
	t.Run("plain subdirectory", func(t *testing.T) {
		repo := open(t, filepath.Join(r.Dir(), "src"), source.Options{})
		// Paths are relative to the scanned directory, and the root's
		// rules still apply inside it.
		samePaths(t, repo, ".gitignore", "important.tmp", "main.go", "only-root.txt")
		if repo.Meta().Commit != r.Head() {
			t.Errorf("commit = %q, want %q", repo.Meta().Commit, r.Head())
		}
	})
	t.Run("ignored subdirectory keeps its tracked files", func(t *testing.T) {
		repo := open(t, filepath.Join(r.Dir(), "build"), source.Options{})
		samePaths(t, repo, "tracked.txt")
	})
	t.Run("symlink out of the subdirectory", func(t *testing.T) {
		r.Symlink("src/up", "../README.md")
		repo := open(t, filepath.Join(r.Dir(), "src"), source.Options{})
		if _, err := repo.Read("up", 0); !errors.Is(err, source.ErrOutside) {
			t.Errorf("Read(up) = %v, want ErrOutside", err)
		}
	})
}

func TestWorktreeNoCommitYet(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Write(".gitignore", "b.txt\n")
	r.Write("b.txt", "b\n")
	repo := open(t, r.Dir(), source.Options{})
	samePaths(t, repo, ".gitignore", "a.txt")
	if m := repo.Meta(); m.Commit != "" || !m.HeadTime.IsZero() {
		t.Errorf("meta = %+v, want no commit", m)
	}
	if c := repo.Capabilities(); c != source.Tree {
		t.Errorf("capabilities = %b, want Tree only", c)
	}
}

func TestWorktreeMeta(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a", "1\n")
	c1 := r.Commit("one", t1)
	r.Tag("v1")
	r.Write("a", "2\n")
	c2 := r.Commit("two", t2)
	r.AnnotatedTag("v2", "release two")
	r.Branch("dev")
	r.Checkout("dev")
	r.Write("b", "dev\n")
	c3 := r.Commit("three", t3)
	r.Checkout("main")
	r.Git("remote", "add", "origin", "https://someone:tok3n@example.com/org/repo.git")

	repo := open(t, r.Dir(), source.Options{})
	m := repo.Meta()
	if m.Commit != c2 || !m.HeadTime.Equal(t2) {
		t.Errorf("head = %s at %s, want %s at %s", m.Commit, m.HeadTime, c2, t2)
	}
	if !m.LastCommit.Equal(t3) {
		t.Errorf("last commit = %s, want %s (branch dev, %s)", m.LastCommit, t3, c3)
	}
	want := []source.Tag{{Name: "v1", Commit: c1, Time: t1}, {Name: "v2", Commit: c2, Time: t2}}
	if len(m.Tags) != len(want) {
		t.Fatalf("tags = %+v, want %+v", m.Tags, want)
	}
	for i := range want {
		if m.Tags[i].Name != want[i].Name || m.Tags[i].Commit != want[i].Commit || !m.Tags[i].Time.Equal(want[i].Time) {
			t.Errorf("tag %d = %+v, want %+v", i, m.Tags[i], want[i])
		}
	}
	if m.Remote != "https://example.com/org/repo.git" {
		t.Errorf("remote = %q, want credentials stripped", m.Remote)
	}
	if c := repo.Capabilities(); c != source.Tree|source.Commits|source.History|source.Remote {
		t.Errorf("capabilities = %b", c)
	}
}

func TestWorktreeRemoteTrackingAndShallow(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a", "1\n")
	r.Commit("one", t1)
	r.Write("a", "2\n")
	r.Commit("two", t2)
	r.Branch("later")
	r.Checkout("later")
	r.Write("a", "3\n")
	r.Commit("three", t3)
	r.Checkout("main")

	clone := r.Clone(false)
	repo := open(t, clone, source.Options{})
	m := repo.Meta()
	// main is checked out; origin/later is newer.
	if !m.LastCommit.Equal(t3) || !m.HeadTime.Equal(t2) {
		t.Errorf("head %s, last %s; want %s, %s", m.HeadTime, m.LastCommit, t2, t3)
	}
	if m.Remote != "file://"+r.Dir() || m.Shallow {
		t.Errorf("remote = %q shallow = %v", m.Remote, m.Shallow)
	}

	shallow := r.Clone(false, "--depth=1")
	repo = open(t, shallow, source.Options{})
	if !repo.Meta().Shallow || repo.Capabilities().Has(source.History) {
		t.Errorf("shallow clone: meta %+v caps %b", repo.Meta(), repo.Capabilities())
	}
	if !repo.Capabilities().Has(source.Commits | source.Remote) {
		t.Errorf("shallow clone caps = %b", repo.Capabilities())
	}
}

func TestLinkedWorktree(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Write(".git/info/exclude", "*.secret\n")
	r.Commit("one", t1)
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "--quiet", "-b", "feature", wt)
	if err := os.WriteFile(filepath.Join(wt, "b.txt"), []byte("b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wt, "x.secret"), []byte("s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := open(t, wt, source.Options{})
	samePaths(t, repo, "a.txt", "b.txt")
	if repo.Meta().Commit != r.Head() {
		t.Errorf("commit = %q, want %q", repo.Meta().Commit, r.Head())
	}
	ref := open(t, wt, source.Options{Ref: "feature"})
	samePaths(t, ref, "a.txt")
}

func TestWorktreeSymlinks(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("README.md", "readme\n")
	r.Write("docs/guide.md", "guide\n")
	r.Symlink("link.md", "README.md")
	r.Symlink("docs/up.md", "../README.md")
	r.Symlink("chain.md", "docs/up.md")
	r.Symlink("escape", "../../../../etc/passwd")
	r.Symlink("absolute", "/etc/passwd")
	r.Symlink("loop1", "loop2")
	r.Symlink("loop2", "loop1")
	r.Symlink("self", "self")
	r.Symlink("dangling", "nowhere")
	r.Symlink("dirlink", "docs")
	r.Commit("links", t1)

	for name, opts := range map[string]source.Options{"worktree": {}, "ref": {Ref: "main"}} {
		t.Run(name, func(t *testing.T) {
			repo := open(t, r.Dir(), opts)
			for _, p := range []string{"link.md", "escape", "loop1", "dirlink"} {
				if k := file(t, repo, p).Kind; k != source.Symlink {
					t.Errorf("%s kind = %v, want Symlink", p, k)
				}
			}
			for _, p := range []string{"link.md", "docs/up.md", "chain.md"} {
				if got := read(t, repo, p); got != "readme\n" {
					t.Errorf("Read(%s) = %q", p, got)
				}
			}
			for _, p := range []string{"escape", "absolute"} {
				if _, err := repo.Read(p, 0); !errors.Is(err, source.ErrOutside) {
					t.Errorf("Read(%s) = %v, want ErrOutside", p, err)
				}
			}
			for _, p := range []string{"loop1", "self"} {
				if _, err := repo.Read(p, 0); err == nil || !strings.Contains(err.Error(), "symlinks") {
					t.Errorf("Read(%s) = %v, want too many symlinks", p, err)
				}
			}
			if _, err := repo.Read("dangling", 0); !errors.Is(err, source.ErrNotFound) {
				t.Errorf("Read(dangling) = %v, want ErrNotFound", err)
			}
			if _, err := repo.Read("dirlink", 0); err == nil {
				t.Errorf("Read(dirlink) succeeded on a directory")
			}
		})
	}
}

func TestSubmoduleGitlink(t *testing.T) {
	lib := sourcetest.New(t)
	lib.Write("lib.go", "package lib\n")
	libHead := lib.Commit("lib", t1)

	r := sourcetest.New(t)
	r.Write("main.go", "package main\n")
	r.Gitlink("vendor/lib", libHead)
	r.Write(".gitmodules", "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n")
	r.Commit("with submodule", t1)
	// A populated submodule: its files must not be listed.
	r.Write("vendor/lib/.git", "gitdir: ../../.git/modules/lib\n")
	r.Write("vendor/lib/lib.go", "package lib\n")
	// An untracked nested repository: not its files either.
	r.Write("nested/.git/HEAD", "ref: refs/heads/main\n")
	r.Write("nested/inner.txt", "inner\n")

	for name, opts := range map[string]source.Options{"worktree": {}, "ref": {Ref: "HEAD"}} {
		t.Run(name, func(t *testing.T) {
			repo := open(t, r.Dir(), opts)
			samePaths(t, repo, ".gitmodules", "main.go", "vendor/lib")
			if k := file(t, repo, "vendor/lib").Kind; k != source.Submodule {
				t.Errorf("vendor/lib kind = %v, want Submodule", k)
			}
			if _, err := repo.Read("vendor/lib", 0); !errors.Is(err, source.ErrNotRegular) {
				t.Errorf("Read(vendor/lib) = %v, want ErrNotRegular", err)
			}
		})
	}
}

func TestWorktreeUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	r := sourcetest.New(t)
	r.Write("secret.txt", "s\n")
	r.Commit("one", t1)
	if err := os.Chmod(filepath.Join(r.Dir(), "secret.txt"), 0); err != nil {
		t.Fatal(err)
	}
	repo := open(t, r.Dir(), source.Options{})
	file(t, repo, "secret.txt")
	if _, err := repo.Read("secret.txt", 0); !errors.Is(err, os.ErrPermission) {
		t.Errorf("Read = %v, want permission denied", err)
	}
}

func TestWorktreeReadLimit(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("big.txt", strings.Repeat("x", 10000))
	r.Commit("one", t1)
	for name, opts := range map[string]source.Options{"worktree": {}, "ref": {Ref: "main"}} {
		t.Run(name, func(t *testing.T) {
			repo := open(t, r.Dir(), opts)
			b, err := repo.Read("big.txt", 100)
			if err != nil || len(b) != 100 {
				t.Errorf("Read(limit 100) = %d bytes, %v", len(b), err)
			}
			if f := file(t, repo, "big.txt"); f.Size != 10000 {
				t.Errorf("size = %d", f.Size)
			}
		})
	}
}

func TestCorruptRepository(t *testing.T) {
	setup := func(t *testing.T) *sourcetest.Repo {
		r := sourcetest.New(t)
		r.Write("a.txt", "a\n")
		r.Write("b.txt", "b\n")
		r.Commit("one", t1)
		return r
	}
	objectPath := func(r *sourcetest.Repo, rev string) string {
		h := r.Git("rev-parse", rev)
		return filepath.Join(r.Dir(), ".git", "objects", h[:2], h[2:])
	}
	cases := map[string]struct {
		break_ func(t *testing.T, r *sourcetest.Repo)
		ref    string
	}{
		"garbage HEAD": {break_: func(t *testing.T, r *sourcetest.Repo) {
			writeFile(t, filepath.Join(r.Dir(), ".git", "HEAD"), "this is not a ref\n")
		}},
		"truncated index": {break_: func(t *testing.T, r *sourcetest.Repo) {
			p := filepath.Join(r.Dir(), ".git", "index")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, p, string(b[:len(b)/2]))
		}},
		"missing head commit": {break_: func(t *testing.T, r *sourcetest.Repo) {
			removeFile(t, objectPath(r, "HEAD"))
		}},
		"missing tree with ref": {ref: "main", break_: func(t *testing.T, r *sourcetest.Repo) {
			removeFile(t, objectPath(r, "HEAD^{tree}"))
		}},
		"garbage .git file": {break_: func(t *testing.T, r *sourcetest.Repo) {
			removeAll(t, filepath.Join(r.Dir(), ".git"))
			writeFile(t, filepath.Join(r.Dir(), ".git"), "nonsense\n")
		}},
		"empty .git directory": {break_: func(t *testing.T, r *sourcetest.Repo) {
			removeAll(t, filepath.Join(r.Dir(), ".git"))
			if err := os.Mkdir(filepath.Join(r.Dir(), ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		"garbage config": {break_: func(t *testing.T, r *sourcetest.Repo) {
			writeFile(t, filepath.Join(r.Dir(), ".git", "config"), "[core\nbroken = = =\n")
		}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := setup(t)
			c.break_(t, r)
			err := openErr(t, r.Dir(), source.Options{Ref: c.ref})
			if !errors.Is(err, source.ErrCorrupt) {
				t.Errorf("error = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), r.Dir()) {
				t.Errorf("error %q does not name the repository", err)
			}
			if source.IsUsage(err) {
				t.Errorf("a corrupt repository is not a usage error")
			}
		})
	}
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func removeAll(t *testing.T, p string) {
	t.Helper()
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkOpenWorktree lists a committed work tree of 10,000 files in
// nested directories, with untracked and ignored files beside them.
func BenchmarkOpenWorktree(b *testing.B) {
	r := sourcetest.New(b)
	dir := r.Dir()
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write(".gitignore", "*.o\n/dist/\nnode_modules/\n")
	write("pkg/.gitignore", "*.tmp\n!keep.tmp\n")
	for i := range 10000 {
		write(fmt.Sprintf("pkg/d%02d/e%02d/file%05d.go", i%50, (i/50)%10, i), "package x\n")
	}
	r.Commit("10k files", t1)
	for i := range 200 {
		write(fmt.Sprintf("pkg/d%02d/untracked%03d.txt", i%50, i), "u\n")
		write(fmt.Sprintf("pkg/d%02d/obj%03d.o", i%50, i), "o\n")
		write(fmt.Sprintf("node_modules/m%03d/index.js", i), "x\n")
		write(fmt.Sprintf("pkg/d%02d/e00/t%03d.tmp", i%50, i), "t\n")
	}
	want := 10000 + 2 + 200
	b.ReportAllocs()
	for b.Loop() {
		repo, err := source.Open(b.Context(), dir, source.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(repo.Files()); n != want {
			b.Fatalf("%d files, want %d", n, want)
		}
		repo.Close()
	}
}

// TestWorktreeChangedAfterListing covers what root cannot be denied: a
// listed file that is gone or became a directory when it is read.
func TestWorktreeChangedAfterListing(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Write("b.txt", "b\n")
	r.Commit("one", t1)
	repo := open(t, r.Dir(), source.Options{})
	r.Remove("a.txt")
	r.Remove("b.txt")
	r.Write("b.txt/inner", "now a directory\n")
	for _, p := range []string{"a.txt", "b.txt"} {
		if b, err := repo.Read(p, 0); err == nil {
			t.Errorf("Read(%s) = %q, want an error", p, b)
		}
	}
}

func TestConcurrentReads(t *testing.T) {
	r := sourcetest.New(t)
	for i := range 20 {
		r.Write(fmt.Sprintf("f%02d.txt", i), strings.Repeat(fmt.Sprint(i), 100))
	}
	r.Commit("many", t1)
	for name, opts := range map[string]source.Options{"worktree": {}, "ref": {Ref: "main"}} {
		t.Run(name, func(t *testing.T) {
			repo := open(t, r.Dir(), opts)
			errs := make(chan error, 20)
			for i := range 20 {
				go func() {
					p := fmt.Sprintf("f%02d.txt", i)
					b, err := repo.Read(p, 0)
					if err == nil && string(b) != strings.Repeat(fmt.Sprint(i), 100) {
						err = fmt.Errorf("%s: wrong content %q", p, b)
					}
					errs <- err
				}()
			}
			for range 20 {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
		})
	}
}
