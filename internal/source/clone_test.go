package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

type served struct {
	history
	url string // of the repository
	ca  []byte
}

func serveHistory(t *testing.T) served {
	h := newHistory(t)
	base, ca := sourcetest.GitServer(t, map[string]*sourcetest.Repo{"org/repo.git": h.r})
	return served{h, base + "/org/repo.git", ca}
}

func (s served) opts(t *testing.T) source.Options {
	return source.Options{CABundle: s.ca, TempDir: t.TempDir(), Getenv: noEnv}
}

func TestCloneShallow(t *testing.T) {
	s := serveHistory(t)
	opts := s.opts(t)
	repo := open(t, s.url, opts)
	samePaths(t, repo, "CHANGES", "README.md", "docs/a.md")
	if got := read(t, repo, "README.md"); got != "v2\n" {
		t.Errorf("README.md = %q", got)
	}
	m := repo.Meta()
	if m.URL != s.url || m.Remote != s.url || m.Commit != s.c2 || !m.HeadTime.Equal(t2) || !m.Shallow {
		t.Errorf("meta = %+v", m)
	}
	if !strings.HasPrefix(m.Path, opts.TempDir) {
		t.Errorf("clone at %q, not under %q", m.Path, opts.TempDir)
	}
	if c := repo.Capabilities(); c != source.Tree|source.Commits|source.Remote {
		t.Errorf("capabilities = %b, want no History on a shallow clone", c)
	}
	// Tags come from the server's list; only the one on the cloned commit
	// has a time.
	if len(m.Tags) != 2 {
		t.Fatalf("tags = %+v", m.Tags)
	}
	if tg := m.Tags[0]; tg.Name != "light" || tg.Commit != s.c2 || !tg.Time.Equal(t2) {
		t.Errorf("tag light = %+v", tg)
	}
	if tg := m.Tags[1]; tg.Name != "v1" || tg.Commit != s.c1 || !tg.Time.IsZero() {
		t.Errorf("tag v1 = %+v, want peeled to %s with no time", tg, s.c1)
	}
	// Nothing is checked out: the clone holds objects only.
	if _, err := os.Stat(filepath.Join(m.Path, "README.md")); err == nil {
		t.Errorf("the clone has a checkout")
	}
	if err := repo.Close(); err != nil {
		t.Fatal(err)
	}
	emptyDir(t, opts.TempDir)
}

func TestCloneHistory(t *testing.T) {
	s := serveHistory(t)
	opts := s.opts(t)
	opts.History = true
	repo := open(t, s.url, opts)
	m := repo.Meta()
	if m.Shallow || m.Commit != s.c2 {
		t.Errorf("meta = %+v", m)
	}
	if !m.LastCommit.Equal(t3) {
		t.Errorf("last commit = %s, want %s from branch dev", m.LastCommit, t3)
	}
	if len(m.Tags) != 2 || !m.Tags[1].Time.Equal(t1) {
		t.Errorf("tags = %+v", m.Tags)
	}
	if c := repo.Capabilities(); c != source.Tree|source.Commits|source.History|source.Remote {
		t.Errorf("capabilities = %b", c)
	}
}

func TestCloneRef(t *testing.T) {
	s := serveHistory(t)
	cases := []struct {
		ref, commit string
		shallow     bool
	}{
		{"dev", s.c3, true},
		{"v1", s.c1, true},
		{"light", s.c2, true},
		{"refs/heads/dev", s.c3, true},
		{s.c3, s.c3, true},      // a branch tip: cloned through the branch
		{s.c1[:8], s.c1, false}, // any other commit needs the history
		{s.c1, s.c1, false},
	}
	for _, c := range cases {
		t.Run(c.ref, func(t *testing.T) {
			opts := s.opts(t)
			opts.Ref = c.ref
			repo := open(t, s.url, opts)
			m := repo.Meta()
			if m.Commit != c.commit || m.Ref != c.ref || m.Shallow != c.shallow {
				t.Errorf("commit, ref, shallow = %s, %q, %v; want %s, %q, %v", m.Commit, m.Ref, m.Shallow, c.commit, c.ref, c.shallow)
			}
			if c.commit == s.c1 {
				samePaths(t, repo, "README.md", "docs/a.md")
			}
			repo.Close()
			emptyDir(t, opts.TempDir)
		})
	}
}

func TestCloneRefWithHistory(t *testing.T) {
	s := serveHistory(t)
	opts := s.opts(t)
	opts.Ref, opts.History = "v1", true
	repo := open(t, s.url, opts)
	m := repo.Meta()
	if m.Commit != s.c1 || m.Shallow || !m.LastCommit.Equal(t3) {
		t.Errorf("meta = %+v, want %s with full history", m, s.c1)
	}
	samePaths(t, repo, "README.md", "docs/a.md")
}

func TestCloneUnknownRef(t *testing.T) {
	s := serveHistory(t)
	for _, ref := range []string{"nope", "abcdef1"} {
		opts := s.opts(t)
		opts.Ref = ref
		err := openErr(t, s.url, opts)
		if !errors.Is(err, source.ErrBadRef) {
			t.Errorf("ref %s: error %v, want ErrBadRef", ref, err)
		}
		if !strings.Contains(err.Error(), ref) || !strings.Contains(err.Error(), s.url) {
			t.Errorf("error %q should name the ref and the URL", err)
		}
		// "abcdef1" is fetched in full before it is found missing: the
		// clone must be gone all the same.
		emptyDir(t, opts.TempDir)
	}
}

func TestCloneAuth(t *testing.T) {
	h := newHistory(t)
	const token = "s3cret-t0ken"
	base, ca := sourcetest.GitServerAuth(t, map[string]*sourcetest.Repo{"private.git": h.r}, "x-access-token", token)
	url := base + "/private.git"
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}

	t.Run("no token", func(t *testing.T) {
		err := openErr(t, url, source.Options{CABundle: ca})
		if !errors.Is(err, source.ErrAuth) || !strings.Contains(err.Error(), "OUVERT_TOKEN") || !strings.Contains(err.Error(), url) {
			t.Errorf("error = %v, want ErrAuth naming the URL and OUVERT_TOKEN", err)
		}
		if !errors.Is(err, transport.ErrAuthenticationRequired) {
			t.Errorf("error = %v lost go-git's cause", err)
		}
	})
	t.Run("OUVERT_TOKEN", func(t *testing.T) {
		repo := open(t, url, source.Options{CABundle: ca, Getenv: env(map[string]string{"OUVERT_TOKEN": token})})
		if repo.Meta().Commit != h.c2 {
			t.Errorf("commit = %s", repo.Meta().Commit)
		}
		assertNoToken(t, repo.Meta(), token)
	})
	t.Run("GITHUB_TOKEN is only for github hosts", func(t *testing.T) {
		err := openErr(t, url, source.Options{CABundle: ca, Getenv: env(map[string]string{"GITHUB_TOKEN": token})})
		if !errors.Is(err, source.ErrAuth) {
			t.Errorf("error = %v, want ErrAuth", err)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		const wrong = "wr0ng-t0ken"
		err := openErr(t, url, source.Options{CABundle: ca, Getenv: env(map[string]string{"OUVERT_TOKEN": wrong})})
		if !errors.Is(err, source.ErrAuth) || strings.Contains(err.Error(), wrong) {
			t.Errorf("error = %v, want ErrAuth without the token", err)
		}
	})
	t.Run("credentials in the URL", func(t *testing.T) {
		withCreds := strings.Replace(url, "https://", "https://x-access-token:"+token+"@", 1)
		repo := open(t, withCreds, source.Options{CABundle: ca})
		if repo.Meta().URL != url {
			t.Errorf("URL = %q, want %q", repo.Meta().URL, url)
		}
		assertNoToken(t, repo.Meta(), token)
		bad := strings.Replace(url, "https://", "https://x-access-token:"+token+"x@", 1)
		err := openErr(t, bad, source.Options{CABundle: ca})
		if strings.Contains(err.Error(), token) {
			t.Errorf("error leaks the token: %q", err)
		}
	})
}

func assertNoToken(t *testing.T, m source.Meta, token string) {
	t.Helper()
	for _, s := range []string{m.URL, m.Remote, m.Path, m.Ref} {
		if strings.Contains(s, token) {
			t.Errorf("meta leaks the token: %+v", m)
		}
	}
}

func TestCloneNotFound(t *testing.T) {
	s := serveHistory(t)
	opts := s.opts(t)
	url := strings.Replace(s.url, "repo.git", "missing.git", 1)
	err := openErr(t, url, opts)
	if !errors.Is(err, source.ErrRemote) || source.IsUsage(err) {
		t.Errorf("error = %v, want ErrRemote", err)
	}
	if !errors.Is(err, transport.ErrRepositoryNotFound) {
		t.Errorf("error = %v lost go-git's cause", err)
	}
	if !strings.Contains(err.Error(), "not found") || !strings.Contains(err.Error(), url) {
		t.Errorf("error %q should say not found and name the URL", err)
	}
	emptyDir(t, opts.TempDir)
}

func TestCloneUntrustedCertificate(t *testing.T) {
	s := serveHistory(t)
	opts := s.opts(t)
	opts.CABundle = nil
	err := openErr(t, s.url, opts)
	if !errors.Is(err, source.ErrRemote) || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("error = %v, want a certificate error", err)
	}
}

func TestCloneEmptyRepository(t *testing.T) {
	empty := sourcetest.New(t)
	base, ca := sourcetest.GitServer(t, map[string]*sourcetest.Repo{"empty.git": empty})
	repo := open(t, base+"/empty.git", source.Options{CABundle: ca, TempDir: t.TempDir()})
	if n := len(repo.Files()); n != 0 {
		t.Errorf("%d files in an empty repository", n)
	}
	if c := repo.Capabilities(); c.Has(source.Commits) || !c.Has(source.Remote) {
		t.Errorf("capabilities = %b", c)
	}
}

func TestCloneTimeout(t *testing.T) {
	url := sourcetest.SilentServer(t) + "/repo.git"
	tmp := t.TempDir()
	start := time.Now()
	err := openErr(t, url, source.Options{Timeout: 300 * time.Millisecond, TempDir: tmp})
	if !errors.Is(err, source.ErrTimeout) || !strings.Contains(err.Error(), "timed out after 300ms") || !strings.Contains(err.Error(), url) {
		t.Errorf("error = %v, want a timeout naming the URL", err)
	}
	emptyDir(t, tmp)
	t.Logf("gave up after %s", time.Since(start))
}

func TestCloneCanceled(t *testing.T) {
	url := sourcetest.SilentServer(t) + "/repo.git"
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := source.Open(ctx, url, source.Options{Getenv: noEnv, TempDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestCloneUnreachable(t *testing.T) {
	// A port nobody listens on: connection refused, at once.
	url := sourcetest.SilentServer(t)
	url = url[:strings.LastIndexByte(url, ':')] + ":1/repo.git"
	err := openErr(t, url, source.Options{TempDir: t.TempDir()})
	if !errors.Is(err, source.ErrRemote) || !strings.Contains(err.Error(), url) {
		t.Errorf("error = %v, want ErrRemote naming the URL", err)
	}
}
