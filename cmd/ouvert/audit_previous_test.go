package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit"
	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// TestAuditPrevious audits an agency twice, a week's work apart, and
// compares: with --previous (state file or JSON report), in the
// dashboard, and with audit diff.
func TestAuditPrevious(t *testing.T) {
	ag := audittest.New(t, 10, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	dir := t.TempDir()
	week1 := writeList(t, audittest.URLs(ag.Repos[:9]))
	o := ouvert(t, dir, env, "audit", "--list", week1, "--quiet", "--state", "w1.jsonl", "--output", "w1.json")
	if o.code != 0 {
		t.Fatalf("week 1: code %d, stderr %q", o.code, o.stderr)
	}

	ag.Become(t, 0, "A")                                                                                        // none → A
	ag.Become(t, 1, "secret")                                                                                   // C → none, a secret
	ag.Become(t, 3, "C")                                                                                        // A → C
	ag.Become(t, 4, "C")                                                                                        // the secret removed: none → C
	ag.Drop(t, 8)                                                                                               // cannot be cloned any more
	week2 := writeList(t, audittest.URLs(append(append([]audittest.Repo{}, ag.Repos[:2]...), ag.Repos[3:]...))) // repo-002 left out, repo-009 added

	o = ouvert(t, dir, env, "audit", "--list", week2, "--quiet", "--state", "w2.jsonl", "--output", "w2.json", "--previous", "w1.jsonl")
	if o.code != 0 {
		t.Fatalf("week 2: code %d, stderr %q", o.code, o.stderr)
	}
	var rep struct{ Changes *audit.Changes }
	if err := json.Unmarshal([]byte(readFile(t, dir, "w2.json")), &rep); err != nil || rep.Changes == nil {
		t.Fatalf("no changes in the report: %v", err)
	}
	c := rep.Changes
	got := map[string]string{}
	for _, x := range c.Up {
		got["up "+x.Name] = string(x.From) + ">" + string(x.To)
	}
	for _, x := range c.Down {
		got["down "+x.Name] = string(x.From) + ">" + string(x.To)
	}
	for _, x := range c.NewSecrets {
		got["new "+x.Name] = strconv.Itoa(x.From) + ">" + strconv.Itoa(x.To)
	}
	for _, x := range c.FixedSecrets {
		got["fixed "+x.Name] = strconv.Itoa(x.From) + ">" + strconv.Itoa(x.To)
	}
	for _, x := range c.Added {
		got["added "+x.Name] = ""
	}
	for _, x := range c.Removed {
		got["removed "+x.Name] = ""
	}
	for _, x := range c.NotScanned {
		got["broken "+x.Name] = ""
	}
	want := map[string]string{
		"up agency/repo-000": "none>A", "up agency/repo-004": "none>C",
		"down agency/repo-001": "C>none", "down agency/repo-003": "A>C",
		"new agency/repo-001": "0>1", "new agency/repo-009": "0>1", "fixed agency/repo-004": "1>0",
		"added agency/repo-009": "", "removed agency/repo-002": "", "broken agency/repo-008": "",
	}
	if len(got) != len(want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s: %q (present %v), want %q", k, g, ok, v)
		}
	}

	// The same from the JSON reports, in French, with audit diff.
	d := ouvert(t, dir, env, "audit", "diff", "w1.json", "w2.json", "--lang", "fr")
	if d.code != 0 {
		t.Fatalf("diff: code %d, stderr %q", d.code, d.stderr)
	}
	for _, w := range []string{"# Depuis l'audit précédent", "Depuis w1.json\u00a0: 2 dépôts ont gagné un degré, 2 en ont perdu un, 2 contiennent de nouveaux secrets, 1 a vu des secrets retirés, 1 nouveau dépôt, 1 disparu.",
		"## Degré perdu", "- agency/repo-003\u00a0: A → C", "## Analysés la dernière fois, pas cette fois", "- agency/repo-008 ("} {
		if !strings.Contains(d.stdout, w) {
			t.Errorf("diff does not say %q:\n%s", w, d.stdout)
		}
	}
	dj := ouvert(t, dir, env, "audit", "diff", "w1.jsonl", "w2.jsonl", "--format", "json")
	var c2 audit.Changes
	if err := json.Unmarshal([]byte(dj.stdout), &c2); err != nil || len(c2.Up) != 2 || len(c2.Removed) != 1 || c2.Previous != "w1.jsonl" {
		t.Errorf("diff --format json: %v, %+v", err, c2)
	}

	// The dashboard shows it first.
	h := ouvert(t, dir, env, "audit", "merge", "w2.jsonl", "--previous", "w1.json", "--format", "html", "--lang", "fr")
	if h.code != 0 || !strings.Contains(h.stdout, `<h2 id="changes">Depuis l&#39;audit précédent</h2>`) || !strings.Contains(h.stdout, "<li>agency/repo-000\u00a0: aucun → A</li>") {
		t.Errorf("dashboard: code %d, stderr %q", h.code, h.stderr)
	}

	// What cannot be compared says so, in one line, exit 2.
	for _, bad := range [][]string{{"audit", "diff", "w1.json"}, {"audit", "diff", "w1.json", "missing.json"}, {"audit", "--list", week2, "--previous", week2}} {
		o := ouvert(t, dir, env, bad...)
		if o.code != 2 || strings.Count(strings.TrimSpace(o.stderr), "\n") != 0 {
			t.Errorf("%v: code %d, stderr %q", bad, o.code, o.stderr)
		}
	}
}
