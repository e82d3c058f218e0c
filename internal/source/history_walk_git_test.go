package source_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// The history walk hands over exactly the file blobs that git itself
// lists in the trees of every commit of every branch and tag, each once,
// with the content git cat-file gives, on a repository grown at random:
// branches and merges, renamed and deleted directories, a file replaced by
// a directory of the same name, symlinks, a wide directory that changes
// at every commit, loose objects beside several packs.
func TestHistoryMatchesGit(t *testing.T) {
	r := sourcetest.New(t)
	rng := rand.New(rand.NewPCG(7, 13))
	when := sourcetest.Epoch
	commit := func(msg string) {
		when = when.Add(time.Hour)
		r.Commit(msg, when)
	}
	files := map[string]bool{}
	write := func(p string) {
		r.Write(p, fmt.Sprintf("%s version %d\n%s", p, rng.IntN(1000), strings.Repeat("line\n", rng.IntN(200))))
		files[p] = true
	}
	for i := range 40 {
		write(fmt.Sprintf("wide/f%03d.md", i))
	}
	write("a/b/c.txt")
	write("a/x")
	commit("start")
	r.Branch("side")
	for i := range 40 {
		switch rng.IntN(6) {
		case 0:
			write(fmt.Sprintf("wide/f%03d.md", rng.IntN(60)))
		case 1:
			write(fmt.Sprintf("d%d/e%d/f%d.go", rng.IntN(4), rng.IntN(3), rng.IntN(5)))
		case 2:
			for p := range files {
				if strings.HasPrefix(p, "d") && rng.IntN(2) == 0 {
					r.Remove(p)
					delete(files, p)
				}
			}
		case 3:
			if files["a/x"] {
				r.Remove("a/x")
				delete(files, "a/x")
				write("a/x/now-a-dir.txt") // a file becomes a directory
			} else if files["a/x/now-a-dir.txt"] {
				r.Remove("a/x/now-a-dir.txt")
				delete(files, "a/x/now-a-dir.txt")
				if err := os.Remove(filepath.Join(r.Dir(), "a", "x")); err != nil {
					t.Fatal(err)
				}
				write("a/x")
			}
		case 4:
			link := fmt.Sprintf("link%d", rng.IntN(3))
			_ = os.Remove(filepath.Join(r.Dir(), link))
			r.Symlink(link, fmt.Sprintf("a/b/c%d.txt", rng.IntN(100)))
		case 5:
			write("a/b/c.txt")
		}
		write(fmt.Sprintf("wide/f%03d.md", rng.IntN(40)))
		commit(fmt.Sprintf("c%d", i))
		switch i {
		case 12:
			r.Checkout("side")
		case 25:
			r.Checkout("main")
			if _, err := sourcetest.Run(r.Dir(), when, "merge", "--no-edit", "-q", "side"); err != nil {
				r.Git("add", "-A") // conflicts are committed as they stand
				commit("merge side")
			}
		case 30:
			r.Git("gc", "-q")
		}
	}
	r.Tag("v1")

	want := gitFileBlobs(t, r.Dir())
	repo := open(t, r.Dir(), source.Options{Getenv: noEnv})
	defer repo.Close()
	var mu sync.Mutex
	got := map[string]string{}
	ps, err := repo.(source.Historian).History(context.Background(), source.HistoryOptions{}, func(b source.Blob, c []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[b.Hash]; dup {
			t.Errorf("blob %s (%s) handed over twice", b.Hash, b.Path)
		}
		got[b.Hash] = string(c)
		return nil
	})
	if err != nil || len(ps) > 0 {
		t.Fatalf("History: %v, problems %v", err, ps)
	}
	for h, c := range want {
		g, ok := got[h]
		switch {
		case !ok:
			t.Errorf("blob %s not handed over", h)
		case g != c:
			t.Errorf("blob %s: content differs from git's", h)
		}
	}
	for h := range got {
		if _, ok := want[h]; !ok {
			t.Errorf("blob %s handed over, git lists no file with it", h)
		}
	}
	if len(want) < 100 {
		t.Errorf("only %d blobs: the generated history is too small to test anything", len(want))
	}
}

// gitFileBlobs lists, with git, the blobs of files in the history (every
// object git reaches from a ref, less trees, commits and the symlinks'
// targets: the test's files say " version " and targets do not), and their
// contents.
func gitFileBlobs(t *testing.T, dir string) map[string]string {
	t.Helper()
	git := func(stdin string, args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env, cmd.Stdin = dir, sourcetest.Env(), strings.NewReader(stdin)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return string(out)
	}
	var in strings.Builder
	n := 0
	for _, line := range strings.Split(git("", "rev-list", "--objects", "--all"), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			in.WriteString(f[0] + "\n")
			n++
		}
	}
	set := map[string]string{}
	br := bufio.NewReader(strings.NewReader(git(in.String(), "cat-file", "--batch")))
	for range n {
		var h, typ string
		var size int
		if _, err := fmt.Fscanf(br, "%s %s %d\n", &h, &typ, &size); err != nil {
			t.Fatal(err)
		}
		b := make([]byte, size+1)
		if _, err := io.ReadFull(br, b); err != nil {
			t.Fatal(err)
		}
		if c := string(b[:size]); typ == "blob" && strings.Contains(c, " version ") {
			set[h] = c
		}
	}
	return set
}

// Blobs whose path Skip names are handed over unread with its reason;
// with Text, binary content is handed over as "binary", whether stored
// whole or as a delta, loose or packed; text is handed over whole.
func TestHistorySkipAndText(t *testing.T) {
	r := sourcetest.New(t)
	bin := func(v int) string {
		return fmt.Sprintf("\x00\x01binary %d\x00", v) + strings.Repeat("\x00\x02 some bytes", 2000)
	}
	text := strings.Repeat("token = not-a-secret\n", 600)
	r.Write("img/logo.png", "\x89PNG\r\n\x1a\n\x00\x00")
	r.Write("data/blob", bin(1))
	r.Write("notes.txt", text+"v1\n")
	r.Commit("one", sourcetest.Epoch)
	r.Write("data/blob", bin(2))
	r.Write("notes.txt", text+"v2\n")
	r.Commit("two", sourcetest.Epoch.Add(time.Hour))
	for _, gc := range []bool{false, true} {
		if gc {
			r.Git("gc", "-q", "--aggressive")
		}
		repo := open(t, r.Dir(), source.Options{Getenv: noEnv})
		var mu sync.Mutex
		got := map[string][]string{} // path → "skipped:content" per version
		progress := &source.Progress{}
		opts := source.HistoryOptions{Progress: progress, Text: true, Skip: func(p string) string {
			if strings.HasSuffix(p, ".png") {
				return "image"
			}
			return ""
		}}
		ps, err := repo.(source.Historian).History(context.Background(), opts, func(b source.Blob, c []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if b.Skipped != "" && c != nil {
				t.Errorf("%s: skipped (%s) with content", b.Path, b.Skipped)
			}
			got[b.Path] = append(got[b.Path], b.Skipped+":"+string(c))
			return nil
		})
		repo.Close()
		if err != nil || len(ps) > 0 {
			t.Fatalf("gc %v: History: %v %v", gc, err, ps)
		}
		// Every commit walked and every blob handed over was counted.
		if s := progress.Snapshot(); s.Phase != source.PhaseBlobs || s.Commits != 2 || s.CommitsTotal != 2 || s.Blobs != 5 || s.BlobsTotal != 5 {
			t.Errorf("gc %v: progress %+v", gc, s)
		}
		want := map[string][]string{
			"img/logo.png": {"image:"},
			"data/blob":    {"binary:", "binary:"},
			"notes.txt":    {":" + text + "v1\n", ":" + text + "v2\n"},
		}
		for p, w := range want {
			g := got[p]
			sort.Strings(g)
			if strings.Join(g, "|") != strings.Join(w, "|") {
				t.Errorf("gc %v: %s: got %d versions %.40q, want %.40q", gc, p, len(g), g, w)
			}
		}
	}
}
