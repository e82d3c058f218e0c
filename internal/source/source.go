// Package source gives a read-only view of one repository: the files that
// would be published, their contents, and what git knows about them. It never
// runs anything from the repository: no hooks, filters, submodules or LFS.
package source

import (
	"errors"
	"time"
)

// Capability says what a source can answer; checks declare what they need
// and the engine skips, with a reason, the checks a source cannot serve.
type Capability uint8

const (
	// Tree: the files of the tree to publish.
	Tree Capability = 1 << iota
	// Commits: a git repository with at least the head commit (dates, tags).
	Commits
	// History: every commit reachable from the branches and tags.
	History
	// Remote: the repository's remote URL is known.
	Remote
)

// Has reports whether every capability in want is in c.
func (c Capability) Has(want Capability) bool { return c&want == want }

// Kind is the type of a file entry.
type Kind uint8

const (
	Regular Kind = iota
	Executable
	// Symlink entries are never followed out of the repository.
	Symlink
	// Submodule entries are gitlinks: never fetched.
	Submodule
	// Directory entries are directories whose tree is missing (a partial
	// clone that did not fetch it): their files are unknown, and the entry
	// stands for them, Missing.
	Directory
)

// File is one entry of the tree to publish.
type File struct {
	Path string // slash-separated, relative to the root, never starting with "/"
	// Size is the content's size: 0 when Missing (unknown), the size of
	// the content pointed to for an LFS pointer.
	Size int64
	Kind Kind
	// Missing: the entry is in the tree but its content is not in the
	// repository (a partial clone, an incomplete copy). Read returns a
	// *MissingError.
	Missing bool
	// LFS: the file is a Git LFS pointer; its content is on an LFS server
	// that is never contacted. Read returns a *MissingError (InLFS).
	LFS bool
}

// Tag is a git tag and the time of the commit it names.
type Tag struct {
	Name   string
	Commit string
	Time   time.Time
}

// Meta is what is known about the repository beyond its files. Zero values
// mean unknown.
type Meta struct {
	Path string // local path scanned, or the temporary clone
	// Dir is the scanned directory below the repository's root,
	// slash-separated ("app/api"); "" when the root itself (or a plain
	// directory, or a URL) is scanned. Files are listed relative to it;
	// history blobs and reports are relative to the root.
	Dir    string
	URL    string // the URL given to scan, when cloned
	Ref    string // the ref scanned ("" for the work tree)
	Commit string // the commit scanned, or HEAD for a work tree
	// Remote is the URL of the remote the repository came from (origin).
	Remote string
	// HeadTime is the committer time of Commit.
	HeadTime time.Time
	// LastCommit is the most recent committer time over every branch and tag
	// the source knows.
	LastCommit time.Time
	Tags       []Tag
	// Branches are the local and remote-tracking branches with the time of
	// their tip, when the source lists them (work trees and mirrors; a
	// clone by URL knows only what it fetched). Checks that must tell a
	// person's work from a bot's (dependabot/…, gh-pages) read them.
	Branches []Branch
	Shallow  bool
	// Partial: a partial clone (a promisor remote is configured), which
	// may lack blobs and trees by design.
	Partial bool
}

// Branch is a branch and the committer time of its tip.
type Branch struct {
	Name string // short name; remote-tracking branches keep their remote ("origin/main")
	Time time.Time
}

// Repo is one repository as the checks see it.
type Repo interface {
	// Files lists the tree to publish, sorted by path.
	Files() []File
	// Read returns at most limit bytes of the file at path (limit <= 0 means
	// DefaultLimit). A symlink is resolved inside the repository only. A
	// file whose content is not here (File.Missing, File.LFS) is a
	// *MissingError, which wraps ErrMissing.
	Read(path string, limit int64) ([]byte, error)
	Meta() Meta
	Capabilities() Capability
	// Close releases what the source holds (a temporary clone is removed).
	Close() error
}

// DefaultLimit caps what one Read returns: detection looks at the first
// megabytes of a file, never at a whole huge file.
const DefaultLimit = 4 << 20

var (
	// ErrNotFound: no such file in the tree.
	ErrNotFound = errors.New("no such file in the repository")
	// ErrOutside: a symlink points outside the repository.
	ErrOutside = errors.New("symlink points outside the repository")
	// ErrNotRegular: a directory, submodule or other entry that has no content.
	ErrNotRegular = errors.New("not a regular file")
)
