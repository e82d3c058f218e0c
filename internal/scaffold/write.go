package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/ouvert-dev/ouvert/internal/atomicfile"
)

// Conflicts lists what stops out from being written without force: the
// files it would write that exist in dir (published or not, symlinks
// included), and the files of the project that already do the generator's
// job under another name (CONTRIBUTING.rst, docs/CONTRIBUTING.md, COPYING).
func Conflicts(dir string, p *Project, g Generator, out *Output) ([]string, error) {
	var found []string
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, f := range out.Files {
		_, err := root.Lstat(f.Path)
		switch {
		case err == nil:
			found = append(found, f.Path)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	found = append(found, g.Existing(p)...)
	sort.Strings(found)
	return dedupe(found), nil
}

// Write writes files under dir and returns the paths written. Without force
// it creates each file only if nothing is at its path (checked by the
// creation itself, so that a file appearing meanwhile is never replaced);
// with force it replaces what is there through a rename, so that a reader
// never sees half a file and a symlink is replaced, never followed. Paths
// cannot leave dir. On error, the files already written stay and are
// returned.
func Write(dir string, files []File, force bool) ([]string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var done []string
	for _, f := range files {
		if err := writeOne(root, f, force); err != nil {
			return done, fmt.Errorf("write %s: %w", f.Path, unwrapPath(err))
		}
		done = append(done, f.Path)
	}
	return done, nil
}

func writeOne(root *os.Root, f File, force bool) error {
	if d := path.Dir(f.Path); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if !force {
		return create(root, f.Path, f.Content)
	}
	return atomicfile.Write(root, filepath.FromSlash(f.Path), f.Content, 0o644)
}

// create makes a new file, failing if anything is at name.
func create(root *os.Root, name string, content []byte) error {
	w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := w.Write(content); err != nil {
		w.Close()
		_ = root.Remove(name)
		return err
	}
	if err := w.Close(); err != nil {
		_ = root.Remove(name)
		return err
	}
	return nil
}

// unwrapPath drops the *PathError's own copy of the path, which the caller
// names already: "write LICENSE: permission denied".
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
