package source_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// gitBlobs is what git itself says the history holds: every blob that
// rev-list --objects reaches from every ref, with its content read by
// cat-file --batch.
func gitBlobs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	list := gitIn(t, dir, "", "rev-list", "--objects", "--all")
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		ids = append(ids, strings.Fields(l)[0])
	}
	out := gitIn(t, dir, strings.Join(ids, "\n")+"\n", "cat-file", "--batch")
	blobs := map[string][]byte{}
	br := bufio.NewReader(strings.NewReader(out))
	for {
		head, err := br.ReadString('\n')
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			t.Fatalf("cat-file: %q", head)
		}
		n, _ := strconv.Atoi(f[2])
		body := make([]byte, n+1) // and the newline after it
		if _, err := io.ReadFull(br, body); err != nil {
			t.Fatal(err)
		}
		if f[1] == "blob" {
			blobs[f[0]] = body[:n]
		}
	}
	return blobs
}

func gitIn(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, sourcetest.Env(), strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %v: %v: %s", args, err, errb.String())
	}
	return out.String()
}

// equalsGit checks that the history reader hands over exactly the blobs
// git reaches, each with git's content (issue 18: the reader tested
// against git itself). TestHistoryPackedDeltas runs it on histories with
// offset and ref deltas, several packs, loose objects, a branch and a tag.
func equalsGit(t *testing.T, r *sourcetest.Repo) {
	t.Helper()
	r.Branch("side")
	r.Checkout("side")
	r.Write("side.txt", strings.Repeat("only on a branch\n", 10))
	r.Commit("side", t3)
	r.AnnotatedTag("v1", "release")
	r.Checkout("main")
	want := gitBlobs(t, r.Dir())

	const limit = 2500
	repo := open(t, r.Dir(), source.Options{})
	var mu sync.Mutex
	got := map[string][]byte{}
	sizes := map[string]int64{}
	problems, err := repo.(source.Historian).History(context.Background(), source.HistoryOptions{MaxSize: limit},
		func(b source.Blob, c []byte) error {
			mu.Lock()
			defer mu.Unlock()
			got[b.Hash], sizes[b.Hash] = bytes.Clone(c), b.Size // c is reused once fn returns
			return nil
		})
	if err != nil || len(problems) > 0 {
		t.Fatalf("History: %v %+v", err, problems)
	}
	if len(got) != len(want) {
		t.Errorf("%d blobs handed over, git has %d", len(got), len(want))
	}
	for h, c := range want {
		g, ok := got[h]
		switch {
		case !ok:
			t.Errorf("blob %s (%d bytes) not handed over", h, len(c))
		case sizes[h] != int64(len(c)):
			t.Errorf("blob %s: size %d, git says %d", h, sizes[h], len(c))
		case len(c) > limit && g != nil:
			t.Errorf("blob %s over the cap handed over with content", h)
		case len(c) <= limit && !bytes.Equal(g, c):
			t.Errorf("blob %s: content differs from git's", h)
		}
	}
}
