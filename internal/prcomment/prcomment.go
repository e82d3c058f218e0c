// Package prcomment keeps one comment of ouvert's on a pull request
// (GitHub) or a merge request (GitLab) up to date: the first run posts it,
// later runs find it by a hidden marker and replace its text, so that a
// pull request pushed to ten times has one report, the latest, not ten.
//
// It speaks the forges' REST APIs: GitHub's issue comments (a pull
// request is an issue) and GitLab's merge request notes.
package prcomment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Forge names an API.
type Forge string

const (
	GitHub Forge = "github"
	GitLab Forge = "gitlab"
)

// Target is the pull or merge request to comment on.
type Target struct {
	Forge Forge
	// API is the REST API's root: https://api.github.com (GITHUB_API_URL
	// on a runner), https://gitlab.example.org/api/v4 (CI_API_V4_URL).
	API string
	// Repo is GitHub's owner/name, or GitLab's project id or path.
	Repo string
	// Number is the pull request's number, or the merge request's iid.
	Number int
	// Token authenticates: GitHub's GITHUB_TOKEN (Authorization: Bearer),
	// a GitLab access token with the api scope (PRIVATE-TOKEN).
	Token string
	// Key tells comments apart when several ouvert jobs comment on one
	// request (one per project of a monorepo); "" is the default one.
	Key string
	// UserAgent is sent with each request (GitHub wants one).
	UserAgent string
}

// MaxBody is the longest comment GitHub takes (65,536 characters); GitLab
// takes a million. A longer text is cut, with a line that says so.
const MaxBody = 65536

// ErrAPI marks a request the forge refused or did not answer.
var ErrAPI = errors.New("forge API error")

// Result says what was done.
type Result struct {
	Updated bool   // an earlier comment was replaced; else one was created
	ID      int64  // the comment's id
	URL     string // its page, when the forge gives one
}

// Marker is the hidden line that starts each of ouvert's comments.
func Marker(key string) string {
	if key == "" {
		return "<!-- ouvert:report -->"
	}
	// The key comes from a job's settings: keep it from closing the
	// comment.
	key = strings.NewReplacer("--", "-", ">", "", "\n", " ", "\r", " ").Replace(key)
	return "<!-- ouvert:report " + key + " -->"
}

// Upsert posts body as the target's ouvert comment, replacing the earlier
// one with the same marker if there is one.
func Upsert(ctx context.Context, client *http.Client, t Target, body string) (Result, error) {
	if client == nil {
		client = &http.Client{Timeout: time.Minute}
	}
	c := &caller{client: client, t: t}
	if err := c.check(); err != nil {
		return Result{}, err
	}
	marker := Marker(t.Key)
	text := marker + "\n" + body
	if n := len(text); n > MaxBody {
		const cut = "\n\n…\n"
		text = text[:MaxBody-len(cut)]
		for len(text) > 0 && !isRuneStart(text[len(text)-1]) { // keep UTF-8 whole
			text = text[:len(text)-1]
		}
		text = strings.ToValidUTF8(text, "") + cut
	}
	existing, err := c.find(ctx, marker)
	if err != nil {
		return Result{}, err
	}
	if existing != 0 {
		r, err := c.send(ctx, c.editMethod(), c.commentURL(existing), text, http.StatusOK)
		r.Updated = true
		return r, err
	}
	return c.send(ctx, http.MethodPost, c.listURL(), text, http.StatusCreated)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

type caller struct {
	client *http.Client
	t      Target
}

func (c *caller) check() error {
	t := c.t
	switch {
	case t.Forge != GitHub && t.Forge != GitLab:
		return fmt.Errorf("unknown forge %q (want github or gitlab)", t.Forge)
	case t.Repo == "":
		return errors.New("no repository or project to comment on")
	case t.Number <= 0:
		return errors.New("no pull or merge request number")
	case t.Token == "":
		return errors.New("no token to comment with")
	}
	u, err := url.Parse(t.API)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("API root %q is not an http(s) URL", t.API)
	}
	if t.Forge == GitHub && strings.Count(t.Repo, "/") != 1 {
		return fmt.Errorf("GitHub repository %q is not owner/name", t.Repo)
	}
	return nil
}

func (c *caller) base() string { return strings.TrimRight(c.t.API, "/") }

func (c *caller) listURL() string {
	n := strconv.Itoa(c.t.Number)
	if c.t.Forge == GitHub {
		return c.base() + "/repos/" + c.t.Repo + "/issues/" + n + "/comments"
	}
	return c.base() + "/projects/" + url.PathEscape(c.t.Repo) + "/merge_requests/" + n + "/notes"
}

func (c *caller) commentURL(id int64) string {
	if c.t.Forge == GitHub {
		return c.base() + "/repos/" + c.t.Repo + "/issues/comments/" + strconv.FormatInt(id, 10)
	}
	return c.listURL() + "/" + strconv.FormatInt(id, 10)
}

func (c *caller) editMethod() string {
	if c.t.Forge == GitHub {
		return http.MethodPatch
	}
	return http.MethodPut
}

// comment is what both forges give of a comment (GitHub's issue comment,
// GitLab's note).
type comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"` // GitHub
	System  bool   `json:"system"`   // GitLab: a note GitLab wrote itself
}

// find returns the id of the comment that starts with marker, 0 when
// there is none, reading every page.
func (c *caller) find(ctx context.Context, marker string) (int64, error) {
	first := c.listURL() + "?per_page=100"
	if c.t.Forge == GitLab {
		first += "&sort=asc&order_by=created_at"
	}
	start, _ := url.Parse(first)
	seen := map[string]bool{}
	for next := first; next != ""; {
		if seen[next] || len(seen) > 1000 {
			return 0, fmt.Errorf("%s: pagination does not end: %w", c.t.Forge, ErrAPI)
		}
		seen[next] = true
		b, h, err := c.do(ctx, http.MethodGet, next, nil, http.StatusOK)
		if err != nil {
			return 0, err
		}
		var page []comment
		if err := json.Unmarshal(b, &page); err != nil {
			return 0, fmt.Errorf("%s %s: not a list of comments: %w: %w", c.t.Forge, redact(next), err, ErrAPI)
		}
		for _, cm := range page {
			if !cm.System && strings.HasPrefix(strings.TrimLeft(cm.Body, "\ufeff \t\r\n"), marker) {
				return cm.ID, nil
			}
		}
		cur, _ := url.Parse(next)
		next = nextPage(h, cur)
		// The token goes to the API's host only, whatever a header says.
		if u, err := url.Parse(next); next != "" && (err != nil || u.Scheme != start.Scheme || u.Host != start.Host) {
			return 0, fmt.Errorf("%s: the next page is on another host: %w", c.t.Forge, ErrAPI)
		}
	}
	return 0, nil
}

func (c *caller) send(ctx context.Context, method, u, text string, want int) (Result, error) {
	payload, _ := json.Marshal(map[string]string{"body": text})
	b, _, err := c.do(ctx, method, u, payload, want)
	if err != nil {
		return Result{}, err
	}
	var cm comment
	if err := json.Unmarshal(b, &cm); err != nil || cm.ID == 0 {
		return Result{}, fmt.Errorf("%s %s %s: not a comment in the answer: %w", c.t.Forge, method, redact(u), ErrAPI)
	}
	return Result{ID: cm.ID, URL: cm.HTMLURL}, nil
}

// do makes one request, and retries once a server error or a short rate
// limit.
func (c *caller) do(ctx context.Context, method, u string, payload []byte, want int) ([]byte, http.Header, error) {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(payload))
		if err != nil {
			return nil, nil, err
		}
		if c.t.Forge == GitHub {
			req.Header.Set("Authorization", "Bearer "+c.t.Token)
			req.Header.Set("Accept", "application/vnd.github+json")
			req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		} else {
			req.Header.Set("PRIVATE-TOKEN", c.t.Token)
		}
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		ua := c.t.UserAgent
		if ua == "" {
			ua = "ouvert"
		}
		req.Header.Set("User-Agent", ua)
		resp, err := c.client.Do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s %s: %w: %w", c.t.Forge, method, redact(u), err, ErrAPI)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s %s: %w: %w", c.t.Forge, method, redact(u), err, ErrAPI)
		}
		if resp.StatusCode == want {
			return b, resp.Header, nil
		}
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		if wait := retryAfter(resp.Header); retry && attempt == 0 && wait <= 30*time.Second {
			select {
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			case <-time.After(wait):
			}
			continue
		}
		return nil, nil, fmt.Errorf("%s %s %s: %s%s: %w", c.t.Forge, method, redact(u), resp.Status, apiMessage(b, resp.StatusCode), ErrAPI)
	}
}

// retryAfter reads Retry-After in seconds (1 s when absent).
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

// apiMessage is the forge's own explanation, and what it usually means
// for a CI job.
func apiMessage(b []byte, status int) string {
	var e struct {
		Message any `json:"message"`
		Error   any `json:"error"`
	}
	msg := ""
	if json.Unmarshal(b, &e) == nil {
		for _, v := range []any{e.Message, e.Error} {
			if v != nil && msg == "" {
				msg = strings.Join(strings.Fields(fmt.Sprint(v)), " ")
			}
		}
	}
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		hint := "the token cannot write comments here (GitHub: permissions: pull-requests: write, and no token for pull requests from forks; GitLab: an access token with the api scope)"
		if msg != "" {
			return " (" + msg + "): " + hint
		}
		return ": " + hint
	}
	if msg != "" {
		return " (" + msg + ")"
	}
	return ""
}

// nextPage reads the Link header's next page (GitHub, GitLab), else
// GitLab's X-Next-Page.
func nextPage(h http.Header, cur *url.URL) string {
	for _, link := range h.Values("Link") {
		for _, part := range strings.Split(link, ",") {
			target, params, ok := strings.Cut(part, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(k, "rel") && strings.Trim(v, `"`) == "next" {
					if u, err := cur.Parse(target[1 : len(target)-1]); err == nil {
						return u.String()
					}
				}
			}
		}
	}
	if np := strings.TrimSpace(h.Get("X-Next-Page")); np != "" {
		u := *cur
		q := u.Query()
		q.Set("page", np)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return ""
}

// redact drops a URL's query from messages.
func redact(u string) string {
	s, _, _ := strings.Cut(u, "?")
	return s
}
