package sourcetest

import (
	"sort"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Bare writes a bare repository at dir whose branch main (HEAD) holds one
// commit, made at when, of files. It runs no git process, so that a test
// can make hundreds of repositories in a moment; git reads them as any
// other. It returns the commit's hash.
func Bare(t testing.TB, dir string, files []TxtarFile, when time.Time) string {
	t.Helper()
	r, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	st := r.Storer
	put := func(o encoder, typ plumbing.ObjectType) plumbing.Hash {
		obj := st.NewEncodedObject()
		obj.SetType(typ)
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	root := writeTree(t, st, files, "", put)
	sig := object.Signature{Name: "Ada Author", Email: "ada@example.com", When: when}
	commit := &object.Commit{Author: sig, Committer: sig, Message: "import\n", TreeHash: root}
	h := put(commit, plumbing.CommitObject)
	main := plumbing.NewBranchReferenceName("main")
	if err := st.SetReference(plumbing.NewHashReference(main, h)); err != nil {
		t.Fatal(err)
	}
	if err := st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, main)); err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// encoder is a git object that writes itself.
type encoder interface {
	Encode(plumbing.EncodedObject) error
}

type blobData string

func (b blobData) Encode(o plumbing.EncodedObject) error {
	w, err := o.Writer()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(b)); err != nil {
		return err
	}
	return w.Close()
}

// writeTree writes the tree of the files under prefix and returns its hash.
func writeTree(t testing.TB, st storer.EncodedObjectStorer, files []TxtarFile, prefix string,
	put func(encoder, plumbing.ObjectType) plumbing.Hash) plumbing.Hash {
	t.Helper()
	subs := map[string][]TxtarFile{}
	tree := &object.Tree{}
	for _, f := range files {
		rest, ok := strings.CutPrefix(f.Name, prefix)
		if !ok {
			continue
		}
		if dir, _, nested := strings.Cut(rest, "/"); nested {
			subs[dir] = append(subs[dir], f)
			continue
		}
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: rest, Mode: filemode.Regular, Hash: put(blobData(f.Data), plumbing.BlobObject)})
	}
	for dir, fs := range subs {
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: writeTree(t, st, fs, prefix+dir+"/", put)})
	}
	// Git orders entries by name, a directory as if its name ended in "/".
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(tree.Entries, func(i, j int) bool { return key(tree.Entries[i]) < key(tree.Entries[j]) })
	return put(tree, plumbing.TreeObject)
}
