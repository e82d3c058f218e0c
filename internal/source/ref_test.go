package source_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// history: main has commits c1 (tagged v1, annotated) and c2 (tagged
// light); dev branches from c1 with its own commit c3.
type history struct {
	r          *sourcetest.Repo
	c1, c2, c3 string
}

func newHistory(t *testing.T) history {
	r := sourcetest.New(t)
	r.Write("README.md", "v1\n")
	r.Write("docs/a.md", "a\n")
	c1 := r.Commit("one", t1)
	r.AnnotatedTag("v1", "first release")
	r.Write("README.md", "v2\n")
	r.Write("CHANGES", "two\n")
	c2 := r.Commit("two", t2)
	r.Tag("light")
	r.Git("branch", "dev", c1)
	r.Checkout("dev")
	r.Write("dev.txt", "dev\n")
	c3 := r.Commit("three", t3)
	r.Checkout("main")
	return history{r, c1, c2, c3}
}

func TestLocalRef(t *testing.T) {
	h := newHistory(t)
	// Untracked work tree files never show in a ref's tree.
	h.r.Write("untracked.txt", "u\n")
	cases := []struct {
		ref    string
		commit string
		files  []string
		readme string
	}{
		{"main", h.c2, []string{"CHANGES", "README.md", "docs/a.md"}, "v2\n"},
		{"dev", h.c3, []string{"README.md", "dev.txt", "docs/a.md"}, "v1\n"},
		{"v1", h.c1, []string{"README.md", "docs/a.md"}, "v1\n"},
		{"refs/tags/light", h.c2, []string{"CHANGES", "README.md", "docs/a.md"}, "v2\n"},
		{h.c1[:7], h.c1, []string{"README.md", "docs/a.md"}, "v1\n"},
		{h.c3, h.c3, []string{"README.md", "dev.txt", "docs/a.md"}, "v1\n"},
		{"HEAD~1", h.c1, []string{"README.md", "docs/a.md"}, "v1\n"},
	}
	for _, c := range cases {
		t.Run(c.ref, func(t *testing.T) {
			repo := open(t, h.r.Dir(), source.Options{Ref: c.ref})
			samePaths(t, repo, c.files...)
			if got := read(t, repo, "README.md"); got != c.readme {
				t.Errorf("README.md = %q, want %q", got, c.readme)
			}
			m := repo.Meta()
			if m.Ref != c.ref || m.Commit != c.commit {
				t.Errorf("ref, commit = %q, %q; want %q, %q", m.Ref, m.Commit, c.ref, c.commit)
			}
			if !m.LastCommit.Equal(t3) {
				t.Errorf("last commit = %s, want %s", m.LastCommit, t3)
			}
			if len(m.Tags) != 2 || m.Tags[0].Name != "light" || m.Tags[1].Commit != h.c1 {
				t.Errorf("tags = %+v", m.Tags)
			}
			if c := repo.Capabilities(); c != source.Tree|source.Commits|source.History {
				t.Errorf("capabilities = %b", c)
			}
			if _, err := repo.Read("untracked.txt", 0); !errors.Is(err, source.ErrNotFound) {
				t.Errorf("Read(untracked.txt) = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestLocalRefUnknown(t *testing.T) {
	h := newHistory(t)
	for _, ref := range []string{"nope", "v9", "deadbeef", "main~10", "a b"} {
		err := openErr(t, h.r.Dir(), source.Options{Ref: ref})
		if !errors.Is(err, source.ErrBadRef) || !source.IsUsage(err) {
			t.Errorf("ref %q: error %v, want ErrBadRef", ref, err)
		}
		if !strings.Contains(err.Error(), ref) || !strings.Contains(err.Error(), h.r.Dir()) {
			t.Errorf("ref %q: error %q names neither the ref nor the repository", ref, err)
		}
	}
}

func TestLocalRefRemoteBranch(t *testing.T) {
	h := newHistory(t)
	clone := h.r.Clone(false)
	repo := open(t, clone, source.Options{Ref: "origin/dev"})
	if repo.Meta().Commit != h.c3 {
		t.Errorf("origin/dev = %s, want %s", repo.Meta().Commit, h.c3)
	}
	file(t, repo, "dev.txt")
}

func TestLocalRefSubdirectory(t *testing.T) {
	h := newHistory(t)
	repo := open(t, filepath.Join(h.r.Dir(), "docs"), source.Options{Ref: "v1"})
	samePaths(t, repo, "a.md")
	if got := read(t, repo, "a.md"); got != "a\n" {
		t.Errorf("a.md = %q", got)
	}
}

func TestBareRepository(t *testing.T) {
	h := newHistory(t)
	bare := h.r.Clone(true)
	repo := open(t, bare, source.Options{})
	samePaths(t, repo, "CHANGES", "README.md", "docs/a.md")
	if m := repo.Meta(); m.Commit != h.c2 || m.Ref != "" || m.Path != bare {
		t.Errorf("meta = %+v", m)
	}
	repo = open(t, bare, source.Options{Ref: "dev"})
	file(t, repo, "dev.txt")
}

func TestExecutableInTree(t *testing.T) {
	r := sourcetest.New(t)
	r.WriteMode("tool.sh", "#!/bin/sh\n", 0o755)
	r.Write("plain.txt", "p\n")
	r.Commit("x", t1)
	repo := open(t, r.Dir(), source.Options{Ref: "main"})
	if k := file(t, repo, "tool.sh").Kind; k != source.Executable {
		t.Errorf("tool.sh kind = %v", k)
	}
	if k := file(t, repo, "plain.txt").Kind; k != source.Regular {
		t.Errorf("plain.txt kind = %v", k)
	}
}

func TestTreeRepoClosed(t *testing.T) {
	h := newHistory(t)
	repo := open(t, h.r.Dir(), source.Options{Ref: "main"})
	if err := repo.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Read("README.md", 0); err == nil {
		t.Errorf("Read after Close succeeded")
	}
	if err := repo.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
