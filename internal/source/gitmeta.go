package source

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
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

// largeObject is the blob size above which go-git streams a blob from disk
// instead of inflating it whole into memory: Read only wants its first
// bytes.
const largeObject = 1 << 20

// openStorage opens the repository's object store, refs and config. No
// work tree is given to go-git: files are listed by this package.
func openStorage(g *gitLayout) (*git.Repository, *filesystem.Storage, error) {
	var dot billy.Filesystem = osfs.New(g.gitDir)
	if g.commonDir != g.gitDir {
		dot = dotgit.NewRepositoryFilesystem(dot, osfs.New(g.commonDir))
	}
	st := filesystem.NewStorageWithOptions(dot, cache.NewObjectLRUDefault(),
		filesystem.Options{LargeObjectThreshold: largeObject})
	r, err := openRepository(st, g.name())
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return r, st, nil
}

func (g *gitLayout) name() string {
	if g.workTree != "" {
		return g.workTree
	}
	return g.gitDir
}

// headCommit returns the commit HEAD names, or nil when HEAD is a branch
// with no commit yet. objs, when not nil, reads it (see commitObject).
func headCommit(r *git.Repository, objs *objectStore, name string) (*object.Commit, error) {
	ref, err := r.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: read HEAD: %w", ErrCorrupt, name, err)
	}
	if ref.Hash().IsZero() {
		return nil, fmt.Errorf("%w %s: HEAD is neither a ref nor a commit", ErrCorrupt, name)
	}
	c, err := commitObject(r, objs, ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("%w %s: HEAD names %s: %w", ErrCorrupt, name, ref.Hash(), err)
	}
	return c, nil
}

// openMetaObjects opens the object store that commitObject and peel read
// the scanned commit, branches and tags through, or returns nil (go-git's
// storage then reads them). go-git's storage loads a pack's whole index
// and builds a map of every object's offset to read a single commit: on
// a repository of 240,000 objects, 27 MB allocated for the handful of
// commits a tree scan needs, and held as long as the storage is open.
// This store leaves the indexes on disk and searches them there.
func openMetaObjects(g *gitLayout) *objectStore {
	objs, err := openObjects(filepath.Join(g.commonDir, "objects"), true)
	if err != nil {
		return nil
	}
	return objs
}

// commitObject reads a commit through objs (when not nil) or r. The
// commit is decoded by go-git over r's storage, so that its Tree and
// parents can still be read through r.
func commitObject(r *git.Repository, objs *objectStore, h plumbing.Hash) (*object.Commit, error) {
	if objs == nil {
		return r.CommitObject(h)
	}
	typ, data, err := objs.read(h, nil, maxTreeSize)
	if errors.Is(err, errNotFound) {
		return nil, fmt.Errorf("%w: %w", plumbing.ErrObjectNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	if typ != objCommit {
		return nil, fmt.Errorf("%s is a %s: %w", h, typeName(typ), object.ErrUnsupportedObject)
	}
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.CommitObject)
	if _, err := o.Write(data); err != nil {
		return nil, err
	}
	c, err := object.DecodeCommit(r.Storer, o)
	if err != nil {
		return nil, err
	}
	c.Hash = h
	return c, nil
}

// fillMeta sets what git knows beyond the scanned commit: tags, the most
// recent commit over every branch and tag, origin and shallowness.
// Refs whose objects are missing (a shallow clone knows tags it did not
// fetch) add what they can and are otherwise skipped.
func fillMeta(r *git.Repository, objs *objectStore, m *Meta, head *object.Commit) error {
	if head != nil {
		m.Commit = head.Hash.String()
		m.HeadTime = head.Committer.When
		m.LastCommit = head.Committer.When
	}
	refs, err := r.References()
	if err != nil {
		return err
	}
	times := map[plumbing.Hash]time.Time{}
	commitTime := func(h plumbing.Hash) (time.Time, bool) {
		if t, ok := times[h]; ok {
			return t, !t.IsZero()
		}
		c, err := commitObject(r, objs, h)
		if err != nil {
			times[h] = time.Time{}
			return time.Time{}, false
		}
		times[h] = c.Committer.When
		return c.Committer.When, true
	}
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			return nil // a symbolic ref counts through its target
		}
		name := ref.Name()
		if !name.IsBranch() && !name.IsRemote() && !name.IsTag() {
			return nil
		}
		h := ref.Hash()
		if name.IsTag() {
			h = peel(r, objs, h)
		}
		t, ok := commitTime(h)
		if ok && t.After(m.LastCommit) {
			m.LastCommit = t
		}
		if name.IsTag() {
			m.Tags = append(m.Tags, Tag{Name: name.Short(), Commit: h.String(), Time: t})
		} else if ok {
			m.Branches = append(m.Branches, Branch{Name: name.Short(), Time: t})
		}
		return nil
	})
	if err != nil {
		return err
	}
	sortTags(m.Tags)
	sort.Slice(m.Branches, func(i, j int) bool { return m.Branches[i].Name < m.Branches[j].Name })
	if cfg, err := r.Config(); err == nil {
		if o, ok := cfg.Remotes[git.DefaultRemoteName]; ok && len(o.URLs) > 0 {
			m.Remote = redact(o.URLs[0])
		}
	}
	if sh, err := r.Storer.Shallow(); err == nil && len(sh) > 0 {
		m.Shallow = true
	}
	m.Partial = isPartial(r)
	return nil
}

func sortTags(tags []Tag) {
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
}

// peel follows annotated tags (tags of tags too) to what they name,
// through objs when not nil.
func peel(r *git.Repository, objs *objectStore, h plumbing.Hash) plumbing.Hash {
	for i := 0; i < 10; i++ {
		if objs != nil {
			typ, data, err := objs.read(h, nil, maxTreeSize)
			if err != nil || typ != objTag {
				return h
			}
			t, err := tagTarget(data)
			if err != nil {
				return h
			}
			h = t
			continue
		}
		t, err := r.TagObject(h)
		if err != nil {
			return h
		}
		h = t.Target
	}
	return h
}

func capsOf(m Meta) Capability {
	c := Tree
	if m.Commit != "" {
		c |= Commits
		if !m.Shallow {
			c |= History
		}
	}
	if m.Remote != "" {
		c |= Remote
	}
	return c
}
