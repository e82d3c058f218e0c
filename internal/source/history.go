package source

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
)

// Blob is one version of a file that some commit of the history holds.
type Blob struct {
	// Path is where the blob was introduced, slash-separated from the root
	// of the repository (not of a scanned subdirectory).
	Path string
	Hash string // blob id (hex)
	// Commit introduced the blob: the first commit, oldest first, whose
	// tree holds it (at any path) while its parents' trees do not. It is
	// "" for a blob that a tag names directly, or that a tag's tree holds.
	Commit string
	Time   time.Time // that commit's author date
	Size   int64
	// InHead: the blob is in the tree scanned (HEAD, or the ref asked
	// for, restricted to the scanned directory): a tree scan already read
	// its content.
	InHead bool
	// Skipped is why the content was not read, or "": the reason
	// HistoryOptions.Skip gave for the path, or "binary" for content
	// whose first bytes are binary when HistoryOptions.Text is set.
	// Size is 0 for a blob skipped by its path, which is never read.
	Skipped string
}

// HistoryOptions says which part of the history History reads and how.
type HistoryOptions struct {
	// Since is a revision: History then reads only the commits reachable
	// from the scanned commit (HEAD, or the ref scanned) and not from
	// Since, and of their blobs only those Since does not hold. Other
	// branches and tags are not read: the CI case, where only what a pull
	// request adds is scanned, in a clone that may hold every branch. ""
	// means the whole history: every branch and tag. When no revision has
	// that name and it is a date (SinceDate), the commits reachable from
	// the scanned commit and committed before that date take Since's
	// part: the commits committed since then are read, and of their blobs
	// those no older commit holds.
	Since string
	// MaxSize: larger blobs are handed to fn with nil content, unread
	// (0 means DefaultHistoryMaxSize).
	MaxSize int64
	// Workers is the number of parallel readers (0 means GOMAXPROCS).
	Workers int
	// Skip, when set, says from a blob's path that its content is not
	// wanted (a reason, or "" to read it): such a blob is handed to fn
	// with nil content and Blob.Skipped set, and is never read unless
	// another blob needs it as a delta base.
	Skip func(path string) string
	// Progress, when set, counts the commits walked and the blobs handed
	// over, against their totals.
	Progress *Progress
	// Text: content is wanted as text only. A blob whose first bytes are
	// binary (sniff.Binary) is handed to fn with nil content and Skipped
	// "binary"; when stored whole, no more than those bytes is inflated.
	Text bool
}

// SinceDate reads a --since that is a date rather than a revision: a day
// (2026-01-31, midnight UTC) or an RFC 3339 time. A revision of that name
// wins: History tries it first.
func SinceDate(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// DefaultHistoryMaxSize is HistoryOptions.MaxSize when zero.
const DefaultHistoryMaxSize = 8 << 20

// Problem is an object History could not read; the walk went on without it.
type Problem struct {
	Object string // the object that could not be read (hex)
	Commit string // the commit that holds it, when known
	Err    string
	// Missing: the object is absent (a partial clone did not download
	// it), rather than damaged.
	Missing bool
}

// Historian is implemented by the repositories whose Capabilities include
// History: a local work tree, a local ref, and a URL cloned with
// Options.History.
type Historian interface {
	// History calls fn once per unique blob reachable from every branch
	// and tag (and HEAD), whatever the number of commits and paths holding
	// it; with Since, once per blob that the commits reachable from the
	// scanned commit and not from Since add. content is at most MaxSize
	// bytes (nil when skipped), and is reused once fn returns: fn copies
	// what it keeps. fn may be called from several goroutines at once. With Skip and Text, blobs not wanted as text are handed over
	// unread. A blob or commit
	// that cannot be read (missing object, corrupt pack) is reported
	// through the returned []Problem and the walk goes on; only ctx
	// cancellation, an error from fn or an unreadable repository end it
	// early.
	//
	// Commits are taken oldest first in topological order; each one's
	// tree is walked skipping the trees already walked, so that the cost
	// follows the changes, not the size of the tree times the number of
	// commits. Submodule gitlinks and symlinks are skipped. The blobs
	// a tag names directly (or through a tree) are reported too. Blobs
	// are then read along the packs' delta chains, not in commit order:
	// fn sees them in no particular order. Memory holds the walk's state
	// (some tens of bytes per object of the history) and, per worker,
	// the delta bases of the chain being read, never the history's
	// content. Close must not be called while History runs.
	History(ctx context.Context, opts HistoryOptions, fn func(b Blob, content []byte) error) ([]Problem, error)
}

// ErrNoHistory: History was called on a source without the History
// capability (a shallow clone, a plain directory, an empty repository).
var ErrNoHistory = errors.New("the source has no history")

// historian reads the history of one local repository. It opens its own
// storages on the object directory, one per goroutine, as go-git's are not
// safe for concurrent use.
type historian struct {
	g    *gitLayout
	name string
	// head holds the blobs of the tree scanned; nil means it is computed
	// from commit and sub when History runs. commit is the commit scanned
	// (HEAD of a work tree): where a Since walk starts.
	head   map[plumbing.Hash]struct{}
	commit plumbing.Hash
	sub    string
}

// historyStorage opens a go-git storage that keeps its pack descriptors
// open (go-git otherwise reopens the pack for every object). The history
// walk uses it only for what the object store does not do: references, and
// the revisions --since may name ("main~3"), with a small cache.
func historyStorage(g *gitLayout, cacheSize cache.FileSize) *filesystem.Storage {
	var dot billy.Filesystem = osfs.New(g.gitDir)
	if g.commonDir != g.gitDir {
		dot = dotgit.NewRepositoryFilesystem(dot, osfs.New(g.commonDir))
	}
	return filesystem.NewStorageWithOptions(dot, cache.NewObjectLRU(cacheSize),
		filesystem.Options{LargeObjectThreshold: largeObject, KeepDescriptors: true})
}

// Memory bounds of a walk. Trees and commits are read in commit order
// through a cache of decoded objects: each tree's delta base is usually a
// neighbour's tree. Blobs are not cached at all (see readBlobs).
const (
	walkerCache = 8 << 20
	// maxTreeSize bounds one tree or commit object.
	maxTreeSize = 64 << 20
	// minDecodeLimit bounds the delta bases decoded to rebuild a blob that
	// is small enough to scan: larger ones are reported, not decoded.
	minDecodeLimit = 64 << 20
)

// blobJob is a blob to read. Versions of a file share their path string
// and commits are numbered: a long history holds many jobs.
type blobJob struct {
	hash   plumbing.Hash
	path   string
	commit int32 // index in historyRun.commitRefs, -1 for none
}

// commitRef is a commit that introduced blobs.
type commitRef struct {
	hash plumbing.Hash
	when time.Time // author date
}

type historyRun struct {
	ctx   context.Context
	objs  *objectStore
	cache *objectCache
	name  string

	mu       sync.Mutex
	problems []Problem
	reported map[plumbing.Hash]bool

	seenTrees  map[plumbing.Hash]struct{}
	seenBlobs  map[plumbing.Hash]struct{}
	collect    bool // false while marking what Since holds
	jobs       []blobJob
	commitRefs []commitRef
	paths      map[string]string // interned paths of jobs
}

// commitHash is the hash of a numbered commit, zero for none.
func (h *historyRun) commitHash(i int32) plumbing.Hash {
	if i < 0 {
		return plumbing.ZeroHash
	}
	return h.commitRefs[i].hash
}

func (h *historyRun) problem(obj, commit plumbing.Hash, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.reported[obj] {
		return
	}
	h.reported[obj] = true
	p := Problem{Object: obj.String(), Err: err.Error(), Missing: errors.Is(err, errNotFound)}
	if !commit.IsZero() {
		p.Commit = commit.String()
	}
	h.problems = append(h.problems, p)
}

func (h *historian) History(ctx context.Context, opts HistoryOptions, fn func(Blob, []byte) error) ([]Problem, error) {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultHistoryMaxSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st := historyStorage(h.g, cache.MiByte)
	defer st.Close()
	r, err := openRepository(st, h.name)
	if err != nil {
		return nil, err
	}
	objs, err := openObjectStore(filepath.Join(h.g.commonDir, "objects"))
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrCorrupt, h.name, err)
	}
	defer objs.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &historyRun{
		ctx:       ctx,
		objs:      objs,
		cache:     newObjectCache(walkerCache),
		name:      h.name,
		reported:  map[plumbing.Hash]bool{},
		seenTrees: map[plumbing.Hash]struct{}{},
		seenBlobs: map[plumbing.Hash]struct{}{},
		paths:     map[string]string{},
	}

	head := h.head
	if head == nil {
		head, err = h.headBlobs(run)
		if err != nil {
			return nil, err
		}
	}

	var (
		tips  []plumbing.Hash
		extra []otherTip
		since map[plumbing.Hash]struct{}
	)
	if opts.Since == "" {
		if tips, extra, err = run.tips(r); err != nil {
			return nil, err
		}
	} else {
		// What the scanned commit adds to Since, as git rev-list
		// Since..HEAD: the other branches of the clone (a stale branch, a
		// colleague's work) belong to no pull request.
		if h.commit.IsZero() {
			return nil, ErrNoHistory
		}
		tips = []plumbing.Hash{h.commit}
		var base []*node
		sh, err := r.ResolveRevision(plumbing.Revision(opts.Since))
		if err != nil {
			day, ok := SinceDate(opts.Since)
			if !ok {
				return nil, fmt.Errorf("%w %q in %s", ErrBadRef, opts.Since, h.name)
			}
			// A date: the commits of the scanned commit's history
			// committed before it play the base ref's part. Their order
			// does not matter for marking: a tree is compared with its
			// parent's only once that one has been walked.
			for _, n := range run.commits(tips, nil).order() {
				if n.order < day.Unix() {
					base = append(base, n)
				}
			}
		} else {
			if typ, _, err := objs.read(*sh, run.cache, maxTreeSize); err != nil || typ != objCommit {
				if err == nil {
					err = errors.New("not a commit")
				}
				return nil, fmt.Errorf("%w %s: %s names %s: %w", ErrCorrupt, h.name, opts.Since, sh, err)
			}
			base = run.commits([]plumbing.Hash{*sh}, nil).order()
		}
		since = map[plumbing.Hash]struct{}{}
		// What Since holds is marked seen: the main walk then reports
		// neither those commits nor any blob or tree they hold.
		for _, n := range base {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			since[n.hash] = struct{}{}
			run.walkTree(n.tree, n.ptree, "", run.ref(n.hash, time.Time{}), 0)
		}
	}
	nodes := run.commits(tips, since)

	run.collect = true
	order := nodes.order()
	opts.Progress.commitsToWalk(len(order))
	for _, n := range order {
		if ctx.Err() != nil {
			break
		}
		run.walkTree(n.tree, n.ptree, "", run.ref(n.hash, n.when), 0)
		opts.Progress.commitDone()
	}
	for _, x := range extra {
		if ctx.Err() != nil {
			break
		}
		switch x.typ {
		case plumbing.TreeObject:
			run.walkTree(x.hash, plumbing.ZeroHash, "", -1, 0)
		case plumbing.BlobObject:
			run.blob(x.hash, x.name, -1)
		}
	}
	// The walk is over: its maps and cache are not needed to read blobs.
	jobs := run.jobs
	run.jobs, run.seenTrees, run.seenBlobs, run.cache, run.paths = nil, nil, nil, nil, nil
	if err := ctx.Err(); err != nil {
		return run.problems, err
	}
	if err := run.readBlobs(jobs, head, opts, fn, cancel); err != nil {
		return run.problems, err
	}
	if err := ctx.Err(); err != nil {
		return run.problems, err
	}
	return run.problems, nil
}

// headBlobs lists the blobs of the scanned tree: the commit's tree, or its
// subtree sub.
func (h *historian) headBlobs(run *historyRun) (map[plumbing.Hash]struct{}, error) {
	set := map[plumbing.Hash]struct{}{}
	if h.commit.IsZero() {
		return set, nil
	}
	bad := func(err error) error {
		return fmt.Errorf("%w %s: commit %s: %w", ErrCorrupt, h.name, h.commit, err)
	}
	c, err := run.commit(h.commit)
	if err != nil {
		return nil, bad(err)
	}
	tree := c.tree
	if h.sub != "" {
		for _, name := range strings.Split(h.sub, "/") {
			raw, err := run.treeData(tree)
			if err != nil {
				return nil, bad(err)
			}
			found := false
			it := treeIter{raw: raw}
			for {
				mode, n, hash, ok := it.next()
				if !ok {
					break
				}
				if string(n) == name && modeKind(mode) == modeTree {
					tree, found = hash, true
					break
				}
			}
			if it.err != nil {
				return nil, bad(it.err)
			}
			if !found {
				return set, nil
			}
		}
	}
	var walk func(t plumbing.Hash, depth int) error
	walk = func(t plumbing.Hash, depth int) error {
		if depth > maxTreeDepth {
			return errors.New("trees nested too deep")
		}
		raw, err := run.treeData(t)
		if err != nil {
			return err
		}
		it := treeIter{raw: raw}
		for {
			mode, _, hash, ok := it.next()
			if !ok {
				break
			}
			switch modeKind(mode) {
			case modeTree:
				if err := walk(hash, depth+1); err != nil {
					return err
				}
			case modeFile:
				set[hash] = struct{}{}
			}
		}
		return it.err
	}
	if err := walk(tree, 0); err != nil {
		return nil, bad(err)
	}
	return set, nil
}

// otherTip is a tree or blob that a tag names directly.
type otherTip struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	name string
}

// tips lists the commits that branches, remote branches, tags (peeled) and
// HEAD name, and the trees and blobs tags name directly.
func (h *historyRun) tips(r *git.Repository) ([]plumbing.Hash, []otherTip, error) {
	refs, err := r.References()
	if err != nil {
		return nil, nil, fmt.Errorf("%w %s: refs: %w", ErrCorrupt, h.name, err)
	}
	var hashes []plumbing.Hash
	names := map[plumbing.Hash]string{}
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			return nil
		}
		n := ref.Name()
		if n.IsBranch() || n.IsRemote() || n.IsTag() || n == plumbing.HEAD {
			if _, dup := names[ref.Hash()]; !dup {
				hashes = append(hashes, ref.Hash())
				names[ref.Hash()] = n.Short()
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%w %s: refs: %w", ErrCorrupt, h.name, err)
	}
	if head, err := r.Head(); err == nil && !head.Hash().IsZero() {
		if _, dup := names[head.Hash()]; !dup {
			hashes = append(hashes, head.Hash())
			names[head.Hash()] = "HEAD"
		}
	}
	var commits []plumbing.Hash
	var other []otherTip
	seen := map[plumbing.Hash]bool{}
	for _, start := range hashes {
		hsh := start
		for hops := 0; ; hops++ {
			typ, data, err := h.objs.read(hsh, nil, maxTreeSize)
			if err != nil {
				h.problem(hsh, plumbing.ZeroHash, fmt.Errorf("ref %s names %s: %w", names[start], hsh, err))
				break
			}
			if typ == objTag && hops < 10 {
				target, err := tagTarget(data)
				if err != nil {
					h.problem(hsh, plumbing.ZeroHash, fmt.Errorf("tag %s: %w", names[start], err))
					break
				}
				hsh = target
				continue
			}
			if seen[hsh] {
				break
			}
			seen[hsh] = true
			switch typ {
			case objCommit:
				commits = append(commits, hsh)
			case objTree:
				other = append(other, otherTip{hash: hsh, typ: plumbing.TreeObject, name: names[start]})
			case objBlob:
				other = append(other, otherTip{hash: hsh, typ: plumbing.BlobObject, name: names[start]})
			}
			break
		}
	}
	return commits, other, nil
}

// node is one commit of the walk.
type node struct {
	hash     plumbing.Hash
	tree     plumbing.Hash
	ptree    plumbing.Hash // the first parent's tree, when the walk holds that parent
	when     time.Time     // author date
	order    int64         // committer date, for the topological order
	pending  int           // parents not yet taken
	children []*node
}

type graph struct {
	nodes map[plumbing.Hash]*node
}

// commits loads every commit reachable from tips that is not in stop. An
// unreadable commit is a problem and the walk goes on without it and its
// ancestors.
func (h *historyRun) commits(tips []plumbing.Hash, stop map[plumbing.Hash]struct{}) *graph {
	g := &graph{nodes: map[plumbing.Hash]*node{}}
	type edge struct{ hash, child plumbing.Hash }
	var stack []edge
	for _, t := range tips {
		stack = append(stack, edge{hash: t})
	}
	parents := map[plumbing.Hash][]plumbing.Hash{}
	failed := map[plumbing.Hash]bool{}
	for len(stack) > 0 {
		if h.ctx.Err() != nil {
			break
		}
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, ok := stop[e.hash]; ok {
			continue
		}
		if _, ok := g.nodes[e.hash]; ok || failed[e.hash] {
			continue
		}
		c, err := h.commit(e.hash)
		if err != nil {
			failed[e.hash] = true
			h.problem(e.hash, e.child, fmt.Errorf("commit %s: %w", e.hash, err))
			continue
		}
		g.nodes[e.hash] = &node{hash: e.hash, tree: c.tree, when: c.author, order: c.committer}
		parents[e.hash] = c.parents
		for _, p := range c.parents {
			stack = append(stack, edge{hash: p, child: e.hash})
		}
	}
	for hsh, ps := range parents {
		n := g.nodes[hsh]
		if len(ps) > 0 {
			if pn, ok := g.nodes[ps[0]]; ok {
				n.ptree = pn.tree
			}
		}
		for _, p := range ps {
			if pn, ok := g.nodes[p]; ok {
				pn.children = append(pn.children, n)
				n.pending++
			}
		}
	}
	return g
}

// order returns the commits parents first, and among the commits ready
// the oldest (committer date) first.
func (g *graph) order() []*node {
	ready := &nodeHeap{}
	for _, n := range g.nodes {
		if n.pending == 0 {
			*ready = append(*ready, n)
		}
	}
	heap.Init(ready)
	out := make([]*node, 0, len(g.nodes))
	for ready.Len() > 0 {
		n := heap.Pop(ready).(*node)
		out = append(out, n)
		for _, c := range n.children {
			c.pending--
			if c.pending == 0 {
				heap.Push(ready, c)
			}
		}
	}
	return out
}

type nodeHeap []*node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	if h[i].order != h[j].order {
		return h[i].order < h[j].order
	}
	return bytes.Compare(h[i].hash[:], h[j].hash[:]) < 0
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

// ref numbers a commit whose tree is walked.
func (h *historyRun) ref(hash plumbing.Hash, when time.Time) int32 {
	h.commitRefs = append(h.commitRefs, commitRef{hash: hash, when: when})
	return int32(len(h.commitRefs) - 1)
}

// walkTree walks a tree not seen before, collecting the blobs not seen
// before (or only marking them, while collect is off).
//
// parent is the same directory in the commit's first parent, walked
// already (or zero): as git log does, the two trees are compared entry by
// entry, and an entry the parent holds unchanged is passed over with a
// comparison of bytes instead of a look-up in the sets of seen objects.
// Both trees are sorted the same way, so one pass over each suffices.
func (h *historyRun) walkTree(tree, parent plumbing.Hash, base string, commit int32, depth int) {
	if _, ok := h.seenTrees[tree]; ok {
		return
	}
	h.seenTrees[tree] = struct{}{}
	if h.ctx.Err() != nil {
		return
	}
	if depth > maxTreeDepth {
		h.problem(tree, h.commitHash(commit), fmt.Errorf("tree %s (%s): trees nested too deep", tree, base))
		return
	}
	raw, err := h.treeData(tree)
	if err != nil {
		h.problem(tree, h.commitHash(commit), fmt.Errorf("tree %s (%s): %w", tree, dirName(base), err))
		return
	}
	var prev treeIter
	if h.walked(parent) {
		prev.raw, _ = h.treeData(parent)
	}
	pmode, pname, phash, pok := prev.next()
	it := treeIter{raw: raw}
	for {
		mode, name, hash, ok := it.next()
		if !ok {
			break
		}
		kind := modeKind(mode)
		for pok && entryLess(pname, modeKind(pmode) == modeTree, name, kind == modeTree) {
			pmode, pname, phash, pok = prev.next()
		}
		same := pok && modeKind(pmode) == kind && bytes.Equal(pname, name)
		if same && phash == hash {
			continue // unchanged since the parent
		}
		switch kind {
		case modeTree:
			if _, seen := h.seenTrees[hash]; !seen {
				var sub plumbing.Hash
				if same {
					sub = phash
				}
				h.walkTree(hash, sub, base+string(name)+"/", commit, depth+1)
			}
		case modeFile:
			if _, seen := h.seenBlobs[hash]; !seen {
				h.blob(hash, base+string(name), commit)
			}
		}
		// A gitlink names a commit of another repository; a symlink's
		// blob is its target, not content.
	}
	if it.err != nil {
		h.problem(tree, h.commitHash(commit), fmt.Errorf("tree %s (%s): %w", tree, dirName(base), it.err))
	}
}

// walked reports whether a tree was walked whole: seen, and read without
// a problem. Only such a tree vouches for the entries it holds.
func (h *historyRun) walked(tree plumbing.Hash) bool {
	if tree.IsZero() {
		return false
	}
	if _, ok := h.seenTrees[tree]; !ok {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.reported[tree]
}

// entryLess is git's order of tree entries: by name, a directory's name
// compared as if it ended with "/".
func entryLess(a []byte, aTree bool, b []byte, bTree bool) bool {
	n := min(len(a), len(b))
	if c := bytes.Compare(a[:n], b[:n]); c != 0 {
		return c < 0
	}
	ca, cb := byte(0), byte(0)
	if len(a) > n {
		ca = a[n]
	} else if aTree {
		ca = '/'
	}
	if len(b) > n {
		cb = b[n]
	} else if bTree {
		cb = '/'
	}
	return ca < cb
}

func (h *historyRun) blob(hash plumbing.Hash, path string, commit int32) {
	if _, ok := h.seenBlobs[hash]; ok {
		return
	}
	h.seenBlobs[hash] = struct{}{}
	if !h.collect {
		return
	}
	if p, ok := h.paths[path]; ok {
		path = p
	} else {
		h.paths[path] = path
	}
	h.jobs = append(h.jobs, blobJob{hash: hash, path: path, commit: commit})
}

func dirName(base string) string {
	if base == "" {
		return "/"
	}
	return base
}

// treeData reads a tree object, through the walk's cache.
func (h *historyRun) treeData(hash plumbing.Hash) ([]byte, error) {
	typ, raw, err := h.objs.read(hash, h.cache, maxTreeSize)
	if err != nil {
		return nil, err
	}
	if typ != objTree {
		return nil, fmt.Errorf("a %s, not a tree", typeName(typ))
	}
	return raw, nil
}

// treeIter reads the entries of a tree object in place: "mode name\0"
// and 20 bytes of hash, again and again. The name is a slice of the
// object, valid while the object is.
type treeIter struct {
	raw []byte
	err error
}

func (it *treeIter) next() (mode, name []byte, hash plumbing.Hash, ok bool) {
	if len(it.raw) == 0 || it.err != nil {
		return nil, nil, hash, false
	}
	sp := bytes.IndexByte(it.raw, ' ')
	nul := bytes.IndexByte(it.raw, 0)
	if sp <= 0 || nul < sp || len(it.raw) < nul+1+20 {
		it.err = errors.New("malformed entry")
		return nil, nil, hash, false
	}
	mode, name = it.raw[:sp], it.raw[sp+1:nul]
	hash = plumbing.Hash(it.raw[nul+1 : nul+21])
	it.raw = it.raw[nul+21:]
	return mode, name, hash, true
}

// Kinds of tree entries, by mode.
const (
	modeFile = iota // a regular or executable file
	modeTree
	modeOther // a gitlink (another repository's commit) or a symlink
)

func modeKind(mode []byte) int {
	switch string(mode) { // no allocation: compared in place
	case "40000", "040000":
		return modeTree
	case "160000", "120000":
		return modeOther
	}
	return modeFile
}

// commitInfo is what the walk needs of a commit.
type commitInfo struct {
	tree      plumbing.Hash
	parents   []plumbing.Hash
	author    time.Time
	committer int64 // Unix seconds
}

// commit reads and parses a commit object. Commits are not cached: each
// is read once, and they are seldom delta bases.
func (h *historyRun) commit(hash plumbing.Hash) (commitInfo, error) {
	var c commitInfo
	typ, raw, err := h.objs.read(hash, nil, maxTreeSize)
	if err != nil {
		return c, err
	}
	if typ != objCommit {
		return c, fmt.Errorf("a %s, not a commit", typeName(typ))
	}
	hasTree := false
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(line) == 0 {
			break // the message follows
		}
		key, val, _ := bytes.Cut(line, []byte(" "))
		switch string(key) {
		case "tree":
			if c.tree, err = parseHash(val); err != nil {
				return c, fmt.Errorf("tree: %w", err)
			}
			hasTree = true
		case "parent":
			p, err := parseHash(val)
			if err != nil {
				return c, fmt.Errorf("parent: %w", err)
			}
			c.parents = append(c.parents, p)
		case "author":
			c.author = signatureTime(val)
		case "committer":
			c.committer = signatureTime(val).Unix()
		}
	}
	if !hasTree {
		return c, errors.New("no tree")
	}
	return c, nil
}

func parseHash(b []byte) (plumbing.Hash, error) {
	var h plumbing.Hash
	if len(b) != 40 {
		return h, fmt.Errorf("bad object id %q", b)
	}
	if _, err := hex.Decode(h[:], b); err != nil {
		return h, fmt.Errorf("bad object id %q", b)
	}
	return h, nil
}

// signatureTime reads the date of "Name <email> 1700000000 +0100"; a date
// that cannot be read is the zero time, as git shows it.
func signatureTime(b []byte) time.Time {
	if i := bytes.LastIndexByte(b, '>'); i >= 0 {
		b = b[i+1:]
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return time.Time{}
	}
	t := time.Unix(sec, 0)
	if len(f) > 1 && len(f[1]) == 5 && (f[1][0] == '+' || f[1][0] == '-') {
		hh, err1 := strconv.Atoi(f[1][1:3])
		mm, err2 := strconv.Atoi(f[1][3:])
		if err1 == nil && err2 == nil {
			off := hh*3600 + mm*60
			if f[1][0] == '-' {
				off = -off
			}
			t = t.In(time.FixedZone("", off))
		}
	}
	return t
}

// tagTarget reads the object an annotated tag points to.
func tagTarget(raw []byte) (plumbing.Hash, error) {
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	key, val, _ := bytes.Cut(line, []byte(" "))
	if string(key) != "object" {
		return plumbing.ZeroHash, errors.New("no object line")
	}
	return parseHash(val)
}

func typeName(t int) string {
	switch t {
	case objCommit:
		return "commit"
	case objTree:
		return "tree"
	case objBlob:
		return "blob"
	case objTag:
		return "tag"
	}
	return "object of type " + strconv.Itoa(t)
}

// History reads the history of a local ref or of a full clone.
func (t *treeRepo) History(ctx context.Context, opts HistoryOptions, fn func(Blob, []byte) error) ([]Problem, error) {
	t.mu.Lock()
	closed, h := t.closed, t.hist
	t.mu.Unlock()
	if closed {
		return nil, errors.New("history: repository closed")
	}
	if h == nil || !t.caps.Has(History) {
		return nil, ErrNoHistory
	}
	return h.History(ctx, opts, fn)
}

// historianFor makes the historian of a tree repo: the blobs of its tree
// are known already, and its commit is the one --since starts from.
func (t *treeRepo) historianFor(g *gitLayout, name string) *historian {
	head := make(map[plumbing.Hash]struct{}, len(t.hashes))
	for i, f := range t.files {
		if f.Kind == Regular || f.Kind == Executable {
			head[t.hashes[i]] = struct{}{}
		}
	}
	return &historian{g: g, name: name, head: head, commit: plumbing.NewHash(t.meta.Commit)}
}

// worktreeRepo is a git work tree: its files come from the disk, its
// history from the object store.
type worktreeRepo struct {
	*dirRepo
	hist *historian
}

// History reads the history of the repository the work tree belongs to.
// InHead tells the blobs of HEAD's tree (under the scanned directory),
// which may differ from the files on disk.
func (w *worktreeRepo) History(ctx context.Context, opts HistoryOptions, fn func(Blob, []byte) error) ([]Problem, error) {
	if w.hist == nil || !w.Capabilities().Has(History) {
		return nil, ErrNoHistory
	}
	return w.hist.History(ctx, opts, fn)
}
