package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// freshKey makes an RSA private key for this test run only: no secret is
// stored in the repository.
func freshKey(t *testing.T) string { return testrepos.FreshKey(t) }

// leaks reports whether any 16-character run of the key's body shows up.
func leaks(out, key string) bool {
	body := strings.Join(strings.Split(key, "\n")[1:5], "")
	for i := 0; i+16 <= len(body); i += 8 {
		if strings.Contains(out, body[i:i+16]) {
			return true
		}
	}
	return false
}

func TestSecretInHistoryOnly(t *testing.T) {
	key := freshKey(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Write("deploy/id_rsa", key)
	introduced := r.Commit("add the deploy key", sourcetest.Epoch.Add(time.Hour))
	r.Remove("deploy/id_rsa")
	r.Commit("remove the deploy key", sourcetest.Epoch.Add(2*time.Hour))

	j, o := scanJSON(t, r.Dir(), nil)
	if j.outcome("secrets/scan") != "fail" || j.Level.ID != "none" || o.code != 1 {
		t.Fatalf("secrets/scan = %s, level %s, code %d", j.outcome("secrets/scan"), j.Level.ID, o.code)
	}
	var hit bool
	for _, f := range j.Findings {
		if strings.HasPrefix(f.Rule, "secrets/") && f.Rule != "secrets/scan" {
			hit = true
			if f.Path != "deploy/id_rsa" || f.Fingerprint == "" {
				t.Errorf("finding = %+v", f)
			}
		}
	}
	if !hit {
		t.Fatalf("no secret finding: %+v", j.Findings)
	}
	if !strings.Contains(o.stdout, introduced) {
		t.Errorf("the introducing commit %s is not in the report", introduced)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		out := ouvert(t, r.Dir(), nil, "scan", "--format", format)
		if leaks(out.stdout+out.stderr, key) {
			t.Errorf("%s output prints the private key", format)
		}
	}

	// Tree only: the key is gone from the tree, so nothing is found, and
	// the report says the history was not read.
	tree, _ := scanJSON(t, r.Dir(), nil, "--history=false")
	if tree.outcome("secrets/scan") != "pass" || tree.Level.ID != "C" {
		t.Errorf("--history=false: secrets/scan = %s, level %s", tree.outcome("secrets/scan"), tree.Level.ID)
	}

	// An exception with a reason accepts it; the finding stays visible.
	os.WriteFile(filepath.Join(r.Dir(), ".ouvert.yml"), []byte("exceptions:\n  - {rule: \"secrets/*\", path: deploy/, reason: \"revoked on 2024-01-03\"}\n"), 0o644)
	acc, o2 := scanJSON(t, r.Dir(), nil)
	if acc.outcome("secrets/scan") != "pass" || o2.code != 0 || !strings.Contains(o2.stdout, "revoked on 2024-01-03") {
		t.Errorf("exception: secrets/scan = %s, code %d", acc.outcome("secrets/scan"), o2.code)
	}
}

func TestSecretSinceBaseBranch(t *testing.T) {
	key := freshKey(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Write("old/id_rsa", key)
	r.Commit("an old key, already public", sourcetest.Epoch.Add(time.Hour))
	r.Remove("old/id_rsa")
	r.Commit("drop it", sourcetest.Epoch.Add(2*time.Hour))
	r.Branch("feature")
	r.Checkout("feature")
	r.Write("docs/guide.md", "# Guide\n\nNothing secret here, only words for the reader.\n")
	r.Commit("docs", sourcetest.Epoch.Add(3*time.Hour))

	all, _ := scanJSON(t, r.Dir(), nil)
	pr, o := scanJSON(t, r.Dir(), nil, "--since", "main")
	if all.outcome("secrets/scan") != "fail" || pr.outcome("secrets/scan") != "pass" || o.code != 0 {
		t.Errorf("whole history %s, since main %s (code %d)", all.outcome("secrets/scan"), pr.outcome("secrets/scan"), o.code)
	}
	bad := ouvert(t, r.Dir(), nil, "scan", "--since", "no-such-branch")
	if bad.code != 2 || !strings.Contains(bad.stderr, "no-such-branch") {
		t.Errorf("unknown --since: code %d, %q", bad.code, bad.stderr)
	}
}

func TestSecretInTreeOverClone(t *testing.T) {
	key := freshKey(t)
	r := levelA(t)
	r.Write("config/server.key", key)
	r.Commit("oops", time.Now().Add(-time.Hour))
	url, ca := sourcetest.GitServer(t, map[string]*sourcetest.Repo{"x.git": r})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, ca, 0o644)
	j, o := scanJSON(t, ".", []string{"SSL_CERT_FILE=" + caFile}, url+"/x.git")
	if j.outcome("secrets/scan") != "fail" || o.code != 1 || leaks(o.stdout, key) {
		t.Errorf("secrets/scan = %s, code %d", j.outcome("secrets/scan"), o.code)
	}
}

// The size cap comes from .ouvert.yml (secrets.max-file-size) or the flag,
// which wins; what it leaves out, in the tree and in the history, is named
// in the report.
func TestSecretsMaxFileSize(t *testing.T) {
	key := freshKey(t)
	filler := strings.Repeat("# generated settings, one line of padding\n", 200) // ~8.4 KB
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Write("old/dump.sql", "-- dump\n"+filler+freshKey(t))
	r.Commit("a dump with a key", sourcetest.Epoch.Add(time.Hour))
	r.Remove("old/dump.sql")
	r.Write("config/big.env", filler+key)
	r.Write(".ouvert.yml", "secrets:\n  max-file-size: 4KiB\n")
	r.Commit("drop the dump, add settings", sourcetest.Epoch.Add(2*time.Hour))

	j, o := scanJSON(t, r.Dir(), nil)
	if o.code != 0 || j.outcome("secrets/scan") != "pass" {
		t.Fatalf("with a 4 KiB cap: code %d, secrets/scan %s, stderr %q", o.code, j.outcome("secrets/scan"), o.stderr)
	}
	var tree, hist bool
	for _, f := range j.Findings {
		if f.Rule != "secrets/scan" {
			continue
		}
		tree = tree || strings.Contains(f.Message, "config/big.env") && strings.Contains(f.Message, "4 KiB")
		hist = hist || strings.Contains(f.Message, "old/dump.sql") && strings.Contains(f.Message, "4 KiB") && strings.Contains(f.Message, "history")
	}
	if !tree || !hist {
		t.Errorf("notes for the files left out: tree %v, history %v; findings %+v", tree, hist, j.Findings)
	}

	j, o = scanJSON(t, r.Dir(), nil, "--max-file-size", "64KiB")
	found := map[string]bool{}
	for _, f := range j.Findings {
		if f.Rule == "secrets/private-key" {
			found[f.Path] = true
		}
	}
	if o.code != 1 || !found["config/big.env"] || !found["old/dump.sql"] {
		t.Errorf("--max-file-size 64KiB: code %d, private keys in %v", o.code, found)
	}

	bad := ouvert(t, r.Dir(), nil, "scan", "--max-file-size", "12XB")
	if bad.code != 2 || !strings.Contains(bad.stderr, "--max-file-size") || !strings.Contains(bad.stderr, "XB") {
		t.Errorf("bad size: code %d, stderr %q", bad.code, bad.stderr)
	}
}

// A secret kept through several versions of a file is reported once, with
// the commit that introduced it, whatever order the versions are read in.
func TestSecretReportedAtItsFirstCommit(t *testing.T) {
	key := freshKey(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	var first string
	for i := range 6 {
		r.Write("deploy/key.pem", key+strings.Repeat("# rotated on deploy\n", i))
		c := r.Commit("deploy key", sourcetest.Epoch.Add(time.Duration(i+1)*time.Hour))
		if i == 0 {
			first = c
		}
	}
	r.Remove("deploy/key.pem")
	r.Commit("remove the key", sourcetest.Epoch.Add(10*time.Hour))
	r.Git("gc", "--quiet") // versions stored as deltas of the newest one
	for range 3 {
		j, _ := scanJSON(t, r.Dir(), nil)
		n := 0
		for _, f := range j.Findings {
			if f.Rule == "secrets/private-key" {
				n++
				if !strings.Contains(f.Message, first[:12]) {
					t.Errorf("reported in %q, want the first commit %s", f.Message, first[:12])
				}
			}
		}
		if n != 1 {
			t.Errorf("%d findings for one key, want 1", n)
		}
	}
}
