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

// TargetError is a target that cannot be scanned for a reason the user can
// fix. Problem names the reason so that a program can say it in its own
// words and language; Error is the English sentence.
type TargetError struct {
	Target  string
	Problem TargetProblem
	// Ref is the --ref asked for, for ProblemRefNeedsRepo.
	Ref string
}

// TargetProblem is why a target cannot be scanned.
type TargetProblem string

// The problems a TargetError names.
const (
	ProblemEmpty        TargetProblem = "empty"          // no target given
	ProblemNotFound     TargetProblem = "not-found"      // no such path
	ProblemNotDir       TargetProblem = "not-dir"        // a file, not a directory
	ProblemRefNeedsRepo TargetProblem = "ref-needs-repo" // --ref on a directory in no repository
	ProblemNoIndex      TargetProblem = "no-index"       // staged changes asked outside a repository
	ProblemBareNoIndex  TargetProblem = "bare-no-index"  // staged changes asked of a bare repository
)

func (e *TargetError) Error() string {
	var s string
	switch e.Problem {
	case ProblemEmpty:
		s = "empty target: give a directory or a URL"
	case ProblemNotFound:
		s = e.Target + ": no such directory (give a directory or a URL)"
	case ProblemNotDir:
		s = e.Target + ": not a directory"
	case ProblemRefNeedsRepo:
		s = e.Target + ": --ref " + e.Ref + " needs a git repository and this directory is in none"
	case ProblemNoIndex:
		s = e.Target + ": not in a git repository: staged changes are read from git's index"
	case ProblemBareNoIndex:
		s = e.Target + ": a bare repository has no index of staged changes"
	default:
		s = e.Target + ": " + string(e.Problem)
	}
	return s + ": " + ErrBadTarget.Error()
}

// Unwrap makes every TargetError an ErrBadTarget.
func (e *TargetError) Unwrap() error { return ErrBadTarget }
