// Package testrepos builds the repositories and the fake secrets that the
// end-to-end tests of several packages share (the command line's, the CI
// integrations'): the fixtures of testdata/repos, a pull request over a
// key, a monorepo, a repository to stage changes in. Secrets are generated
// at each call, never stored.
package testrepos

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// Root is the directory of ouvert's sources (where go.mod is).
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testrepos: cannot locate the sources")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// BuildOuvert builds the ouvert command into dir and returns its path. It
// is built static and -trimpath, as releases and the CI integrations build
// it, so that their builds in the tests find every package compiled in the
// build cache and only link.
func BuildOuvert(dir string) (string, error) {
	_, file, _, _ := runtime.Caller(0)
	exe := filepath.Join(dir, "ouvert")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	build := exec.Command("go", "build", "-trimpath", "-o", exe, "./cmd/ouvert")
	build.Dir = filepath.Join(filepath.Dir(file), "..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build ouvert: %w\n%s", err, out)
	}
	return exe, nil
}

// Fixture is the repository of testdata/repos/NAME.txtar ("none", "c",
// "b": the openness levels).
func Fixture(t testing.TB, name string) *sourcetest.Repo {
	t.Helper()
	return sourcetest.FromTxtar(t, filepath.Join(Root(t), "testdata", "repos", name+".txtar"))
}

// FakeAWSKey is a well-formed AWS access key id that no account has.
func FakeAWSKey(t testing.TB) string {
	t.Helper()
	const b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	buf := make([]byte, 16)
	for {
		rand.Read(buf)
		distinct := map[byte]bool{}
		for i := range buf {
			buf[i] = b32[int(buf[i])%len(b32)]
			distinct[buf[i]] = true
		}
		// About 3 draws in 10,000 repeat a letter so often (AKIADXXXXOMQ…)
		// that the scanner takes them for a placeholder, as it should: a
		// test that needs a key found draws again.
		if len(distinct) >= 12 {
			return "AKIA" + string(buf)
		}
	}
}

// FreshKey is an RSA private key made for the test, in PEM.
func FreshKey(t testing.TB) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

// Staged is a committed repository with nothing staged yet.
func Staged(t testing.TB) *sourcetest.Repo {
	t.Helper()
	r := sourcetest.New(t)
	r.Write("README.md", "# Budget\n\nExports the budget.\n")
	r.Write("config/app.yml", "name: budget\nport: 8080\n")
	r.Commit("first", sourcetest.Epoch)
	return r
}

// PullRequest is the level-B fixture whose history before the pull
// request's base once held a key (added, then removed), and pull request
// commits on top, which add a new key and remove it again when secret is
// true. It returns the repository, the base commit and every key it holds.
func PullRequest(t testing.TB, secret bool) (*sourcetest.Repo, string, []string) {
	t.Helper()
	r := Fixture(t, "b")
	old := FakeAWSKey(t)
	r.Write("config/app.env", "aws_access_key_id="+old+"\n")
	r.Commit("configuration", sourcetest.Epoch.Add(time.Hour))
	r.Remove("config/app.env")
	r.Commit("no key in the repository", sourcetest.Epoch.Add(2*time.Hour))
	base := r.Head()
	keys := []string{old}
	if secret {
		k := FakeAWSKey(t)
		keys = append(keys, k)
		r.Write("deploy/prod.env", "region=eu-west-3\naws_access_key_id="+k+"\n")
		r.Commit("the pull request", sourcetest.Epoch.Add(3*time.Hour))
		// Removed in a later commit of the same pull request: only the
		// history between the base and the head still holds it.
		r.Remove("deploy/prod.env")
	}
	r.Write("docs/deploy.md", "# Déploiement\n\nVoir le guide.\n")
	r.Commit("the pull request, continued", sourcetest.Epoch.Add(4*time.Hour))
	return r, base, keys
}

// Monorepo is a repository whose project lives in app/ (the level-B
// fixture), beside another one, with a GitHub remote: a key in app's tree
// (app/conf/prod.env, line 2), a key that app's history held (added then
// removed: app/deploy/old.env at historyCommit), and a README at the root
// that is not app's.
func Monorepo(t testing.TB) (r *sourcetest.Repo, historyCommit string, keys []string) {
	t.Helper()
	fx := Fixture(t, "b")
	r = sourcetest.New(t)
	err := filepath.WalkDir(fx.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(fx.Dir(), p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r.Write(filepath.ToSlash(filepath.Join("app", rel)), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Write("README.md", "# Monorepo\n\nSeveral projects of the agency.\n")
	r.Write("other/notes.txt", "nothing here\n")
	r.Git("remote", "add", "origin", "https://github.com/agency/mono.git")
	old, tree := FakeAWSKey(t), FakeAWSKey(t)
	r.Write("app/deploy/old.env", "aws_access_key_id="+old+"\n")
	historyCommit = r.Commit("deployment settings", sourcetest.Epoch)
	r.Remove("app/deploy/old.env")
	r.Write("app/conf/prod.env", "region=eu-west-3\naws_access_key_id="+tree+"\n")
	r.Commit("production settings", sourcetest.Epoch.Add(time.Hour))
	return r, historyCommit, []string{old, tree}
}
