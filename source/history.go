package source

import (
	"bytes"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
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
}

// HistoryOptions says which part of the history History reads and how.
type HistoryOptions struct {
	// Since is a ref whose commits (and every blob they hold) are skipped:
	// the CI case, where only what a pull request adds is scanned. "" means
	// the whole history.
	Since string
	// MaxSize: larger blobs are handed to fn with nil content, unread
	// (0 means DefaultHistoryMaxSize).
	MaxSize int64
	// Workers is the number of parallel readers (0 means GOMAXPROCS).
	Workers int
}

// DefaultHistoryMaxSize is HistoryOptions.MaxSize when zero.
const DefaultHistoryMaxSize = 8 << 20

// Problem is an object History could not read; the walk went on without it.
type Problem struct {
	Object string // the object that could not be read (hex)
	Commit string // the commit that holds it, when known
	Err    string
}

// Historian is implemented by the repositories whose Capabilities include
// History: a local work tree, a local ref, and a URL cloned with
// Options.History.
type Historian interface {
	// History calls fn once per unique blob reachable from every branch
	// and tag (and HEAD), whatever the number of commits and paths holding
	// it. content is at most MaxSize bytes (nil when skipped).
	// fn may be called from several goroutines at once. A blob or commit
	// that cannot be read (missing object, corrupt pack) is reported
	// through the returned []Problem and the walk goes on; only ctx
	// cancellation, an error from fn or an unreadable repository end it
	// early.
	//
	// Commits are taken oldest first in topological order; each one's
	// tree is walked skipping the trees already walked, so that the cost
	// follows the changes, not the size of the tree times the number of
	// commits. Submodule gitlinks and symlinks are skipped. The blobs
	// a tag names directly (or through a tree) are reported too. Close
	// must not be called while History runs.
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
	// from commit and sub when History runs.
	head   map[plumbing.Hash]struct{}
	commit plumbing.Hash
	sub    string
}

// historyStorage opens a storage that keeps its pack descriptors open:
// without that, go-git reopens the pack for every object.
func historyStorage(g *gitLayout, cacheSize cache.FileSize) *filesystem.Storage {
	var dot billy.Filesystem = osfs.New(g.gitDir)
	if g.commonDir != g.gitDir {
		dot = dotgit.NewRepositoryFilesystem(dot, osfs.New(g.commonDir))
	}
	return filesystem.NewStorageWithOptions(dot, cache.NewObjectLRU(cacheSize),
		filesystem.Options{LargeObjectThreshold: largeObject, KeepDescriptors: true})
}

// Object cache sizes: the walker decodes trees and commits, whose delta
// bases are worth keeping; a reader gets blobs once each.
const (
	walkerCache = 64 * cache.MiByte
	readerCache = 16 * cache.MiByte
)

type blobJob struct {
	hash   plumbing.Hash
	path   string
	commit plumbing.Hash
	when   time.Time
}

type historyRun struct {
	ctx  context.Context
	st   *filesystem.Storage
	name string

	mu       sync.Mutex
	problems []Problem
	reported map[plumbing.Hash]bool

	seenTrees map[plumbing.Hash]struct{}
	seenBlobs map[plumbing.Hash]struct{}
	jobs      chan<- blobJob // nil while marking what Since holds
}

func (h *historyRun) problem(obj, commit plumbing.Hash, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.reported[obj] {
		return
	}
	h.reported[obj] = true
	p := Problem{Object: obj.String(), Err: err.Error()}
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
	st := historyStorage(h.g, walkerCache)
	defer st.Close()
	r, err := git.Open(st, nil)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrCorrupt, h.name, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &historyRun{
		ctx:       ctx,
		st:        st,
		name:      h.name,
		reported:  map[plumbing.Hash]bool{},
		seenTrees: map[plumbing.Hash]struct{}{},
		seenBlobs: map[plumbing.Hash]struct{}{},
	}

	head := h.head
	if head == nil {
		head, err = h.headBlobs(r)
		if err != nil {
			return nil, err
		}
	}

	tips, extra, err := run.tips(r)
	if err != nil {
		return nil, err
	}
	var since map[plumbing.Hash]struct{}
	if opts.Since != "" {
		sh, err := r.ResolveRevision(plumbing.Revision(opts.Since))
		if err != nil {
			return nil, fmt.Errorf("%w %q in %s", ErrBadRef, opts.Since, h.name)
		}
		c, err := r.CommitObject(*sh)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %s names %s: %v", ErrCorrupt, h.name, opts.Since, sh, err)
		}
		since = map[plumbing.Hash]struct{}{}
		// What Since holds is marked seen: the main walk then reports
		// neither those commits nor any blob or tree they hold.
		sinceNodes := run.commits([]plumbing.Hash{c.Hash}, nil)
		for _, n := range sinceNodes.order() {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			since[n.hash] = struct{}{}
			run.walkTree(n.tree, "", n.hash, time.Time{}, 0)
		}
	}
	nodes := run.commits(tips, since)

	// Readers.
	jobs := make(chan blobJob, 256)
	run.jobs = jobs
	var (
		wg      sync.WaitGroup
		errOnce sync.Once
		fnErr   error
	)
	fail := func(err error) {
		errOnce.Do(func() { fnErr = err; cancel() })
	}
	for i := 0; i < opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rst := historyStorage(h.g, readerCache)
			defer rst.Close()
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain: the walker stops on its own
				}
				b := Blob{Path: j.path, Hash: j.hash.String(), Time: j.when}
				if !j.commit.IsZero() {
					b.Commit = j.commit.String()
				}
				_, b.InHead = head[j.hash]
				content, size, err := readHistoryBlob(rst, j.hash, opts.MaxSize)
				if err != nil {
					run.problem(j.hash, j.commit, fmt.Errorf("blob %s (%s): %v", j.hash, j.path, err))
					continue
				}
				b.Size = size
				if err := fn(b, content); err != nil {
					fail(err)
				}
			}
		}()
	}

	// Walker.
	for _, n := range nodes.order() {
		if ctx.Err() != nil {
			break
		}
		run.walkTree(n.tree, "", n.hash, n.when, 0)
	}
	for _, x := range extra {
		if ctx.Err() != nil {
			break
		}
		switch x.typ {
		case plumbing.TreeObject:
			run.walkTree(x.hash, "", plumbing.ZeroHash, time.Time{}, 0)
		case plumbing.BlobObject:
			run.blob(x.hash, x.name, plumbing.ZeroHash, time.Time{})
		}
	}
	close(jobs)
	wg.Wait()
	if fnErr != nil {
		return run.problems, fnErr
	}
	if err := ctx.Err(); err != nil {
		return run.problems, err
	}
	return run.problems, nil
}

// readHistoryBlob reads at most max bytes of a blob, or only its size when
// it is larger.
func readHistoryBlob(st *filesystem.Storage, h plumbing.Hash, max int64) ([]byte, int64, error) {
	size, err := st.EncodedObjectSize(h)
	if err != nil {
		return nil, 0, err
	}
	if size > max {
		return nil, size, nil
	}
	o, err := st.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, size, err
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, size, err
	}
	defer rc.Close()
	b, err := readExactly(rc, size)
	return b, size, err
}

// headBlobs lists the blobs of the scanned tree: the commit's tree, or its
// subtree sub.
func (h *historian) headBlobs(r *git.Repository) (map[plumbing.Hash]struct{}, error) {
	set := map[plumbing.Hash]struct{}{}
	if h.commit.IsZero() {
		return set, nil
	}
	c, err := r.CommitObject(h.commit)
	if err != nil {
		return nil, fmt.Errorf("%w %s: commit %s: %v", ErrCorrupt, h.name, h.commit, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("%w %s: commit %s: %v", ErrCorrupt, h.name, h.commit, err)
	}
	if h.sub != "" {
		tree, err = tree.Tree(h.sub)
		if errors.Is(err, object.ErrDirectoryNotFound) {
			return set, nil
		} else if err != nil {
			return nil, fmt.Errorf("%w %s: commit %s: %v", ErrCorrupt, h.name, h.commit, err)
		}
	}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		_, e, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w %s: commit %s: %v", ErrCorrupt, h.name, h.commit, err)
		}
		if e.Mode.IsFile() && e.Mode != 0o120000 {
			set[e.Hash] = struct{}{}
		}
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
		return nil, nil, fmt.Errorf("%w %s: refs: %v", ErrCorrupt, h.name, err)
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
		return nil, nil, fmt.Errorf("%w %s: refs: %v", ErrCorrupt, h.name, err)
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
			o, err := h.st.EncodedObject(plumbing.AnyObject, hsh)
			if err != nil {
				h.problem(hsh, plumbing.ZeroHash, fmt.Errorf("ref %s names %s: %v", names[start], hsh, err))
				break
			}
			if o.Type() == plumbing.TagObject && hops < 10 {
				t, err := object.DecodeTag(h.st, o)
				if err != nil {
					h.problem(hsh, plumbing.ZeroHash, fmt.Errorf("tag %s: %v", names[start], err))
					break
				}
				hsh = t.Target
				continue
			}
			if seen[hsh] {
				break
			}
			seen[hsh] = true
			switch o.Type() {
			case plumbing.CommitObject:
				commits = append(commits, hsh)
			case plumbing.TreeObject, plumbing.BlobObject:
				other = append(other, otherTip{hash: hsh, typ: o.Type(), name: names[start]})
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
	when     time.Time // author date
	order    int64     // committer date, for the topological order
	pending  int       // parents not yet taken
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
		c, err := object.GetCommit(h.st, e.hash)
		if err != nil {
			failed[e.hash] = true
			h.problem(e.hash, e.child, fmt.Errorf("commit %s: %v", e.hash, err))
			continue
		}
		g.nodes[e.hash] = &node{hash: e.hash, tree: c.TreeHash, when: c.Author.When, order: c.Committer.When.Unix()}
		parents[e.hash] = c.ParentHashes
		for _, p := range c.ParentHashes {
			stack = append(stack, edge{hash: p, child: e.hash})
		}
	}
	for hsh, ps := range parents {
		n := g.nodes[hsh]
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

// walkTree walks a tree not seen before, sending the blobs not seen before
// to the readers (or only marking them, while jobs is nil).
func (h *historyRun) walkTree(tree plumbing.Hash, base string, commit plumbing.Hash, when time.Time, depth int) {
	if _, ok := h.seenTrees[tree]; ok {
		return
	}
	h.seenTrees[tree] = struct{}{}
	if h.ctx.Err() != nil {
		return
	}
	if depth > maxTreeDepth {
		h.problem(tree, commit, fmt.Errorf("tree %s (%s): trees nested too deep", tree, base))
		return
	}
	raw, err := h.rawObject(tree, plumbing.TreeObject)
	if err != nil {
		h.problem(tree, commit, fmt.Errorf("tree %s (%s): %v", tree, dirName(base), err))
		return
	}
	for len(raw) > 0 {
		sp := bytes.IndexByte(raw, ' ')
		nul := bytes.IndexByte(raw, 0)
		if sp <= 0 || nul < sp || len(raw) < nul+1+20 {
			h.problem(tree, commit, fmt.Errorf("tree %s (%s): malformed entry", tree, dirName(base)))
			return
		}
		mode := raw[:sp]
		name := string(raw[sp+1 : nul])
		var hash plumbing.Hash
		copy(hash[:], raw[nul+1:nul+21])
		raw = raw[nul+21:]
		switch string(mode) {
		case "40000", "040000":
			h.walkTree(hash, base+name+"/", commit, when, depth+1)
		case "160000", "120000":
			// A gitlink names a commit of another repository; a symlink's
			// blob is its target, not content.
		default:
			h.blob(hash, base+name, commit, when)
		}
	}
}

func (h *historyRun) blob(hash plumbing.Hash, path string, commit plumbing.Hash, when time.Time) {
	if _, ok := h.seenBlobs[hash]; ok {
		return
	}
	h.seenBlobs[hash] = struct{}{}
	if h.jobs == nil {
		return
	}
	select {
	case h.jobs <- blobJob{hash: hash, path: path, commit: commit, when: when}:
	case <-h.ctx.Done():
	}
}

func dirName(base string) string {
	if base == "" {
		return "/"
	}
	return base
}

// rawObject returns an object's content.
func (h *historyRun) rawObject(hash plumbing.Hash, typ plumbing.ObjectType) ([]byte, error) {
	o, err := h.st.EncodedObject(typ, hash)
	if err != nil {
		return nil, err
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readExactly(rc, o.Size())
}

// readExactly reads an object of the size its header gives, in one
// allocation.
func readExactly(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read %d bytes: %w", size, err)
	}
	return b, nil
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
// are known already.
func (t *treeRepo) historianFor(g *gitLayout, name string) *historian {
	head := make(map[plumbing.Hash]struct{}, len(t.hashes))
	for i, f := range t.files {
		if f.Kind == Regular || f.Kind == Executable {
			head[t.hashes[i]] = struct{}{}
		}
	}
	return &historian{g: g, name: name, head: head}
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
