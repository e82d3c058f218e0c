// Package atomicfile writes files so that a reader sees the old content or
// the new one, never half of either: the data goes to a temporary file
// beside the destination (the same directory, so the same file system),
// which is then renamed into place. A symlink at the destination is
// replaced, never followed. It is the one way ouvert writes a file that may
// already exist: reports, fixes, drafts.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Staged is a file written under a temporary name beside its destination,
// not yet in place: Commit renames it there, Discard removes it.
type Staged struct {
	root     *os.Root
	ownsRoot bool
	tmp      string
	name     string // in root
	shown    string // the destination as the caller named it, for errors
}

// Stage writes data to a temporary file beside name, a path inside root,
// with the permissions perm (whatever the umask).
func Stage(root *os.Root, name string, data []byte, perm fs.FileMode) (*Staged, error) {
	return stage(root, name, name, data, perm)
}

// StageFile is Stage for a path anywhere (relative to the working
// directory or absolute).
func StageFile(name string, data []byte, perm fs.FileMode) (*Staged, error) {
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return nil, pathError("open", name, err)
	}
	s, err := stage(root, filepath.Base(name), name, data, perm)
	if err != nil {
		root.Close()
		return nil, err
	}
	s.ownsRoot = true
	return s, nil
}

func stage(root *os.Root, name, shown string, data []byte, perm fs.FileMode) (*Staged, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	dir, base := filepath.Split(name)
	tmp := filepath.Join(dir, "."+base+".ouvert-tmp-"+hex.EncodeToString(b[:]))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, pathError("write", shown, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(tmp, perm) // the umask may have narrowed it
	}
	if err != nil {
		_ = root.Remove(tmp)
		return nil, pathError("write", shown, err)
	}
	return &Staged{root: root, tmp: tmp, name: name, shown: shown}, nil
}

// Commit renames the file into place. On error the temporary file is
// removed and the destination is as it was.
func (s *Staged) Commit() error {
	if s.tmp == "" {
		return errors.New("atomicfile: commit after commit or discard")
	}
	err := s.root.Rename(s.tmp, s.name)
	if err != nil {
		_ = s.root.Remove(s.tmp)
		err = pathError("write", s.shown, err)
	}
	s.tmp = ""
	s.close()
	return err
}

// Discard removes the temporary file; after Commit it does nothing.
func (s *Staged) Discard() {
	if s.tmp != "" {
		_ = s.root.Remove(s.tmp)
		s.tmp = ""
	}
	s.close()
}

func (s *Staged) close() {
	if s.ownsRoot {
		s.root.Close()
		s.ownsRoot = false
	}
}

// WriteFile writes data to name atomically, with the permissions perm.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	s, err := StageFile(name, data, perm)
	if err != nil {
		return err
	}
	return s.Commit()
}

// Write writes data to name, a path inside root, atomically, with the
// permissions perm.
func Write(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	s, err := Stage(root, name, data, perm)
	if err != nil {
		return err
	}
	return s.Commit()
}

// pathError names the destination, not the temporary file the error came
// from: the caller knows the file by the name it gave.
func pathError(op, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}
