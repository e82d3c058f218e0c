package fix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	b := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn"
	got := Diff("f.yml", []byte(a), []byte(b))
	want := "--- a/f.yml\n+++ b/f.yml\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if Diff("f", []byte(a), []byte(a)) != "" {
		t.Error("equal texts give a diff")
	}
	if got := Diff("f", nil, []byte("x\n")); got != "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("from empty: %q", got)
	}
}

// TestDiffAppliesWithPatch checks the diffs against patch(1), when it is
// installed: what ouvert shows is what git apply or patch would do.
func TestDiffAppliesWithPatch(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch command")
	}
	pairs := [][2]string{
		{"a\nb\nc\n", "x\na\nc\nd\n"},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n", "1\n2\n3a\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13b\n14\n16\n"},
		{"k: v\n", "k: v"},
		{"", "a\n"},
		{strings.Repeat("l\n", 50), strings.Repeat("l\n", 20) + "m\n" + strings.Repeat("l\n", 30)},
		// Past maxEdits the middle is replaced whole.
		{"head\n" + strings.Repeat("a\n", 1500) + "tail\n", "head\n" + strings.Repeat("b\n", 1500) + "tail\n"},
	}
	for i, p := range pairs {
		dir := t.TempDir()
		f := filepath.Join(dir, "f")
		if err := os.WriteFile(f, []byte(p[0]), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("patch", "-s", "-p1", "-d", dir)
		cmd.Stdin = strings.NewReader(Diff("f", []byte(p[0]), []byte(p[1])))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pair %d: patch: %v: %s", i, err, out)
		}
		if got, _ := os.ReadFile(f); string(got) != p[1] {
			t.Errorf("pair %d: patched %q, want %q", i, got, p[1])
		}
	}
}
