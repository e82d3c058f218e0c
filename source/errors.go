package source

import "errors"

// The errors Open wraps. ErrBadTarget and ErrBadRef are usage errors: what
// the user typed cannot be scanned, and trying again will not help. The
// others are runtime errors: the target is fine in form but could not be
// read (network, permissions, corruption).
var (
	// ErrBadTarget: an unsupported transport, a path that does not exist or
	// is not a directory, or --ref on a directory that is not a repository.
	ErrBadTarget = errors.New("bad target")
	// ErrBadRef: the ref asked for is not in the repository.
	ErrBadRef = errors.New("unknown ref")
	// ErrAuth: the server wants credentials, or refused the ones given.
	ErrAuth = errors.New("authentication required")
	// ErrRemote: a clone failed (repository not found, network error,
	// server error).
	ErrRemote = errors.New("clone failed")
	// ErrTimeout: the clone did not finish within Options.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrCorrupt: a local repository cannot be read (garbage HEAD, broken
	// index, a damaged pack, a commit or root tree missing). A blob or tree
	// missing below HEAD's tree is no error: the file is listed Missing.
	ErrCorrupt = errors.New("corrupt repository")
	// ErrUnsupported: a repository that git reads and this version of
	// ouvert cannot (SHA-256 object names, reftable refs, an extension it
	// does not know yet). Nothing is wrong with it.
	ErrUnsupported = errors.New("unsupported repository format")
)

// IsUsage reports whether err comes from what the user asked for rather
// than from the state of the world, so that a CLI can tell the two apart in
// its exit code.
func IsUsage(err error) bool {
	return errors.Is(err, ErrBadTarget) || errors.Is(err, ErrBadRef)
}
