package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// packedHistory makes a repository whose files change a little at each
// commit, so that git stores most versions as deltas: long chains, bases
// larger than the size cap, an object in two packs' worth of history and
// loose objects on top. It returns the contents written, by path.
func packedHistory(t *testing.T, extra ...string) (*sourcetest.Repo, map[string]bool) {
	t.Helper()
	r := sourcetest.New(t)
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		r.Git("config", k, v)
	}
	written := map[string]bool{}
	write := func(p, c string) {
		r.Write(p, c)
		written[c] = true
	}
	var conf, big strings.Builder
	for i := range 40 {
		fmt.Fprintf(&conf, "setting_%d = %d\n", i, i*i)
		write("app/settings.conf", conf.String())
		fmt.Fprintf(&big, "%s row %d of a data file that grows at each commit\n", strings.Repeat("=", 60), i)
		write("data/big.csv", big.String()) // over the cap from commit 20 on
		if i%3 == 0 {
			write(fmt.Sprintf("notes/%d.md", i%4), fmt.Sprintf("# note\n\n%s", strings.Repeat(fmt.Sprintf("line %d\n", i), 30)))
		}
		r.Commit(fmt.Sprintf("c%d", i), t1.Add(time.Duration(i)*time.Hour))
		if i == 25 {
			r.Git("repack", "-a", "-d", "-f", "--depth=50", "--window=50", "-q")
		}
	}
	r.Git("repack", "-d", "-q") // a second pack, of the commits since
	write("app/settings.conf", conf.String()+"loose = true\n")
	r.Commit("loose", t2)
	return r, written
}

func checkPackedHistory(t *testing.T, r *sourcetest.Repo, written map[string]bool) {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(r.Dir(), ".git", "objects", "pack", "*.pack"))
	if len(packs) < 2 {
		t.Fatalf("%d packs, want at least 2", len(packs))
	}
	deltas := false
	for _, p := range packs {
		v := r.Git("verify-pack", "-v", strings.TrimSuffix(p, ".pack")+".idx")
		deltas = deltas || strings.Contains(v, "chain length = 2")
	}
	if !deltas {
		t.Fatal("no delta chain in the test packs")
	}
	const limit = 2500
	repo := open(t, r.Dir(), source.Options{})
	got, ps := walk(t, repo, source.HistoryOptions{MaxSize: limit})
	if len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}
	over := 0
	for c := range written {
		if len(c) > limit {
			over++
			continue
		}
		if _, ok := got[c]; !ok {
			t.Errorf("version of %d bytes not handed over: %.40q", len(c), c)
		}
	}
	for k, b := range got {
		switch {
		case b.nilData:
			if b.Size <= limit || !strings.HasPrefix(k, "nil:") {
				t.Errorf("%s: no content for %d bytes", b.Path, b.Size)
			}
		case !written[k]:
			t.Errorf("%s: content never written: %.60q", b.Path, k)
		case b.Size != int64(len(k)):
			t.Errorf("%s: size %d, content %d bytes", b.Path, b.Size, len(k))
		}
	}
	n := 0
	for _, b := range got {
		if b.nilData {
			n++
		}
	}
	// Versions over the cap are handed over once each, without content
	// (walk keys them by path: one entry).
	if over == 0 || n == 0 {
		t.Errorf("no version over the cap (%d written, %d handed over)", over, n)
	}
}

// Every version of every file comes out of packed and loose objects as git
// wrote it, whether deltas name their base by offset or by id.
func TestHistoryPackedDeltas(t *testing.T) {
	t.Run("offset deltas", func(t *testing.T) {
		r, written := packedHistory(t)
		checkPackedHistory(t, r, written)
		equalsGit(t, r)
	})
	t.Run("ref deltas", func(t *testing.T) {
		r, written := packedHistory(t, "repack.useDeltaBaseOffset=false")
		checkPackedHistory(t, r, written)
		equalsGit(t, r)
	})
}

// A damaged pack is reported object by object and the walk goes on with
// the rest.
func TestHistoryCorruptPack(t *testing.T) {
	r, written := packedHistory(t)
	packs, _ := filepath.Glob(filepath.Join(r.Dir(), ".git", "objects", "pack", "*.pack"))
	// The oldest pack holds the first commits; damage the middle of it.
	var target string
	var size int64
	for _, p := range packs {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			target, size = p, st.Size()
		}
	}
	b, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 3; i < len(b)/3+400 && i < len(b)-20; i++ {
		b[i] ^= 0x5a
	}
	os.Chmod(target, 0o644)
	if err := os.WriteFile(target, b, 0o644); err != nil {
		t.Fatal(err)
	}
	repo := open(t, r.Dir(), source.Options{})
	got, ps := walk(t, repo, source.HistoryOptions{MaxSize: 1 << 20})
	if len(ps) == 0 {
		t.Fatal("no problem reported for a damaged pack")
	}
	for _, p := range ps {
		if p.Object == "" || p.Err == "" {
			t.Errorf("problem without object or error: %+v", p)
		}
	}
	good := 0
	for k := range got {
		if !written[k] {
			t.Errorf("damaged pack handed over content never written: %.60q", k)
		}
		good++
	}
	if good == 0 {
		t.Error("nothing read from the undamaged objects")
	}
}
