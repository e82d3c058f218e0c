package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// TestAuditInFrench runs every audit command with --lang fr (help, dry
// run, an audit with its progress, the reports, a comparison, merge, and
// errors) and fails on English words outside identifiers.
func TestAuditInFrench(t *testing.T) {
	ag := audittest.New(t, 5, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	dir := t.TempDir()
	// The repositories scan: what git says of one that cannot be cloned is
	// recorded as git said it (the source package's errors, in English).
	list := writeList(t, audittest.URLs(ag.Repos))
	accounts, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "accounts", "comptes-organismes-publics-2025-09-22.yml"))
	if err := os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		args []string
		code int
	}{
		{[]string{"audit", "--help"}, 0},
		{[]string{"audit", "merge", "--help"}, 0},
		{[]string{"audit", "diff", "--help"}, 0},
		{[]string{"audit", "--accounts", accounts, "--dry-run"}, 0},
		{[]string{"audit", "--list", list, "--state", "s1.jsonl", "--output", "a1.json"}, 0},
		{[]string{"audit", "--list", list, "--state", "s2.jsonl", "--previous", "s1.jsonl"}, 0},
		{[]string{"audit", "diff", "s1.jsonl", "s2.jsonl"}, 0},
		{[]string{"audit", "merge", "s2.jsonl", "--previous", "a1.json", "--format", "csv", "--csv-sep", ";"}, 0},
		{[]string{"audit"}, 2},
		{[]string{"audit", "--list", list, "--jobs", "0"}, 2},
		{[]string{"audit", "--list", list, "--timeout", "-1s"}, 2},
		{[]string{"audit", "--list", list, "--csv-sep", "|"}, 2},
		{[]string{"audit", "--list", list, "--format", "pdf"}, 2},
		{[]string{"audit", "--list", list, "--resume", "--state", "none.jsonl"}, 2},
		{[]string{"audit", "merge"}, 2},
		{[]string{"audit", "diff", "s1.jsonl"}, 2},
		{[]string{"audit", "diff", "s1.jsonl", "s2.jsonl", "--format", "html"}, 2},
	}
	for _, r := range runs {
		o := ouvert(t, dir, env, append(r.args, "--lang", "fr")...)
		if o.code != r.code {
			t.Errorf("%v: code %d, want %d; stderr %q", r.args, o.code, r.code, o.stderr)
			continue
		}
		out := o.stderr
		if !strings.Contains(strings.Join(r.args, " "), "--format csv") {
			out += o.stdout // the CSV's columns are identifiers
		}
		if len(out) < 10 && !strings.Contains(strings.Join(r.args, " "), "--format csv") {
			t.Errorf("%v: nothing said", r.args)
		}
		for _, l := range frenchLeaks(out) {
			t.Errorf("%v: English: %s", r.args, l)
		}
	}
	// The same through LANG, without --lang.
	o := ouvert(t, dir, append(env, "LANG=fr_FR.UTF-8"), "audit", "--help")
	if !strings.Contains(o.stdout, "Analyser tous les dépôts") && !strings.Contains(o.stdout, "Analyse de nombreux dépôts") {
		t.Errorf("LANG=fr_FR.UTF-8: %.200q", o.stdout)
	}
}
