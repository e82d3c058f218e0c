package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// mirrored is a work repository, the bare copy a server serves, and where
// a mirror of it goes.
type mirrored struct {
	work   *sourcetest.Repo
	bare   string
	srv    *sourcetest.Server
	url    string
	mirror string
	opts   source.Options
}

func newMirrored(t *testing.T) *mirrored {
	work := sourcetest.New(t)
	work.Write("README.md", "v1\n")
	work.Commit("first", t1)
	root := t.TempDir()
	bare := filepath.Join(root, "org", "repo.git")
	if _, err := sourcetest.Run(root, t1, "clone", "--quiet", "--bare", "--no-local", work.Dir(), bare); err != nil {
		t.Fatal(err)
	}
	srv := sourcetest.ServeDir(t, root)
	return &mirrored{
		work: work, bare: bare, srv: srv, url: srv.URL + "/org/repo.git",
		mirror: filepath.Join(t.TempDir(), "cache", "repo.git"),
		opts:   source.Options{CABundle: srv.CA, Getenv: noEnv},
	}
}

func (m *mirrored) push(t *testing.T) {
	t.Helper()
	if _, err := sourcetest.Run(m.work.Dir(), t2, "push", "--quiet", "--force", "--tags", m.bare, "main"); err != nil {
		t.Fatal(err)
	}
}

func (m *mirrored) open(t *testing.T) source.Repo {
	t.Helper()
	r, err := source.OpenMirror(context.Background(), m.url, m.mirror, m.opts)
	if err != nil {
		t.Fatalf("OpenMirror: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestMirrorFetchesOnlyWhatChanged(t *testing.T) {
	m := newMirrored(t)
	r := m.open(t)
	if got := read(t, r, "README.md"); got != "v1\n" {
		t.Errorf("README.md = %q", got)
	}
	meta := r.Meta()
	if meta.URL != m.url || meta.Remote != m.url || meta.Path != m.mirror || meta.Shallow {
		t.Errorf("meta = %+v", meta)
	}
	if c := r.Capabilities(); c != source.Tree|source.Commits|source.Remote {
		t.Errorf("capabilities = %b: without History the mirror offers no history to scan", c)
	}
	r.Close()
	if _, err := os.Stat(filepath.Join(m.mirror, "HEAD")); err != nil {
		t.Fatalf("Close removed the mirror: %v", err)
	}
	first := m.srv.Fetches()
	if first != 1 {
		t.Errorf("cloning the mirror made %d pack requests, want 1", first)
	}

	// Nothing changed: the refs are compared, no pack is asked for.
	r = m.open(t)
	if m.srv.Fetches() != first || r.Meta().Commit != meta.Commit {
		t.Errorf("an unchanged repository was fetched again (%d pack requests) or moved (%s)", m.srv.Fetches()-first, r.Meta().Commit)
	}
	r.Close()

	// A new commit and a tag: fetched, and the mirror's HEAD follows.
	m.work.Write("README.md", "v2\n")
	c2 := m.work.Commit("second", t2)
	m.work.Tag("v2")
	m.push(t)
	r = m.open(t)
	if got := read(t, r, "README.md"); got != "v2\n" || r.Meta().Commit != c2 || m.srv.Fetches() != first+1 {
		t.Errorf("after a push: README %q, commit %s (want %s), %d pack requests", got, r.Meta().Commit, c2, m.srv.Fetches())
	}
	if tags := r.Meta().Tags; len(tags) != 1 || tags[0].Name != "v2" || !tags[0].Time.Equal(t2) {
		t.Errorf("tags = %+v", tags)
	}
	// No temporary directory is left beside the mirror.
	ents, _ := os.ReadDir(filepath.Dir(m.mirror))
	if len(ents) != 1 {
		t.Errorf("cache holds %d entries, want the mirror alone", len(ents))
	}
}

func TestMirrorHistoryAndRef(t *testing.T) {
	m := newMirrored(t)
	m.work.Git("checkout", "--quiet", "-b", "dev")
	m.work.Write("dev.txt", "dev\n")
	m.work.Commit("dev work", t2)
	if _, err := sourcetest.Run(m.work.Dir(), t2, "push", "--quiet", m.bare, "dev"); err != nil {
		t.Fatal(err)
	}
	m.opts.History = true
	m.opts.Ref = "dev"
	r := m.open(t)
	if _, ok := r.(source.Historian); !ok || !r.Capabilities().Has(source.History) {
		t.Errorf("History asked: capabilities %b", r.Capabilities())
	}
	if got := read(t, r, "dev.txt"); got != "dev\n" {
		t.Errorf("dev.txt = %q", got)
	}
	r.Close()
	m.opts.Ref = "nope"
	_, err := source.OpenMirror(context.Background(), m.url, m.mirror, m.opts)
	if !errors.Is(err, source.ErrBadRef) {
		t.Errorf("unknown ref: %v", err)
	}
}

func TestMirrorRecoversFromACorruptMirror(t *testing.T) {
	m := newMirrored(t)
	m.open(t).Close()
	// A crash left a HEAD that names nothing and objects gone.
	os.RemoveAll(filepath.Join(m.mirror, "objects"))
	os.WriteFile(filepath.Join(m.mirror, "HEAD"), []byte("garbage\n"), 0o644)
	r := m.open(t)
	if got := read(t, r, "README.md"); got != "v1\n" {
		t.Errorf("README.md = %q", got)
	}
}

func TestMirrorErrors(t *testing.T) {
	m := newMirrored(t)
	_, err := source.OpenMirror(context.Background(), m.srv.URL+"/org/nope.git", m.mirror, m.opts)
	if !errors.Is(err, source.ErrRemote) {
		t.Errorf("missing repository: %v", err)
	}
	if _, err := os.Stat(m.mirror); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed clone left %s", m.mirror)
	}
	_, err = source.OpenMirror(context.Background(), t.TempDir(), m.mirror, m.opts)
	if !source.IsUsage(err) {
		t.Errorf("a path is no URL to mirror: %v", err)
	}
	slow := sourcetest.SilentServer(t)
	m.opts.Timeout = time.Second
	_, err = source.OpenMirror(context.Background(), slow+"/x.git", m.mirror, m.opts)
	if !errors.Is(err, source.ErrTimeout) {
		t.Errorf("silent server: %v", err)
	}
}

func TestOpenCachedAsksNoServer(t *testing.T) {
	m := newMirrored(t)
	_, err := source.OpenCached(m.url, m.mirror, m.opts)
	if !errors.Is(err, source.ErrCorrupt) {
		t.Errorf("no mirror yet: %v", err)
	}
	first := m.open(t)
	first.Close()
	m.work.Write("README.md", "v2\n")
	m.work.Commit("second", t2)
	m.push(t)
	requests := m.srv.Requests()
	r, err := source.OpenCached(m.url, m.mirror, m.opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The mirror as it was: the push is not seen, nothing was asked.
	if got := read(t, r, "README.md"); got != "v1\n" || r.Meta().Commit != first.Meta().Commit || m.srv.Requests() != requests {
		t.Errorf("README %q, commit %s", got, r.Meta().Commit)
	}
	if r.Meta().URL != m.url || r.Meta().Remote != m.url {
		t.Errorf("meta = %+v", r.Meta())
	}
}
