package source

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"
)

// A file of the tree whose content is not here is listed, not an error: a
// partial clone ("git clone --filter=blob:limit=…") holds the trees of HEAD
// but not every blob, a copy of a repository can lack its largest objects,
// and a Git LFS pointer names content stored outside git. The checks that
// need such a file cannot judge it; the others go on. Only damage (a bad
// pack, a broken HEAD) is ErrCorrupt.

// ErrMissing is what a Read of a file whose content is not here wraps (see
// MissingError).
var ErrMissing = errors.New("content not in the repository")

// Why a file's content is not here.
const (
	// NotDownloaded: a partial clone did not fetch the blob, by design;
	// "git fetch --refetch" or a full clone brings it.
	NotDownloaded = "partial-clone"
	// NotInStore: the object store lacks the blob and no promisor remote
	// explains it (an incomplete copy of a repository).
	NotInStore = "incomplete"
	// InLFS: the file is a Git LFS pointer; its content lives on an LFS
	// server, which is never contacted.
	InLFS = "lfs"
)

// MissingError says that a listed file's content cannot be read because it
// is not in the repository, and why (NotDownloaded, NotInStore or InLFS).
type MissingError struct {
	Path   string
	Object string // the blob's or tree's id (hex); "" for an LFS file
	Cause  string
	Err    error // what the object store said, when it said something
}

func (e *MissingError) Error() string {
	var why string
	switch e.Cause {
	case NotDownloaded:
		why = "not downloaded (partial clone)"
	case InLFS:
		why = "stored in Git LFS, not in the repository"
	default:
		why = "missing from the object store (an incomplete copy of the repository)"
	}
	if e.Object != "" {
		why += ": object " + e.Object
	}
	return e.Path + ": " + why
}

func (e *MissingError) Is(target error) bool { return target == ErrMissing }
func (e *MissingError) Unwrap() error        { return e.Err }

// IsMissing reports whether err says that a file's content is not in the
// repository (ErrMissing), and returns the MissingError.
func IsMissing(err error) (*MissingError, bool) {
	var m *MissingError
	if errors.As(err, &m) {
		return m, true
	}
	return nil, false
}

// missingCause is the Cause of an absent object in a repository that is,
// or is not, a partial clone.
func missingCause(partial bool) string {
	if partial {
		return NotDownloaded
	}
	return NotInStore
}

// missingFile is what Read answers for a file listed as missing.
func missingFile(f File, object plumbing.Hash, partial bool, err error) error {
	m := &MissingError{Path: f.Path, Cause: missingCause(partial), Err: err}
	if f.LFS {
		m.Cause = InLFS
	} else if !object.IsZero() {
		m.Object = object.String()
	}
	return m
}

// LFS pointers are small text files (the specification bounds them to
// 1024 bytes) that open with this line.
const (
	lfsMaxPointer = 1024
	lfsVersion    = "version https://git-lfs.github.com/spec/v1\n"
)

// LFSPointer reports whether content is a Git LFS pointer file, and the
// size of the content it points to.
func LFSPointer(content []byte) (size int64, ok bool) {
	if len(content) > lfsMaxPointer || !bytes.HasPrefix(content, []byte(lfsVersion)) {
		return 0, false
	}
	oid, sized := false, false
	for line := range strings.SplitSeq(string(content[len(lfsVersion):]), "\n") {
		switch k, v, _ := strings.Cut(line, " "); k {
		case "oid":
			h, found := strings.CutPrefix(v, "sha256:")
			oid = found && len(h) == 64 && strings.Trim(h, "0123456789abcdef") == ""
		case "size":
			n, err := strconv.ParseInt(v, 10, 64)
			size, sized = n, err == nil && n >= 0
		}
	}
	return size, oid && sized
}

// markLFS flags the LFS pointers among files: the regular files that a
// .gitattributes of the tree sends through the "lfs" filter and whose
// content is a pointer. Only .gitattributes files that mention LFS and
// those candidates are read, as far as a pointer goes; a tree without LFS
// costs the reading of its .gitattributes files. Size becomes the size of
// the content pointed to.
func markLFS(files []File, read func(path string, limit int64) ([]byte, error)) {
	var attrFiles []File
	for _, f := range files {
		if path.Base(f.Path) == ".gitattributes" && !f.Missing && (f.Kind == Regular || f.Kind == Executable) {
			attrFiles = append(attrFiles, f)
		}
	}
	if len(attrFiles) == 0 {
		return
	}
	// Deeper files come later: their patterns take precedence.
	sort.SliceStable(attrFiles, func(i, j int) bool {
		return strings.Count(attrFiles[i].Path, "/") < strings.Count(attrFiles[j].Path, "/")
	})
	var stack []gitattributes.MatchAttribute
	for _, f := range attrFiles {
		b, err := read(f.Path, 1<<20)
		if err != nil || !bytes.Contains(b, []byte("lfs")) {
			continue
		}
		var domain []string
		if d := path.Dir(f.Path); d != "." {
			domain = strings.Split(d, "/")
		}
		attrs, err := gitattributes.ReadAttributes(bytes.NewReader(b), domain, domain == nil)
		if err != nil {
			continue // a file git would refuse too: no LFS from it
		}
		stack = append(stack, attrs...)
	}
	if len(stack) == 0 {
		return
	}
	m := gitattributes.NewMatcher(stack)
	for i := range files {
		f := &files[i]
		if f.Missing || (f.Kind != Regular && f.Kind != Executable) || f.Size < int64(len(lfsVersion)) || f.Size > lfsMaxPointer {
			continue
		}
		a, _ := m.Match(strings.Split(f.Path, "/"), []string{"filter"})
		if fa, ok := a["filter"]; !ok || fa.Value() != "lfs" {
			continue
		}
		b, err := read(f.Path, lfsMaxPointer)
		if err != nil {
			continue
		}
		if size, ok := LFSPointer(b); ok {
			f.LFS, f.Size = true, size
		}
	}
}

// lfsError is what Read answers for an LFS pointer.
func lfsError(p string) error {
	return &MissingError{Path: p, Cause: InLFS}
}

// corrupt is the error of a repository that cannot be read: it wraps
// ErrCorrupt and the cause, so that errors.Is and errors.As see both.
func corrupt(name string, err error) error {
	return fmt.Errorf("%w %s: %w", ErrCorrupt, name, err)
}
