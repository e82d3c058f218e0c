// Package prcommenttest serves fake GitHub and GitLab comment APIs on
// loopback, in the shapes the forges document (GitHub's issue comments,
// GitLab's merge request notes: fields, status codes, pagination headers,
// error bodies), for the tests of the comment poster and of the CI
// integrations that call it.
package prcommenttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Comment is a comment (GitHub) or a note (GitLab) as the fake holds it.
type Comment struct {
	ID     int64
	Author string
	Body   string
	System bool // GitLab: a note GitLab wrote itself
	Edits  int  // how many times it was replaced
}

// Server is one fake forge holding the comments of one pull or merge
// request.
type Server struct {
	URL string // the API's root: GITHUB_API_URL, or CI_API_V4_URL

	mu       sync.Mutex
	t        testing.TB
	gitlab   bool
	repo     string // owner/name, or the project's id
	number   int
	token    string
	bot      string // the token's user
	comments []*Comment
	nextID   int64
	requests []string
	// PerPage caps a page whatever per_page asks, to test pagination.
	PerPage int
	// Fail answers every write with this status when not 0.
	Fail int
}

// NewGitHub serves GitHub's REST API for pull request number of repo
// (owner/name), accepting token as GITHUB_TOKEN does.
func NewGitHub(t testing.TB, repo string, number int, token string) *Server {
	return start(t, &Server{repo: repo, number: number, token: token, bot: "github-actions[bot]"})
}

// NewGitLab serves GitLab's REST API (under /api/v4) for merge request
// iid of project (its numeric id), accepting token as PRIVATE-TOKEN.
func NewGitLab(t testing.TB, project string, iid int, token string) *Server {
	return start(t, &Server{gitlab: true, repo: project, number: iid, token: token, bot: "project_42_bot"})
}

func start(t testing.TB, s *Server) *Server {
	s.t, s.nextID, s.PerPage = t, 1000, 100
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	if s.gitlab {
		s.URL += "/api/v4"
	}
	return s
}

// Add puts a comment by someone else on the request.
func (s *Server) Add(author, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments = append(s.comments, &Comment{ID: s.nextID, Author: author, Body: body})
}

// AddSystem puts a note GitLab wrote itself ("added 1 commit").
func (s *Server) AddSystem(body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments = append(s.comments, &Comment{ID: s.nextID, Author: "ada", Body: body, System: true})
}

// Comments returns a copy of the request's comments, oldest first.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, len(s.comments))
	for i, c := range s.comments {
		out[i] = *c
	}
	return out
}

// Mine returns the comments the token's user wrote.
func (s *Server) Mine() []Comment {
	var out []Comment
	for _, c := range s.Comments() {
		if c.Author == s.bot {
			out = append(out, c)
		}
	}
	return out
}

// Requests lists the requests served, as "METHOD path".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := r.URL.EscapedPath()
	s.requests = append(s.requests, r.Method+" "+path)
	if !s.authorised(r) {
		if s.gitlab {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		} else {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})
		}
		return
	}
	list, one := s.paths()
	switch {
	case path == list && r.Method == http.MethodGet:
		s.list(w, r)
	case path == list && r.Method == http.MethodPost:
		s.write(w, r, nil)
	case strings.HasPrefix(path, one) && (r.Method == http.MethodPatch && !s.gitlab || r.Method == http.MethodPut && s.gitlab):
		id, err := strconv.ParseInt(strings.TrimPrefix(path, one), 10, 64)
		var target *Comment
		for _, c := range s.comments {
			if err == nil && c.ID == id {
				target = c
			}
		}
		if target == nil {
			s.notFound(w)
			return
		}
		if target.Author != s.bot {
			// Only an administrator may edit someone else's comment.
			writeJSON(w, http.StatusForbidden, map[string]any{"message": "Resource not accessible by integration"})
			return
		}
		s.write(w, r, target)
	default:
		s.notFound(w)
	}
}

func (s *Server) authorised(r *http.Request) bool {
	if s.gitlab {
		return r.Header.Get("PRIVATE-TOKEN") == s.token
	}
	a := r.Header.Get("Authorization")
	return a == "Bearer "+s.token || a == "token "+s.token
}

// paths are the list's path and the prefix of one comment's.
func (s *Server) paths() (string, string) {
	n := strconv.Itoa(s.number)
	if s.gitlab {
		list := "/api/v4/projects/" + s.repo + "/merge_requests/" + n + "/notes"
		return list, list + "/"
	}
	return "/repos/" + s.repo + "/issues/" + n + "/comments", "/repos/" + s.repo + "/issues/comments/"
}

func (s *Server) notFound(w http.ResponseWriter) {
	if s.gitlab {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not found"})
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"})
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = map[bool]int{true: 20, false: 30}[s.gitlab]
	}
	per = min(per, s.PerPage)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	all := s.comments
	if s.gitlab && q.Get("sort") != "asc" {
		// GitLab lists notes newest first unless asked otherwise.
		all = make([]*Comment, len(s.comments))
		for i, c := range s.comments {
			all[len(all)-1-i] = c
		}
	}
	from, to := min((page-1)*per, len(all)), min(page*per, len(all))
	out := []any{}
	for _, c := range all[from:to] {
		out = append(out, s.shape(c))
	}
	pages := max((len(all)+per-1)/per, 1)
	link := func(p int) string {
		u := *r.URL
		q := u.Query()
		q.Set("page", strconv.Itoa(p))
		u.RawQuery = q.Encode()
		return "<http://" + r.Host + u.String() + ">"
	}
	var links []string
	if page < pages {
		links = append(links, link(page+1)+`; rel="next"`, link(pages)+`; rel="last"`)
	}
	if s.gitlab {
		h := w.Header()
		h.Set("X-Page", strconv.Itoa(page))
		h.Set("X-Per-Page", strconv.Itoa(per))
		h.Set("X-Total", strconv.Itoa(len(all)))
		h.Set("X-Total-Pages", strconv.Itoa(pages))
		h.Set("X-Next-Page", "")
		if page < pages {
			h.Set("X-Next-Page", strconv.Itoa(page+1))
		}
		links = append(links, link(1)+`; rel="first"`)
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, target *Comment) {
	if s.Fail != 0 {
		writeJSON(w, s.Fail, map[string]any{"message": "Resource not accessible by integration"})
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"message": "want JSON"})
		return
	}
	var in struct {
		Body *string `json:"body"`
	}
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &in); err != nil || in.Body == nil || *in.Body == "" {
		if s.gitlab {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "body is missing"})
		} else {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "IssueComment", "code": "missing_field", "field": "body"}}})
		}
		return
	}
	if !s.gitlab && len([]rune(*in.Body)) > 65536 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "IssueComment", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"}}})
		return
	}
	status := http.StatusOK
	if target == nil {
		s.nextID++
		target = &Comment{ID: s.nextID, Author: s.bot}
		s.comments = append(s.comments, target)
		status = http.StatusCreated
	} else {
		target.Edits++
	}
	target.Body = *in.Body
	writeJSON(w, status, s.shape(target))
}

// shape is a comment as the forge's API gives it.
func (s *Server) shape(c *Comment) map[string]any {
	when := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC).Add(time.Duration(c.ID) * time.Minute).Format(time.RFC3339)
	if s.gitlab {
		return map[string]any{
			"id": c.ID, "type": nil, "body": c.Body, "attachment": nil,
			"author":     map[string]any{"id": 7, "username": c.Author, "name": c.Author, "state": "active", "web_url": "https://gitlab.example.org/" + c.Author},
			"created_at": when, "updated_at": when, "system": c.System,
			"noteable_id": 377, "noteable_type": "MergeRequest", "project_id": 42, "noteable_iid": s.number,
			"resolvable": false, "confidential": false, "internal": false, "imported": false, "imported_from": "none",
		}
	}
	typ := "User"
	if strings.HasSuffix(c.Author, "[bot]") {
		typ = "Bot"
	}
	api := "https://api.github.com/repos/" + s.repo
	return map[string]any{
		"id": c.ID, "node_id": fmt.Sprintf("IC_kwDO%08d", c.ID),
		"url":        fmt.Sprintf("%s/issues/comments/%d", api, c.ID),
		"html_url":   fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", s.repo, s.number, c.ID),
		"body":       c.Body,
		"user":       map[string]any{"login": c.Author, "id": 41898282, "type": typ, "site_admin": false},
		"created_at": when, "updated_at": when,
		"issue_url":                fmt.Sprintf("%s/issues/%d", api, s.number),
		"author_association":       "NONE",
		"reactions":                map[string]any{"url": fmt.Sprintf("%s/issues/comments/%d/reactions", api, c.ID), "total_count": 0, "+1": 0, "-1": 0},
		"performed_via_github_app": nil,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
