// Package fix repairs what the rules find, where a repair is safe: it
// plans new contents for files (publiccode.yml through publiccode.Fix,
// SPDX headers for source files) and writes them only when asked. It never
// touches git: no commit, no index, no history.
//
// A fixer reads the repository through source.Repo and returns files as
// data, with what changed and what is left for a person as catalog
// messages; the report package puts them into words, Write writes them.
package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/atomicfile"
)

// File is a file a fixer would change.
type File struct {
	Path     string // slash-separated, from the repository's root
	Old, New []byte
	Changes  []Change
}

// Change is one thing a fixer did to a file.
type Change struct {
	Rule string
	// Review: a value inferred from the repository or a guess, that a
	// person should check.
	Review  bool
	Message finding.Message
}

// Todo is what is left for a person.
type Todo struct {
	Rule     string
	Path     string
	Line     int
	Severity finding.Severity
	Message  finding.Message
	// Example is the id of a catalog message that shows what to write;
	// "" when there is none.
	Example string
}

// Result is what one or several fixers found.
type Result struct {
	Files []File
	Todos []Todo
	// Notes are things to know that are not problems (a fixer with
	// nothing to work on).
	Notes []Note
}

// Note is a message of a rule.
type Note struct {
	Rule    string
	Message finding.Message
}

// Add appends another fixer's result.
func (r *Result) Add(o *Result) {
	r.Files = append(r.Files, o.Files...)
	r.Todos = append(r.Todos, o.Todos...)
	r.Notes = append(r.Notes, o.Notes...)
}

// NeedsPerson reports whether something of severity error is left for a
// person; warnings and notes do not count.
func (r *Result) NeedsPerson() bool {
	for _, t := range r.Todos {
		if t.Severity == finding.Error {
			return true
		}
	}
	return false
}

// ErrChanged: a file changed on disk since it was read; it is not
// overwritten.
var ErrChanged = errors.New("changed on disk since it was read; run ouvert fix again")

// Write writes the files under dir, inside it only (os.Root: no symlink
// leads out), each through a temporary file renamed over the old one so
// that a failure never leaves half a file, keeping its permissions. A
// file whose content is no longer Old is left alone. It returns the
// paths written.
func Write(dir string, files []File) ([]string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var written []string
	for _, f := range files {
		if err := writeOne(root, f); err != nil {
			return written, fmt.Errorf("%s: %w", f.Path, err)
		}
		written = append(written, f.Path)
	}
	return written, nil
}

func writeOne(root *os.Root, f File) error {
	name := filepath.FromSlash(f.Path)
	st, err := root.Lstat(name)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	cur, err := root.ReadFile(name)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, f.Old) {
		return ErrChanged
	}
	err = atomicfile.Write(root, name, f.New, st.Mode().Perm())
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err // Write names the file already
	}
	return err
}

// IsChanged reports whether Write refused a file that changed meanwhile.
func IsChanged(err error) bool { return errors.Is(err, ErrChanged) }
