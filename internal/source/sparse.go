package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// A sparse checkout ("git sparse-checkout set") leaves some tracked files
// off the disk: the index marks them skip-worktree, and a sparse index
// even folds whole directories into one entry. They are still part of
// what the repository publishes, so they are listed and read from the
// object store, at the version the index names.

// sparseCheckout returns the files of a work tree and the file system to
// read them from: the disk alone, or, when the index has skip-worktree
// entries, the disk and the object store, which store then holds open.
func sparseCheckout(g *gitLayout, idx *index.Index, files []File, root *os.Root, partial bool) ([]File, fs.FS, io.Closer, error) {
	prefix := ""
	if g.sub != "" {
		prefix = g.sub + "/"
	}
	sparse := false
	for _, e := range idx.Entries {
		if e.SkipWorktree && strings.HasPrefix(e.Name, prefix) {
			sparse = true
			break
		}
	}
	if !sparse {
		return files, root.FS(), nil, nil
	}
	_, st, err := openStorage(g)
	if err != nil {
		return nil, nil, nil, err
	}
	fail := func(err error) ([]File, fs.FS, io.Closer, error) {
		st.Close()
		return nil, nil, nil, corrupt(g.name(), fmt.Errorf("sparse checkout: %w", err))
	}
	entries, err := sparseEntries(st, idx, prefix)
	if err != nil {
		return fail(err)
	}
	files, fsys, err := withSparse(files, root.FS(), st, entries, prefix, partial)
	if err != nil {
		return fail(err)
	}
	return files, fsys, st, nil
}

// sparseIndex reports whether err, from decoding idx, is only go-git
// refusing the extension that marks a sparse index ("sdir"): the entries,
// which come before any extension, are all read then, and some are
// directories.
func sparseIndex(idx *index.Index, err error) bool {
	if !errors.Is(err, index.ErrUnknownExtension) {
		return false
	}
	for _, e := range idx.Entries {
		if e.SkipWorktree && e.Mode == filemode.Dir {
			return true
		}
	}
	return false
}

// sparseEntries returns the skip-worktree entries of the index under
// prefix, by path from the work tree's root, sparse directories expanded
// from their trees. Nothing is read when there are none.
func sparseEntries(st *filesystem.Storage, idx *index.Index, prefix string) (map[string]blobRef, error) {
	var out map[string]blobRef
	for _, e := range idx.Entries {
		if !e.SkipWorktree || e.Stage != 0 || !strings.HasPrefix(e.Name, prefix) {
			continue
		}
		if out == nil {
			out = map[string]blobRef{}
		}
		if e.Mode == filemode.Dir {
			// A sparse index's directory entry: its tree holds the files.
			if err := flattenTree(st, e.Hash, strings.TrimSuffix(e.Name, "/")+"/", out); err != nil {
				return nil, err
			}
			continue
		}
		if k, ok := kindOf(e.Mode); ok {
			out[e.Name] = blobRef{hash: e.Hash, kind: k}
		}
	}
	return out, nil
}

// withSparse replaces, in files (paths relative to the scanned directory,
// prefix being its path from the root), whatever the disk holds at the
// sparse paths by the index's entries, and returns a file system that
// serves those from the object store and the rest from disk.
func withSparse(files []File, disk fs.FS, st *filesystem.Storage, sparse map[string]blobRef, prefix string, partial bool) ([]File, fs.FS, error) {
	rel := make(map[string]blobRef, len(sparse))
	for p, b := range sparse {
		rel[strings.TrimPrefix(p, prefix)] = b
	}
	kept := files[:0]
	for _, f := range files {
		if _, ok := rel[f.Path]; !ok {
			kept = append(kept, f)
		}
	}
	for p, b := range rel {
		f := File{Path: p, Kind: b.kind}
		size, err := st.EncodedObjectSize(b.hash)
		switch {
		case err == nil:
			f.Size = size
		case errors.Is(err, plumbing.ErrObjectNotFound):
			f.Missing = true // a partial clone fetches only what it checks out
		default:
			return nil, nil, fmt.Errorf("index names blob %s for %s: %w", b.hash, prefix+p, err)
		}
		kept = append(kept, f)
	}
	return kept, &sparseFS{disk: disk, st: st, refs: rel, partial: partial}, nil
}

// sparseFS is the disk, plus the sparse entries read from the object store.
type sparseFS struct {
	disk fs.FS
	st   *filesystem.Storage
	refs map[string]blobRef
	// partial: a partial clone, where a missing blob was not downloaded.
	partial bool
}

func (s *sparseFS) Open(name string) (fs.File, error) {
	b, ok := s.refs[name]
	if !ok {
		return s.disk.Open(name)
	}
	o, err := s.st.EncodedObject(plumbing.BlobObject, b.hash)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, &MissingError{Path: name, Object: b.hash.String(), Cause: missingCause(s.partial), Err: err}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{ReadCloser: rc, name: path.Base(name), size: o.Size()}, nil
}

func (s *sparseFS) ReadLink(name string) (string, error) {
	b, ok := s.refs[name]
	if !ok {
		if rl, ok := s.disk.(fs.ReadLinkFS); ok {
			return rl.ReadLink(name)
		}
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	data, err := readBlob(s.st, name, b.hash, 4096, false)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimRight(data, "\n")), nil
}

func (s *sparseFS) Lstat(name string) (fs.FileInfo, error) {
	if rl, ok := s.disk.(fs.ReadLinkFS); ok {
		return rl.Lstat(name)
	}
	return fs.Stat(s.disk, name)
}

// blobFile is a blob opened as an fs.File.
type blobFile struct {
	io.ReadCloser
	name string
	size int64
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return blobInfo{f}, nil }

type blobInfo struct{ f *blobFile }

func (i blobInfo) Name() string       { return i.f.name }
func (i blobInfo) Size() int64        { return i.f.size }
func (i blobInfo) Mode() fs.FileMode  { return 0o444 }
func (i blobInfo) ModTime() time.Time { return time.Time{} }
func (i blobInfo) IsDir() bool        { return false }
func (i blobInfo) Sys() any           { return nil }

// hasIndex reports whether the work tree was ever checked out: a clone
// made with --no-checkout has a HEAD and no index.
func hasIndex(g *gitLayout) bool {
	_, err := os.Stat(filepath.Join(g.gitDir, "index"))
	return err == nil
}
