package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultGitHubAPI is github.com's REST API; GitHub Enterprise Server's is
// https://HOST/api/v3.
const DefaultGitHubAPI = "https://api.github.com"

// DefaultGitLab is the GitLab instance groups belong to unless told.
const DefaultGitLab = "https://gitlab.com"

// githubRepo holds the fields used of GitHub's repository object
// (GET /orgs/{org}/repos).
type githubRepo struct {
	FullName string    `json:"full_name"`
	HTMLURL  string    `json:"html_url"`
	CloneURL string    `json:"clone_url"`
	Archived bool      `json:"archived"`
	Fork     bool      `json:"fork"`
	PushedAt time.Time `json:"pushed_at"`
}

// GitHubOrg lists every repository of a GitHub organisation (type=all:
// public, and private ones the token can see).
func (a *API) GitHubOrg(ctx context.Context, apiBase, org string) ([]Target, error) {
	org = strings.Trim(strings.TrimSpace(org), "/")
	if org == "" || strings.ContainsAny(org, "/?#") {
		return nil, fmt.Errorf("GitHub organisation %q: want a name such as etalab: %w", org, ErrInput)
	}
	base := strings.TrimRight(apiBase, "/")
	first := base + "/orgs/" + url.PathEscape(org) + "/repos?per_page=100&type=all"
	var ts []Target
	err := a.pages(ctx, a.github(), first, func(body []byte) error {
		var page []githubRepo
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("not a list of repositories: %w", err)
		}
		for _, r := range page {
			if r.CloneURL == "" {
				continue
			}
			ts = append(ts, Target{
				URL: r.CloneURL, Name: r.FullName, Web: r.HTMLURL, Source: "github:" + org,
				Archived: r.Archived, Fork: r.Fork, LastActivity: r.PushedAt.UTC(),
			})
		}
		return nil
	})
	return ts, err
}

// gitlabProject holds the fields used of GitLab's project object
// (GET /groups/:id/projects).
type gitlabProject struct {
	PathWithNamespace string          `json:"path_with_namespace"`
	WebURL            string          `json:"web_url"`
	HTTPURLToRepo     string          `json:"http_url_to_repo"`
	Archived          bool            `json:"archived"`
	ForkedFrom        json.RawMessage `json:"forked_from_project"`
	LastActivityAt    time.Time       `json:"last_activity_at"`
}

// GitLabGroup lists the projects of a group and of its subgroups on the
// GitLab instance at base (https://gitlab.com, or a self-hosted one). An
// empty group lists every project the instance shows: a forge that
// belongs to one organisation as a whole.
func (a *API) GitLabGroup(ctx context.Context, base, group string) ([]Target, error) {
	group = strings.Trim(strings.TrimSpace(group), "/")
	b := strings.TrimRight(base, "/")
	b = strings.TrimSuffix(b, "/api/v4")
	// Projects shared with the group belong to other namespaces: another
	// team's to audit.
	first := b + "/api/v4/groups/" + url.PathEscape(group) + "/projects?include_subgroups=true&with_shared=false&per_page=100&order_by=id&sort=asc"
	from := "gitlab:" + group
	if group == "" {
		first = b + "/api/v4/projects?per_page=100&order_by=id&sort=asc"
		from = "gitlab:" + b
	}
	var ts []Target
	err := a.pages(ctx, a.gitlab(), first, func(body []byte) error {
		var page []gitlabProject
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("not a list of projects: %w", err)
		}
		for _, p := range page {
			if p.HTTPURLToRepo == "" {
				continue
			}
			fork := len(p.ForkedFrom) > 0 && string(p.ForkedFrom) != "null"
			ts = append(ts, Target{
				URL: p.HTTPURLToRepo, Name: p.PathWithNamespace, Web: p.WebURL, Source: from,
				Archived: p.Archived, Fork: fork, LastActivity: p.LastActivityAt.UTC(),
			})
		}
		return nil
	})
	return ts, err
}
