package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// TestAuditCSVInPython reads the audit's CSV back with Python's csv module
// as the README says to: encoding utf-8-sig (the byte order mark that
// spreadsheets need) and the separator of --csv-sep.
func TestAuditCSVInPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the CSV is not read back by Python")
	}
	ag := audittest.New(t, 4, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	dir := t.TempDir()
	list := writeList(t, audittest.URLs(ag.Repos))
	for _, sep := range []string{",", ";"} {
		o := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--state", "s.jsonl", "--output", "audit.csv", "--csv-sep", sep)
		if o.code != 0 {
			t.Fatalf("code %d, stderr %q", o.code, o.stderr)
		}
		script := `import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=sys.argv[2]))
print(len(rows), rows[0][0], rows[0][3], len(rows[0]), sorted(r[3] for r in rows[1:]))`
		cmd := exec.Command(python, "-c", script, filepath.Join(dir, "audit.csv"), sep)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("python: %v\n%s", err, out)
		}
		if got := strings.TrimSpace(string(out)); got != "5 name level 21 ['A', 'B', 'C', 'none']" {
			t.Errorf("--csv-sep %q: Python read %s", sep, got)
		}
	}
	if o := ouvert(t, dir, env, "audit", "--list", list, "--csv-sep", "|"); o.code != 2 || !strings.Contains(o.stderr, "--csv-sep") {
		t.Errorf("--csv-sep |: code %d, stderr %q", o.code, o.stderr)
	}
}
