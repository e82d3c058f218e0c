package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// openWorktree lists what a work tree would publish: the tracked files
// that are still on disk, and the untracked files that no .gitignore or
// .git/info/exclude ignores (what "git add -A" would add). Personal
// excludes (core.excludesFile) are not read: what a repository publishes
// must not depend on who scans it.
func openWorktree(g *gitLayout, dir string) (Repo, error) {
	r, st, err := openStorage(g)
	if err != nil {
		return nil, err
	}
	// Only refs and config are needed past this point; descriptors to packs
	// are not kept.
	defer st.Close()
	// Commits and tags are read through the object store, not go-git's.
	objs := openMetaObjects(g)
	if objs != nil {
		defer objs.close()
	}
	head, err := headCommit(r, objs, g.name())
	if err != nil {
		return nil, err
	}
	if head != nil && !hasIndex(g) {
		// Never checked out (git clone --no-checkout): what HEAD holds is
		// what the repository publishes.
		return openLocalRef(g, dir, "HEAD")
	}
	meta := Meta{Path: dir, Dir: g.sub}
	if err := fillMeta(r, objs, &meta, head); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrCorrupt, g.name(), err)
	}
	idx, err := readIndex(g)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	files, err := listWorktree(g, idx, root)
	if err != nil {
		root.Close()
		return nil, err
	}
	files, fsys, store, err := sparseCheckout(g, idx, files, root, isPartial(r))
	if err != nil {
		root.Close()
		return nil, err
	}
	d := &dirRepo{FS: NewFSFiles(fsys, files, meta, capsOf(meta)), root: root, store: store}
	if head == nil {
		return d, nil
	}
	return &worktreeRepo{dirRepo: d, hist: &historian{g: g, name: g.name(), commit: head.Hash, sub: g.sub}}, nil
}

// readIndex decodes the index; a missing index is an empty one (nothing
// committed or added yet). A broken index is an error rather than a
// fallback to listing the whole directory: that would scan build outputs
// and secrets that git ignores, and say nothing of why.
func readIndex(g *gitLayout) (*index.Index, error) {
	idx := &index.Index{Version: 2}
	f, err := os.Open(filepath.Join(g.gitDir, "index"))
	if os.IsNotExist(err) {
		return idx, nil
	}
	if err != nil {
		return nil, fmt.Errorf("repository %s: read index: %w", g.name(), err)
	}
	defer f.Close()
	if err := index.NewDecoder(bufio.NewReaderSize(f, 64<<10)).Decode(idx); err != nil && !sparseIndex(idx, err) {
		return nil, fmt.Errorf("%w %s: index: %w (git status may rebuild it)", ErrCorrupt, g.name(), err)
	}
	return idx, nil
}

// worktreeLister walks the scanned directory. Paths in its maps are
// slash-separated from the work tree root; paths in files are relative to
// the scanned directory.
type worktreeLister struct {
	g        *gitLayout
	root     *os.Root // the scanned directory
	tracked  map[string]bool
	gitlinks map[string]bool
	walked   map[string]bool // directories whose entries were listed
	found    map[string]bool // tracked files the walk listed
	files    []File
}

func listWorktree(g *gitLayout, idx *index.Index, root *os.Root) ([]File, error) {
	w := &worktreeLister{
		g:        g,
		root:     root,
		tracked:  make(map[string]bool, len(idx.Entries)),
		gitlinks: map[string]bool{},
		walked:   map[string]bool{},
		found:    make(map[string]bool, len(idx.Entries)),
		files:    make([]File, 0, len(idx.Entries)),
	}
	prefix := ""
	if g.sub != "" {
		prefix = g.sub + "/"
	}
	for _, e := range idx.Entries {
		if !strings.HasPrefix(e.Name, prefix) {
			continue
		}
		if e.Mode == filemode.Submodule {
			w.gitlinks[e.Name] = true
		} else {
			w.tracked[e.Name] = true
		}
	}

	pats, ignored, err := w.ancestorPatterns()
	if err != nil {
		return nil, err
	}
	if !ignored {
		var comps []string
		if g.sub != "" {
			comps = strings.Split(g.sub, "/")
		}
		if err := w.walk(g.sub, comps, pats); err != nil {
			return nil, err
		}
	}

	// Tracked files the walk did not reach: those under ignored directories
	// still count; those in a walked directory were deleted.
	for p := range w.tracked {
		if w.found[p] || w.walked[path.Dir(p)] || (path.Dir(p) == "." && w.walked[""]) {
			continue
		}
		rel := strings.TrimPrefix(p, prefix)
		fi, err := w.root.Lstat(filepath.FromSlash(rel))
		if err != nil || fi.IsDir() {
			continue
		}
		if f, ok := fileOf(rel, fi); ok {
			w.files = append(w.files, f)
		}
	}
	for p := range w.gitlinks {
		w.files = append(w.files, File{Path: strings.TrimPrefix(p, prefix), Kind: Submodule})
	}
	return w.files, nil
}

// ancestorPatterns reads .git/info/exclude and the .gitignore files of the
// directories above the scanned one, and reports whether one of those
// directories is itself ignored (then only tracked files are published).
func (w *worktreeLister) ancestorPatterns() ([]gitignore.Pattern, bool, error) {
	pats, err := readPatterns(filepath.Join(w.g.commonDir, "info", "exclude"), nil)
	if err != nil {
		return nil, false, err
	}
	if w.g.sub == "" {
		return pats, false, nil
	}
	comps := strings.Split(w.g.sub, "/")
	for i := range comps {
		dir := filepath.Join(w.g.workTree, filepath.FromSlash(strings.Join(comps[:i], "/")))
		more, err := readPatterns(filepath.Join(dir, ".gitignore"), comps[:i])
		if err != nil {
			return nil, false, err
		}
		pats = append(pats, more...)
		if ignoredBy(pats, comps[:i+1], true) {
			return nil, true, nil
		}
	}
	return pats, false, nil
}

func (w *worktreeLister) walk(rel string, comps []string, pats []gitignore.Pattern) error {
	osDir := filepath.Join(w.g.workTree, filepath.FromSlash(rel))
	ents, err := os.ReadDir(osDir)
	if err != nil {
		return fmt.Errorf("list %s: %w", osDir, err)
	}
	for _, e := range ents {
		switch {
		case e.Name() == ".git" && rel != w.g.sub:
			// An untracked repository nested in this one: git adds it as a
			// gitlink at most, never its files.
			return nil
		case e.Name() == ".gitignore" && e.Type().IsRegular():
			more, err := readPatterns(filepath.Join(osDir, ".gitignore"), comps)
			if err != nil {
				return err
			}
			// A fresh slice: siblings must not see this directory's rules.
			pats = append(pats[:len(pats):len(pats)], more...)
		}
	}
	w.walked[rel] = true
	comps = comps[:len(comps):len(comps)]
	for _, e := range ents {
		name := e.Name()
		if name == ".git" {
			continue
		}
		p := name
		if rel != "" {
			p = rel + "/" + name
		}
		t := e.Type()
		if t.IsDir() {
			if w.gitlinks[p] || ignoredBy(pats, append(comps, name), true) {
				continue
			}
			if err := w.walk(p, append(comps, name), pats); err != nil {
				return err
			}
			continue
		}
		tracked := w.tracked[p]
		if !tracked && ignoredBy(pats, append(comps, name), false) {
			continue
		}
		if !t.IsRegular() && t&fs.ModeSymlink == 0 {
			continue // sockets, devices, pipes: nothing to publish
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed while listing
		}
		relToScan := p
		if w.g.sub != "" {
			relToScan = strings.TrimPrefix(p, w.g.sub+"/")
		}
		if f, ok := fileOf(relToScan, fi); ok {
			w.files = append(w.files, f)
			if tracked {
				w.found[p] = true
			}
		}
	}
	return nil
}

func fileOf(p string, fi fs.FileInfo) (File, bool) {
	m := fi.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return File{Path: p, Size: fi.Size(), Kind: Symlink}, true
	case m.IsRegular():
		k := Regular
		if m&0o111 != 0 {
			k = Executable
		}
		return File{Path: p, Size: fi.Size(), Kind: k}, true
	}
	return File{}, false
}

// ignoredBy applies gitignore precedence: the last pattern that matches
// decides, and later files (deeper directories) come later in pats.
func ignoredBy(pats []gitignore.Pattern, p []string, isDir bool) bool {
	for i := len(pats) - 1; i >= 0; i-- {
		switch pats[i].Match(p, isDir) {
		case gitignore.Exclude:
			return true
		case gitignore.Include:
			return false
		}
	}
	return false
}

// readPatterns reads one ignore file; a missing one has no patterns.
func readPatterns(name string, domain []string) ([]gitignore.Pattern, error) {
	b, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var pats []gitignore.Pattern
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		pats = append(pats, gitignore.ParsePattern(line, domain))
	}
	return pats, nil
}
