package source

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// delta builds a delta the way git writes one: sizes, then instructions.
func delta(src, dst int, ops ...[]byte) []byte {
	varint := func(n int) []byte {
		var b []byte
		for {
			c := byte(n & 0x7f)
			n >>= 7
			if n == 0 {
				return append(b, c)
			}
			b = append(b, c|0x80)
		}
	}
	out := append(varint(src), varint(dst)...)
	for _, op := range ops {
		out = append(out, op...)
	}
	return out
}

func TestApplyDelta(t *testing.T) {
	base := []byte("the quick brown fox jumps over the lazy dog")
	// copy "quick " (offset 4, 6 bytes), insert "red ", copy "fox" (16, 3)
	d := delta(len(base), 13,
		[]byte{0x80 | 0x01 | 0x10, 4, 6},
		append([]byte{4}, "red "...),
		[]byte{0x80 | 0x01 | 0x10, 16, 3})
	got, err := applyDelta(base, d, 1<<20)
	if err != nil || string(got) != "quick red fox" {
		t.Fatalf("applyDelta = %q, %v", got, err)
	}
	bad := map[string][]byte{
		"wrong base size": delta(len(base)+1, 3, []byte{0x80 | 0x01 | 0x10, 0, 3}),
		"copy past base":  delta(len(base), 10, []byte{0x80 | 0x01 | 0x10, 40, 10}),
		"result too long": delta(len(base), 2, []byte{0x80 | 0x01 | 0x10, 0, 3}),
		"result short":    delta(len(base), 5, []byte{0x80 | 0x01 | 0x10, 0, 3}),
		"insert past end": delta(len(base), 5, []byte{5, 'a'}),
		"reserved op":     delta(len(base), 1, []byte{0}),
		"truncated copy":  delta(len(base), 1, []byte{0x80 | 0x01}),
		"over the limit":  delta(len(base), 2<<20),
		"no header":       {0x80},
	}
	for name, d := range bad {
		if out, err := applyDelta(base, d, 1<<20); err == nil {
			t.Errorf("%s: no error, %q", name, out)
		}
	}
}

func FuzzApplyDelta(f *testing.F) {
	f.Add([]byte("abcdef"), delta(6, 3, []byte{0x91, 1, 3}))
	f.Add([]byte(""), []byte{0, 0})
	f.Fuzz(func(t *testing.T, base, d []byte) {
		out, err := applyDelta(base, d, 1<<16)
		if err != nil {
			return
		}
		_, dst, _, _ := deltaSizes(d)
		if int64(len(out)) != dst {
			t.Fatalf("built %d bytes, announced %d", len(out), dst)
		}
	})
}

// Whatever bytes a pack holds, reading a header or an object fails
// cleanly.
func FuzzPackEntry(f *testing.F) {
	f.Add([]byte{0x35, 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, int64(0))
	f.Add([]byte{0x6f, 0x80, 0x01, 0x78, 0x9c}, int64(0))
	f.Fuzz(func(t *testing.T, entry []byte, at int64) {
		dir := t.TempDir()
		data := append(append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), entry...), bytes.Repeat([]byte{0}, 20)...)
		path := filepath.Join(dir, "p.pack")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		p := &packFile{f: fh, size: int64(len(data)), fanout: make([]byte, 256*4)}
		off := 12 + at%int64(max(1, len(entry)))
		if off < 12 {
			off = 12
		}
		s := &objectStore{packs: []*packFile{p}}
		_, _, _ = s.readAt(p, off, newObjectCache(1<<20), 1<<16, 0)
	})
}

func TestOpenPackRejectsBadIndexes(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"short":     []byte("\xfftOc"),
		"version 1": append([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 1}, make([]byte, 2000)...),
		"truncated": append(append([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}, bytes.Repeat([]byte{0, 0, 0, 9}, 256)...), make([]byte, 40)...),
	} {
		p := filepath.Join(dir, "pack-"+strings.ReplaceAll(name, " ", "")+".idx")
		os.WriteFile(p, content, 0o644)
		for _, lazy := range []bool{false, true} {
			if _, err := openPack(p, lazy); err == nil {
				t.Errorf("%s (lazy %v): accepted", name, lazy)
			}
		}
	}
}

func TestObjectCacheBound(t *testing.T) {
	c := newObjectCache(10 << 10)
	for i := range 100 {
		c.put(cacheKey{0, int64(i)}, objTree, make([]byte, 1000))
	}
	if c.size > c.max {
		t.Errorf("cache holds %d bytes, bound %d", c.size, c.max)
	}
	if _, _, ok := c.get(cacheKey{0, 99}); !ok {
		t.Error("the most recent object was evicted")
	}
	if _, _, ok := c.get(cacheKey{0, 0}); ok {
		t.Error("the oldest object is still cached")
	}
	c.put(cacheKey{1, 0}, objBlob, make([]byte, 5<<10))
	if _, _, ok := c.get(cacheKey{1, 0}); ok {
		t.Error("an object over an eighth of the budget was cached")
	}
}

// A store that leaves the pack indexes on disk (the metadata's) reads
// every object as the one that loads them, over two packs, deltas and
// loose objects, and finds no object that is not there.
func TestLazyObjectStore(t *testing.T) {
	r := sourcetest.New(t)
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "line %d of a file that grows\n", i)
		r.Write("f.txt", b.String())
		r.Write(fmt.Sprintf("d/%d.txt", i%5), strings.Repeat("x", i))
		r.Commit(fmt.Sprintf("c%d", i), time.Unix(1.7e9+int64(i)*3600, 0))
		if i == 15 {
			r.Git("repack", "-a", "-d", "-q")
		}
	}
	r.Git("repack", "-d", "-q")
	r.Write("f.txt", "loose\n")
	r.Commit("loose", time.Unix(1.8e9, 0))
	dir := filepath.Join(r.Dir(), ".git", "objects")
	whole, err := openObjects(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer whole.close()
	lazy, err := openObjects(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	defer lazy.close()
	if len(lazy.packs) < 2 {
		t.Fatalf("%d packs, want 2", len(lazy.packs))
	}
	for _, p := range lazy.packs {
		if p.names != nil || p.idx == nil {
			t.Fatal("the lazy store read an index whole")
		}
	}
	list := strings.Fields(r.Git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)"))
	if len(list) < 100 {
		t.Fatalf("%d objects", len(list))
	}
	for _, id := range list {
		h := plumbing.NewHash(id)
		t1, d1, err1 := whole.read(h, nil, 1<<20)
		t2, d2, err2 := lazy.read(h, nil, 1<<20)
		if err1 != nil || err2 != nil || t1 != t2 || !bytes.Equal(d1, d2) {
			t.Fatalf("%s: whole (%d, %d bytes, %v), lazy (%d, %d bytes, %v)", id, t1, len(d1), err1, t2, len(d2), err2)
		}
	}
	near := list[0][:39] + "0"
	if near == list[0] {
		near = list[0][:39] + "1"
	}
	for _, id := range []string{"0000000000000000000000000000000000000001", "ffffffffffffffffffffffffffffffffffffffff", near} {
		if _, _, err := lazy.read(plumbing.NewHash(id), nil, 1<<20); err == nil {
			t.Errorf("%s: found in the lazy store", id)
		}
	}
}
