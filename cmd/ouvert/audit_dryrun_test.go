package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// TestAuditDryRun reads code.gouv.fr's real accounts file and says what an
// audit would cover, without a request: a counting server stands for the
// GitHub API and for the proxy every other request would go through.
func TestAuditDryRun(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer srv.Close()
	accounts, err := filepath.Abs(filepath.Join("..", "..", "testdata", "accounts", "comptes-organismes-publics-2025-09-22.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := []string{"HTTPS_PROXY=" + srv.URL, "HTTP_PROXY=" + srv.URL}
	o := ouvert(t, dir, env, "audit", "--accounts", accounts, "--github-org", "agency", "--github-api", srv.URL,
		"--dry-run", "--format", "json", "https://git.example.org/one.git")
	if o.code != 0 {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	var plan []map[string]any
	if err := json.Unmarshal([]byte(o.stdout), &plan); err != nil {
		t.Fatalf("%v: %.300q", err, o.stdout)
	}
	if len(plan) != 371 { // the file's 370 and --github-org's
		t.Errorf("%d entries, want 371", len(plan))
	}
	listable := 0
	for _, e := range plan {
		keys := make([]string, 0, len(e))
		for k := range e {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, " ") != "forge host listable owner pso_id" {
			t.Fatalf("keys %v in %v", keys, e)
		}
		if e["listable"] == true {
			listable++
		}
		if (e["host"] == "github.com" || e["host"] == "gitlab.com" || e["host"] == "framagit.org") && e["owner"] == "" {
			t.Errorf("a multi-tenant forge as a whole: %v", e)
		}
	}
	if listable != 370 {
		t.Errorf("%d listable, want 370 (all but gogs)", listable)
	}
	if plan[0]["host"] != "127.0.0.1:"+strings.Split(srv.URL, ":")[2] || plan[0]["owner"] != "agency" || plan[0]["forge"] != "github" {
		t.Errorf("--github-org's entry: %v", plan[0])
	}
	if !strings.Contains(o.stderr, "ouvert: warning: ") || !strings.Contains(o.stderr, ".yml:773: pso_id written twice") ||
		!strings.Contains(o.stderr, "and 1 repository named one by one") {
		t.Errorf("stderr = %q", o.stderr)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d network requests", n)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a dry run wrote %v", ents)
	}

	// For a person, in French: a table and its totals.
	fr := ouvert(t, dir, env, "audit", "--accounts", accounts, "--dry-run", "--lang", "fr")
	if fr.code != 0 || !strings.Contains(fr.stdout, "propriétaire") || !strings.Contains(fr.stdout, "gogs.univ-littoral.fr") ||
		!strings.Contains(fr.stdout, "370 comptes, dont 369 listables\u00a0; aucune requête n'a été faite.") {
		t.Errorf("code %d, stdout %q", fr.code, fr.stdout)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d network requests", n)
	}
}
