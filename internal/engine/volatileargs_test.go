package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVolatileArgsAreCatalogPlaceholders: the arguments left out of
// fingerprints are named by string; each must be a placeholder of some
// text of the catalog, so that renaming one there fails here instead of
// silently changing every fingerprint that carries it.
func TestVolatileArgsAreCatalogPlaceholders(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "rules", "rules*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("catalog files: %v %v", files, err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for k := range volatileArgs {
		if !strings.Contains(all.String(), "{"+k+"}") {
			t.Errorf("volatile argument %q is no placeholder of the catalog (%s)", k, strings.Join(files, ", "))
		}
	}
	if got := argsKey(map[string]string{"path": "a", "days": "3"}); got != "path=a;" {
		t.Errorf("argsKey = %q, want the days left out", got)
	}
}
