package prcomment_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ouvert-dev/ouvert/internal/prcomment"
	"github.com/ouvert-dev/ouvert/internal/prcomment/prcommenttest"
)

func upsert(t *testing.T, tg prcomment.Target, body string) (prcomment.Result, error) {
	t.Helper()
	return prcomment.Upsert(context.Background(), nil, tg, body)
}

// TestOneCommentUpdated: the first run creates the comment, later runs
// replace its text; other people's comments and other jobs' are left
// alone, also when ouvert's is on a later page.
func TestOneCommentUpdated(t *testing.T) {
	for _, forge := range []prcomment.Forge{prcomment.GitHub, prcomment.GitLab} {
		t.Run(string(forge), func(t *testing.T) {
			var s *prcommenttest.Server
			tg := prcomment.Target{Forge: forge, Number: 7, Token: "t0k3n"}
			if forge == prcomment.GitHub {
				s = prcommenttest.NewGitHub(t, "agency/budget", 7, "t0k3n")
				tg.Repo = "agency/budget"
			} else {
				s = prcommenttest.NewGitLab(t, "42", 7, "t0k3n")
				tg.Repo = "42"
				s.AddSystem("added 1 commit")
			}
			tg.API = s.URL
			s.PerPage = 2 // ouvert's comment ends up on page 3
			s.Add("ada", "Looks good, but see the licence.")
			s.Add("bob", "> "+prcomment.Marker("")+"\nquoted")

			r, err := upsert(t, tg, "### ouvert: level C\n")
			if err != nil || r.Updated {
				t.Fatalf("first run: %+v %v", r, err)
			}
			s.Add("carl", "thanks")
			s.Add("dora", "ok")
			other := tg
			other.Key = "api/"
			if _, err := upsert(t, other, "### ouvert: level B (api)\n"); err != nil {
				t.Fatal(err)
			}
			r2, err := upsert(t, tg, "### ouvert: level B\n")
			if err != nil || !r2.Updated || r2.ID != r.ID {
				t.Fatalf("second run: %+v %v (first %+v)", r2, err, r)
			}
			mine := s.Mine()
			if len(mine) != 2 {
				t.Fatalf("%d comments of ouvert's, want one per key: %+v", len(mine), mine)
			}
			if mine[0].Body != prcomment.Marker("")+"\n### ouvert: level B\n" || mine[0].Edits != 1 {
				t.Errorf("the comment holds %q after %d edits", mine[0].Body, mine[0].Edits)
			}
			if !strings.HasPrefix(mine[1].Body, "<!-- ouvert:report api/ -->\n") {
				t.Errorf("the keyed comment: %q", mine[1].Body)
			}
			if forge == prcomment.GitHub && !strings.Contains(r.URL, "/pull/7#issuecomment-") {
				t.Errorf("comment URL %q", r.URL)
			}
		})
	}
}

func TestLongReportIsCut(t *testing.T) {
	s := prcommenttest.NewGitHub(t, "agency/budget", 7, "t")
	body := strings.Repeat("é", prcomment.MaxBody) // two bytes each
	if _, err := upsert(t, prcomment.Target{Forge: prcomment.GitHub, API: s.URL, Repo: "agency/budget", Number: 7, Token: "t"}, body); err != nil {
		t.Fatal(err)
	}
	got := s.Mine()[0].Body
	if len(got) > prcomment.MaxBody || !utf8.ValidString(got) || !strings.HasSuffix(got, "…\n") {
		t.Errorf("cut body: %d bytes, valid %v, ends %q", len(got), utf8.ValidString(got), got[len(got)-8:])
	}
}

// TestRefusals: a token that cannot write (a fork's pull request), a wrong
// token, bad settings: errors that say what to do, never the token.
func TestRefusals(t *testing.T) {
	s := prcommenttest.NewGitHub(t, "agency/budget", 7, "good")
	tg := prcomment.Target{Forge: prcomment.GitHub, API: s.URL, Repo: "agency/budget", Number: 7, Token: "bad"}
	_, err := upsert(t, tg, "x")
	if !errors.Is(err, prcomment.ErrAPI) || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "Bad credentials") || strings.Contains(err.Error(), "bad") && strings.Contains(err.Error(), "Bearer") {
		t.Errorf("wrong token: %v", err)
	}
	tg.Token = "good"
	s.Fail = http.StatusForbidden
	_, err = upsert(t, tg, "x")
	if err == nil || !strings.Contains(err.Error(), "pull-requests: write") {
		t.Errorf("read-only token: %v", err)
	}
	for _, bad := range []prcomment.Target{
		{Forge: "gitea", API: s.URL, Repo: "a/b", Number: 1, Token: "t"},
		{Forge: prcomment.GitHub, API: s.URL, Repo: "a", Number: 1, Token: "t"},
		{Forge: prcomment.GitHub, API: s.URL, Repo: "a/b", Number: 0, Token: "t"},
		{Forge: prcomment.GitHub, API: s.URL, Repo: "a/b", Number: 1},
		{Forge: prcomment.GitHub, API: "file:///etc", Repo: "a/b", Number: 1, Token: "t"},
	} {
		if _, err := upsert(t, bad, "x"); err == nil || errors.Is(err, prcomment.ErrAPI) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if n := len(s.Requests()); n != 3 { // the wrong token's listing, the read-only token's listing and post
		t.Errorf("%d requests made; bad settings must make none", n)
	}
}

// TestNextPageStaysOnTheAPIHost: a Link header pointing elsewhere does not
// get the token.
func TestNextPageStaysOnTheAPIHost(t *testing.T) {
	evil := prcommenttest.NewGitHub(t, "agency/budget", 7, "t")
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", fmt.Sprintf(`<%s/repos/agency/budget/issues/7/comments?page=2>; rel="next"`, evil.URL))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	})
	srv := startServer(t, mux)
	_, err := upsert(t, prcomment.Target{Forge: prcomment.GitHub, API: srv, Repo: "agency/budget", Number: 7, Token: "t"}, "x")
	if err == nil || !strings.Contains(err.Error(), "another host") || len(evil.Requests()) != 0 {
		t.Errorf("err %v, %d requests to the other host", err, len(evil.Requests()))
	}
}

func startServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
