package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"
)

// mirrorSpecs are what a mirror keeps: branches and tags, not the forges'
// pull-request refs, which can outnumber them by far.
var mirrorSpecs = []config.RefSpec{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}

// OpenMirror keeps a bare mirror of the repository at the URL target in
// dir, and returns a Repo over its default branch (or opts.Ref) read from
// it, as Open returns one over a clone. A missing dir is cloned into; an
// existing one is brought up to date, and nothing is fetched when the
// server's branches and tags are those the mirror holds already. Close
// leaves the mirror in place.
//
// The mirror holds every commit of every branch and tag: it is meant to be
// fetched into again, which shallow repositories do badly. Without
// opts.History the Repo has no Historian, so a scan reads the tree only,
// but Meta.LastCommit covers every branch.
//
// A mirror that cannot be read is removed and cloned again. One process
// at a time may use a given dir.
func OpenMirror(ctx context.Context, target, dir string, opts Options) (Repo, error) {
	u, isURL, err := parseTarget(target)
	if err != nil {
		return nil, err
	}
	if !isURL {
		return nil, fmt.Errorf("%s: a mirror needs a URL (%s): %w", target, accepted, ErrBadTarget)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	auth := authFor(u, opts)
	fail := func(err error) error { return cloneError(ctx, u, opts, auth, err) }

	var refs []*plumbing.Reference
	err = guard(ctx, func(ctx context.Context) error {
		rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{u.dial}})
		var err error
		refs, err = rem.ListContext(ctx, &git.ListOptions{Auth: auth, CABundle: opts.CABundle})
		return err
	}, nil)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) || (err == nil && len(refs) == 0) {
		if opts.Ref != "" {
			return nil, fmt.Errorf("%w %q in %s: the repository is empty", ErrBadRef, opts.Ref, u.clean)
		}
		return NewFSFiles(emptyFS{}, nil, Meta{URL: u.clean, Remote: u.clean}, Remote), nil
	}
	if err != nil {
		return nil, fail(err)
	}
	name, found := pickRef(refs, opts.Ref)
	if !found && !isHex(opts.Ref) {
		return nil, fmt.Errorf("%w %q in %s", ErrBadRef, opts.Ref, u.clean)
	}
	rev := opts.Ref
	if found {
		rev = string(name)
	}
	if rev == "" || name == plumbing.HEAD {
		rev = "HEAD"
	}

	t, err := updateAndOpen(ctx, u, dir, refs, rev, opts, fail)
	if err != nil && errors.Is(err, ErrCorrupt) && ctx.Err() == nil {
		// A mirror left broken (a disk filled up, an earlier crash) is
		// only a cache: start it again.
		if rmErr := os.RemoveAll(dir); rmErr == nil {
			t, err = updateAndOpen(ctx, u, dir, refs, rev, opts, fail)
		}
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func updateAndOpen(ctx context.Context, u remoteURL, dir string, refs []*plumbing.Reference, rev string, opts Options, fail func(error) error) (*treeRepo, error) {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := cloneMirror(ctx, u, dir, refs, opts, fail); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("mirror %s: %w", u.clean, err)
	} else if err := fetchMirror(ctx, u, dir, refs, opts, fail); err != nil {
		return nil, err
	}
	return openMirrorRepo(u, dir, rev, opts)
}

// OpenCached returns a Repo over the mirror of target in dir as it is,
// without asking the server: for a caller that knows from elsewhere (a
// forge's date of last push) that nothing changed since the mirror was
// last fetched. A dir that holds no usable mirror is an ErrCorrupt error:
// OpenMirror then makes it again.
func OpenCached(target, dir string, opts Options) (Repo, error) {
	u, isURL, err := parseTarget(target)
	if err != nil {
		return nil, err
	}
	if !isURL {
		return nil, fmt.Errorf("%s: a mirror needs a URL (%s): %w", target, accepted, ErrBadTarget)
	}
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		return nil, fmt.Errorf("%w mirror %s: %w", ErrCorrupt, u.clean, err)
	}
	rev := opts.Ref
	if rev == "" {
		rev = "HEAD"
	}
	return openMirrorRepo(u, dir, rev, opts)
}

// openMirrorRepo reads rev of the mirror in dir.
func openMirrorRepo(u remoteURL, dir, rev string, opts Options) (*treeRepo, error) {
	g := &gitLayout{gitDir: dir, commonDir: dir}
	r, st, err := openStorage(g)
	if err != nil {
		return nil, err
	}
	c, err := resolveRef(r, rev, u.clean)
	if err != nil {
		st.Close()
		if errors.Is(err, ErrBadRef) && !isHex(rev) {
			// The server has this ref and the fetch went through: the
			// mirror lost it.
			return nil, fmt.Errorf("%w mirror %s: %s is missing", ErrCorrupt, u.clean, rev)
		}
		return nil, err
	}
	t, err := newTreeRepo(r, st, c, "", Meta{Path: dir, URL: u.clean, Ref: opts.Ref}, u.clean)
	if err != nil {
		st.Close()
		return nil, err
	}
	t.meta.Remote = u.clean
	t.caps = capsOf(t.meta)
	if opts.History {
		t.hist = t.historianFor(g, u.clean)
	} else {
		t.caps &^= History
	}
	return t, nil
}

// cloneMirror makes a new mirror beside dir and renames it into place once
// complete, so that an interrupted clone never passes for a mirror.
func cloneMirror(ctx context.Context, u remoteURL, dir string, refs []*plumbing.Reference, opts Options, fail func(error) error) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("mirror %s: %w", u.clean, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("mirror %s: %w", u.clean, err)
	}
	var pending chan error
	done := false
	defer func() {
		if done {
			return
		}
		if pending != nil {
			go func() { <-pending; os.RemoveAll(tmp) }()
			return
		}
		os.RemoveAll(tmp)
	}()
	r, err := git.PlainInit(tmp, true)
	if err != nil {
		return fmt.Errorf("mirror %s: %w", u.clean, err)
	}
	if _, err := r.CreateRemote(&config.RemoteConfig{Name: git.DefaultRemoteName, URLs: []string{u.dial}, Fetch: mirrorSpecs}); err != nil {
		return fmt.Errorf("mirror %s: %w", u.clean, err)
	}
	if err := fetchInto(ctx, r, u, refs, opts, fail, &pending); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("mirror %s: %w", u.clean, err)
	}
	done = true
	return nil
}

// fetchMirror brings an existing mirror up to date.
func fetchMirror(ctx context.Context, u remoteURL, dir string, refs []*plumbing.Reference, opts Options, fail func(error) error) error {
	// Leftovers of a fetch that was cut short are only garbage.
	if tmps, err := filepath.Glob(filepath.Join(dir, "objects", "pack", "tmp_*")); err == nil {
		for _, p := range tmps {
			os.Remove(p)
		}
	}
	r, err := git.PlainOpen(dir)
	if err != nil {
		return fmt.Errorf("%w mirror %s: %w", ErrCorrupt, u.clean, err)
	}
	if upToDate(r, refs) {
		return setHead(r, refs)
	}
	var pending chan error
	err = fetchInto(ctx, r, u, refs, opts, fail, &pending)
	if pending != nil {
		// Never return while a fetch still writes into the mirror.
		<-pending
	}
	return err
}

func fetchInto(ctx context.Context, r *git.Repository, u remoteURL, refs []*plumbing.Reference, opts Options, fail func(error) error, pending *chan error) error {
	err := guard(ctx, func(ctx context.Context) error {
		return r.FetchContext(ctx, &git.FetchOptions{
			RemoteName: git.DefaultRemoteName,
			RemoteURL:  u.dial,
			RefSpecs:   mirrorSpecs,
			Auth:       authFor(u, opts),
			CABundle:   opts.CABundle,
			Tags:       git.NoTags,
			Force:      true,
			Prune:      true,
		})
	}, pending)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fail(err)
	}
	return setHead(r, refs)
}

// upToDate reports whether the mirror holds exactly the branches and tags
// the server advertised.
func upToDate(r *git.Repository, refs []*plumbing.Reference) bool {
	want := map[plumbing.ReferenceName]plumbing.Hash{}
	for _, ref := range refs {
		n := ref.Name()
		if (n.IsBranch() || n.IsTag()) && ref.Type() == plumbing.HashReference && !strings.HasSuffix(string(n), "^{}") {
			want[n] = ref.Hash()
		}
	}
	iter, err := r.References()
	if err != nil {
		return false
	}
	have := 0
	same := true
	iter.ForEach(func(ref *plumbing.Reference) error {
		n := ref.Name()
		if !n.IsBranch() && !n.IsTag() {
			return nil
		}
		have++
		if h, ok := want[n]; !ok || h != ref.Hash() {
			same = false
		}
		return nil
	})
	return same && have == len(want)
}

// setHead points the mirror's HEAD where the server's points, so that the
// default branch follows a rename on the server.
func setHead(r *git.Repository, refs []*plumbing.Reference) error {
	for _, ref := range refs {
		if ref.Name() != plumbing.HEAD {
			continue
		}
		target := ref.Target()
		if ref.Type() == plumbing.HashReference {
			// No symref capability: the branch with HEAD's commit.
			for _, b := range refs {
				if b.Name().IsBranch() && b.Hash() == ref.Hash() {
					target = b.Name()
					break
				}
			}
			if target == "" {
				return r.Storer.SetReference(plumbing.NewHashReference(plumbing.HEAD, ref.Hash()))
			}
		}
		return r.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, target))
	}
	return nil
}

// CleanURL checks that target is a URL that Open clones, and returns it as
// shown: without a password or token. A path, or a URL Open refuses, is an
// ErrBadTarget error.
func CleanURL(target string) (string, error) {
	u, isURL, err := parseTarget(target)
	if err != nil {
		return "", err
	}
	if !isURL {
		return "", fmt.Errorf("%s: not a URL (%s): %w", target, accepted, ErrBadTarget)
	}
	return u.clean, nil
}
