package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// TestAuditLocalPaths: --list names repositories on this machine as ouvert
// scan takes them: a bare mirror, a clone, the clone's .git (the same
// repository, audited once), by absolute or relative path. The dashboard,
// written in another directory given absolute, links each repository's
// report relative to itself.
func TestAuditLocalPaths(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	mirrors := filepath.Join(dir, "mirrors")
	sourcetest.Bare(t, filepath.Join(mirrors, "budget.git"), sourcetest.ParseTxtar(string(b)), time.Now().Add(-time.Hour))
	clone := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	list := filepath.Join(dir, "repos.txt")
	content := "# mirrors and clones\nmirrors/budget.git\n" + clone.Dir() + "\n" + filepath.Join(clone.Dir(), ".git") + "\n"
	if err := os.WriteFile(list, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(t.TempDir(), "site")
	o := ouvert(t, dir, nil, "audit", "--list", list, "--quiet", "--output", filepath.Join(site, "audit.json"), "--repo-reports", "reports", "--repo-format", "json")
	if o.code != 0 {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	var j auditJSON
	if err := json.Unmarshal([]byte(readFile(t, site, "audit.json")), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Repositories) != 2 {
		t.Fatalf("%d repositories, want 2: %+v", len(j.Repositories), j.Repositories)
	}
	levels := map[string]string{}
	for _, r := range j.Repositories {
		levels[r.Name] = string(r.Level)
		if r.Error != "" {
			t.Errorf("%s: %s", r.Name, r.Error)
		}
		want, _ := filepath.Rel(site, filepath.Join(dir, "reports"))
		if !strings.HasPrefix(r.Report, filepath.ToSlash(want)+"/") {
			t.Errorf("%s: report link %q, want it under %q", r.Name, r.Report, want)
		} else if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(r.Report))); err != nil {
			t.Errorf("%s: the link does not lead to the report: %v", r.Name, err)
		}
	}
	if levels["budget"] != "C" || levels[filepath.Base(clone.Dir())] != "B" {
		t.Errorf("levels %v", levels)
	}

	// A path that is not there: one line, exit 2, in the list's words.
	if err := os.WriteFile(list, []byte("mirrors/gone.git\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := ouvert(t, dir, nil, "audit", "--list", list, "--quiet", "--state", "bad.jsonl")
	if bad.code != 2 || !strings.Contains(bad.stderr, "repos.txt:1: mirrors/gone.git: no such directory") || strings.Count(strings.TrimSpace(bad.stderr), "\n") != 0 {
		t.Errorf("code %d, stderr %q", bad.code, bad.stderr)
	}
}
