package audit_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit"
	"github.com/ouvert-dev/ouvert/rules"
)

func sampleReport(t *testing.T, lang string) *audit.Report {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
	return &audit.Report{Catalog: cat, Lang: lang, Version: "v9.9.9", About: audit.About{Date: "2026-02-02", Inputs: []string{"--accounts comptes.yml"}}, Records: []audit.Record{
		{Key: "h/a", URL: "https://h/a.git", Name: "org/a", Web: "https://h/a", Level: "A", Confirmed: "A", License: "MIT", Approved: true, Passed: true, LastActivity: &day, Report: "repos/h_a.html"},
		{Key: "h/b", URL: "https://h/b.git", Name: "org/b|pipe", Level: "none", Confirmed: "none", License: "GPL-2.0-only",
			Failing: []string{"license/approved", "secrets/scan"}, Blocking: []string{"license/approved", "secrets/scan"}, Secrets: 2},
		{Key: "h/c", URL: "https://h/c.git", Name: `<script>alert("x")</script>`, Level: "C", Confirmed: "C", License: "MIT", Approved: true,
			Passed: false, Blocking: []string{"contributing/file"}, Failing: []string{"contributing/file"}, Web: "javascript:alert(1)"},
		{Key: "h/d", URL: "https://h/d.git", Name: "org/d", Error: "clone https://h/d.git: repository not found: clone failed"},
	}}
}

func render(t *testing.T, w audit.Writer, r *audit.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := w(&b, r); err != nil {
		t.Fatal(err)
	}
	again := bytes.Buffer{}
	w(&again, r)
	if b.String() != again.String() {
		t.Error("the same records gave two different reports")
	}
	return b.String()
}

func TestSummary(t *testing.T) {
	s := sampleReport(t, "en").Summarize()
	if s.Repositories != 4 || s.Scanned != 3 || s.Failed != 1 || s.Passed != 1 || s.WithSecrets != 1 ||
		s.Levels["A"] != 1 || s.Levels["C"] != 1 || s.Levels["none"] != 1 || s.Levels["B"] != 0 {
		t.Errorf("summary = %+v", s)
	}
	// Most frequent first, then by id.
	if len(s.Blocking) != 3 || s.Blocking[0].Rule != "contributing/file" || s.Blocking[0].Count != 1 {
		t.Errorf("blocking = %+v", s.Blocking)
	}
}

func TestJSONAndCSV(t *testing.T) {
	r := sampleReport(t, "en")
	var j struct {
		AuditVersion int
		Tool         struct{ Name, Version string }
		Summary      audit.Summary
		Repositories []audit.Record
	}
	if err := json.Unmarshal([]byte(render(t, audit.JSON, r)), &j); err != nil {
		t.Fatal(err)
	}
	if j.AuditVersion != 1 || j.Tool.Version != "v9.9.9" || len(j.Repositories) != 4 || j.Summary.Failed != 1 || j.Repositories[3].Error == "" {
		t.Errorf("json = %+v", j)
	}
	lines := strings.Split(strings.TrimSpace(render(t, audit.JSONLines, r)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], `{"key":"h/a"`) {
		t.Errorf("jsonl = %q", lines)
	}
	out := render(t, audit.CSV, r)
	if !strings.HasPrefix(out, "\ufeffname,") {
		t.Errorf("no byte order mark: %.20q", out)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "name" || rows[0][3] != "level" {
		t.Fatalf("csv = %q", rows)
	}
	if b := rows[2]; b[0] != "org/b|pipe" || b[3] != "none" || b[9] != "license/approved secrets/scan" || b[11] != "2" {
		t.Errorf("row b = %q", b)
	}
	if a := rows[1]; a[12] != "2026-02-01" || a[16] != "repos/h_a.html" {
		t.Errorf("row a = %q", a)
	}
	if d := rows[4]; d[3] != "" || d[15] == "" || d[11] != "" {
		t.Errorf("a repository not scanned has no level: %q", d)
	}
	r.CSVSep = ';'
	semi := csv.NewReader(strings.NewReader(strings.TrimPrefix(render(t, audit.CSV, r), "\ufeff")))
	semi.Comma = ';'
	if rows2, err := semi.ReadAll(); err != nil || len(rows2) != 5 || rows2[2][9] != rows[2][9] || rows2[0][19] != "detail" {
		t.Errorf("csv with ';': %q, %v", rows2, err)
	}
}

func TestMarkdown(t *testing.T) {
	md := render(t, audit.Markdown, sampleReport(t, "fr"))
	if strings.Contains(md, "javascript:") {
		t.Error("a javascript: link reached the Markdown")
	}
	for _, want := range []string{
		"# Audit d'ouverture", "4 dépôts\u00a0: 3 analysés, 1 non analysé\u202f; 1 passe leur seuil, 1 contient des secrets.",
		"| A — contributif | 1 |", "| `secrets/scan` | Aucun secret", `org/b\|pipe`,
		"[org/a](repos/h_a.html)", "## Dépôts qui n'ont pas pu être analysés", "| org/d | clone https://h/d.git",
		"&lt;script&gt;", "Audit du 2026-02-02 · entrées\u00a0: --accounts comptes.yml · ouvert v9.9.9",
		"| aucun |", "retirer 2 secrets de l'arborescence et de l'historique, puis les révoquer [`secrets/scan`](https://github.com/ouvert-dev/ouvert/blob/v9.9.9/docs/regles.md#secretsscan)",
		"rien\u00a0: degré A atteint",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestHTMLDashboard(t *testing.T) {
	page := render(t, audit.HTML, sampleReport(t, "en"))
	for _, want := range []string{
		`<html lang="en">`, "<style>", `<ul class="chart" id="chart" aria-label="Repositories by openness level">`, "Blocking problems by rule",
		`<a href="repos/h_a.html">org/a</a>`, `data-level="none"`, "Repositories that could not be scanned",
		"repository not found", "<code>license/approved</code>", "<script>", "<main>", "</main>", `role="region" tabindex="0"`,
		`<p class="meta" id="about">Audit of 2026-02-02 · inputs: --accounts comptes.yml · ouvert v9.9.9</p>`,
		// What to do, in plain words, the rule kept as a link.
		"<li>remove 2 secrets from the tree and the history, then revoke them <a class=\"rule\" href=\"https://github.com/ouvert-dev/ouvert/blob/v9.9.9/docs/rules.md#secretsscan\"><code>secrets/scan</code></a></li>",
		"<li>add a contribution guide (command: <code>ouvert init contributing</code>)",
		"nothing: level A reached",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Names come from forges: escaped, and no javascript: link.
	if strings.Contains(page, `<script>alert`) || strings.Contains(page, `href="javascript:`) {
		t.Error("a repository name or link reached the page unescaped")
	}
	// Self-contained: nothing is loaded from elsewhere.
	if m := regexp.MustCompile(`(?i)<(link|img|iframe)\b|\bsrc=`).FindString(page); m != "" {
		t.Errorf("the dashboard loads %q", m)
	}
	// Every repository row is in the page as served, for readers without
	// scripts.
	if n := strings.Count(page, "<tr data-level="); n != 3 {
		t.Errorf("%d repository rows, want 3", n)
	}
	fr := render(t, audit.HTML, sampleReport(t, "fr"))
	if !strings.Contains(fr, `<html lang="fr">`) || !strings.Contains(fr, "Problèmes bloquants par règle") {
		t.Error("the French dashboard is not in French")
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]string{"a.html": "html", "A.CSV": "csv", "x.jsonl": "jsonl", "x.json": "json", "r.md": "markdown", "report": ""} {
		if got := audit.FormatOf(path); got != want {
			t.Errorf("FormatOf(%s) = %q", path, got)
		}
	}
}

// The repositories grouped by organisation: by pso_id when the accounts
// file gave one, else by owner, with each group's figures and the whole.
func TestByOrg(t *testing.T) {
	r := sampleReport(t, "fr")
	r.Records = append(r.Records,
		audit.Record{Key: "gitlab.example.fr/dsi/x", URL: "https://gitlab.example.fr/dsi/x.git", Name: "dsi/x", Org: "pso-1", Level: "C", Passed: true},
		audit.Record{Key: "github.com/dsi-gh/y", URL: "https://github.com/dsi-gh/y.git", Name: "dsi-gh/y", Org: "pso-1", Level: "B", Secrets: 1},
	)
	orgs := r.ByOrg()
	got := map[string]string{}
	for _, o := range orgs {
		got[o.Org] = strings.Join(o.Owners, ",") + " " + strconv.Itoa(o.Repositories) + " " + strconv.Itoa(o.Passed) + " " + strconv.Itoa(o.WithSecrets)
	}
	if len(orgs) != 2 || got["pso-1"] != "github.com/dsi-gh,gitlab.example.fr/dsi 2 1 1" || got["h"] != "h 4 1 1" {
		t.Errorf("by organisation: %v", got)
	}
	md := render(t, audit.Markdown, r)
	for _, want := range []string{"## Par organisation", "| github.com/dsi-gh, gitlab.example.fr/dsi (pso_id pso-1) | 2 | 0 | 1 | 1 | 0 | 0 | 1 | 1 |", "| **Ensemble** | 6 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
