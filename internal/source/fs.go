package source

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// FS is a Repo over an io/fs file system: every regular file, symlink and
// executable below its root. A plain directory is scanned through an FS made
// by os.Root, which refuses to follow symlinks out of the directory.
type FS struct {
	fsys  fs.FS
	files []File
	index map[string]int
	meta  Meta
	caps  Capability
}

// NewFS lists fsys (skipping .git) and returns a Repo over it.
func NewFS(fsys fs.FS, meta Meta) (*FS, error) {
	var files []File
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("list %s: %w", p, err)
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == ".git" { // a worktree's or submodule's .git file
			return nil
		}
		f := File{Path: p, Kind: Regular}
		switch t := d.Type(); {
		case t&fs.ModeSymlink != 0:
			f.Kind = Symlink
		case t.IsRegular():
			info, err := d.Info()
			if err != nil {
				return fmt.Errorf("stat %s: %w", p, err)
			}
			f.Size = info.Size()
			if info.Mode()&0o111 != 0 {
				f.Kind = Executable
			}
		default:
			return nil // sockets, devices, pipes: nothing to publish
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return NewFSFiles(fsys, files, meta, Tree), nil
}

// NewFSFiles returns a Repo over fsys restricted to the given files, for
// sources that decide themselves what is published (a git work tree lists
// its tracked and unignored files).
func NewFSFiles(fsys fs.FS, files []File, meta Meta, caps Capability) *FS {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	index := make(map[string]int, len(files))
	for i, f := range files {
		index[f.Path] = i
	}
	r := &FS{fsys: fsys, files: files, index: index, meta: meta, caps: caps | Tree}
	markLFS(r.files, r.Read)
	return r
}

func (r *FS) Files() []File            { return r.files }
func (r *FS) Meta() Meta               { return r.meta }
func (r *FS) Capabilities() Capability { return r.caps }
func (r *FS) Close() error             { return nil }

// Read reads a listed file. Symlinks are resolved by hand, inside the tree
// only, so that the answer does not depend on what fsys would follow.
func (r *FS) Read(p string, limit int64) ([]byte, error) {
	return r.read(p, limit, false)
}

// ReadText reads the first bytes of a file, and the rest only when they
// are text.
func (r *FS) ReadText(p string, limit int64) ([]byte, error) {
	return r.read(p, limit, true)
}

func (r *FS) read(p string, limit int64, text bool) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	target, err := r.resolve(p)
	if err != nil {
		return nil, err
	}
	if r.files[r.index[target]].LFS {
		return nil, lfsError(target)
	}
	f, err := r.fsys.Open(target)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	defer f.Close()
	b, err := readSized(f, r.files[r.index[target]].Size, limit, text)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return b, nil
}

// maxLinks bounds symlink chains, as the kernel does, so cycles end.
const maxLinks = 40

func (r *FS) resolve(p string) (string, error) {
	for hops := 0; hops <= maxLinks; hops++ {
		i, ok := r.index[p]
		if !ok {
			return "", fmt.Errorf("%s: %w", p, ErrNotFound)
		}
		switch r.files[i].Kind {
		case Regular, Executable:
			return p, nil
		case Submodule:
			return "", fmt.Errorf("%s: %w", p, ErrNotRegular)
		}
		rl, ok := r.fsys.(fs.ReadLinkFS)
		if !ok {
			return "", fmt.Errorf("%s: cannot read symlink", p)
		}
		dest, err := rl.ReadLink(p)
		if err != nil {
			return "", fmt.Errorf("%s: %w", p, err)
		}
		next, err := JoinLink(p, dest)
		if err != nil {
			return "", fmt.Errorf("%s: %w", p, err)
		}
		p = next
	}
	return "", fmt.Errorf("%s: too many levels of symlinks", p)
}

// JoinLink resolves a symlink's target against the link's directory and
// refuses targets that leave the repository.
func JoinLink(link, dest string) (string, error) {
	if strings.HasPrefix(dest, "/") || strings.Contains(dest, "\\") {
		return "", ErrOutside
	}
	j := path.Join(path.Dir(link), dest)
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", ErrOutside
	}
	if j == "." {
		return "", ErrNotRegular
	}
	return j, nil
}

// IsNotFound reports whether err says a file is not in the tree.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
