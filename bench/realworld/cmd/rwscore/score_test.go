package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const head = "1111111111111111111111111111111111111111"

func TestMatchByPlace(t *testing.T) {
	r := Repo{Name: "o/r", Commit: head}
	labels := []Label{
		{Repo: "o/r", Commit: "HEAD", Path: "a.py", Line: 3, Verdict: "false"},
		{Repo: "o/r", Commit: "2222222222222222222222222222222222222222", Path: "b.yml", Line: 10, Verdict: "true", Secret: "s"},
		{Repo: "o/r", Commit: "*", Path: "tests/t.py", AnyLine: true, Verdict: "false"},
		{Repo: "x/y", Commit: "HEAD", Path: "a.py", Line: 3, Verdict: "true", Secret: "s"},
	}
	ix := newIndex(labels)
	cases := []struct {
		name  string
		p     Place
		want  int // index in labels, -1 for none
		exact bool
	}{
		{"tree finding is the listed commit", Place{Path: "a.py", Line: 3}, 0, true},
		{"exact history place", Place{Path: "b.yml", Line: 10, Commit: "2222222222222222222222222222222222222222"}, 1, true},
		{"same line at another commit", Place{Path: "b.yml", Line: 10, Commit: "3333333333333333333333333333333333333333"}, 1, false},
		{"two lines away at the same commit", Place{Path: "b.yml", Line: 12, Commit: "2222222222222222222222222222222222222222"}, 1, false},
		{"three lines away is another place", Place{Path: "b.yml", Line: 13, Commit: "2222222222222222222222222222222222222222"}, -1, false},
		{"whole file at any commit", Place{Path: "tests/t.py", Line: 99, Commit: "4444444444444444444444444444444444444444"}, 2, true},
		{"another path", Place{Path: "c.py", Line: 3}, -1, false},
	}
	for _, c := range cases {
		l, exact := ix.match(r, c.p)
		switch {
		case c.want < 0 && l != nil:
			t.Errorf("%s: matched label %+v, want none", c.name, *l)
		case c.want >= 0 && l != &labels[c.want]:
			t.Errorf("%s: matched %v, want label %d", c.name, l, c.want)
		case c.want >= 0 && exact != c.exact:
			t.Errorf("%s: exact = %v, want %v", c.name, exact, c.exact)
		}
	}
}

func TestPrecisionKeepsUnclearApart(t *testing.T) {
	var c Counts
	for _, v := range []string{"true", "false", "false", "false", "unclear", ""} {
		c.add(v)
	}
	p, ok := c.Precision()
	if !ok || p != 0.25 {
		t.Errorf("precision = %v, %v; want 0.25 (1 true of 4 judged; unclear and unlabelled apart)", p, ok)
	}
	if _, ok := (Counts{Unclear: 2}).Precision(); ok {
		t.Error("precision of nothing judged should be undefined")
	}
}

// TestScoreEndToEnd writes the files run.sh leaves and checks the figures
// rwscore derives from them: per tier, blocking, the level cause, recall and
// a repository without a report.
func TestScoreEndToEnd(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("repos.tsv", "# repo\tcommit\tsplit\tstack\twhy\n"+
		"o/good\t"+head+"\ttune\tGo\tx\n"+
		"o/leak\t"+head+"\theldout\tGo\tx\n"+
		"o/broken\t"+head+"\ttune\tGo\tx\n")
	write("labels.tsv", strings.Join(labelColumns, "\t")+"\n"+
		"o/good\tHEAD\ttest/a_test.go\t5\tpassword\tsecrets/generic-assignment\tfalse\ttest-fixture\touvert\t-\ta test password\n"+
		"o/leak\tHEAD\tdeploy.yml\t7\ttoken\tsecrets/gitlab-token\ttrue\t-\touvert\tt1\ta token\n"+
		"o/leak\t5555555555555555555555555555555555555555\told.yml\t2\ttoken\tsecrets/gitlab-token\ttrue\t-\tsweep\tt2\tanother token\n"+
		"o/broken\tHEAD\tk.pem\t1\tprivate-key\tsecrets/private-key\ttrue\t-\tsweep\tk1\ta key\n")
	report := func(findings ...map[string]any) string {
		b, _ := json.Marshal(map[string]any{
			"level":    map[string]any{"id": "none", "next": map[string]any{"id": "C", "missing": []string{"secrets/scan"}}},
			"rules":    []map[string]any{{"id": "secrets/scan", "outcome": "fail"}},
			"findings": findings,
		})
		return string(b)
	}
	write("work/ouvert/o+good.json", report(
		map[string]any{"rule": "secrets/generic-assignment", "severity": "error", "path": "test/a_test.go", "line": 5, "commit": ""},
		map[string]any{"rule": "secrets/generic-assignment", "severity": "note", "confidence": "low", "path": "x.md", "line": 1, "commit": ""},
	))
	write("work/ouvert/o+leak.json", report(
		map[string]any{"rule": "secrets/gitlab-token", "severity": "error", "confidence": "high", "path": "deploy.yml", "line": 7, "commit": ""},
	))
	write("work/ouvert/o+broken.meta", "exit\t3\nseconds\t1\nerror\tcorrupt repository\n")
	write("work/gitleaks/o+leak.json", `[{"RuleID":"gitlab-pat","File":"old.yml","StartLine":2,"Commit":"5555555555555555555555555555555555555555"}]`)

	var out bytes.Buffer
	if err := run(&out, filepath.Join(dir, "repos.tsv"), filepath.Join(dir, "labels.tsv"), filepath.Join(dir, "work"), "test", "", ""); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"o/broken: exit 3 corrupt repository",
		"secrets/gitlab-token        high     1         1     0      0        0           1.000",
		"secrets/generic-assignment  low      1         0     0      0        1           -",
		"secrets/generic-assignment  unknown  1         0     1      0        0           0.000",
		"secrets/scan fails only because of false findings: 1 repositories",
		"secrets (distinct values) found by ouvert: 1 of 3 (0.333); by gitleaks: 1 of 3 (0.333)",
		"MISSED (no report)  o/broken",
		"ouvert  o/good  111111111111  x.md:1  secrets/generic-assignment  low",
		"[heldout] 1 repositories, 1 reported",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q\n%s", want, got)
		}
	}
	if strings.Contains(got, "t1\ttoken") {
		t.Error("report prints a value column")
	}
}

// TestAnySplitName checks that a new part (a fresh held-out set) is read,
// scored apart with -split and given its own headline, and that a malformed
// part name is refused rather than silently scored nowhere.
func TestAnySplitName(t *testing.T) {
	dir := t.TempDir()
	repos := filepath.Join(dir, "repos.tsv")
	labels := filepath.Join(dir, "labels.tsv")
	if err := os.WriteFile(repos, []byte("# repo\tcommit\tsplit\tstack\twhy\n"+
		"o/a\t"+head+"\ttune\tGo\tx\n"+
		"o/b\t"+head+"\theldout2\tGo\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(labels, []byte(strings.Join(labelColumns, "\t")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	var all bytes.Buffer
	if err := run(&all, repos, labels, work, "test", "", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all.String(), "[heldout2] 1 repositories") {
		t.Errorf("no headline for the heldout2 part\n%s", all.String())
	}
	var part bytes.Buffer
	if err := run(&part, repos, labels, work, "test", "heldout2", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(part.String(), "o/b") || strings.Contains(part.String(), "o/a") {
		t.Errorf("-split heldout2 should score o/b alone\n%s", part.String())
	}
	if err := os.WriteFile(repos, []byte("o/c\t"+head+"\t\tGo\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readRepos(repos); err == nil {
		t.Error("an empty split was accepted")
	}
}
