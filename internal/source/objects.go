package source

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ouvert-dev/ouvert/internal/sniff"
)

// objectStore reads git objects straight from a repository's pack files and
// loose objects, for the history walk. go-git's storage keeps, per reader,
// an object cache, the whole pack index and a map from offsets to hashes,
// and materialises every object twice on its way out; a walk over ten
// thousand commits then held several hundred megabytes. Here the indexes
// are read once and shared, objects are inflated into one buffer each, and
// which decoded objects stay in memory is up to the caller.
//
// Everything read is untrusted: sizes, offsets and delta instructions are
// checked against the file and the limits given, and a bad object is an
// error for that object only.
type objectStore struct {
	packs []*packFile
	loose []string // objects directories (the repository's and its alternates')
}

// object types as pack files number them.
const (
	objCommit   = 1
	objTree     = 2
	objBlob     = 3
	objTag      = 4
	objOfsDelta = 6
	objRefDelta = 7
)

// maxDeltaDepth stops a crafted pack whose deltas chain without end.
const maxDeltaDepth = 10000

var errNotFound = errors.New("object not found")

// openObjectStore lists the packs and loose-object directories of the
// objects directory dir and of its alternates. A pack whose index cannot be
// read is left out: its objects are then reported missing, one by one.
func openObjectStore(dir string) (*objectStore, error) {
	return openObjects(dir, false)
}

// openObjects is openObjectStore; with lazy, pack indexes are not read
// whole but searched on disk (see packFile), for a reader of a few
// objects: the metadata of a tree scan reads the scanned commit and those
// the refs name, and an index is 28 bytes per object of the repository.
func openObjects(dir string, lazy bool) (*objectStore, error) {
	s := &objectStore{}
	seen := map[string]bool{}
	var add func(d string, depth int)
	add = func(d string, depth int) {
		d = filepath.Clean(d)
		if seen[d] || depth > 5 {
			return
		}
		seen[d] = true
		s.loose = append(s.loose, d)
		idxs, _ := filepath.Glob(filepath.Join(d, "pack", "pack-*.idx"))
		sort.Strings(idxs)
		for _, idx := range idxs {
			if p, err := openPack(idx, lazy); err == nil {
				s.packs = append(s.packs, p)
			}
		}
		alt, err := os.ReadFile(filepath.Join(d, "info", "alternates"))
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(alt), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if !filepath.IsAbs(line) {
				line = filepath.Join(d, line)
			}
			add(line, depth+1)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	add(dir, 0)
	return s, nil
}

func (s *objectStore) close() {
	for _, p := range s.packs {
		p.f.Close()
		if p.idx != nil {
			p.idx.Close()
		}
	}
}

// packFile is one pack and its version 2 index, read whole (about 28 bytes
// per object) and shared by every reader: ReadAt on the pack is safe for
// concurrent use.
type packFile struct {
	id     int
	f      *os.File
	size   int64 // of the pack, trailer included
	n      int
	fanout []byte // 256 big-endian counts
	names  []byte // n sorted hashes
	offs   []byte // n 4-byte offsets
	large  []byte // 8-byte offsets the 4-byte ones point to
	nlarge int    // how many
	// idx, in a lazy store, is the open index: names, offs and large are
	// nil and find reads what its binary search needs (some 20 reads of
	// 20 bytes per object) from the file.
	idx *os.File
}

// idxHead is the size of a version 2 index's header and fan-out table.
const idxHead = 8 + 256*4

var packIDs struct {
	sync.Mutex
	next int
}

func openPack(idxPath string, lazy bool) (*packFile, error) {
	var b []byte
	var idx *os.File
	var err error
	size := int64(0)
	if lazy {
		idx, err = os.Open(idxPath)
		if err != nil {
			return nil, err
		}
		st, err := idx.Stat()
		if err == nil {
			size = st.Size()
			b = make([]byte, min(size, idxHead))
			_, err = idx.ReadAt(b, 0)
		}
		if err != nil {
			idx.Close()
			return nil, err
		}
	} else {
		if b, err = os.ReadFile(idxPath); err != nil {
			return nil, err
		}
		size = int64(len(b))
	}
	p, err := parseIndex(idxPath, b, size)
	if err != nil {
		if idx != nil {
			idx.Close()
		}
		return nil, err
	}
	p.idx = idx
	if err := p.openData(idxPath); err != nil {
		if idx != nil {
			idx.Close()
		}
		return nil, err
	}
	return p, nil
}

// parseIndex checks a version 2 index of size bytes, of which b holds the
// header and fan-out table, or all: then the tables are b's.
func parseIndex(idxPath string, b []byte, size int64) (*packFile, error) {
	const head = idxHead
	if len(b) < head || size < head+40 || !bytes.Equal(b[:8], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		return nil, fmt.Errorf("%s: not a version 2 pack index", idxPath)
	}
	fanout := b[8:head]
	n := int(binary.BigEndian.Uint32(fanout[255*4:]))
	for i := 1; i < 256; i++ {
		if binary.BigEndian.Uint32(fanout[i*4:]) < binary.BigEndian.Uint32(fanout[(i-1)*4:]) {
			return nil, fmt.Errorf("%s: fan-out table not sorted", idxPath)
		}
	}
	need := int64(head) + int64(n)*(20+4+4) + 40
	if n < 0 || int64(n) > size/28 || size < need || (size-need)%8 != 0 {
		return nil, fmt.Errorf("%s: truncated pack index", idxPath)
	}
	p := &packFile{n: n, fanout: fanout, nlarge: int((size - need) / 8)}
	if int64(len(b)) == size {
		p.names = b[head : head+20*n]
		p.offs = b[head+24*n : head+28*n]
		p.large = b[head+28*n : len(b)-40]
	}
	return p, nil
}

// openData opens the pack an index describes.
func (p *packFile) openData(idxPath string) error {
	f, err := os.Open(strings.TrimSuffix(idxPath, ".idx") + ".pack")
	if err != nil {
		return err
	}
	st, err := f.Stat()
	var hdr [12]byte
	if err == nil {
		_, err = f.ReadAt(hdr[:], 0)
	}
	if err != nil || !bytes.Equal(hdr[:4], []byte("PACK")) {
		f.Close()
		return fmt.Errorf("%s: not a pack", f.Name())
	}
	p.f, p.size = f, st.Size()
	packIDs.Lock()
	p.id = packIDs.next
	packIDs.next++
	packIDs.Unlock()
	return nil
}

// find returns the offset of an object in the pack.
func (p *packFile) find(h plumbing.Hash) (int64, bool) {
	if len(p.fanout) < 256*4 {
		return 0, false
	}
	if p.names == nil && p.idx != nil {
		return p.findOnDisk(h)
	}
	lo := 0
	if h[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[(int(h[0])-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(p.fanout[int(h[0])*4:]))
	hi = min(hi, p.n)
	i := lo + sort.Search(max(0, hi-lo), func(i int) bool {
		return bytes.Compare(p.names[(lo+i)*20:(lo+i)*20+20], h[:]) >= 0
	})
	if i >= hi || !bytes.Equal(p.names[i*20:i*20+20], h[:]) {
		return 0, false
	}
	o := int64(binary.BigEndian.Uint32(p.offs[i*4:]))
	if o&0x80000000 != 0 {
		k := int(o & 0x7fffffff)
		if (k+1)*8 > len(p.large) {
			return 0, false
		}
		o = int64(binary.BigEndian.Uint64(p.large[k*8:]))
	}
	if o < 12 || o >= p.size-20 {
		return 0, false
	}
	return o, true
}

// findOnDisk is find over an index left on disk.
func (p *packFile) findOnDisk(h plumbing.Hash) (int64, bool) {
	lo := 0
	if h[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[(int(h[0])-1)*4:]))
	}
	hi := min(int(binary.BigEndian.Uint32(p.fanout[int(h[0])*4:])), p.n)
	var name [20]byte
	bad := false
	at := func(i int) []byte {
		if _, err := p.idx.ReadAt(name[:], int64(idxHead)+20*int64(i)); err != nil {
			bad = true
		}
		return name[:]
	}
	i := lo + sort.Search(max(0, hi-lo), func(i int) bool {
		return bad || bytes.Compare(at(lo+i), h[:]) >= 0
	})
	if found := i < hi && bytes.Equal(at(i), h[:]); bad || !found {
		return 0, false
	}
	var b [8]byte
	if _, err := p.idx.ReadAt(b[:4], int64(idxHead)+24*int64(p.n)+4*int64(i)); err != nil {
		return 0, false
	}
	o := int64(binary.BigEndian.Uint32(b[:4]))
	if o&0x80000000 != 0 {
		k := int(o & 0x7fffffff)
		if k >= p.nlarge {
			return 0, false
		}
		if _, err := p.idx.ReadAt(b[:], int64(idxHead)+28*int64(p.n)+8*int64(k)); err != nil {
			return 0, false
		}
		o = int64(binary.BigEndian.Uint64(b[:]))
	}
	if o < 12 || o >= p.size-20 {
		return 0, false
	}
	return o, true
}

// locate finds the pack and offset of an object.
func (s *objectStore) locate(h plumbing.Hash) (*packFile, int64, bool) {
	for _, p := range s.packs {
		if off, ok := p.find(h); ok {
			return p, off, true
		}
	}
	return nil, 0, false
}

// entryHeader is the header of an object in a pack.
type entryHeader struct {
	typ      int
	size     int64 // inflated size of what follows: the object, or its delta
	data     int64 // offset of the zlib stream
	baseOff  int64 // objOfsDelta: offset of the base in the same pack
	baseHash plumbing.Hash
}

func (p *packFile) header(off int64) (entryHeader, error) {
	var buf [32]byte
	n, err := p.f.ReadAt(buf[:], off)
	if n == 0 {
		return entryHeader{}, fmt.Errorf("pack offset %d: %w", off, err)
	}
	b := buf[:n]
	c := b[0]
	h := entryHeader{typ: int(c>>4) & 7, size: int64(c & 15)}
	i, shift := 1, uint(4)
	for c&0x80 != 0 {
		if i >= len(b) || shift > 56 {
			return h, fmt.Errorf("pack offset %d: bad object header", off)
		}
		c = b[i]
		h.size |= int64(c&0x7f) << shift
		shift += 7
		i++
	}
	switch h.typ {
	case objCommit, objTree, objBlob, objTag:
	case objOfsDelta:
		if i >= len(b) {
			return h, fmt.Errorf("pack offset %d: bad delta header", off)
		}
		c = b[i]
		i++
		d := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) || d > 1<<48 {
				return h, fmt.Errorf("pack offset %d: bad delta offset", off)
			}
			c = b[i]
			i++
			d = (d+1)<<7 | int64(c&0x7f)
		}
		if d <= 0 || d >= off {
			return h, fmt.Errorf("pack offset %d: delta base out of the pack", off)
		}
		h.baseOff = off - d
	case objRefDelta:
		if i+20 > len(b) {
			return h, fmt.Errorf("pack offset %d: bad delta header", off)
		}
		copy(h.baseHash[:], b[i:i+20])
		i += 20
	default:
		return h, fmt.Errorf("pack offset %d: unknown object type %d", off, h.typ)
	}
	h.data = off + int64(i)
	if h.size < 0 || h.data >= p.size {
		return h, fmt.Errorf("pack offset %d: bad object header", off)
	}
	return h, nil
}

// inflater is a reusable zlib reader over a section of a file.
type inflater struct {
	br *bufio.Reader
	zr io.ReadCloser
}

var inflaters = sync.Pool{New: func() any { return &inflater{br: bufio.NewReaderSize(nil, 16<<10)} }}

// errBinary: inflate stopped after the first bytes of binary content.
var errBinary = errors.New("binary content")

// inflate reads the zlib stream at off in r (up to end), which must hold
// exactly size bytes. With text, binary content (sniff.Binary on the first
// bytes) stops the reading with errBinary.
func inflate(r io.ReaderAt, off, end, size int64, text bool) ([]byte, error) {
	return inflateInto(nil, r, off, end, size, text)
}

// inflateInto is inflate into buf when it can hold size bytes (a buffer
// whose content is no longer needed), else into a new buffer.
func inflateInto(buf []byte, r io.ReaderAt, off, end, size int64, text bool) ([]byte, error) {
	z := inflaters.Get().(*inflater)
	defer inflaters.Put(z)
	z.br.Reset(io.NewSectionReader(r, off, end-off))
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(z.br)
	} else {
		err = z.zr.(zlib.Resetter).Reset(z.br, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	var out []byte
	if int64(cap(buf)) >= size {
		out = buf[:size]
	} else {
		out = make([]byte, size)
	}
	head := out
	if text {
		head = out[:min(size, sniff.Len)]
	}
	if _, err := io.ReadFull(z.zr, head); err != nil {
		return nil, fmt.Errorf("inflate %d bytes: %w", size, err)
	}
	if text {
		if sniff.Binary(head) {
			return nil, errBinary
		}
		if _, err := io.ReadFull(z.zr, out[len(head):]); err != nil {
			return nil, fmt.Errorf("inflate %d bytes: %w", size, err)
		}
	}
	// Reading on to the end of the stream checks its Adler-32 checksum.
	var one [1]byte
	n, err := z.zr.Read(one[:])
	if n != 0 {
		return nil, fmt.Errorf("inflate: more than the %d bytes announced", size)
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	return out, nil
}

// deltaSizes reads the source and target sizes that open a delta.
func deltaSizes(d []byte) (src, dst int64, rest []byte, err error) {
	varint := func() (int64, bool) {
		var v int64
		for shift := uint(0); shift < 63; shift += 7 {
			if len(d) == 0 {
				return 0, false
			}
			c := d[0]
			d = d[1:]
			v |= int64(c&0x7f) << shift
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	var ok1, ok2 bool
	src, ok1 = varint()
	dst, ok2 = varint()
	if !ok1 || !ok2 || src < 0 || dst < 0 {
		return 0, 0, nil, errors.New("bad delta header")
	}
	return src, dst, d, nil
}

// applyDelta rebuilds an object from its base and a delta; limit bounds the
// result.
func applyDelta(base, delta []byte, limit int64) ([]byte, error) {
	return applyDeltaInto(nil, base, delta, limit)
}

// applyDeltaInto is applyDelta into buf when it can hold the result (a
// buffer whose content is no longer needed, never base), else into a new
// buffer.
func applyDeltaInto(buf, base, delta []byte, limit int64) ([]byte, error) {
	src, dst, d, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	if src != int64(len(base)) {
		return nil, fmt.Errorf("delta for a base of %d bytes applied to %d", src, len(base))
	}
	if dst > limit {
		return nil, fmt.Errorf("delta result of %d bytes over the %d allowed", dst, limit)
	}
	var out []byte
	if int64(cap(buf)) >= dst {
		out = buf[:0]
	} else {
		out = make([]byte, 0, dst)
	}
	for len(d) > 0 {
		op := d[0]
		d = d[1:]
		switch {
		case op&0x80 != 0:
			var off, n int64
			for i := uint(0); i < 4; i++ {
				if op&(1<<i) != 0 {
					if len(d) == 0 {
						return nil, errors.New("truncated delta")
					}
					off |= int64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if op&(0x10<<i) != 0 {
					if len(d) == 0 {
						return nil, errors.New("truncated delta")
					}
					n |= int64(d[0]) << (8 * i)
					d = d[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > int64(len(base)) || int64(len(out))+n > dst {
				return nil, errors.New("delta copies out of bounds")
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			n := int64(op)
			if n > int64(len(d)) || int64(len(out))+n > dst {
				return nil, errors.New("delta inserts out of bounds")
			}
			out = append(out, d[:n]...)
			d = d[n:]
		default:
			return nil, errors.New("reserved delta instruction")
		}
	}
	if int64(len(out)) != dst {
		return nil, fmt.Errorf("delta built %d bytes, announced %d", len(out), dst)
	}
	return out, nil
}

// looseObject reads an object stored on its own: type, size and content
// (nil when the size is over max).
func (s *objectStore) looseObject(h plumbing.Hash, limit int64) (int, int64, []byte, error) {
	hex := h.String()
	for _, dir := range s.loose {
		f, err := os.Open(filepath.Join(dir, hex[:2], hex[2:]))
		if err != nil {
			continue
		}
		defer f.Close()
		zr, err := zlib.NewReader(bufio.NewReaderSize(f, 4<<10))
		if err != nil {
			return 0, 0, nil, fmt.Errorf("loose object: %w", err)
		}
		defer zr.Close()
		br := bufio.NewReaderSize(zr, 64)
		head, err := br.ReadString(0)
		if err != nil || len(head) > 40 {
			return 0, 0, nil, errors.New("loose object: bad header")
		}
		kind, sz, ok := strings.Cut(strings.TrimSuffix(head, "\x00"), " ")
		size, err := strconv.ParseInt(sz, 10, 64)
		typ := map[string]int{"commit": objCommit, "tree": objTree, "blob": objBlob, "tag": objTag}[kind]
		if !ok || err != nil || size < 0 || typ == 0 {
			return 0, 0, nil, errors.New("loose object: bad header")
		}
		if size > limit {
			return typ, size, nil, nil
		}
		out := make([]byte, size)
		if _, err := io.ReadFull(br, out); err != nil {
			return 0, 0, nil, fmt.Errorf("loose object: %w", err)
		}
		return typ, size, out, nil
	}
	return 0, 0, nil, errNotFound
}

// objectCache keeps decoded objects by pack position, least recently used
// out first, within a byte budget: trees and commits read in commit order
// find the delta bases their neighbours just decoded.
type objectCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	items map[cacheKey]*cacheItem
	head  cacheItem // sentinel of a circular list, most recent first
}

type cacheKey struct {
	pack int
	off  int64
}

type cacheItem struct {
	key        cacheKey
	typ        int
	data       []byte
	prev, next *cacheItem
}

func newObjectCache(limit int64) *objectCache {
	c := &objectCache{max: limit, items: map[cacheKey]*cacheItem{}}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

func (c *objectCache) get(k cacheKey) (int, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[k]
	if !ok {
		return 0, nil, false
	}
	c.unlink(it)
	c.pushFront(it)
	return it.typ, it.data, true
}

func (c *objectCache) put(k cacheKey, typ int, data []byte) {
	cost := int64(len(data)) + 64
	if cost > c.max/8 {
		return // one object must not flush the others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	it := &cacheItem{key: k, typ: typ, data: data}
	c.items[k] = it
	c.pushFront(it)
	c.size += cost
	for c.size > c.max && c.head.prev != &c.head {
		old := c.head.prev
		c.unlink(old)
		delete(c.items, old.key)
		c.size -= int64(len(old.data)) + 64
	}
}

func (c *objectCache) unlink(it *cacheItem) {
	it.prev.next, it.next.prev = it.next, it.prev
}

func (c *objectCache) pushFront(it *cacheItem) {
	it.next, it.prev = c.head.next, &c.head
	c.head.next.prev = it
	c.head.next = it
}

// read returns an object's type and content, resolving deltas through the
// cache; max bounds every object decoded on the way.
func (s *objectStore) read(h plumbing.Hash, cache *objectCache, limit int64) (int, []byte, error) {
	if p, off, ok := s.locate(h); ok {
		return s.readAt(p, off, cache, limit, 0)
	}
	typ, size, data, err := s.looseObject(h, limit)
	if err == nil && data == nil {
		return 0, nil, fmt.Errorf("object of %d bytes over the %d allowed", size, limit)
	}
	return typ, data, err
}

func (s *objectStore) readAt(p *packFile, off int64, cache *objectCache, limit int64, depth int) (int, []byte, error) {
	k := cacheKey{p.id, off}
	if cache != nil {
		if typ, data, ok := cache.get(k); ok {
			return typ, data, nil
		}
	}
	if depth > maxDeltaDepth {
		return 0, nil, errors.New("delta chain too long")
	}
	h, err := p.header(off)
	if err != nil {
		return 0, nil, err
	}
	if h.size > limit {
		return 0, nil, fmt.Errorf("object of %d bytes over the %d allowed", h.size, limit)
	}
	var typ int
	var data []byte
	switch h.typ {
	case objOfsDelta, objRefDelta:
		var base []byte
		if h.typ == objOfsDelta {
			typ, base, err = s.readAt(p, h.baseOff, cache, limit, depth+1)
		} else if bp, boff, ok := s.locate(h.baseHash); ok {
			typ, base, err = s.readAt(bp, boff, cache, limit, depth+1)
		} else {
			typ, base, err = s.read(h.baseHash, nil, limit)
		}
		if err != nil {
			return 0, nil, err
		}
		delta, err := inflate(p.f, h.data, p.size, h.size, false)
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, delta, limit); err != nil {
			return 0, nil, err
		}
	default:
		typ = h.typ
		if data, err = inflate(p.f, h.data, p.size, h.size, false); err != nil {
			return 0, nil, err
		}
	}
	if cache != nil {
		cache.put(k, typ, data)
	}
	return typ, data, nil
}
