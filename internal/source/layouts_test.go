package source_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// bigText is over the 2 KiB filter of the partial clones below: its blob is
// left on the server.
var bigText = strings.Repeat("Licence text that a partial clone leaves on the server.\n", 60)

// threeFiles is the repository of issue 13's reproduction: a small README,
// and a licence and an image over the filter.
func threeFiles(t *testing.T) *sourcetest.Repo {
	r := sourcetest.New(t)
	r.Write("README.md", "# Projet\n\nUn petit projet.\n")
	r.Write("LICENSE", bigText)
	r.Write("img/logo.png", "\x89PNG\r\n\x1a\n"+strings.Repeat("\x00\x01", 2000))
	r.Commit("one", t1)
	return r
}

func wantMissing(t *testing.T, repo source.Repo, p, cause string) {
	t.Helper()
	f := file(t, repo, p)
	if !f.Missing || f.LFS {
		t.Errorf("%s: Missing = %v, LFS = %v; want missing", p, f.Missing, f.LFS)
	}
	_, err := repo.Read(p, 0)
	m, ok := source.IsMissing(err)
	if !ok || !errors.Is(err, source.ErrMissing) {
		t.Fatalf("Read(%s) = %v, want a MissingError", p, err)
	}
	if m.Cause != cause || m.Path != p {
		t.Errorf("Read(%s): %+v, want cause %s", p, m, cause)
	}
	if errors.Is(err, source.ErrCorrupt) || strings.Contains(err.Error(), "corrupt") {
		t.Errorf("Read(%s) = %q: a missing blob is no corruption", p, err)
	}
}

func TestPartialCloneBare(t *testing.T) {
	r := threeFiles(t)
	dir := sourcetest.PartialClone(t, r, "blob:limit=2k", "--bare")
	repo := open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	wantMissing(t, repo, "LICENSE", source.NotDownloaded)
	wantMissing(t, repo, "img/logo.png", source.NotDownloaded)
	if got := read(t, repo, "README.md"); !strings.HasPrefix(got, "# Projet") {
		t.Errorf("README.md = %q", got)
	}
	if f := file(t, repo, "README.md"); f.Missing || f.Size != int64(len("# Projet\n\nUn petit projet.\n")) {
		t.Errorf("README.md listed as %+v", f)
	}
	m := repo.Meta()
	if !m.Partial || m.Commit != r.Head() {
		t.Errorf("meta = %+v, want a partial clone at %s", m, r.Head())
	}
	if !repo.Capabilities().Has(source.History) {
		t.Errorf("a partial clone has its commits: capabilities = %b", repo.Capabilities())
	}
	// The history walk does not report HEAD's missing blobs again: the
	// tree names them.
	problems, err := repo.(source.Historian).History(context.Background(), source.HistoryOptions{}, func(source.Blob, []byte) error { return nil })
	if err != nil || len(problems) != 0 {
		t.Errorf("History = %v, %+v", err, problems)
	}
}

func TestPartialCloneHistoryProblemsSayMissing(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("data.txt", bigText)
	r.Commit("one", t1)
	r.Write("data.txt", "small now\n")
	r.Commit("two", t2)
	dir := sourcetest.PartialClone(t, r, "blob:limit=2k", "--bare")
	repo := open(t, dir, source.Options{})
	problems, err := repo.(source.Historian).History(context.Background(), source.HistoryOptions{}, func(source.Blob, []byte) error { return nil })
	if err != nil || len(problems) != 1 {
		t.Fatalf("History = %v, %+v; want the old version of data.txt", err, problems)
	}
	if !problems[0].Missing {
		t.Errorf("problem %+v: want Missing", problems[0])
	}
}

// A partial clone with a work tree: the checkout fetched HEAD's blobs, and
// the files come from the disk; --ref reads the object store.
func TestPartialCloneWorkTree(t *testing.T) {
	r := threeFiles(t)
	dir := sourcetest.PartialClone(t, r, "blob:none")
	repo := open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	if got := read(t, repo, "LICENSE"); got != bigText {
		t.Errorf("LICENSE = %d bytes", len(got))
	}
}

// A clone made with --no-checkout has a .git and no file: HEAD is scanned,
// from the object store (and its blobs, in a partial one, are missing).
func TestNoCheckout(t *testing.T) {
	r := threeFiles(t)
	dir := r.Clone(false, "--no-checkout")
	repo := open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	if got := read(t, repo, "LICENSE"); got != bigText {
		t.Errorf("LICENSE = %d bytes", len(got))
	}
	if m := repo.Meta(); m.Commit != r.Head() || m.Ref != "" {
		t.Errorf("meta = %+v", m)
	}
	if _, ok := repo.(source.Historian); !ok {
		t.Errorf("no history from a --no-checkout clone")
	}

	partial := sourcetest.PartialClone(t, r, "blob:limit=2k", "--no-checkout")
	repo = open(t, partial, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	wantMissing(t, repo, "LICENSE", source.NotDownloaded)
}

// An object store that lacks a blob without being a partial clone (a copy
// of a repository without its largest files) lists it as missing too, in
// other words; damage to what is there is still an error.
func TestIncompleteCopy(t *testing.T) {
	r := threeFiles(t)
	dir := r.Clone(true)
	h := r.Git("rev-parse", "HEAD:LICENSE")
	// Objects one by one, then without the licence's blob, as the
	// fetched snapshots lack their largest files.
	packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "pack-*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs = %q", packs)
	}
	pack, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{packs[0], strings.TrimSuffix(packs[0], ".pack") + ".idx"} {
		removeFile(t, p)
	}
	cmd := exec.Command("git", "unpack-objects", "-q")
	cmd.Dir, cmd.Env, cmd.Stdin = dir, sourcetest.Env(), bytes.NewReader(pack)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("unpack-objects: %v: %s", err, out)
	}
	removeFile(t, filepath.Join(dir, "objects", h[:2], h[2:]))
	repo := open(t, dir, source.Options{})
	wantMissing(t, repo, "LICENSE", source.NotInStore)
	if repo.Meta().Partial {
		t.Errorf("not a partial clone")
	}
	_, err = repo.Read("LICENSE", 0)
	if !strings.Contains(err.Error(), "incomplete copy") {
		t.Errorf("error %q does not say what is wrong", err)
	}
}

func TestDamagedPackIsCorrupt(t *testing.T) {
	r := threeFiles(t)
	dir := r.Clone(true)
	packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs = %q", packs)
	}
	b, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	// Garbage in place of every object: the index still names them.
	for i := 12; i < len(b)-20; i++ {
		b[i] = 0xff
	}
	writeFile(t, packs[0], string(b))
	err = openErr(t, dir, source.Options{})
	if !errors.Is(err, source.ErrCorrupt) {
		t.Errorf("error = %v, want ErrCorrupt", err)
	}
	if _, missing := source.IsMissing(err); missing {
		t.Errorf("a damaged pack is not a missing object: %v", err)
	}
}

// git sparse-checkout set --no-cone turns on extensions.worktreeConfig;
// the files left out of the work tree are still published, and read from
// the object store.
func TestSparseCheckout(t *testing.T) {
	r := threeFiles(t)
	r.Write("docs/guide.md", "guide\n")
	r.Commit("two", t2)
	dir := r.Clone(false)
	if _, err := sourcetest.Run(dir, t2, "sparse-checkout", "set", "--no-cone", "/README.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "LICENSE")); !os.IsNotExist(err) {
		t.Fatalf("LICENSE is checked out: %v", err)
	}
	cfg, _ := sourcetest.Run(dir, t2, "config", "--get", "extensions.worktreeConfig")
	if cfg != "true" {
		t.Fatalf("extensions.worktreeConfig = %q", cfg)
	}
	writeFile(t, filepath.Join(dir, "new.txt"), "untracked\n")
	repo := open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "docs/guide.md", "img/logo.png", "new.txt")
	if got := read(t, repo, "LICENSE"); got != bigText {
		t.Errorf("LICENSE = %d bytes", len(got))
	}
	if f := file(t, repo, "LICENSE"); f.Size != int64(len(bigText)) || f.Missing {
		t.Errorf("LICENSE listed as %+v", f)
	}
	if got := read(t, repo, "docs/guide.md"); got != "guide\n" {
		t.Errorf("docs/guide.md = %q", got)
	}

	// Cone mode with a sparse index folds docs/ into one index entry.
	if _, err := sourcetest.Run(dir, t2, "sparse-checkout", "set", "--cone", "--sparse-index", "img"); err != nil {
		t.Fatal(err)
	}
	repo = open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "docs/guide.md", "img/logo.png", "new.txt")
	if got := read(t, repo, "docs/guide.md"); got != "guide\n" {
		t.Errorf("docs/guide.md = %q", got)
	}
}

// A sparse checkout of a partial clone: the files outside the cone were
// never downloaded.
func TestSparsePartialClone(t *testing.T) {
	r := threeFiles(t)
	dir := sourcetest.PartialClone(t, r, "blob:none", "--no-checkout")
	if _, err := sourcetest.Run(dir, t2, "sparse-checkout", "set", "--no-cone", "/README.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := sourcetest.Run(dir, t2, "checkout", "--quiet"); err != nil {
		t.Fatal(err)
	}
	repo := open(t, dir, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	wantMissing(t, repo, "LICENSE", source.NotDownloaded)
	if got := read(t, repo, "README.md"); !strings.HasPrefix(got, "# Projet") {
		t.Errorf("README.md = %q", got)
	}
}

func TestSHA256Unsupported(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--quiet", "--object-format=sha256"},
		{"commit", "--quiet", "--allow-empty", "-m", "one"},
	} {
		if _, err := sourcetest.Run(dir, t1, args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, target := range []string{dir, filepath.Join(dir, ".git")} {
		err := openErr(t, target, source.Options{})
		if !errors.Is(err, source.ErrUnsupported) || errors.Is(err, source.ErrCorrupt) || source.IsUsage(err) {
			t.Errorf("%s: error = %v, want ErrUnsupported alone", target, err)
		}
		if !strings.Contains(err.Error(), "SHA-256 repositories are not supported yet") || strings.Contains(err.Error(), "corrupt") {
			t.Errorf("%s: error = %q", target, err)
		}
	}
}

// The extensions git 2.39 and later set for ordinary features are read;
// those that change how refs or objects are stored, or that git itself
// would refuse, are named.
func TestExtensions(t *testing.T) {
	cases := []struct {
		version, key, value string
		refuse              string // "" when the repository is read
	}{
		{"1", "noop", "true", ""},
		{"1", "preciousObjects", "true", ""},
		{"1", "partialClone", "origin", ""},
		{"1", "worktreeConfig", "true", ""},
		{"1", "relativeWorktrees", "true", ""},
		{"0", "worktreeConfig", "true", ""},
		{"0", "someFutureExtension", "true", ""}, // git ignores it in format 0
		{"0", "objectFormat", "sha256", ""},      // likewise
		{"1", "objectFormat", "sha1", ""},
		{"1", "objectFormat", "sha256", "SHA-256"},
		{"1", "refStorage", "reftable", "extensions.refStorage"},
		{"1", "someFutureExtension", "true", "extensions.someFutureExtension"},
	}
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Commit("one", t1)
	for _, c := range cases {
		t.Run(c.version+"/"+c.key+"="+c.value, func(t *testing.T) {
			dir := r.Clone(true)
			for _, kv := range [][2]string{{"core.repositoryFormatVersion", c.version}, {"extensions." + c.key, c.value}} {
				if _, err := sourcetest.Run(dir, t1, "config", kv[0], kv[1]); err != nil {
					t.Fatal(err)
				}
			}
			if c.refuse == "" {
				repo := open(t, dir, source.Options{})
				samePaths(t, repo, "a.txt")
				_, err := repo.(source.Historian).History(context.Background(), source.HistoryOptions{}, func(source.Blob, []byte) error { return nil })
				if err != nil {
					t.Errorf("History: %v", err)
				}
				return
			}
			err := openErr(t, dir, source.Options{})
			if !errors.Is(err, source.ErrUnsupported) || !strings.Contains(err.Error(), c.refuse) {
				t.Errorf("error = %v, want ErrUnsupported naming %s", err, c.refuse)
			}
		})
	}
}

func TestDotGitGivenDirectly(t *testing.T) {
	r := threeFiles(t)
	r.Write("README.md", "edited, not committed\n")
	repo := open(t, filepath.Join(r.Dir(), ".git"), source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
	// The committed tree: the work tree's edits are not in the .git.
	if got := read(t, repo, "README.md"); !strings.HasPrefix(got, "# Projet") {
		t.Errorf("README.md = %q", got)
	}
	if m := repo.Meta(); m.Commit != r.Head() {
		t.Errorf("meta = %+v", m)
	}
}

func TestLinkedWorktreeHistoryAndGitDir(t *testing.T) {
	r := threeFiles(t)
	r.Branch("feature")
	wt := filepath.Join(t.TempDir(), "feature")
	r.Git("worktree", "add", "--quiet", wt, "feature")
	writeFile(t, filepath.Join(wt, "notes.md"), "untracked in the worktree\n")
	writeFile(t, filepath.Join(r.Dir(), ".git", "info", "exclude"), "*.tmp\n")
	writeFile(t, filepath.Join(wt, "scratch.tmp"), "ignored through the common info/exclude\n")
	repo := open(t, wt, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png", "notes.md")
	if m := repo.Meta(); m.Commit != r.Head() || m.Path != wt {
		t.Errorf("meta = %+v", m)
	}
	if _, ok := repo.(source.Historian); !ok || !repo.Capabilities().Has(source.History) {
		t.Errorf("no history in a linked worktree")
	}
	// The worktree's own git dir, given directly: its HEAD.
	gd := filepath.Join(r.Dir(), ".git", "worktrees", "feature")
	repo = open(t, gd, source.Options{})
	samePaths(t, repo, "LICENSE", "README.md", "img/logo.png")
}

const lfsPointer = "version https://git-lfs.github.com/spec/v1\n" +
	"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n" +
	"size 12345\n"

// Git LFS pointers, written by hand as git-lfs would commit them (git-lfs
// itself is not needed): listed as LFS files with the size of their
// content, never read as text.
func TestLFSPointers(t *testing.T) {
	r := sourcetest.New(t)
	r.Write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
	r.Write("data/model.bin", lfsPointer)
	r.Write("docs/pointer-example.txt", lfsPointer) // not sent through the filter
	r.Write("data/broken.bin", "version https://git-lfs.github.com/spec/v1\nnot a pointer\n")
	r.Commit("one", t1)
	for name, opts := range map[string]source.Options{"worktree": {}, "ref": {Ref: "main"}} {
		t.Run(name, func(t *testing.T) {
			repo := open(t, r.Dir(), opts)
			f := file(t, repo, "data/model.bin")
			if !f.LFS || f.Missing || f.Size != 12345 {
				t.Errorf("model.bin listed as %+v", f)
			}
			_, err := repo.Read("data/model.bin", 0)
			if m, ok := source.IsMissing(err); !ok || m.Cause != source.InLFS {
				t.Errorf("Read(model.bin) = %v, want an LFS MissingError", err)
			}
			for _, p := range []string{"docs/pointer-example.txt", "data/broken.bin"} {
				if f := file(t, repo, p); f.LFS {
					t.Errorf("%s listed as LFS", p)
				}
				read(t, repo, p)
			}
		})
	}
}

func TestLFSPointer(t *testing.T) {
	if size, ok := source.LFSPointer([]byte(lfsPointer)); !ok || size != 12345 {
		t.Errorf("LFSPointer = %d, %v", size, ok)
	}
	for _, bad := range []string{
		"",
		"version https://git-lfs.github.com/spec/v1\nsize 1\n",
		strings.Replace(lfsPointer, "sha256:4d", "sha256:zz", 1),
		strings.Replace(lfsPointer, "size 12345", "size -1", 1),
		lfsPointer + strings.Repeat("x", 1024),
	} {
		if _, ok := source.LFSPointer([]byte(bad)); ok {
			t.Errorf("LFSPointer(%q) = ok", bad)
		}
	}
}

// Errors keep their cause: errors.Is sees both the kind of failure and
// what the storage said.
func TestCorruptWrapsCause(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Commit("one", t1)
	h := r.Git("rev-parse", "HEAD")
	removeFile(t, filepath.Join(r.Dir(), ".git", "objects", h[:2], h[2:]))
	err := openErr(t, r.Dir(), source.Options{})
	if !errors.Is(err, source.ErrCorrupt) {
		t.Fatalf("error = %v", err)
	}
	if strings.Count(err.Error(), "corrupt") != 1 {
		t.Errorf("error %q", err)
	}
	var causes int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if e != source.ErrCorrupt {
			causes++
		}
	}
	if causes == 0 {
		t.Errorf("error %v keeps no cause beside ErrCorrupt", err)
	}
}
