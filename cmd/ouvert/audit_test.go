package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit"
	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// auditEnv serves an agency and returns the environment that trusts its
// certificate, with a temporary directory of its own so that the test can
// tell whether clones were left behind.
func auditEnv(t *testing.T, ag *audittest.Agency) (env []string, tmp string) {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, ag.Server.CA, 0o644); err != nil {
		t.Fatal(err)
	}
	tmp = t.TempDir()
	return []string{"SSL_CERT_FILE=" + ca, "TMPDIR=" + tmp}, tmp
}

func writeList(t *testing.T, urls []string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(p, []byte("# the agency\n"+strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func noClones(t *testing.T, tmp string) {
	t.Helper()
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}

type auditJSON struct {
	Summary      audit.Summary
	Repositories []audit.Record
}

func TestAuditEndToEnd(t *testing.T) {
	ag := audittest.New(t, 25, filepath.Join("..", "..", "testdata"))
	broken := ag.Broken(t)
	env, tmp := auditEnv(t, ag)
	dir := t.TempDir()
	list := writeList(t, audittest.URLs(append(append([]audittest.Repo{}, ag.Repos...), broken...)))

	o := ouvert(t, dir, env, "audit", "--list", list, "--output", "out/audit.json", "--jobs", "4",
		"--repo-reports", "out/repos", "--repo-format", "json")
	if o.code != 0 {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	var j auditJSON
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "out"), "audit.json")), &j); err != nil {
		t.Fatal(err)
	}
	s := j.Summary
	if s.Repositories != 28 || s.Failed != 3 || s.Levels["A"] != 5 || s.Levels["B"] != 5 || s.Levels["C"] != 5 || s.Levels["none"] != 10 || s.WithSecrets != 5 {
		t.Errorf("summary = %+v", s)
	}
	// Each repository's own report sits beside the audit, and the record
	// links to it relative to the audit report.
	for _, r := range j.Repositories {
		if r.Error != "" {
			continue
		}
		if !strings.HasPrefix(r.Report, "repos/") {
			t.Errorf("%s: report %q", r.Name, r.Report)
			continue
		}
		var one jsonOut
		if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "out"), r.Report)), &one); err != nil || one.Level.ID != string(r.Level) || one.Target.URL != r.URL {
			t.Errorf("%s: its report says level %s for %s (%v)", r.Name, one.Level.ID, one.Target.URL, err)
		}
	}
	// The state file is beside the report; progress went to stderr as
	// plain lines (no terminal) and ends with a summary.
	if st, err := audit.ReadState(filepath.Join(dir, "out", "ouvert-audit-state.jsonl")); err != nil || len(st.Records) != 28 {
		t.Errorf("state: %v", err)
	}
	if !strings.Contains(o.stderr, "audit done: 28 of 28 repositories (3 could not be scanned)") || strings.Contains(o.stderr, "\r") {
		t.Errorf("stderr = %q", o.stderr)
	}
	noClones(t, tmp)

	// The same state, other formats: markdown on stdout by default, quiet.
	md := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--lang", "fr", "--state", "md-state.jsonl")
	if md.code != 0 || !strings.HasPrefix(md.stdout, "# Audit d'ouverture") || md.stderr != "" {
		t.Errorf("markdown: code %d, stderr %q, stdout %.200q", md.code, md.stderr, md.stdout)
	}

	// The dashboard links each repository's own HTML report (the default
	// --repo-format), written beside it.
	h := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--state", "html-state.jsonl",
		"--format", "html", "--output", "site/index.html", "--repo-reports", "site/repos")
	if h.code != 0 {
		t.Fatalf("html: code %d, stderr %q", h.code, h.stderr)
	}
	dash := readFile(t, filepath.Join(dir, "site"), "index.html")
	reports, _ := filepath.Glob(filepath.Join(dir, "site", "repos", "*.html"))
	if len(reports) != 25 {
		t.Errorf("%d repository reports, want 25", len(reports))
	}
	for _, r := range reports {
		rel := "repos/" + filepath.Base(r)
		if !strings.Contains(dash, `href="`+rel+`"`) {
			t.Errorf("the dashboard does not link %s", rel)
		}
		if page := readFile(t, filepath.Dir(r), filepath.Base(r)); !strings.Contains(page, "<html") {
			t.Errorf("%s is not an HTML report", rel)
		}
	}
}

// TestAuditInterruptAndResume kills an audit midway with SIGINT, as Ctrl-C
// does, resumes it, and compares the report with an uninterrupted run's.
func TestAuditInterruptAndResume(t *testing.T) {
	ag := audittest.New(t, 150, filepath.Join("..", "..", "testdata"))
	env, tmp := auditEnv(t, ag)
	dir := t.TempDir()
	list := writeList(t, audittest.URLs(ag.Repos))
	args := []string{"audit", "--list", list, "--jobs", "2", "--format", "json"}

	whole := ouvert(t, dir, env, append(args, "--output", "whole.json", "--state", "whole.jsonl")...)
	if whole.code != 0 {
		t.Fatalf("uninterrupted: code %d, stderr %q", whole.code, whole.stderr)
	}

	state := filepath.Join(dir, "cut.jsonl")
	cmd := exec.Command(exe(t), append(args, "--output", "cut.json", "--state", state)...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Interrupt once a few repositories are on disk, with clones under way.
	deadline := time.Now().Add(time.Minute)
	for {
		if st, err := audit.ReadState(state); err == nil && st.Lines >= 5 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the audit wrote no record in a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the audit did not stop on SIGINT")
	}
	code := cmd.ProcessState.ExitCode()
	st, err := audit.ReadState(state)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 || !strings.Contains(stderr.String(), "--resume") || len(st.Records) >= len(ag.Repos) {
		t.Fatalf("interrupted: code %d, %d of %d done, stderr %q", code, len(st.Records), len(ag.Repos), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "cut.json")); err == nil {
		t.Error("an interrupted audit wrote a report")
	}
	noClones(t, tmp)
	t.Logf("interrupted after %d of %d repositories", len(st.Records), len(ag.Repos))

	resumed := ouvert(t, dir, env, append(args, "--output", "cut.json", "--state", state, "--resume")...)
	if resumed.code != 0 || !strings.Contains(resumed.stderr, fmt.Sprintf("audit done: %d of %d", len(ag.Repos), len(ag.Repos))) {
		t.Fatalf("resumed: code %d, stderr %q", resumed.code, resumed.stderr)
	}
	if a, b := readFile(t, dir, "whole.json"), readFile(t, dir, "cut.json"); a != b {
		t.Errorf("the resumed audit's report differs from the uninterrupted one's")
	}
	if st, _ := audit.ReadState(state); st.Lines != len(ag.Repos) {
		t.Errorf("%d records for %d repositories: resuming scanned some twice", st.Lines, len(ag.Repos))
	}
	noClones(t, tmp)

	// Resuming with other settings would mix results that do not compare.
	other := ouvert(t, dir, env, append(args, "--state", state, "--resume", "--history")...)
	if other.code != 2 || !strings.Contains(other.stderr, "other settings") {
		t.Errorf("resume with --history: code %d, stderr %q", other.code, other.stderr)
	}
}

// TestAuditShardsAndMerge: three shards merged give the report of one run.
func TestAuditShardsAndMerge(t *testing.T) {
	ag := audittest.New(t, 30, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	dir := t.TempDir()
	list := writeList(t, audittest.URLs(ag.Repos))
	one := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--output", "one.html", "--state", "one.jsonl")
	if one.code != 0 {
		t.Fatalf("code %d, stderr %q", one.code, one.stderr)
	}
	var states []string
	total := 0
	for i := 1; i <= 3; i++ {
		s := fmt.Sprintf("shard-%d.jsonl", i)
		o := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--shard", fmt.Sprintf("%d/3", i), "--state", s, "--format", "jsonl")
		if o.code != 0 {
			t.Fatalf("shard %d: code %d, stderr %q", i, o.code, o.stderr)
		}
		n := strings.Count(o.stdout, "\n")
		if n == 0 || n == len(ag.Repos) {
			t.Errorf("shard %d/3 holds %d of %d repositories", i, n, len(ag.Repos))
		}
		total += n
		states = append(states, s)
	}
	if total != len(ag.Repos) {
		t.Errorf("the shards hold %d repositories, not %d", total, len(ag.Repos))
	}
	// The merge runs the binary, as the shards did: the dashboard names
	// ouvert's version, which a binary built in a clean git checkout takes
	// from git (a pseudo-version) and the test binary does not.
	merged := ouvertExe(t, dir, nil, append([]string{"audit", "merge", "--output", "merged.html"}, states...)...)
	if merged.code != 0 || merged.stderr != "" {
		t.Fatalf("merge: code %d, stderr %q", merged.code, merged.stderr)
	}
	if readFile(t, dir, "one.html") != readFile(t, dir, "merged.html") {
		t.Error("the merged shards' dashboard differs from one run's")
	}
	partial := ouvertExe(t, dir, nil, "audit", "merge", states[0], states[2], "--format", "csv")
	if partial.code != 0 || !strings.Contains(partial.stderr, "shards missing from the merge: 2/3") {
		t.Errorf("merge without shard 2: code %d, stderr %q", partial.code, partial.stderr)
	}
}

// fakeGitHub serves GET /orgs/agency/repos for the agency's repositories
// in GitHub's shape, 100 a page with Link headers, their clone URLs on the
// git server; archived and fork mark some by index.
func fakeGitHub(t *testing.T, ag *audittest.Agency, archived, fork map[int]bool) *httptest.Server {
	t.Helper()
	api := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		page := 1
		switch {
		case r.URL.Path == "/orgs/agency/repos":
		case r.URL.Path == "/organizations/1/repos":
			page, _ = strconv.Atoi(r.URL.Query().Get("page"))
		default:
			w.WriteHeader(404)
			fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`)
			return
		}
		var items []string
		for i := (page - 1) * 100; i < min(page*100, len(ag.Repos)); i++ {
			rp := ag.Repos[i]
			items = append(items, fmt.Sprintf(`{"id":%d,"name":%q,"full_name":%q,"private":false,"html_url":"https://github.com/%s","clone_url":%q,"fork":%t,"archived":%t,"default_branch":"main","pushed_at":"2026-01-%02dT00:00:00Z","visibility":"public"}`,
				i, rp.Name, rp.Name, rp.Name, rp.URL, fork[i], archived[i], i%28+1))
		}
		if page*100 < len(ag.Repos) {
			next := fmt.Sprintf("https://%s/organizations/1/repos?per_page=100&type=all&page=%d", r.Host, page+1)
			w.Header().Set("Link", `<`+next+`>; rel="next"`)
		}
		fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
	}))
	t.Cleanup(api.Close)
	return api
}

// TestAuditGitHubOrg: an organisation listed by the GitHub API, an
// archived repository and a fork among them, cloned from the git server.
func TestAuditGitHubOrg(t *testing.T) {
	ag := audittest.New(t, 6, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	api := fakeGitHub(t, ag, map[int]bool{2: true}, map[int]bool{4: true})
	dir := t.TempDir()
	o := ouvert(t, dir, env, "audit", "--github-org", "agency", "--github-api", api.URL, "--format", "jsonl", "--quiet")
	if o.code != 0 {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	if len(lines) != 4 || strings.Contains(o.stdout, "repo-002") || strings.Contains(o.stdout, "repo-004") {
		t.Errorf("archived and forks are left out by default: %s", o.stdout)
	}
	if !strings.Contains(lines[0], `"web":"https://github.com/agency/repo-000"`) || !strings.Contains(lines[0], `"source":"github:agency"`) {
		t.Errorf("first record: %s", lines[0])
	}
	all := ouvert(t, dir, env, "audit", "--github-org", "agency", "--github-api", api.URL, "--format", "jsonl", "--quiet",
		"--include-archived", "--include-forks", "--state", "all.jsonl")
	if all.code != 0 || strings.Count(all.stdout, "\n") != 6 {
		t.Errorf("with archived and forks: code %d, %d lines, stderr %q", all.code, strings.Count(all.stdout, "\n"), all.stderr)
	}
	nope := ouvert(t, dir, env, "audit", "--github-org", "nope", "--github-api", api.URL, "--quiet", "--state", "nope.jsonl")
	if nope.code != 3 || !strings.Contains(nope.stderr, "--github-org nope") || !strings.Contains(nope.stderr, "404") || strings.Count(nope.stderr, "\n") != 1 {
		t.Errorf("unknown organisation: code %d, stderr %q", nope.code, nope.stderr)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("https://github.com/a/b\nhttp://insecure.example.org/x.git\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"audit"}, "audit needs repositories"},
		{[]string{"audit", "--list", bad}, "bad.txt:2:"},
		{[]string{"audit", "--list", "missing.txt"}, "--list"},
		{[]string{"audit", "https://x/y", "--shard", "4/3"}, "--shard"},
		{[]string{"audit", "https://x/y", "--format", "pdf"}, "--format"},
		{[]string{"audit", "https://x/y", "--jobs", "0"}, "--jobs"},
		{[]string{"audit", "https://x/y", "--match", "("}, "--match"},
		{[]string{"audit", "https://x/y", "--resume", "--state", "none.jsonl"}, "no state file"},
		{[]string{"audit", "https://x/y", "--repo-reports", "r", "--repo-format", "pdf"}, "--repo-format"},
		{[]string{"audit", "--accounts", bad}, "--accounts"},
		{[]string{"audit", "merge"}, "needs state files"},
		{[]string{"audit", "merge", bad}, "bad.txt"},
	}
	for _, c := range cases {
		o := ouvert(t, dir, nil, c.args...)
		if o.code != 2 || !strings.Contains(o.stderr, c.want) || strings.Count(o.stderr, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q", c.args, o.code, o.stderr)
		}
	}
}
