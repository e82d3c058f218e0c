package main

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// A team declares its own token format in .ouvert.yml: a token of that
// format fails the scan as secrets/custom, named after the pattern, and
// never printed; a broken pattern stops the scan with one line naming the
// file, the line and the problem.
func TestCustomSecretPatternEndToEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	const set = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 28)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	tok := "mdx_" + string(b)
	repo := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	repo.Write(".ouvert.yml", "secrets:\n  patterns:\n    - id: ministere-api\n      regex: '\\bmdx_[a-z0-9]{28}\\b'\n      entropy: 3\n")
	repo.Write("src/client.py", "API = \""+tok+"\"\n")
	repo.Commit("client", sourcetest.Epoch.Add(3600e9))

	j, o := scanJSON(t, repo.Dir(), nil)
	if j.outcome("secrets/custom") != "fail" || j.outcome("secrets/scan") != "fail" || o.code != 1 {
		t.Fatalf("secrets/custom = %s, secrets/scan = %s, code %d", j.outcome("secrets/custom"), j.outcome("secrets/scan"), o.code)
	}
	idx := j.of("secrets/custom")
	if len(idx) != 1 || j.Findings[idx[0]].Path != "src/client.py" || !strings.Contains(j.Findings[idx[0]].Message, "ministere-api") {
		t.Fatalf("custom findings %v: %+v", idx, j.Findings)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		if out := ouvert(t, repo.Dir(), nil, "scan", "--format", format); strings.Contains(out.stdout+out.stderr, tok[4:]) {
			t.Errorf("%s output prints the token", format)
		}
	}

	repo.Write(".ouvert.yml", "secrets:\n  patterns:\n    - id: ministere-api\n      regex: 'mdx_[a-z0-9{28}'\n")
	bad := ouvert(t, repo.Dir(), nil, "scan", "--format", "json")
	msg := strings.TrimSpace(bad.stderr)
	if bad.code == 0 || bad.code == 1 || strings.Count(msg, "\n") > 0 || !strings.Contains(msg, ".ouvert.yml:4:") || !strings.Contains(msg, "regex") {
		t.Errorf("broken pattern: code %d, stderr %q", bad.code, bad.stderr)
	}
}
