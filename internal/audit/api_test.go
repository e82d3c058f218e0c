package audit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

// now is the fake clock of the API tests.
var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// forge fakes the GitHub and GitLab REST APIs with their real response
// shapes: repository objects with more fields than ouvert reads, Link
// pagination, GitLab's X-Next-Page, error bodies, and rate-limit headers.
type forge struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls map[string]int
	auth  []string // Authorization or PRIVATE-TOKEN of each request
}

func newForge(t *testing.T) *forge {
	f := &forge{calls: map[string]int{}}
	f.srv = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *forge) api(sleeps *[]time.Duration, token map[string]string) *audit.API {
	return &audit.API{
		Client: f.srv.Client(),
		Getenv: func(k string) string { return token[k] },
		Now:    func() time.Time { return now },
		Sleep: func(_ context.Context, d time.Duration) error {
			*sleeps = append(*sleeps, d)
			return nil
		},
		MaxWait: 10 * time.Minute,
	}
}

func githubRepo(base, full string, archived, fork bool, pushed string) string {
	name := full[strings.IndexByte(full, '/')+1:]
	return fmt.Sprintf(`{"id":%d,"node_id":"R_kgDO%s","name":%q,"full_name":%q,"private":false,
"owner":{"login":"agency","id":4242,"type":"Organization","site_admin":false},
"html_url":"https://github.com/%s","description":"A tool","fork":%t,"url":"%s/repos/%s",
"git_url":"git://github.com/%s.git","ssh_url":"git@github.com:%s.git","clone_url":"https://github.com/%s.git",
"homepage":null,"size":120,"stargazers_count":3,"language":"Go","forks_count":1,"archived":%t,"disabled":false,
"open_issues_count":0,"license":{"key":"mit","name":"MIT License","spdx_id":"MIT"},"topics":[],"visibility":"public",
"default_branch":"main","pushed_at":%q,"created_at":"2020-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z",
"permissions":{"admin":false,"push":false,"pull":true}}`, len(full), name, name, full, full, fork, base, full, full, full, full, archived, pushed)
}

func gitlabProject(base, path string, archived bool, forkedFrom string, activity string) string {
	fork := ""
	if forkedFrom != "" {
		fork = fmt.Sprintf(`,"forked_from_project":{"id":7,"name":"up","path_with_namespace":%q,"web_url":"https://gitlab.example.org/%s"}`, forkedFrom, forkedFrom)
	}
	name := path[strings.LastIndexByte(path, '/')+1:]
	return fmt.Sprintf(`{"id":%d,"description":null,"name":%q,"name_with_namespace":%q,"path":%q,"path_with_namespace":%q,
"created_at":"2021-01-01T00:00:00.000Z","default_branch":"main","tag_list":[],"topics":[],
"ssh_url_to_repo":"git@gitlab.example.org:%s.git","http_url_to_repo":"%s/%s.git","web_url":"%s/%s",
"readme_url":null,"forks_count":0,"avatar_url":null,"star_count":0,"last_activity_at":%q,
"namespace":{"id":3,"name":"team","path":"team","kind":"group","full_path":"agency/team"},
"empty_repo":false,"archived":%t,"visibility":"public"%s}`, len(path), name, path, name, path, path, base, path, base, path, activity, archived, fork)
}

func (f *forge) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	key := r.URL.EscapedPath()
	if p := r.URL.Query().Get("page"); p != "" {
		key += "?page=" + p
	}
	f.calls[key]++
	n := f.calls[key]
	f.auth = append(f.auth, r.Header.Get("Authorization")+r.Header.Get("PRIVATE-TOKEN"))
	f.mu.Unlock()
	base := f.srv.URL
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	reset := strconv.FormatInt(now.Add(time.Minute).Unix(), 10)
	gh := func() {
		h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
		h.Set("X-RateLimit-Limit", "60")
		h.Set("X-RateLimit-Remaining", "58")
		h.Set("X-RateLimit-Reset", reset)
		h.Set("X-RateLimit-Resource", "core")
	}
	switch key {
	// GitHub: two pages; the next link names the organisation by id.
	case "/orgs/agency/repos":
		gh()
		if r.Header.Get("Accept") != "application/vnd.github+json" || r.URL.Query().Get("type") != "all" || r.URL.Query().Get("per_page") != "100" {
			http.Error(w, `{"message":"unexpected request"}`, 400)
			return
		}
		next := base + "/organizations/4242/repos?per_page=100&type=all&page=2"
		h.Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, next, next))
		fmt.Fprintf(w, "[%s,%s]", githubRepo(base, "agency/budget", false, false, "2026-02-01T08:00:00Z"),
			githubRepo(base, "agency/cadastre", false, false, "2025-12-24T18:30:00Z"))
	case "/organizations/4242/repos?page=2":
		gh()
		first := base + "/organizations/4242/repos?per_page=100&type=all&page=1"
		h.Set("Link", fmt.Sprintf(`<%s>; rel="prev", <%s>; rel="first"`, first, first))
		fmt.Fprintf(w, "[%s,%s]", githubRepo(base, "agency/old-site", true, false, "2019-05-01T00:00:00Z"),
			githubRepo(base, "agency/upstream-fork", false, true, "2024-01-01T00:00:00Z"))
	case "/orgs/nope/repos":
		gh()
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#list-organization-repositories","status":"404"}`)
	case "/orgs/private/repos":
		w.WriteHeader(401)
		fmt.Fprint(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`)
	case "/orgs/limited/repos":
		// A primary rate limit: 403 with no requests left until the reset.
		gh()
		if n == 1 {
			h.Set("X-RateLimit-Remaining", "0")
			w.WriteHeader(403)
			fmt.Fprint(w, `{"message":"API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)
			return
		}
		fmt.Fprintf(w, "[%s]", githubRepo(base, "limited/one", false, false, "2026-01-01T00:00:00Z"))
	case "/orgs/secondary/repos":
		// A secondary rate limit: Retry-After.
		if n == 1 {
			h.Set("Retry-After", "7")
			w.WriteHeader(403)
			fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`)
			return
		}
		fmt.Fprint(w, "[]")
	case "/orgs/flaky/repos":
		if n == 1 {
			w.WriteHeader(502)
			fmt.Fprint(w, `{"message":"Server Error"}`)
			return
		}
		fmt.Fprint(w, "[]")
	case "/orgs/forever/repos":
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(2*time.Hour).Unix(), 10))
		w.WriteHeader(429)
		fmt.Fprint(w, `{"message":"API rate limit exceeded"}`)
	case "/orgs/elsewhere/repos":
		h.Set("Link", `<https://evil.example.net/steal?page=2>; rel="next"`)
		fmt.Fprint(w, "[]")

	// GitLab: a group with a subgroup, over two pages.
	case "/api/v4/groups/agency%2Fteam/projects":
		if r.Header.Get("PRIVATE-TOKEN") == "wrong" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"message":"401 Unauthorized"}`)
			return
		}
		q := r.URL.Query()
		if q.Get("include_subgroups") != "true" || q.Get("per_page") != "100" {
			http.Error(w, `{"message":"unexpected request"}`, 400)
			return
		}
		page2 := base + "/api/v4/groups/agency%2Fteam/projects?include_subgroups=true&order_by=id&page=2&per_page=100&sort=asc&with_shared=false"
		page1 := strings.Replace(page2, "page=2&per_page", "page=1&per_page", 1)
		h.Set("X-Page", "1")
		h.Set("X-Per-Page", "100")
		h.Set("X-Prev-Page", "")
		h.Set("X-Next-Page", "2")
		h.Set("X-Total", "4")
		h.Set("X-Total-Pages", "2")
		h.Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="first", <%s>; rel="last"`, page2, page1, page2))
		h.Set("RateLimit-Limit", "2000")
		h.Set("RateLimit-Remaining", "1999")
		fmt.Fprintf(w, "[%s,%s]", gitlabProject(base, "agency/team/etat-civil", false, "", "2026-02-20T09:12:00.000Z"),
			gitlabProject(base, "agency/team/sub/cartes", false, "", "2025-11-02T10:00:00.000Z"))
	case "/api/v4/groups/agency%2Fteam/projects?page=2":
		if n == 1 {
			// gitlab.com's answer to too many requests.
			h.Set("Content-Type", "text/plain")
			h.Set("RateLimit-Name", "throttle_authenticated_api")
			h.Set("RateLimit-Limit", "2000")
			h.Set("RateLimit-Observed", "2001")
			h.Set("RateLimit-Remaining", "0")
			h.Set("RateLimit-Reset", reset)
			h.Set("RateLimit-ResetTime", now.Add(time.Minute).Format(http.TimeFormat))
			h.Set("Retry-After", "3")
			w.WriteHeader(429)
			fmt.Fprint(w, "Retry later\n")
			return
		}
		h.Set("X-Page", "2")
		h.Set("X-Next-Page", "")
		fmt.Fprintf(w, "[%s,%s]", gitlabProject(base, "agency/team/ancien", true, "", "2018-01-01T00:00:00.000Z"),
			gitlabProject(base, "agency/team/fork-of-x", false, "upstream/x", "2024-06-01T00:00:00.000Z"))
	case "/api/v4/groups/nope/projects":
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"404 Group Not Found"}`)
	// An older GitLab: X-Next-Page without Link.
	case "/api/v4/groups/old/projects":
		h.Set("X-Next-Page", "2")
		fmt.Fprintf(w, "[%s]", gitlabProject(base, "old/one", false, "", "2026-01-01T00:00:00.000Z"))
	case "/api/v4/groups/old/projects?page=2":
		fmt.Fprintf(w, "[%s]", gitlabProject(base, "old/two", false, "", "2026-01-01T00:00:00.000Z"))
	// A whole instance.
	case "/api/v4/projects":
		fmt.Fprintf(w, "[%s]", gitlabProject(base, "dsi/intranet", false, "", "2026-01-01T00:00:00.000Z"))
	default:
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"404 Not Found"}`)
	}
}

func TestGitHubOrg(t *testing.T) {
	f := newForge(t)
	var sleeps []time.Duration
	api := f.api(&sleeps, map[string]string{"GITHUB_TOKEN": "ghp_test"})
	ts, err := api.GitHubOrg(context.Background(), f.srv.URL, "agency")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://github.com/agency/budget.git https://github.com/agency/cadastre.git https://github.com/agency/old-site.git https://github.com/agency/upstream-fork.git"
	if names(ts) != want {
		t.Fatalf("listed %s", names(ts))
	}
	b := ts[0]
	if b.Name != "agency/budget" || b.Web != "https://github.com/agency/budget" || b.Source != "github:agency" ||
		!b.LastActivity.Equal(time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)) || b.Archived || b.Fork {
		t.Errorf("budget = %+v", b)
	}
	if !ts[2].Archived || !ts[3].Fork {
		t.Errorf("archived/fork lost: %+v %+v", ts[2], ts[3])
	}
	if sel := audit.Select(ts, audit.Filter{}); len(sel) != 2 {
		t.Errorf("archived and forks are left out by default: %s", names(sel))
	}
	for _, a := range f.auth {
		if a != "Bearer ghp_test" {
			t.Errorf("Authorization = %q", a)
		}
	}
	if len(sleeps) != 0 {
		t.Errorf("waited %v without a rate limit", sleeps)
	}
}

func TestGitHubErrors(t *testing.T) {
	f := newForge(t)
	var sleeps []time.Duration
	api := f.api(&sleeps, nil)
	ctx := context.Background()

	_, err := api.GitHubOrg(ctx, f.srv.URL, "nope")
	if !errors.Is(err, audit.ErrAPI) || !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("404: %v", err)
	}
	withToken := f.api(&sleeps, map[string]string{"GITHUB_TOKEN": "ghp_revoked_token"})
	_, err = withToken.GitHubOrg(ctx, f.srv.URL, "private")
	if err == nil || !strings.Contains(err.Error(), "401 Bad credentials") || strings.Contains(err.Error(), "ghp_revoked") {
		t.Errorf("401: %v", err)
	}
	_, err = api.GitHubOrg(ctx, f.srv.URL, "elsewhere")
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Errorf("a next page on another host: %v", err)
	}
	if _, err := api.GitHubOrg(ctx, f.srv.URL, "a/b"); !errors.Is(err, audit.ErrInput) {
		t.Errorf("bad organisation name: %v", err)
	}
	if len(sleeps) != 0 {
		t.Errorf("waited %v on errors that are no rate limit", sleeps)
	}
}

func TestGitHubRateLimits(t *testing.T) {
	f := newForge(t)
	ctx := context.Background()
	cases := []struct {
		org  string
		want time.Duration
	}{
		{"limited", 61 * time.Second},  // until X-RateLimit-Reset, plus a second
		{"secondary", 7 * time.Second}, // Retry-After
		{"flaky", 2 * time.Second},     // a 502, retried
	}
	for _, c := range cases {
		var sleeps []time.Duration
		ts, err := f.api(&sleeps, nil).GitHubOrg(ctx, f.srv.URL, c.org)
		if err != nil {
			t.Errorf("%s: %v", c.org, err)
			continue
		}
		if len(sleeps) != 1 || sleeps[0] != c.want {
			t.Errorf("%s: waited %v, want %v", c.org, sleeps, c.want)
		}
		if c.org == "limited" && names(ts) != "https://github.com/limited/one.git" {
			t.Errorf("limited: %s", names(ts))
		}
	}
	// A reset two hours away is beyond the cap: an error that says until
	// when, at once.
	var sleeps []time.Duration
	_, err := f.api(&sleeps, nil).GitHubOrg(ctx, f.srv.URL, "forever")
	if !errors.Is(err, audit.ErrAPI) || !strings.Contains(err.Error(), "rate limited until 2026-03-02T12:00:01Z") || !strings.Contains(err.Error(), "GITHUB_TOKEN") || len(sleeps) != 0 {
		t.Errorf("beyond the cap: %v (slept %v)", err, sleeps)
	}
}

func TestGitLabGroup(t *testing.T) {
	f := newForge(t)
	var sleeps []time.Duration
	api := f.api(&sleeps, map[string]string{"GITLAB_TOKEN": "glpat-test"})
	ts, err := api.GitLabGroup(context.Background(), f.srv.URL, "agency/team")
	if err != nil {
		t.Fatal(err)
	}
	base := f.srv.URL
	want := base + "/agency/team/etat-civil.git " + base + "/agency/team/sub/cartes.git " + base + "/agency/team/ancien.git " + base + "/agency/team/fork-of-x.git"
	if names(ts) != want {
		t.Fatalf("listed %s", names(ts))
	}
	if ts[1].Name != "agency/team/sub/cartes" || ts[1].Web != base+"/agency/team/sub/cartes" || ts[1].Source != "gitlab:agency/team" {
		t.Errorf("subgroup project = %+v", ts[1])
	}
	if !ts[2].Archived || ts[2].Fork || !ts[3].Fork || ts[3].Archived || ts[0].Fork {
		t.Errorf("archived/forked_from_project misread: %+v", ts)
	}
	// 429 with Retry-After 3 (and RateLimit-Reset a minute away): Retry-After wins.
	if len(sleeps) != 1 || sleeps[0] != 3*time.Second {
		t.Errorf("waited %v, want [3s]", sleeps)
	}
	for _, a := range f.auth {
		if a != "glpat-test" {
			t.Errorf("PRIVATE-TOKEN = %q", a)
		}
	}

	old, err := api.GitLabGroup(context.Background(), f.srv.URL+"/", "old")
	if err != nil || names(old) != base+"/old/one.git "+base+"/old/two.git" {
		t.Errorf("X-Next-Page pagination: %s, %v", names(old), err)
	}
	_, err = api.GitLabGroup(context.Background(), f.srv.URL, "nope")
	if !errors.Is(err, audit.ErrAPI) || !strings.Contains(err.Error(), "404 Group Not Found") {
		t.Errorf("404: %v", err)
	}
	wrong := f.api(&sleeps, map[string]string{"GITLAB_TOKEN": "wrong"})
	_, err = wrong.GitLabGroup(context.Background(), f.srv.URL, "agency/team")
	if err == nil || !strings.Contains(err.Error(), "401 401 Unauthorized: GITLAB_TOKEN was refused") {
		t.Errorf("401: %v", err)
	}
}

func TestAccounts(t *testing.T) {
	f := newForge(t)
	whole := newForge(t)
	host := strings.TrimPrefix(f.srv.URL, "https://")
	wholeHost := strings.TrimPrefix(whole.srv.URL, "https://")
	file := fmt.Sprintf(`# comptes-organismes-publics.yml, as code.gouv.fr publishes it
github.com:
  forge: github
  owners:
    agency:
      pso_id: 12345
      floss_policy: https://agency.example.org/politique
    nope:
    retired:
      ignored_since: 2023-01-02
%s:
  forge: gitlab
  pso_id: 6789
  owners:
    agency/team:
%s:
  forge: gitlab
  pso_id: 4321
git.sr.ht:
  forge: sourcehut
  owners:
    "~agency":
`, host, wholeHost)
	accs, _, err := audit.ReadAccounts([]byte(file), "accounts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range accs {
		got = append(got, a.Forge+" "+a.URL())
	}
	want := []string{
		"github https://github.com/agency", "github https://github.com/nope", "gitlab https://" + host + "/agency/team",
		"gitlab https://" + wholeHost, "sourcehut https://git.sr.ht/~agency",
	}
	slices.Sort(want)
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("accounts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if i := slices.IndexFunc(accs, func(a audit.Account) bool { return a.Owner == "agency" }); accs[i].PSOID != "12345" {
		t.Errorf("pso_id = %q", accs[i].PSOID)
	}

	var sleeps []time.Duration
	api := f.api(&sleeps, nil)
	api.Client = f.srv.Client() // both servers share httptest's certificate
	ts, problems, err := api.ListAccounts(context.Background(), accs, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 9 { // 4 GitHub, 4 GitLab, 1 from the whole instance
		t.Errorf("listed %d: %s", len(ts), names(ts))
	}
	if i := slices.IndexFunc(ts, func(t audit.Target) bool { return t.Name == "agency/budget" }); i < 0 || ts[i].Source != "accounts:https://github.com/agency" || ts[i].Org != "12345" {
		t.Errorf("budget not listed from its account: %+v", ts)
	}
	if len(problems) != 2 || problems[1].Account != "https://github.com/nope" || !strings.Contains(problems[1].Err.Error(), "404") ||
		problems[0].Account != "https://git.sr.ht/~agency" || !strings.Contains(problems[0].Err.Error(), "forge sourcehut cannot be listed") || !errors.Is(problems[0].Err, audit.ErrUnlistable) {
		t.Errorf("problems = %+v", problems)
	}

	old, _, err := audit.ReadAccounts([]byte("https://github.com/etalab:\n  service_of: [DINUM]\nhttps://gitlab.example.org/dsi/apps:\n  ignored_since: 2022-01-01\n"), "old.yml")
	if err != nil || len(old) != 1 || old[0].URL() != "https://github.com/etalab" || old[0].Forge != "github" || old[0].PSOName != "DINUM" {
		t.Errorf("earlier shape: %+v, %v", old, err)
	}
}
