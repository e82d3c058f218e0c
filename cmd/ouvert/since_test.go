package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// prClone serves origin over smart HTTP on loopback and checks out its
// pull request the way actions/checkout does with fetch-depth: 0: every
// branch and tag fetched, then the pull request's merge ref, detached.
func prClone(t *testing.T, origin *sourcetest.Repo) string {
	t.Helper()
	// A forge keeps pull requests under refs/pull/; a mirror clone serves
	// them as the forge does.
	root := t.TempDir()
	if _, err := sourcetest.Run(root, sourcetest.Epoch, "clone", "--quiet", "--mirror", "--no-local", origin.Dir(), filepath.Join(root, "x.git")); err != nil {
		t.Fatal(err)
	}
	srv := sourcetest.ServeDir(t, root)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CA, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--quiet"},
		{"remote", "add", "origin", srv.URL + "/x.git"},
		{"-c", "http.sslCAInfo=" + ca, "fetch", "--quiet", "--prune", "--no-recurse-submodules", "origin",
			"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"},
		{"-c", "http.sslCAInfo=" + ca, "fetch", "--quiet", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge"},
		{"checkout", "--quiet", "--force", "refs/remotes/pull/1/merge"},
	} {
		if _, err := sourcetest.Run(dir, sourcetest.Epoch, args...); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Fetches() < 2 {
		t.Fatalf("the clone did not go through the server (%d fetches)", srv.Fetches())
	}
	return dir
}

// A clone made for a pull request also holds the other branches: a stale
// one with a key must not fail the pull request, which --since judges on
// what it adds to its base alone; a key the pull request adds fails it.
func TestSinceOnAPullRequestClone(t *testing.T) {
	stale, added := freshKey(t), freshKey(t)
	origin := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	origin.Git("checkout", "--quiet", "-b", "old-experiment")
	origin.Write("experiment/id_rsa", stale)
	origin.Commit("an experiment with a key, never merged", sourcetest.Epoch.Add(time.Hour))
	origin.AnnotatedTag("experiment-1", "tagged too")
	origin.Checkout("main")
	origin.Write("docs/intro.md", "# Intro\n\nWords for the reader.\n")
	origin.Commit("main moves on", sourcetest.Epoch.Add(2*time.Hour))
	origin.Git("checkout", "--quiet", "-b", "feature")
	origin.Write("docs/guide.md", "# Guide\n\nMore words for the reader.\n")
	origin.Commit("the pull request", sourcetest.Epoch.Add(3*time.Hour))
	merge := func() {
		origin.Checkout("main")
		origin.Git("checkout", "--quiet", "--detach")
		origin.Git("merge", "--quiet", "--no-ff", "--no-edit", "feature")
		origin.Git("update-ref", "refs/pull/1/merge", "HEAD")
		origin.Checkout("feature")
	}
	merge()

	pr := prClone(t, origin)
	whole, o := scanJSON(t, pr, nil)
	if o.code != 1 || whole.outcome("secrets/scan") != "fail" || !strings.Contains(o.stdout, "experiment/id_rsa") {
		t.Fatalf("the whole history holds the stale branch's key: code %d, secrets/scan %s", o.code, whole.outcome("secrets/scan"))
	}
	since, o := scanJSON(t, pr, nil, "--since", "origin/main")
	if o.code != 0 || since.outcome("secrets/scan") != "pass" || strings.Contains(o.stdout, "experiment/") {
		t.Errorf("--since origin/main: code %d, secrets/scan %s, findings %+v", o.code, since.outcome("secrets/scan"), since.Findings)
	}

	// The pull request adds a key: --since finds it, and only it.
	origin.Write("deploy/key.pem", added)
	origin.Commit("oops", sourcetest.Epoch.Add(4*time.Hour))
	origin.Remove("deploy/key.pem")
	origin.Commit("remove it again", sourcetest.Epoch.Add(5*time.Hour))
	merge()
	pr = prClone(t, origin)
	since, o = scanJSON(t, pr, nil, "--since", "origin/main")
	keys := since.of("secrets/private-key")
	if o.code != 1 || len(keys) != 1 || since.Findings[keys[0]].Path != "deploy/key.pem" {
		t.Errorf("a key the pull request adds: code %d, findings %+v", o.code, since.Findings)
	}
}
