// Package audittest serves an agency's worth of generated repositories
// over https on loopback, at known openness levels, for the audit's tests.
package audittest

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// Repo is a served repository and what a scan must find in it.
type Repo struct {
	Name    string // agency/repo-007
	URL     string
	Level   string // none, C, B or A; "" for one that cannot be scanned
	Secrets int
}

// Agency is the served repositories.
type Agency struct {
	Server   *sourcetest.Server
	Repos    []Repo
	root     string
	fixtures map[string][]sourcetest.TxtarFile
	when     time.Time
}

// kinds cycle over the repositories: every level, and a leaked key.
var kinds = []string{"none", "C", "B", "A", "secret"}

// New serves n repositories named agency/repo-NNN.git, their kind cycling
// over none, C, B, A and a C repository with a leaked cloud key (level
// none, one secret). testdata is the project's testdata directory, whose
// repos/*.txtar give the contents.
func New(t testing.TB, n int, testdata string) *Agency {
	t.Helper()
	fixtures := map[string][]sourcetest.TxtarFile{}
	for _, k := range []string{"none", "c", "b"} {
		b, err := os.ReadFile(filepath.Join(testdata, "repos", k+".txtar"))
		if err != nil {
			t.Fatal(err)
		}
		fixtures[k] = sourcetest.ParseTxtar(string(b))
	}
	fixtures["a"] = append(withoutFile(fixtures["b"], "CONTRIBUTING.md", "main.go"),
		sourcetest.TxtarFile{Name: "CONTRIBUTING.md", Data: "# Contributing\n\n## Set up\n\nInstall Go 1.26.\n\n## Tests\n\nRun `go test ./...`.\n\n## Submit\n\nOpen a merge request; a maintainer reviews it.\n"},
		sourcetest.TxtarFile{Name: "CODE_OF_CONDUCT.md", Data: "Be kind to each other. Report problems to conduct@example.org.\n"},
		sourcetest.TxtarFile{Name: "CHANGELOG.md", Data: "# Changelog\n\n## 1.0.0\n\n- First release of the budget exporter.\n"},
		sourcetest.TxtarFile{Name: "GOVERNANCE.md", Data: "The maintainers decide by consensus, in the open, in issues.\n"},
		sourcetest.TxtarFile{Name: "main.go", Data: "// SPDX-License-Identifier: MIT\npackage main\n\nfunc main() {}\n"},
	)
	fixtures["secret"] = append(append([]sourcetest.TxtarFile{}, fixtures["c"]...),
		sourcetest.TxtarFile{Name: "deploy/aws.env", Data: "aws_access_key_id = " + fakeAWSKey(t) + "\n"})

	// A recent commit: level A needs activity in the last six months.
	a := &Agency{root: t.TempDir(), fixtures: fixtures, when: time.Now().Add(-24 * time.Hour).Truncate(time.Second)}
	a.Repos = make([]Repo, n)
	for i := range n {
		a.Repos[i] = Repo{Name: fmt.Sprintf("agency/repo-%03d", i)}
		a.make(t, i, kinds[i%len(kinds)])
	}
	a.Server = sourcetest.ServeDir(t, a.root)
	for i := range a.Repos {
		a.Repos[i].URL = a.Server.URL + "/" + a.Repos[i].Name + ".git"
	}
	return a
}

// make writes repository i anew as one of the kinds.
func (a *Agency) make(t testing.TB, i int, kind string) {
	t.Helper()
	files, ok := a.fixtures[map[string]string{"none": "none", "C": "c", "B": "b", "A": "a", "secret": "secret"}[kind]]
	if !ok {
		t.Fatalf("no repository kind %q", kind)
	}
	level, secrets := kind, 0
	if kind == "secret" {
		level, secrets = "none", 1
	}
	a.Repos[i].Level, a.Repos[i].Secrets = level, secrets
	dir := filepath.Join(a.root, a.Repos[i].Name+".git")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	sourcetest.Bare(t, dir, files, a.when)
}

// Become makes repository i one of another kind (none, C, B, A, secret),
// as a week's work would: the next audit sees it changed.
func (a *Agency) Become(t testing.TB, i int, kind string) {
	t.Helper()
	a.make(t, i, kind)
}

// Drop deletes repository i from the server (it is kept in Repos).
func (a *Agency) Drop(t testing.TB, i int) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(a.root, a.Repos[i].Name+".git")); err != nil {
		t.Fatal(err)
	}
}

// Broken adds repositories that cannot be scanned: an empty one, one whose
// branch names a commit that is not there, and one that does not exist.
// They are returned with Level "".
func (a *Agency) Broken(t testing.TB) []Repo {
	t.Helper()
	empty := filepath.Join(a.root, "agency", "empty.git")
	if _, err := sourcetest.Run(a.root, sourcetest.Epoch, "init", "--quiet", "--bare", empty); err != nil {
		t.Fatal(err)
	}
	corrupt := filepath.Join(a.root, "agency", "corrupt.git")
	sourcetest.Bare(t, corrupt, []sourcetest.TxtarFile{{Name: "README.md", Data: "x\n"}}, sourcetest.Epoch)
	if err := os.WriteFile(filepath.Join(corrupt, "refs", "heads", "main"), []byte("0123456789abcdef0123456789abcdef01234567\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out []Repo
	for _, n := range []string{"agency/empty", "agency/corrupt", "agency/missing"} {
		out = append(out, Repo{Name: n, URL: a.Server.URL + "/" + n + ".git"})
	}
	return out
}

// URLs lists the repositories' URLs.
func URLs(rs []Repo) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.URL
	}
	return out
}

func withoutFile(fs []sourcetest.TxtarFile, names ...string) []sourcetest.TxtarFile {
	var out []sourcetest.TxtarFile
	for _, f := range fs {
		keep := true
		for _, n := range names {
			if f.Name == n {
				keep = false
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// fakeAWSKey makes an access key id of the right shape for this run only:
// nothing secret is stored in the repository.
func fakeAWSKey(t testing.TB) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "AKIA" + string(b)
}
