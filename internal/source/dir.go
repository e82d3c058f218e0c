package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dirRepo is an FS over an os.Root that it closes, and over the object
// store when some files come from there (a sparse checkout).
type dirRepo struct {
	*FS
	root  *os.Root
	store io.Closer
}

func (r *dirRepo) Close() error {
	err := r.root.Close()
	if r.store != nil {
		if serr := r.store.Close(); err == nil {
			err = serr
		}
	}
	return err
}

// openDir opens a local directory. Inside a git repository the directory is
// scanned as that repository publishes it: tracked files plus untracked ones
// that are not ignored, restricted to the files under the directory, with
// paths relative to it. A directory in no repository is scanned whole.
func openDir(target string, opts Options) (Repo, error) {
	abs, g, err := locate(target)
	if err != nil {
		return nil, err
	}
	if g == nil {
		if opts.Ref != "" {
			return nil, &TargetError{Target: target, Problem: ProblemRefNeedsRepo, Ref: opts.Ref}
		}
		return openPlain(abs)
	}
	if opts.Ref != "" || g.workTree == "" {
		ref := opts.Ref
		if ref == "" {
			ref = "HEAD"
		}
		return openLocalRef(g, abs, ref)
	}
	return openWorktree(g, abs)
}

// locate checks that target is a directory and finds the repository that
// contains it, if any (nil when none).
func locate(target string) (string, *gitLayout, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", target, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, &TargetError{Target: target, Problem: ProblemNotFound}
	case err != nil:
		return "", nil, fmt.Errorf("%s: %w", target, err)
	case !fi.IsDir():
		return "", nil, &TargetError{Target: target, Problem: ProblemNotDir}
	}
	// The repository is looked for from the resolved path, as git does, so a
	// symlink to a directory inside a repository finds that repository.
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", target, err)
	}
	g, err := findGit(resolved)
	return abs, g, err
}

func openPlain(dir string) (Repo, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	f, err := NewFS(root.FS(), Meta{Path: dir})
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &dirRepo{FS: f, root: root}, nil
}

// gitLayout says where the parts of a repository are.
type gitLayout struct {
	workTree  string // "" for a bare repository
	gitDir    string // HEAD and index live here
	commonDir string // objects, refs and config live here (linked worktrees)
	sub       string // slash path of the scanned directory below workTree
}

// findGit looks for the repository containing dir, from dir upwards. It
// returns nil when there is none.
func findGit(dir string) (*gitLayout, error) {
	if isBare(dir) || isLinkedGitDir(dir) {
		// A bare repository, a work tree's .git given directly, or a
		// linked worktree's git dir (.git/worktrees/NAME): its HEAD is
		// read from the object store.
		return layout("", dir)
	}
	for d := dir; ; {
		dot := filepath.Join(d, ".git")
		fi, err := os.Lstat(dot)
		if err == nil {
			g, err := dotGit(d, dot, fi)
			if err != nil {
				return nil, err
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", dir, err)
			}
			if rel != "." {
				g.sub = filepath.ToSlash(rel)
			}
			return g, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, nil
		}
		d = parent
	}
}

func dotGit(workTree, dot string, fi fs.FileInfo) (*gitLayout, error) {
	switch {
	case fi.IsDir():
		return layout(workTree, dot)
	case fi.Mode().IsRegular():
		// A linked worktree or a submodule: ".git" names the real git dir.
		b, err := readSmall(dot, 4096)
		if err != nil {
			return nil, fmt.Errorf("%w %s: %w", ErrCorrupt, workTree, err)
		}
		line, ok := bytes.CutPrefix(bytes.TrimSpace(b), []byte("gitdir:"))
		if !ok {
			return nil, fmt.Errorf("%w %s: .git file has no gitdir line", ErrCorrupt, workTree)
		}
		gd := filepath.FromSlash(strings.TrimSpace(string(line)))
		if !filepath.IsAbs(gd) {
			gd = filepath.Join(workTree, gd)
		}
		return layout(workTree, gd)
	default:
		return nil, fmt.Errorf("%w %s: .git is neither a directory nor a file", ErrCorrupt, workTree)
	}
}

func layout(workTree, gitDir string) (*gitLayout, error) {
	name := workTree
	if name == "" {
		name = gitDir
	}
	if fi, err := os.Stat(filepath.Join(gitDir, "HEAD")); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w %s: %s has no HEAD", ErrCorrupt, name, gitDir)
	}
	g := &gitLayout{workTree: workTree, gitDir: gitDir, commonDir: gitDir}
	if b, err := readSmall(filepath.Join(gitDir, "commondir"), 4096); err == nil {
		cd := filepath.FromSlash(strings.TrimSpace(string(b)))
		if !filepath.IsAbs(cd) {
			cd = filepath.Join(gitDir, cd)
		}
		g.commonDir = cd
	}
	return g, nil
}

// isBare reports whether dir looks like a bare repository, the way git's
// own discovery does: a HEAD file next to objects/ and refs/.
func isBare(dir string) bool {
	for name, wantDir := range map[string]bool{"HEAD": false, "objects": true, "refs": true} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() != wantDir {
			return false
		}
	}
	return true
}

// isLinkedGitDir reports whether dir is the git dir of a linked worktree:
// a HEAD beside a commondir file that names where the objects are.
func isLinkedGitDir(dir string) bool {
	for _, name := range []string{"HEAD", "commondir"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

func readSmall(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, limit)
	n, err := f.Read(b)
	if err != nil && n == 0 {
		return nil, err
	}
	return b[:n], nil
}
