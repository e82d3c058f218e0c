// Package sourcetest builds real git repositories for tests, with the git
// command line and an environment that no user or system configuration
// reaches: the same commands give the same hashes on every machine.
package sourcetest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Epoch is the date of commits made by FromTxtar.
var Epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// Repo is a git work tree in a test's temporary directory.
type Repo struct {
	t    testing.TB
	dir  string
	last time.Time // date of the last commit, for tags
}

// New makes an empty repository whose branch is "main".
func New(t testing.TB) *Repo {
	t.Helper()
	r := &Repo{t: t, dir: t.TempDir(), last: Epoch}
	r.Git("init", "--quiet", "--initial-branch=main")
	return r
}

// Dir is the work tree's root.
func (r *Repo) Dir() string { return r.dir }

// Env is the environment every git command of this package runs with:
// the caller's, less every GIT_ variable, plus fixed identities and no
// global or system configuration.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Author",
		"GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Carl Committer",
		"GIT_COMMITTER_EMAIL=carl@example.com",
		"GIT_TERMINAL_PROMPT=0",
	)
}

// Git runs git in the work tree and returns its output, trimmed. The test
// fails if git does.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.gitAt(r.last, args...)
}

func (r *Repo) gitAt(when time.Time, args ...string) string {
	r.t.Helper()
	out, err := Run(r.dir, when, args...)
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

// Run runs git in dir with Env and both author and committer dates set to
// when. The error carries git's output.
func Run(dir string, when time.Time, args ...string) (string, error) {
	full := append([]string{
		"-c", "init.defaultBranch=main",
		"-c", "commit.gpgSign=false",
		"-c", "tag.gpgSign=false",
		"-c", "core.autocrlf=false",
		"-c", "protocol.file.allow=always",
	}, args...)
	cmd := exec.Command("git", full...)
	cmd.Dir = dir
	date := when.Format(time.RFC3339)
	cmd.Env = append(Env(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// Write writes a file, making its directories.
func (r *Repo) Write(path, content string) {
	r.t.Helper()
	r.WriteMode(path, content, 0o644)
}

// WriteMode writes a file with the given permissions (0o755 for an
// executable).
func (r *Repo) WriteMode(path, content string, mode os.FileMode) {
	r.t.Helper()
	p := r.path(path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // WriteFile keeps an old mode
		r.t.Fatal(err)
	}
}

// Symlink makes path a symlink to target, as given (relative or not).
func (r *Repo) Symlink(path, target string) {
	r.t.Helper()
	p := r.path(path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		r.t.Fatal(err)
	}
}

// Remove removes a file or directory from the work tree; the next Commit
// removes it from the index.
func (r *Repo) Remove(path string) {
	r.t.Helper()
	if err := os.RemoveAll(r.path(path)); err != nil {
		r.t.Fatal(err)
	}
}

// Add stages paths even if they are ignored, as "git add -f" does.
func (r *Repo) Add(paths ...string) {
	r.t.Helper()
	r.Git(append([]string{"add", "--force", "--"}, paths...)...)
}

// Commit stages everything ("git add -A") and commits at when, which is
// both the author and the committer date. It returns the commit's hash.
func (r *Repo) Commit(msg string, when time.Time) string {
	r.t.Helper()
	r.last = when
	r.Git("add", "-A")
	r.Git("commit", "--quiet", "--allow-empty", "-m", msg)
	return r.Head()
}

// Head is the hash of HEAD.
func (r *Repo) Head() string {
	r.t.Helper()
	return r.Git("rev-parse", "HEAD")
}

// Tag makes a lightweight tag at HEAD.
func (r *Repo) Tag(name string) {
	r.t.Helper()
	r.Git("tag", name)
}

// AnnotatedTag makes an annotated tag at HEAD, dated like the last commit.
func (r *Repo) AnnotatedTag(name, msg string) {
	r.t.Helper()
	r.Git("tag", "-a", "-m", msg, name)
}

// Branch makes a branch at HEAD without switching to it.
func (r *Repo) Branch(name string) {
	r.t.Helper()
	r.Git("branch", name)
}

// Checkout switches to a branch, tag or commit.
func (r *Repo) Checkout(name string) {
	r.t.Helper()
	r.Git("checkout", "--quiet", name)
}

// Gitlink records a submodule at path naming commit, in the index only:
// nothing is cloned, as a scanner never fetches submodules. The empty
// directory made at path is how git tells an unpopulated submodule from a
// deleted one, so a later Commit keeps the gitlink.
func (r *Repo) Gitlink(path, commit string) {
	r.t.Helper()
	if err := os.MkdirAll(r.path(path), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+commit+","+path)
}

// Clone makes a clone of r in a new temporary directory (a bare one when
// bare is set) and returns its path.
func (r *Repo) Clone(bare bool, extra ...string) string {
	r.t.Helper()
	dst := filepath.Join(r.t.TempDir(), "clone")
	args := []string{"clone", "--quiet", "--no-local"}
	if bare {
		args = append(args, "--bare")
	}
	args = append(args, extra...)
	args = append(args, "file://"+r.dir, dst)
	r.Git(args...)
	return dst
}

func (r *Repo) path(p string) string {
	if filepath.IsAbs(p) || strings.HasPrefix(filepath.Clean(p), "..") {
		r.t.Fatalf("sourcetest: %s is not a path inside the repository", p)
	}
	return filepath.Join(r.dir, filepath.FromSlash(p))
}
