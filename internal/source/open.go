package source

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// DefaultTimeout bounds a clone when Options.Timeout is zero.
const DefaultTimeout = 2 * time.Minute

// Options says how Open reads a target.
type Options struct {
	// Ref is a branch, tag, remote branch or commit hash (full or
	// abbreviated) to scan instead of the work tree or the remote HEAD.
	Ref string
	// History asks for every commit: a URL is then cloned in full rather
	// than with depth 1.
	History bool
	// Timeout bounds a clone (DefaultTimeout when zero). Local sources are
	// not bounded: they only read the disk.
	Timeout time.Duration
	// Getenv looks up OUVERT_TOKEN, GITHUB_TOKEN and GITLAB_TOKEN; nil means
	// os.Getenv. Tests pass their own so they do not depend on the caller's
	// environment.
	Getenv func(key string) string
	// CABundle adds PEM certificates trusted for https clones.
	CABundle []byte
	// TempDir is where clones are made; "" means os.TempDir().
	TempDir string
}

func (o Options) getenv(key string) string {
	if o.Getenv != nil {
		return o.Getenv(key)
	}
	return os.Getenv(key)
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// Open returns the repository at target: a local directory (a git work
// tree or a plain directory), or a URL that is cloned into a temporary
// directory removed by Close.
//
// Accepted URLs are https://, ssh://, file:// and scp-like user@host:path.
// Anything else that looks like a URL is refused: plain http and git://
// would send what they carry (a token, the code) in clear, and remote
// helpers (ext::, fd::) run commands. Anything else is a path.
//
// A directory in no git repository is listed whole (symlinks are listed,
// never followed out of it). A directory inside a work tree is listed as
// git would publish it: tracked files still on disk, plus untracked files
// that .gitignore files and .git/info/exclude do not ignore; a directory
// below the work tree root gives the files under it, with paths relative to
// it and the rules of the directories above still applied. A bare
// repository, or any repository with opts.Ref, gives the tree of that
// commit read from the object store. An empty directory gives a Repo with
// no files: the caller decides what that means. A repository that cannot
// be read (garbage HEAD, broken index, missing objects) is an ErrCorrupt
// error, never a silent fallback to listing the directory.
//
// Errors are one line, name the target (credentials stripped) and wrap
// ErrBadTarget or ErrBadRef for what the user asked (see IsUsage), or
// ErrAuth, ErrRemote, ErrTimeout or ErrCorrupt otherwise.
func Open(ctx context.Context, target string, opts Options) (Repo, error) {
	if target == "" {
		return nil, &TargetError{Problem: ProblemEmpty}
	}
	u, isURL, err := parseTarget(target)
	if err != nil {
		return nil, err
	}
	if isURL {
		return openURL(ctx, u, opts)
	}
	return openDir(target, opts)
}

// remoteHelper matches git's "<transport>::<address>" syntax.
var remoteHelper = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*::`)

// scheme matches "scheme://".
var scheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// scpLike matches user@host:path, where no slash comes before the colon,
// which is how git tells it from a path.
var scpLike = regexp.MustCompile(`^[^/@:]+@[^/:]+:`)

const accepted = "use https://, ssh://, file:// or user@host:path"

// remoteURL is a URL target split so that credentials never reach a message.
type remoteURL struct {
	clean    string // what is shown: no password or token
	dial     string // what go-git connects to
	user     string // userinfo given in an https URL, used as basic auth
	password string
	host     string
	https    bool
}

func parseTarget(target string) (remoteURL, bool, error) {
	if remoteHelper.MatchString(target) {
		return remoteURL{}, false, fmt.Errorf("%s: remote helpers are refused (%s): %w", redact(target), accepted, ErrBadTarget)
	}
	if m := scheme.FindStringSubmatch(target); m != nil {
		switch strings.ToLower(m[1]) {
		case "https", "ssh", "file":
		default:
			return remoteURL{}, false, fmt.Errorf("%s: transport %s:// is refused (%s): %w", redact(target), m[1], accepted, ErrBadTarget)
		}
		u, err := url.Parse(target)
		if err != nil {
			return remoteURL{}, false, fmt.Errorf("%s: not a valid URL (%s): %w", redact(target), accepted, ErrBadTarget)
		}
		r := remoteURL{host: u.Hostname(), https: strings.EqualFold(u.Scheme, "https")}
		if r.https && u.User != nil {
			// Credentials move to the auth header: the URL that go-git and
			// every message see carries none.
			r.user = u.User.Username()
			r.password, _ = u.User.Password()
			u.User = nil
		}
		if u.Scheme == "file" && u.Host != "" {
			return remoteURL{}, false, fmt.Errorf("%s: file:// URLs name a local path, not a host: %w", redact(target), ErrBadTarget)
		}
		r.clean = redact(target)
		r.dial = target
		if r.https {
			r.clean = u.String()
			r.dial = r.clean
		}
		return r, true, nil
	}
	if scpLike.MatchString(target) {
		host := target[strings.IndexByte(target, '@')+1 : strings.IndexByte(target, ':')]
		return remoteURL{clean: target, dial: target, host: host}, true, nil
	}
	return remoteURL{}, false, nil
}

// StripCredentials removes a password or token from a URL before it is
// shown. The user of an ssh or scp-like URL ("git@") is kept: it is not a
// secret and the URL needs it.
func StripCredentials(s string) string { return redact(s) }

func redact(s string) string {
	m := scheme.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if err != nil {
			// Unparsable: cut whatever sits between "://" and "@" in the
			// authority rather than risk printing a token.
			rest := s[len(m[0]):]
			end := strings.IndexAny(rest, "/?#")
			if end < 0 {
				end = len(rest)
			}
			if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
				return m[0] + rest[at+1:]
			}
		}
		return s
	}
	if _, hasPassword := u.User.Password(); hasPassword || strings.EqualFold(u.Scheme, "https") {
		u.User = nil
	}
	return u.String()
}
