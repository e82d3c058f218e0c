package source

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ouvert-dev/ouvert/internal/sniff"
)

// Reading the blobs of a history follows the pack's delta chains rather
// than the commits. git stores the newest version of a file whole and the
// older ones as deltas against a newer one, so reading in commit order
// rebuilds the same chains again and again, or keeps every version around
// in a cache. Here each blob the walk found, and each delta base needed to
// rebuild one, is a node of a forest whose roots are whole objects; a
// worker takes a root and goes down its tree depth first, decoding each
// node once from its parent and dropping a parent as soon as its last
// child is built. What stays in memory is the path being read (only the
// nodes that still have children to build), one per worker, whatever the
// length of the history.

// blobNode is an object of a pack that the walk needs: a blob to hand
// over, a delta base of one, or both. Nodes are many in a long history:
// 40 bytes each, children as a linked list, rare things on the side.
type blobNode struct {
	off    int64
	size   int64 // of the object, or of its delta
	pack   int32 // index in objectStore.packs
	hdrLen uint8 // the zlib stream starts at off+hdrLen
	kind   int8  // object type in the pack (objOfsDelta… included)
	typ    int8  // of the object rebuilt: its root's, set when decoded
	job    int32 // index in jobs, or -1 for a base only
	parent int32 // the delta base, -1 for a root, unknownParent before the header is read
	child  int32 // first child, -1 for none
	next   int32 // next sibling, -1 for none
}

const unknownParent = -2

// blobPlan is the forest of blob nodes and the jobs outside any pack.
type blobPlan struct {
	nodes []blobNode
	roots []int32
	loose []int // jobs whose object is not in a pack
	// errs: nodes whose header could not be read; looseBase: roots that
	// are deltas of an object stored loose.
	errs      map[int32]error
	looseBase map[int32]plumbing.Hash
}

// plan places every job in the forest, reading one object header per
// node; skipped jobs are left out (they may still come in as bases).
func (h *historyRun) plan(jobs []blobJob, skipped []bool) *blobPlan {
	pl := &blobPlan{errs: map[int32]error{}, looseBase: map[int32]plumbing.Hash{}}
	packIndex := map[*packFile]int32{}
	for i, p := range h.objs.packs {
		packIndex[p] = int32(i)
	}
	index := map[cacheKey]int32{}
	node := func(p *packFile, off int64) (int32, bool) {
		k := cacheKey{p.id, off}
		if i, ok := index[k]; ok {
			return i, false
		}
		i := int32(len(pl.nodes))
		pl.nodes = append(pl.nodes, blobNode{pack: packIndex[p], off: off, job: -1, parent: unknownParent, child: -1, next: -1})
		index[k] = i
		return i, true
	}
	for ji, j := range jobs {
		if skipped[ji] {
			continue
		}
		p, off, ok := h.objs.locate(j.hash)
		if !ok {
			pl.loose = append(pl.loose, ji)
			continue
		}
		cur, fresh := node(p, off)
		pl.nodes[cur].job = int32(ji)
		if !fresh {
			continue // already placed as the base of another blob
		}
		for depth := 0; ; depth++ {
			n := &pl.nodes[cur]
			np := h.objs.packs[n.pack]
			hdr, err := np.header(n.off)
			if err == nil && depth > maxDeltaDepth {
				err = errors.New("delta chain too long")
			}
			if err != nil {
				pl.errs[cur], n.parent = err, -1
				break
			}
			n.size, n.hdrLen, n.kind = hdr.size, uint8(hdr.data-n.off), int8(hdr.typ)
			var bp *packFile
			var boff int64
			switch hdr.typ {
			case objOfsDelta:
				bp, boff = np, hdr.baseOff
			case objRefDelta:
				var ok bool
				if bp, boff, ok = h.objs.locate(hdr.baseHash); !ok {
					pl.looseBase[cur] = hdr.baseHash // read by the root itself
					n.parent = -1
				}
			default:
				n.parent = -1
			}
			if n.parent == -1 {
				break
			}
			b, fresh := node(bp, boff)
			pl.nodes[cur].parent = b
			pl.nodes[cur].next = pl.nodes[b].child
			pl.nodes[b].child = cur
			if !fresh {
				break
			}
			cur = b
		}
	}
	for i := range pl.nodes {
		if pl.nodes[i].parent == -1 {
			pl.roots = append(pl.roots, int32(i))
		}
	}
	// Pack order: neighbouring roots share the pages of the pack.
	sort.Slice(pl.roots, func(a, b int) bool {
		na, nb := &pl.nodes[pl.roots[a]], &pl.nodes[pl.roots[b]]
		if na.pack != nb.pack {
			return na.pack < nb.pack
		}
		return na.off < nb.off
	})
	return pl
}

// readBlobs hands every job's content to fn, from opts.Workers goroutines.
func (h *historyRun) readBlobs(jobs []blobJob, head map[plumbing.Hash]struct{}, opts HistoryOptions, fn func(Blob, []byte) error, cancel func()) error {
	skipped := make([]bool, len(jobs))
	var skips []int32
	if opts.Skip != nil {
		for ji, j := range jobs {
			if opts.Skip(j.path) != "" {
				skipped[ji] = true
				skips = append(skips, int32(ji))
			}
		}
	}
	opts.Progress.blobsToRead(len(jobs))
	pl := h.plan(jobs, skipped)
	decodeLimit := max(opts.MaxSize, minDecodeLimit)
	var (
		errOnce sync.Once
		fnErr   error
		done    = make([]bool, len(jobs))
	)
	deliver := func(ji int32, size int64, content []byte, why string) {
		j := jobs[ji]
		done[ji] = true // each job is one node: one writer
		opts.Progress.blobDone()
		if h.ctx.Err() != nil {
			return
		}
		b := Blob{Path: j.path, Hash: j.hash.String(), Size: size, Skipped: why}
		if j.commit >= 0 {
			b.Commit, b.Time = h.commitRefs[j.commit].hash.String(), h.commitRefs[j.commit].when
		}
		_, b.InHead = head[j.hash]
		if size > opts.MaxSize {
			content = nil
		}
		if err := fn(b, content); err != nil {
			errOnce.Do(func() { fnErr = err; cancel() })
		}
	}
	fail := func(ji int32, err error) {
		done[ji] = true
		opts.Progress.blobDone()
		if _, inHead := head[jobs[ji].hash]; inHead && errors.Is(err, errNotFound) {
			return // the tree lists it as missing already
		}
		h.problem(jobs[ji].hash, h.commitHash(jobs[ji].commit), fmt.Errorf("blob %s (%s): %w", jobs[ji].hash, jobs[ji].path, err))
	}

	work := make(chan int32)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &chainReader{run: h, pl: pl, limit: decodeLimit, maxSize: opts.MaxSize, text: opts.Text, deliver: deliver, fail: fail}
			for item := range work {
				if h.ctx.Err() != nil {
					continue // drain
				}
				if item < 0 {
					w.loose(jobs, int(-item-1))
				} else {
					w.tree(item)
				}
			}
		}()
	}
feed:
	for _, r := range pl.roots {
		select {
		case work <- r:
		case <-h.ctx.Done():
			break feed
		}
	}
	for _, ji := range pl.loose {
		if h.ctx.Err() != nil {
			break
		}
		work <- int32(-ji - 1)
	}
	close(work)
	for _, ji := range skips {
		if h.ctx.Err() != nil {
			break
		}
		deliver(ji, 0, nil, opts.Skip(jobs[ji].path))
	}
	wg.Wait()
	if fnErr != nil {
		return fnErr
	}
	if h.ctx.Err() == nil {
		for ji, ok := range done {
			if !ok { // a delta chain that leads to no whole object
				fail(int32(ji), errors.New("delta chain without a base"))
			}
		}
	}
	return nil
}

// chainReader is one worker's state.
type chainReader struct {
	run     *historyRun
	pl      *blobPlan
	limit   int64 // largest object decoded
	maxSize int64 // largest blob handed over with its content
	text    bool  // binary content is not handed over
	deliver func(job int32, size int64, content []byte, skipped string)
	fail    func(job int32, err error)
	// free holds buffers whose content is no longer needed (a leaf handed
	// over, a base whose last delta is built), reused for the next objects
	// decoded, and delta the inflated delta being applied: the history's
	// content is then not a new allocation per object, which the garbage
	// collector clears and sweeps (4.7 GB on trackdechets).
	free  [][]byte
	delta []byte
}

// maxFree bounds the bytes one worker keeps for reuse.
const maxFree = 32 << 20

// buffer returns a buffer to decode size bytes into: a free one that can
// hold them, or nil (a new one is then made).
func (w *chainReader) buffer(size int64) []byte {
	best := -1
	for i, b := range w.free {
		if int64(cap(b)) >= size && (best < 0 || cap(b) < cap(w.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	b := w.free[best]
	last := len(w.free) - 1
	w.free[best], w.free[last] = w.free[last], nil
	w.free = w.free[:last]
	return b
}

// release gives back a buffer whose content nothing holds any more.
func (w *chainReader) release(b []byte) {
	if cap(b) == 0 || cap(b) > maxFree/2 {
		return
	}
	total := cap(b)
	for _, f := range w.free {
		total += cap(f)
	}
	if total > maxFree || len(w.free) >= 32 {
		return
	}
	w.free = append(w.free, b[:0])
}

// frame is a node on the path being read, with its content while
// children are left to build from it.
type frame struct {
	node int32
	data []byte
	next int32 // the next child to build
}

// tree reads the tree of nodes under root, depth first.
//
// Content handed over is not held after deliver returns (History's
// contract), so a leaf's buffer is reused at once, and a base's after its
// last delta is built.
func (w *chainReader) tree(root int32) {
	data, ok := w.visit(root, nil, 0)
	if !ok || w.pl.nodes[root].child < 0 {
		w.release(data)
		return
	}
	stack := []frame{{node: root, data: data, next: w.pl.nodes[root].child}}
	for len(stack) > 0 {
		if w.run.ctx.Err() != nil {
			return
		}
		top := &stack[len(stack)-1]
		c := top.next
		top.next = w.pl.nodes[c].next
		base, baseTyp := top.data, w.pl.nodes[top.node].typ
		last := top.next < 0
		if last {
			// The last child: the parent's content is not needed after it.
			stack[len(stack)-1] = frame{}
			stack = stack[:len(stack)-1]
		}
		cdata, ok := w.visit(c, base, baseTyp)
		if last {
			w.release(base)
		}
		base = nil
		if ok && w.pl.nodes[c].child >= 0 {
			stack = append(stack, frame{node: c, data: cdata, next: w.pl.nodes[c].child})
		} else {
			w.release(cdata)
		}
	}
}

// visit decodes a node (from its base's content, for a delta) and hands it
// over when it is a job. A node that cannot be decoded fails with every
// job under it.
func (w *chainReader) visit(i int32, base []byte, baseTyp int8) ([]byte, bool) {
	n := &w.pl.nodes[i]
	n.typ = baseTyp
	data, size, err := w.decode(i, n, base)
	if err != nil && !errors.Is(err, errBinary) {
		w.failTree(i, err)
		return nil, false
	}
	if n.job >= 0 {
		switch {
		case n.typ != objBlob:
			w.fail(n.job, fmt.Errorf("a %s, not a blob", typeName(int(n.typ))))
		case errors.Is(err, errBinary) || w.text && data != nil && sniff.Binary(data):
			w.deliver(n.job, size, nil, "binary")
		default:
			w.deliver(n.job, size, data, "")
		}
	}
	return data, true
}

// decode rebuilds a node's content. A leaf over maxSize is not rebuilt:
// only its size is known and handed over.
func (w *chainReader) decode(i int32, n *blobNode, base []byte) ([]byte, int64, error) {
	if err := w.pl.errs[i]; err != nil {
		return nil, 0, err
	}
	p := w.run.objs.packs[n.pack]
	leaf := n.child < 0
	data := n.off + int64(n.hdrLen)
	switch n.kind {
	case objOfsDelta, objRefDelta:
		if n.size > w.limit {
			return nil, 0, fmt.Errorf("delta of %d bytes over the %d read", n.size, w.limit)
		}
		if base == nil { // a root whose base is a loose object
			bh := w.pl.looseBase[i]
			typ, b, err := w.run.objs.read(bh, nil, w.limit)
			if err != nil {
				return nil, 0, fmt.Errorf("delta base %s: %w", bh, err)
			}
			base, n.typ = b, int8(typ)
		}
		delta, err := inflateInto(w.delta, p.f, data, p.size, n.size, false)
		if err != nil {
			return nil, 0, err
		}
		if cap(delta) <= maxFree {
			w.delta = delta
		}
		_, dst, _, err := deltaSizes(delta)
		if err != nil {
			return nil, 0, err
		}
		if leaf && dst > w.maxSize {
			return nil, dst, nil
		}
		buf := w.buffer(dst)
		out, err := applyDeltaInto(buf, base, delta, w.limit)
		if err != nil {
			w.release(buf)
			return nil, 0, err
		}
		return out, int64(len(out)), nil
	}
	n.typ = n.kind
	if leaf && n.size > w.maxSize {
		return nil, n.size, nil
	}
	if n.size > w.limit {
		return nil, 0, fmt.Errorf("object of %d bytes over the %d read", n.size, w.limit)
	}
	// A blob wanted as text and built from no other is not inflated past
	// its first bytes when they are binary.
	buf := w.buffer(n.size)
	out, err := inflateInto(buf, p.f, data, p.size, n.size, leaf && w.text && n.typ == objBlob)
	if err != nil {
		w.release(buf)
	}
	return out, n.size, err
}

// failTree reports every job under node i, itself included.
func (w *chainReader) failTree(i int32, err error) {
	stack := []int32{i}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := &w.pl.nodes[k]
		if n.job >= 0 {
			w.fail(n.job, err)
		}
		for c := n.child; c >= 0; c = w.pl.nodes[c].next {
			stack = append(stack, c)
		}
	}
}

// loose reads a job whose object is stored on its own.
func (w *chainReader) loose(jobs []blobJob, ji int) {
	typ, size, data, err := w.run.objs.looseObject(jobs[ji].hash, w.maxSize)
	switch {
	case err != nil:
		w.fail(int32(ji), err)
	case typ != objBlob:
		w.fail(int32(ji), fmt.Errorf("a %s, not a blob", typeName(typ)))
	case w.text && sniff.Binary(data):
		w.deliver(int32(ji), size, nil, "binary")
	default:
		w.deliver(int32(ji), size, data, "")
	}
}
