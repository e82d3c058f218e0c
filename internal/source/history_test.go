package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

type seenBlob struct {
	source.Blob
	content string
	nilData bool
}

// walk runs History and returns the blobs by content, failing on a blob
// handed over twice.
func walk(t *testing.T, repo source.Repo, opts source.HistoryOptions) (map[string]seenBlob, []source.Problem) {
	t.Helper()
	h, ok := repo.(source.Historian)
	if !ok {
		t.Fatalf("%T is not a Historian", repo)
	}
	var mu sync.Mutex
	byHash := map[string]bool{}
	got := map[string]seenBlob{}
	ps, err := h.History(context.Background(), opts, func(b source.Blob, c []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if byHash[b.Hash] {
			t.Errorf("blob %s (%s) handed over twice", b.Hash, b.Path)
		}
		byHash[b.Hash] = true
		key := string(c)
		if c == nil {
			key = "nil:" + b.Path
		}
		got[key] = seenBlob{Blob: b, content: string(c), nilData: c == nil}
		return nil
	})
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	return got, ps
}

func contents(m map[string]seenBlob) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

func wantContents(t *testing.T, got map[string]seenBlob, want ...string) {
	t.Helper()
	sort.Strings(want)
	if g := contents(got); strings.Join(g, "|") != strings.Join(want, "|") {
		t.Errorf("blobs:\n got %q\nwant %q", g, want)
	}
}

func TestHistorySecretRemoved(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("README.md", "readme\n")
	r.Commit("one", t1)
	r.Write("config/secret.env", "TOKEN=abc\n")
	c2 := r.Commit("add secret", t2)
	r.Remove("config/secret.env")
	r.Write("README.md", "readme v2\n")
	r.Commit("remove secret", t3)

	repo := open(t, r.Dir(), source.Options{})
	got, ps := walk(t, repo, source.HistoryOptions{})
	if len(ps) != 0 {
		t.Errorf("problems: %v", ps)
	}
	wantContents(t, got, "TOKEN=abc\n", "readme\n", "readme v2\n")
	s := got["TOKEN=abc\n"]
	if s.Commit != c2 || s.Path != "config/secret.env" || !s.Time.Equal(t2) || s.Size != 10 || s.InHead {
		t.Errorf("secret = %+v, want commit %s at config/secret.env, %v, size 10, not in HEAD", s.Blob, c2, t2)
	}
	if !got["readme v2\n"].InHead || got["readme\n"].InHead {
		t.Errorf("InHead: v2 %v, v1 %v; want true, false", got["readme v2\n"].InHead, got["readme\n"].InHead)
	}
}

func TestHistoryOncePerBlob(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "same\n")
	r.Write("dir/b.txt", "same\n")
	c1 := r.Commit("one", t1)
	r.Branch("other")
	r.Checkout("other")
	r.Write("c.txt", "same\n")
	r.Write("other.txt", "only on other\n")
	c2 := r.Commit("other", t2)
	r.Checkout("main")
	// Renamed: same blob at a new path.
	r.Git("mv", "a.txt", "renamed.txt")
	r.Commit("rename", t3)

	repo := open(t, r.Dir(), source.Options{})
	got, _ := walk(t, repo, source.HistoryOptions{})
	wantContents(t, got, "same\n", "only on other\n")
	if s := got["same\n"]; s.Commit != c1 || (s.Path != "a.txt" && s.Path != "dir/b.txt") || !s.InHead {
		t.Errorf("same = %+v, want commit %s at a.txt or dir/b.txt, in HEAD", s.Blob, c1)
	}
	if s := got["only on other\n"]; s.Commit != c2 || s.InHead {
		t.Errorf("other = %+v, want commit %s, not in HEAD", s.Blob, c2)
	}
}

func TestHistoryBranchAndTagOnly(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "a\n")
	r.Commit("one", t1)
	r.Git("checkout", "--quiet", "-b", "feature")
	r.Write("f.txt", "feature only\n")
	r.Commit("feature", t2)
	r.Checkout("main")
	r.Git("checkout", "--quiet", "--detach")
	r.Write("t.txt", "tag only\n")
	r.Commit("tagged", t2)
	r.AnnotatedTag("v9", "release")
	r.Write("l.txt", "light tag only\n")
	r.Commit("light", t3)
	r.Tag("light")
	r.Checkout("main")

	repo := open(t, r.Dir(), source.Options{})
	got, _ := walk(t, repo, source.HistoryOptions{})
	wantContents(t, got, "a\n", "feature only\n", "tag only\n", "light tag only\n")
}

func TestHistoryRemoteBranchAndRef(t *testing.T) {
	h := newHistory(t)
	clone := h.r.Clone(false)
	// dev is only a remote-tracking branch in the clone.
	for _, opts := range []source.Options{{}, {Ref: "v1"}} {
		repo := open(t, clone, opts)
		got, _ := walk(t, repo, source.HistoryOptions{Workers: 3})
		wantContents(t, got, "v1\n", "a\n", "v2\n", "two\n", "dev\n")
		if s := got["dev\n"]; s.Commit != h.c3 || s.Path != "dev.txt" {
			t.Errorf("dev = %+v, want %s", s.Blob, h.c3)
		}
		inHead := map[string]bool{}
		for k, s := range got {
			inHead[k] = s.InHead
		}
		if opts.Ref == "v1" {
			if !inHead["v1\n"] || inHead["v2\n"] {
				t.Errorf("ref v1: InHead %v", inHead)
			}
		} else if inHead["v1\n"] || !inHead["v2\n"] {
			t.Errorf("HEAD: InHead %v", inHead)
		}
	}
}

func TestHistorySince(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "old secret\n")
	r.Commit("one", t1)
	r.Write("a.txt", "main v2\n")
	r.Commit("two", t2)
	r.Git("checkout", "--quiet", "-b", "feature")
	r.Write("f.txt", "new in feature\n")
	r.Write("a.txt", "old secret\n") // back to content main already held
	c3 := r.Commit("feature", t3)

	repo := open(t, r.Dir(), source.Options{})
	got, _ := walk(t, repo, source.HistoryOptions{Since: "main"})
	wantContents(t, got, "new in feature\n")
	if s := got["new in feature\n"]; s.Commit != c3 {
		t.Errorf("feature blob commit %s, want %s", s.Commit, c3)
	}
	h := repo.(source.Historian)
	_, err := h.History(context.Background(), source.HistoryOptions{Since: "nope"}, func(source.Blob, []byte) error { return nil })
	if !errors.Is(err, source.ErrBadRef) {
		t.Errorf("Since nope: %v, want ErrBadRef", err)
	}
}

// With Since, History reads what the scanned commit adds to Since, as git
// rev-list Since..HEAD does, and nothing of the other branches and tags
// that the repository holds: a stale branch must not fail every pull
// request.
func TestHistorySinceReadsOnlyWhatTheScannedCommitAdds(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "base\n")
	r.Commit("base", t1)
	r.Git("checkout", "--quiet", "-b", "stale")
	r.Write("stale.txt", "stale branch\n")
	r.Commit("stale", t2)
	r.AnnotatedTag("v-stale", "a tag on the stale branch")
	r.Git("checkout", "--quiet", "main")
	r.Git("checkout", "--quiet", "-b", "side")
	r.Write("side.txt", "side work merged into the feature\n")
	r.Commit("side", t2)
	r.Git("checkout", "--quiet", "main")
	r.Git("checkout", "--quiet", "-b", "feature")
	r.Write("f.txt", "feature\n")
	r.Commit("feature", t3)
	r.Git("merge", "--quiet", "--no-edit", "side")

	all, _ := walk(t, open(t, r.Dir(), source.Options{}), source.HistoryOptions{})
	if _, ok := all["stale branch\n"]; !ok {
		t.Fatalf("the whole history lacks the stale branch: %v", contents(all))
	}
	got, _ := walk(t, open(t, r.Dir(), source.Options{}), source.HistoryOptions{Since: "main"})
	wantContents(t, got, "feature\n", "side work merged into the feature\n")

	// Scanning another ref: what that ref adds, not what HEAD adds.
	got, _ = walk(t, open(t, r.Dir(), source.Options{Ref: "stale"}), source.HistoryOptions{Since: "main"})
	wantContents(t, got, "stale branch\n")

	// In a bare clone holding every branch, as a CI mirror does.
	clone := r.Clone(true)
	got, _ = walk(t, open(t, clone, source.Options{Ref: "feature"}), source.HistoryOptions{Since: "main"})
	wantContents(t, got, "feature\n", "side work merged into the feature\n")
}

func TestHistoryMerge(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("a.txt", "base\n")
	r.Commit("base", t1)
	r.Git("checkout", "--quiet", "-b", "side")
	r.Write("s.txt", "side\n")
	r.Write("a.txt", "side a\n")
	cs := r.Commit("side", t2)
	r.Checkout("main")
	r.Write("m.txt", "main\n")
	r.Write("a.txt", "main a\n")
	cm := r.Commit("main", t2.Add(time.Hour))
	// A conflicting merge resolved with new content.
	if _, err := sourcetest.Run(r.Dir(), t3, "merge", "--quiet", "side"); err == nil {
		t.Fatal("merge did not conflict")
	}
	r.Write("a.txt", "resolved\n")
	r.Git("add", "a.txt")
	if _, err := sourcetest.Run(r.Dir(), t3, "commit", "--quiet", "--no-edit"); err != nil {
		t.Fatal(err)
	}
	merge := r.Head()

	repo := open(t, r.Dir(), source.Options{})
	got, _ := walk(t, repo, source.HistoryOptions{})
	wantContents(t, got, "base\n", "side\n", "side a\n", "main\n", "main a\n", "resolved\n")
	for content, want := range map[string]string{"side\n": cs, "side a\n": cs, "main\n": cm, "resolved\n": merge} {
		if got[content].Commit != want {
			t.Errorf("%q introduced by %s, want %s", content, got[content].Commit, want)
		}
	}
}

func TestHistorySkipsLinksAndBigBlobs(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("big.bin", strings.Repeat("x", 5000))
	r.Write("small.txt", "small\n")
	r.Symlink("link", "target-only-in-link")
	r.Gitlink("sub", "0123456789012345678901234567890123456789")
	r.Commit("one", t1)

	repo := open(t, r.Dir(), source.Options{})
	got, _ := walk(t, repo, source.HistoryOptions{MaxSize: 100})
	wantContents(t, got, "small\n", "nil:big.bin")
	if s := got["nil:big.bin"]; !s.nilData || s.Size != 5000 {
		t.Errorf("big = %+v, want nil content and size 5000", s)
	}
}

func TestHistoryMissingObject(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("keep.txt", "keep\n")
	r.Write("gone.txt", "gone\n")
	c1 := r.Commit("one", t1)
	r.Remove("gone.txt")
	r.Commit("two", t2)
	hash := r.Git("rev-parse", c1+":gone.txt")
	if err := os.Remove(filepath.Join(r.Dir(), ".git", "objects", hash[:2], hash[2:])); err != nil {
		t.Fatal(err)
	}

	repo := open(t, r.Dir(), source.Options{})
	got, ps := walk(t, repo, source.HistoryOptions{})
	wantContents(t, got, "keep\n")
	if len(ps) != 1 || ps[0].Object != hash || ps[0].Commit != c1 || ps[0].Err == "" {
		t.Errorf("problems = %+v, want one for %s in %s", ps, hash, c1)
	}
}

func TestHistoryCancel(t *testing.T) {
	r := sourcetest.New(t)
	for i := range 30 {
		r.Write("f.txt", strings.Repeat("v", i+1))
		r.Commit("c", t1.Add(time.Duration(i)*time.Minute))
	}
	repo := open(t, r.Dir(), source.Options{})
	h := repo.(source.Historian)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	n := 0
	_, err := h.History(ctx, source.HistoryOptions{Workers: 1}, func(source.Blob, []byte) error {
		mu.Lock()
		defer mu.Unlock()
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n > 2 {
		t.Errorf("fn called %d times after cancel", n)
	}
	// An error from fn ends the walk and is returned.
	boom := errors.New("boom")
	_, err = h.History(context.Background(), source.HistoryOptions{}, func(source.Blob, []byte) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
}

func TestHistoryCapability(t *testing.T) {
	s := serveHistory(t)
	shallow := open(t, s.url, s.opts(t))
	if h, ok := shallow.(source.Historian); ok {
		if _, err := h.History(context.Background(), source.HistoryOptions{}, func(source.Blob, []byte) error { return nil }); !errors.Is(err, source.ErrNoHistory) {
			t.Errorf("shallow clone: %v, want ErrNoHistory", err)
		}
	}
	opts := s.opts(t)
	opts.History = true
	full := open(t, s.url, opts)
	got, _ := walk(t, full, source.HistoryOptions{Workers: 4})
	wantContents(t, got, "v1\n", "a\n", "v2\n", "two\n", "dev\n")

	plain := open(t, t.TempDir(), source.Options{})
	if _, ok := plain.(source.Historian); ok {
		t.Errorf("a plain directory is a Historian")
	}
}
