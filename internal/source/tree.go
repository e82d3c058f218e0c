package source

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// treeRepo is a Repo over the tree of one commit, read from the object
// store: nothing is checked out, so no filter, hook or LFS runs.
type treeRepo struct {
	mu     sync.Mutex // go-git's pack readers are not safe for concurrent use
	repo   *git.Repository
	st     *filesystem.Storage
	files  []File
	hashes []plumbing.Hash // parallel to files
	index  map[string]int
	meta   Meta
	caps   Capability
	remove string     // a temporary clone, removed by Close
	hist   *historian // nil when the history cannot be read (shallow clone)
	closed bool
	// partial: a partial clone, where missing objects were not downloaded
	// rather than lost.
	partial bool
}

// openLocalRef opens ref of a local repository; dir is the directory the
// user named, whose subtree is scanned when it is below the work tree root.
func openLocalRef(g *gitLayout, dir, ref string) (Repo, error) {
	r, st, err := openStorage(g)
	if err != nil {
		return nil, err
	}
	c, err := resolveRef(r, ref, g.name())
	if err != nil {
		st.Close()
		return nil, err
	}
	meta := Meta{Path: dir, Dir: g.sub}
	if ref != "HEAD" {
		meta.Ref = ref
	}
	t, err := newTreeRepo(r, st, c, g.sub, meta, g.name())
	if err != nil {
		st.Close()
		return nil, err
	}
	t.hist = t.historianFor(g, g.name())
	return t, nil
}

// resolveRef resolves a branch, tag, remote branch or (abbreviated) hash to
// a commit.
func resolveRef(r *git.Repository, ref, name string) (*object.Commit, error) {
	if ref == "HEAD" {
		// HEAD is always there: failing to read it is damage, not a
		// wrong ref.
		c, err := headCommit(r, nil, name)
		if err == nil && c == nil {
			return nil, fmt.Errorf("%w %q in %s: no commit yet", ErrBadRef, ref, name)
		}
		return c, err
	}
	h, err := r.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, fmt.Errorf("%w %s: ref %s names a missing object", ErrCorrupt, name, ref)
		}
		return nil, fmt.Errorf("%w %q in %s", ErrBadRef, ref, name)
	}
	c, err := r.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%w %s: ref %s names %s: %w", ErrCorrupt, name, ref, h, err)
	}
	return c, nil
}

// newTreeRepo lists the tree of c (its subtree sub, when not "") and
// fills meta from the repository's refs.
func newTreeRepo(r *git.Repository, st *filesystem.Storage, c *object.Commit, sub string, meta Meta, name string) (*treeRepo, error) {
	corrupt := func(err error) error {
		return fmt.Errorf("%w %s: commit %s: %w", ErrCorrupt, name, c.Hash, err)
	}
	t := &treeRepo{repo: r, st: st, partial: isPartial(r)}
	tree, err := c.Tree()
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		// Nothing can be listed. A treeless partial clone says so in its
		// words; elsewhere the repository is damaged.
		m := &MissingError{Path: "/", Object: c.TreeHash.String(), Cause: missingCause(t.partial), Err: err}
		if t.partial {
			return nil, fmt.Errorf("%s: partial clone: the tree of commit %s is not downloaded; a full clone reads it: %w", name, c.Hash, m)
		}
		return nil, corrupt(m)
	}
	if err != nil {
		return nil, corrupt(err)
	}
	if sub != "" {
		tree, err = tree.Tree(sub)
		if errors.Is(err, object.ErrDirectoryNotFound) {
			tree = nil // the directory is not in that commit: nothing published
		} else if err != nil {
			return nil, corrupt(err)
		}
	}
	if tree != nil {
		if err := t.list(tree, ""); err != nil {
			return nil, corrupt(err)
		}
	}
	sort.Sort(byPath{t})
	t.index = make(map[string]int, len(t.files))
	for i, f := range t.files {
		t.index[f.Path] = i
	}
	markLFS(t.files, func(p string, limit int64) ([]byte, error) {
		i := t.index[p]
		return readBlob(t.repo.Storer, p, t.hashes[i], limit, false)
	})
	if err := fillMeta(r, nil, &meta, c); err != nil {
		return nil, corrupt(err)
	}
	t.meta = meta
	t.caps = capsOf(meta)
	return t, nil
}

type byPath struct{ t *treeRepo }

func (b byPath) Len() int           { return len(b.t.files) }
func (b byPath) Less(i, j int) bool { return b.t.files[i].Path < b.t.files[j].Path }
func (b byPath) Swap(i, j int) {
	b.t.files[i], b.t.files[j] = b.t.files[j], b.t.files[i]
	b.t.hashes[i], b.t.hashes[j] = b.t.hashes[j], b.t.hashes[i]
}

// maxTreeDepth stops a crafted repository whose trees nest without end.
const maxTreeDepth = 256

type sizer interface {
	EncodedObjectSize(plumbing.Hash) (int64, error)
}

// list walks a tree by hand rather than with object.TreeWalker, which ends
// silently on a missing subtree: a corrupt repository must say so.
func (t *treeRepo) list(tree *object.Tree, base string) error {
	if strings.Count(base, "/") > maxTreeDepth {
		return errors.New("trees nested too deep")
	}
	for _, e := range tree.Entries {
		if e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, "/\x00") {
			return fmt.Errorf("invalid path %q in tree", base+e.Name)
		}
		if e.Name == ".git" {
			continue // never part of a checkout
		}
		p := base + e.Name
		var k Kind
		switch e.Mode {
		case filemode.Dir:
			sub, err := object.GetTree(t.repo.Storer, e.Hash)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				t.files = append(t.files, File{Path: p, Kind: Directory, Missing: true})
				t.hashes = append(t.hashes, e.Hash)
				continue
			}
			if err != nil {
				return fmt.Errorf("tree %s: %w", p, err)
			}
			if err := t.list(sub, p+"/"); err != nil {
				return err
			}
			continue
		case filemode.Submodule:
			t.files = append(t.files, File{Path: p, Kind: Submodule})
			t.hashes = append(t.hashes, e.Hash)
			continue
		case filemode.Executable:
			k = Executable
		case filemode.Symlink:
			k = Symlink
		default:
			k = Regular
		}
		size, err := t.blobSize(e.Hash)
		missing := errors.Is(err, plumbing.ErrObjectNotFound)
		if err != nil && !missing {
			return fmt.Errorf("blob %s (%s): %w", e.Hash, p, err)
		}
		t.files = append(t.files, File{Path: p, Size: size, Kind: k, Missing: missing})
		t.hashes = append(t.hashes, e.Hash)
	}
	return nil
}

// blobSize reads an object's header only, so listing does not inflate
// every blob.
func (t *treeRepo) blobSize(h plumbing.Hash) (int64, error) {
	if s, ok := t.repo.Storer.(sizer); ok {
		return s.EncodedObjectSize(h)
	}
	o, err := t.repo.Storer.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

func (t *treeRepo) Files() []File            { return t.files }
func (t *treeRepo) Meta() Meta               { return t.meta }
func (t *treeRepo) Capabilities() Capability { return t.caps }

func (t *treeRepo) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	err := t.st.Close()
	if t.remove != "" {
		if rerr := os.RemoveAll(t.remove); rerr != nil {
			err = rerr
		}
	}
	return err
}

func (t *treeRepo) Read(p string, limit int64) ([]byte, error) {
	return t.read(p, limit, false)
}

// ReadText reads the first bytes of a blob, and the rest only when they
// are text.
func (t *treeRepo) ReadText(p string, limit int64) ([]byte, error) {
	return t.read(p, limit, true)
}

func (t *treeRepo) read(p string, limit int64, text bool) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, fmt.Errorf("read %s: repository closed", p)
	}
	return readEntry(t.repo.Storer, p, limit, text, func(p string) (blobRef, bool) {
		i, ok := t.index[p]
		if !ok {
			return blobRef{}, false
		}
		b := blobRef{hash: t.hashes[i], kind: t.files[i].Kind}
		if f := t.files[i]; f.Missing || f.LFS {
			b.unread = missingFile(f, b.hash, t.partial, nil)
		}
		return b, true
	})
}

// readEntry reads p from an object store, following symlinks within the
// tree that lookup describes (never out of it).
func readEntry(st storer.EncodedObjectStorer, p string, limit int64, text bool, lookup func(string) (blobRef, bool)) ([]byte, error) {
	for hops := 0; hops <= maxLinks; hops++ {
		b, ok := lookup(p)
		if !ok {
			return nil, fmt.Errorf("%s: %w", p, ErrNotFound)
		}
		if b.unread != nil {
			return nil, b.unread
		}
		switch b.kind {
		case Regular, Executable:
			return readBlob(st, p, b.hash, limit, text)
		case Submodule:
			return nil, fmt.Errorf("%s: %w", p, ErrNotRegular)
		}
		dest, err := readBlob(st, p, b.hash, 4096, false)
		if err != nil {
			return nil, err
		}
		next, err := JoinLink(p, string(dest))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		p = next
	}
	return nil, fmt.Errorf("%s: too many levels of symlinks", p)
}
