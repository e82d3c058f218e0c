package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/ouvert-dev/ouvert/internal/reworded"
)

// openURL clones u into a temporary directory and returns a Repo over the
// commit asked for. The clone is bare: objects are read, nothing is checked
// out, no submodule is fetched.
//
// Without History the clone has depth 1 and fetches only the branch or tag
// scanned: Meta.Tags then come from the server's list of refs, and a tag's
// Time is known only when it names the commit fetched; LastCommit is that
// commit's time. A commit hash as Ref needs a full clone, as the server
// can only be asked for refs.
func openURL(ctx context.Context, u remoteURL, opts Options) (Repo, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	auth := authFor(u, opts)
	fail := func(err error) error { return cloneError(ctx, u, opts, auth, err) }

	var refs []*plumbing.Reference
	err := guard(ctx, func(ctx context.Context) error {
		rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{u.dial}})
		var err error
		refs, err = rem.ListContext(ctx, &git.ListOptions{Auth: auth, CABundle: opts.CABundle, PeelingOption: git.AppendPeeled})
		return err
	}, nil)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) || (err == nil && len(refs) == 0) {
		if opts.Ref != "" {
			return nil, fmt.Errorf("%w %q in %s: the repository is empty", ErrBadRef, opts.Ref, u.clean)
		}
		meta := Meta{URL: u.clean, Remote: u.clean}
		return NewFSFiles(emptyFS{}, nil, meta, Remote), nil
	}
	if err != nil {
		return nil, fail(err)
	}

	co := &git.CloneOptions{
		URL:        u.dial,
		Auth:       auth,
		NoCheckout: true,
		CABundle:   opts.CABundle,
		Tags:       git.NoTags,
	}
	name, found := pickRef(refs, opts.Ref)
	if !found && !isHex(opts.Ref) {
		return nil, fmt.Errorf("%w %q in %s", ErrBadRef, opts.Ref, u.clean)
	}
	// A shallow clone fetches the one ref scanned. Any other clone fetches
	// every branch and tag (go-git would fetch a tag alone when asked for
	// one) and the ref is resolved in it; a commit hash needs that, as a
	// server serves refs, not arbitrary commits.
	shallow := !opts.History && found
	rev := opts.Ref
	if shallow {
		co.ReferenceName = name
		co.Depth = 1
		co.SingleBranch = true
		rev = "HEAD"
	} else {
		co.Tags = git.AllTags
		if found {
			rev = localRef(name)
		}
	}

	dir, err := os.MkdirTemp(opts.TempDir, "ouvert-clone-")
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", u.clean, err)
	}
	var pending chan error // set when a clone outlived its deadline
	keep := false
	defer func() {
		if keep {
			return
		}
		if pending != nil {
			// The abandoned clone may still write: remove once it stops.
			go func() { <-pending; os.RemoveAll(dir) }()
			return
		}
		os.RemoveAll(dir)
	}()
	err = guard(ctx, func(ctx context.Context) error {
		_, err := git.PlainCloneContext(ctx, dir, true, co)
		return err
	}, &pending)
	if err != nil {
		return nil, fail(err)
	}

	g := &gitLayout{gitDir: dir, commonDir: dir}
	r, st, err := openStorage(g)
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", u.clean, err)
	}
	c, err := resolveRef(r, rev, u.clean)
	if err != nil {
		st.Close()
		return nil, err
	}
	meta := Meta{Path: dir, URL: u.clean, Ref: opts.Ref}
	t, err := newTreeRepo(r, st, c, "", meta, u.clean)
	if err != nil {
		st.Close()
		return nil, err
	}
	// The clone's origin is u.dial; what is shown is the URL as given, less
	// credentials.
	t.meta.Remote = u.clean
	t.meta.Shallow = shallow
	if shallow {
		t.meta.Tags = advertisedTags(refs, r)
		for _, tg := range t.meta.Tags {
			if tg.Time.After(t.meta.LastCommit) {
				t.meta.LastCommit = tg.Time
			}
		}
	}
	t.caps = capsOf(t.meta)
	if !shallow {
		t.hist = t.historianFor(g, u.clean)
	}
	t.remove = dir
	keep = true
	return t, nil
}

// pickRef finds the ref to clone among those the server advertised. An
// empty ref is the remote HEAD's branch; a full hash that a branch or tag
// names is cloned through that ref, so that it can stay shallow.
func pickRef(refs []*plumbing.Reference, ref string) (plumbing.ReferenceName, bool) {
	byName := map[plumbing.ReferenceName]*plumbing.Reference{}
	for _, r := range refs {
		byName[r.Name()] = r
	}
	if ref == "" {
		if h, ok := byName[plumbing.HEAD]; ok && h.Type() == plumbing.SymbolicReference {
			if _, ok := byName[h.Target()]; ok {
				return h.Target(), true
			}
		}
		return plumbing.HEAD, true
	}
	for _, n := range []plumbing.ReferenceName{
		plumbing.ReferenceName(ref),
		plumbing.NewBranchReferenceName(ref),
		plumbing.NewTagReferenceName(ref),
	} {
		if (n.IsBranch() || n.IsTag()) && byName[n] != nil {
			return n, true
		}
	}
	if len(ref) == 40 && isHex(ref) {
		for _, r := range refs {
			n := r.Name()
			if r.Type() == plumbing.HashReference && r.Hash().String() == strings.ToLower(ref) && n.IsBranch() {
				return n, true
			}
		}
	}
	return "", false
}

// localRef names in a full clone the remote ref name.
func localRef(name plumbing.ReferenceName) string {
	if name.IsBranch() {
		return plumbing.NewRemoteReferenceName(git.DefaultRemoteName, name.Short()).String()
	}
	return name.String()
}

var hexRef = regexp.MustCompile(`^[0-9a-fA-F]{4,40}$`)

func isHex(s string) bool { return hexRef.MatchString(s) }

// advertisedTags lists the server's tags, peeled to their commits; the
// time is known for the commits the shallow clone holds.
func advertisedTags(refs []*plumbing.Reference, r *git.Repository) []Tag {
	peeled := map[string]plumbing.Hash{}
	for _, ref := range refs {
		if n := string(ref.Name()); strings.HasSuffix(n, "^{}") {
			peeled[strings.TrimSuffix(n, "^{}")] = ref.Hash()
		}
	}
	var tags []Tag
	for _, ref := range refs {
		n := ref.Name()
		if !n.IsTag() || strings.HasSuffix(string(n), "^{}") || ref.Type() != plumbing.HashReference {
			continue
		}
		h := ref.Hash()
		if p, ok := peeled[string(n)]; ok {
			h = p
		}
		tg := Tag{Name: n.Short(), Commit: h.String()}
		if c, err := r.CommitObject(h); err == nil {
			tg.Time = c.Committer.When
		}
		tags = append(tags, tg)
	}
	sortTags(tags)
	return tags
}

// authFor picks the credentials for an https URL: those written in the URL,
// else OUVERT_TOKEN, else the token of the forge the host belongs to. They
// go as basic auth with the user name each forge expects for a token. Other
// transports get none: ssh uses the agent, file needs nothing.
func authFor(u remoteURL, opts Options) transport.AuthMethod {
	if !u.https {
		return nil
	}
	if u.user != "" || u.password != "" {
		return &githttp.BasicAuth{Username: u.user, Password: u.password}
	}
	host := strings.ToLower(u.host)
	user := "x-access-token"
	if strings.Contains(host, "gitlab") {
		user = "oauth2"
	}
	if tok := opts.getenv("OUVERT_TOKEN"); tok != "" {
		return &githttp.BasicAuth{Username: user, Password: tok}
	}
	if strings.Contains(host, "github") {
		if tok := opts.getenv("GITHUB_TOKEN"); tok != "" {
			return &githttp.BasicAuth{Username: user, Password: tok}
		}
	}
	if strings.Contains(host, "gitlab") {
		if tok := opts.getenv("GITLAB_TOKEN"); tok != "" {
			return &githttp.BasicAuth{Username: user, Password: tok}
		}
	}
	return nil
}

// graceAfterDeadline is how long a clone that ignores its context is
// waited for before Open gives up on it.
const graceAfterDeadline = 5 * time.Second

// guard runs f and returns by the context's deadline (plus a grace) even if
// f does not honour it, so that no transport can hang Open. When f is
// abandoned, *pending receives the channel f's result will arrive on.
func guard(ctx context.Context, f func(context.Context) error, pending *chan error) error {
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		if err == nil {
			err = ctx.Err()
		}
		return err
	case <-time.After(graceAfterDeadline):
		if pending != nil {
			*pending = done
		}
		return ctx.Err()
	}
}

// cloneError makes one line naming the URL and the problem, with no
// credential in it, as a *CloneError.
func cloneError(ctx context.Context, u remoteURL, opts Options, auth transport.AuthMethod, err error) error {
	ce := &CloneError{URL: u.clean}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		ce.Problem, ce.Timeout = CloneTimeout, opts.timeout()
		ce.err = fmt.Errorf("clone %s: %w after %s", u.clean, ErrTimeout, opts.timeout())
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("clone %s: %w", u.clean, context.Canceled)
	case errors.Is(err, transport.ErrAuthenticationRequired):
		if auth != nil {
			ce.Problem = CloneTokenRefused
			ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, ErrAuth, reworded.New("the token given was refused", err))
		} else {
			ce.Problem = CloneAuthRequired
			ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, ErrAuth, reworded.New("set OUVERT_TOKEN (or the repository does not exist)", err))
		}
	case errors.Is(err, transport.ErrAuthorizationFailed):
		ce.Problem = CloneAccessDenied
		ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, ErrAuth, reworded.New("access denied with the token given", err))
	case errors.Is(err, transport.ErrRepositoryNotFound):
		ce.Problem = CloneNotFound
		if auth == nil && u.https {
			ce.Problem = CloneNotFoundPrivate
			ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, reworded.New("repository not found (if it is private, set OUVERT_TOKEN)", err), ErrRemote)
		} else {
			ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, reworded.New("repository not found", err), ErrRemote)
		}
	default:
		ce.Problem, ce.Detail = CloneFailed, scrub(err.Error(), u, auth)
		ce.err = fmt.Errorf("clone %s: %w: %w", u.clean, reworded.New(ce.Detail, err), ErrRemote)
	}
	return ce
}

// CloneError is a clone that failed. Problem names the reason so that a
// program can say it in its own words and language, with Detail (what
// git or the server said, without credentials) behind it; Error is the
// English line.
type CloneError struct {
	URL     string
	Problem CloneProblem
	// Timeout is the limit a CloneTimeout ran into.
	Timeout time.Duration
	// Detail is what git said, for CloneFailed.
	Detail string
	err    error
}

func (e *CloneError) Error() string { return e.err.Error() }
func (e *CloneError) Unwrap() error { return e.err }

// CloneProblem is why a clone failed.
type CloneProblem string

// The problems a CloneError names.
const (
	CloneTimeout         CloneProblem = "timeout"
	CloneAuthRequired    CloneProblem = "auth-required"
	CloneTokenRefused    CloneProblem = "token-refused"
	CloneAccessDenied    CloneProblem = "access-denied"
	CloneNotFound        CloneProblem = "not-found"
	CloneNotFoundPrivate CloneProblem = "not-found-private"
	CloneFailed          CloneProblem = "failed"
)

// scrub keeps an underlying error on one line and free of credentials.
func scrub(msg string, u remoteURL, auth transport.AuthMethod) string {
	if u.dial != "" {
		msg = strings.ReplaceAll(msg, u.dial, u.clean)
	}
	if b, ok := auth.(*githttp.BasicAuth); ok && b.Password != "" {
		msg = strings.ReplaceAll(msg, b.Password, "***")
	}
	if u.password != "" {
		msg = strings.ReplaceAll(msg, u.password, "***")
	}
	msg = strings.Join(strings.Fields(msg), " ")
	return msg
}

// emptyFS backs the Repo of an empty remote repository.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
