package source

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Staged is what the next "git commit" would add, read from the index: the
// files whose staged content is new relative to HEAD. Contents come from
// the blobs "git add" wrote, never from the work tree, which may hold more
// (unstaged edits) or less (files deleted after staging).
//
// Files lists only new content: a staged blob that HEAD already holds,
// under any path (a rename, a copy, a mode change), adds nothing and is
// left out. Read serves every entry of the index, so that configuration
// such as .ouvert.yml is read as it will be committed.
type Staged struct {
	*blobRepo
	committed *blobRepo
}

// MaxCommitted bounds how many deleted files Committed lists: deleting a
// whole directory must not make a pre-commit check read all of it.
const MaxCommitted = 1000

// Committed returns HEAD's version of the files the index changes or
// deletes (at most MaxCommitted deleted ones), so that a caller can tell a
// secret the commit adds from one that was already there (an edited file, a
// file renamed and edited). Closing the Staged closes it.
func (s *Staged) Committed() Repo { return s.committed }

// OpenStaged opens the index of the repository containing dir. Paths are
// relative to the work tree's root whatever directory is named, as git
// commits the whole index. A directory in no repository, or a bare
// repository, is an ErrBadTarget error: there is no index to read.
func OpenStaged(dir string) (*Staged, error) {
	abs, g, err := locate(dir)
	if err != nil {
		return nil, err
	}
	switch {
	case g == nil:
		return nil, &TargetError{Target: dir, Problem: ProblemNoIndex}
	case g.workTree == "":
		return nil, &TargetError{Target: abs, Problem: ProblemBareNoIndex}
	}
	// Descriptors stay open: go-git otherwise reopens the pack for every
	// tree of HEAD it reads.
	st := historyStorage(g, cache.DefaultMaxSize)
	r, err := openRepository(st, g.name())
	if err != nil {
		st.Close()
		return nil, err
	}
	head, err := headCommit(r, nil, g.name())
	if err != nil {
		st.Close()
		return nil, err
	}
	s, err := newStaged(g, st, head)
	if err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

func newStaged(g *gitLayout, st *filesystem.Storage, c *object.Commit) (*Staged, error) {
	meta := Meta{Path: g.workTree}
	inHead := map[string]blobRef{}
	if c != nil {
		meta.Commit = c.Hash.String()
		if err := flattenTree(st, c.TreeHash, "", inHead); err != nil {
			return nil, fmt.Errorf("%w %s: HEAD %s: %w", ErrCorrupt, g.name(), c.Hash, err)
		}
	}
	headBlobs := make(map[plumbing.Hash]bool, len(inHead))
	for _, b := range inHead {
		headBlobs[b.hash] = true
	}
	idx, err := readIndex(g)
	if err != nil {
		return nil, err
	}

	store := &blobStore{st: st}
	staged := &blobRepo{store: store, meta: meta, refs: make(map[string]blobRef, len(idx.Entries))}
	committed := &blobRepo{store: store, meta: meta, refs: map[string]blobRef{}}
	for _, e := range idx.Entries {
		// Conflicted paths (stages 1–3) cannot be committed as they are,
		// and "git add -N" records a path without content.
		if e.Stage != 0 || e.IntentToAdd || e.Mode == filemode.Submodule {
			continue
		}
		k, ok := kindOf(e.Mode)
		if !ok {
			continue
		}
		ref := blobRef{hash: e.Hash, kind: k}
		staged.refs[e.Name] = ref
		old, wasThere := inHead[e.Name]
		if headBlobs[e.Hash] {
			continue // nothing new: unchanged, or content HEAD already has
		}
		size, err := st.EncodedObjectSize(e.Hash)
		if err != nil {
			return nil, fmt.Errorf("%w %s: index names blob %s for %s: %w", ErrCorrupt, g.name(), e.Hash, e.Name, err)
		}
		staged.files = append(staged.files, File{Path: e.Name, Size: size, Kind: k})
		if wasThere {
			committed.add(e.Name, old)
		}
	}
	var deleted []string
	for p := range inHead {
		if _, ok := staged.refs[p]; !ok {
			deleted = append(deleted, p)
		}
	}
	if len(staged.files) > 0 {
		// Only an added or changed file can carry a secret on from a
		// deleted one (a rename with edits).
		sort.Strings(deleted)
		for _, p := range deleted[:min(len(deleted), MaxCommitted)] {
			committed.add(p, inHead[p])
		}
	}
	for _, r := range []*blobRepo{staged, committed} {
		sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	}
	// A blob HEAD names but the store lacks (a partial clone) is left out
	// of the committed view: it only serves to recognise old secrets.
	kept := committed.files[:0]
	for _, f := range committed.files {
		size, err := st.EncodedObjectSize(committed.refs[f.Path].hash)
		if err != nil {
			delete(committed.refs, f.Path)
			continue
		}
		f.Size = size
		kept = append(kept, f)
	}
	committed.files = kept
	return &Staged{blobRepo: staged, committed: committed}, nil
}

func kindOf(m filemode.FileMode) (Kind, bool) {
	switch m {
	case filemode.Regular, filemode.Deprecated:
		return Regular, true
	case filemode.Executable:
		return Executable, true
	case filemode.Symlink:
		return Symlink, true
	}
	return 0, false
}

// flattenTree lists the blobs of a tree by path. Every tree of HEAD is read
// once; blobs are not.
func flattenTree(st *filesystem.Storage, h plumbing.Hash, base string, out map[string]blobRef) error {
	if strings.Count(base, "/") > maxTreeDepth {
		return errors.New("trees nested too deep")
	}
	t, err := object.GetTree(st, h)
	if err != nil {
		return fmt.Errorf("tree %s: %w", strings.TrimSuffix(base, "/"), err)
	}
	for _, e := range t.Entries {
		if e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, "/\x00") {
			return fmt.Errorf("invalid path %q in tree", base+e.Name)
		}
		p := base + e.Name
		if e.Mode == filemode.Dir {
			if err := flattenTree(st, e.Hash, p+"/", out); err != nil {
				return err
			}
			continue
		}
		if k, ok := kindOf(e.Mode); ok {
			out[p] = blobRef{hash: e.Hash, kind: k}
		}
	}
	return nil
}

type blobRef struct {
	hash plumbing.Hash
	kind Kind
	// unread: why the content cannot be read (a *MissingError), nil when
	// it can.
	unread error
}

// blobStore is the object store the views share; go-git's pack readers
// are not safe for concurrent use.
type blobStore struct {
	mu     sync.Mutex
	st     *filesystem.Storage
	closed bool
}

// blobRepo is a Repo over named blobs of the store. refs may name more
// paths than files lists: those can be read, not listed.
type blobRepo struct {
	store *blobStore
	files []File
	refs  map[string]blobRef
	meta  Meta
}

func (r *blobRepo) add(p string, b blobRef) {
	r.refs[p] = b
	r.files = append(r.files, File{Path: p, Kind: b.kind})
}

func (r *blobRepo) Files() []File { return r.files }
func (r *blobRepo) Meta() Meta    { return r.meta }

// Capabilities is the tree alone: a staged change has no commit, no
// history of its own and needs no remote.
func (r *blobRepo) Capabilities() Capability { return Tree }

// Close closes the store; only the Staged view is meant to be closed, and
// closing twice is harmless.
func (r *blobRepo) Close() error {
	s := r.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.st.Close()
}

func (r *blobRepo) Read(p string, limit int64) ([]byte, error) {
	return r.read(p, limit, false)
}

// ReadText reads the first bytes of a blob, and the rest only when they
// are text.
func (r *blobRepo) ReadText(p string, limit int64) ([]byte, error) {
	return r.read(p, limit, true)
}

func (r *blobRepo) read(p string, limit int64, text bool) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	s := r.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("read %s: repository closed", p)
	}
	return readEntry(s.st, p, limit, text, func(p string) (blobRef, bool) {
		b, ok := r.refs[p]
		return b, ok
	})
}

func readBlob(st storer.EncodedObjectStorer, p string, h plumbing.Hash, limit int64, text bool) ([]byte, error) {
	o, err := st.EncodedObject(plumbing.BlobObject, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, &MissingError{Path: p, Object: h.String(), Cause: NotInStore, Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: blob %s: %w", p, h, err)
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	defer rc.Close()
	b, err := readSized(rc, o.Size(), limit, text)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return b, nil
}
