package publiccode

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
)

func TestCheckOnline(t *testing.T) {
	var flaky atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok", "/repo.git":
		case "/gone":
			w.WriteHeader(http.StatusNotFound)
		case "/private":
			w.WriteHeader(http.StatusForbidden)
		case "/limited":
			w.WriteHeader(http.StatusTooManyRequests)
		case "/flaky": // fails once, then answers
			if flaky.Add(1) == 1 {
				w.WriteHeader(http.StatusBadGateway)
			}
		case "/down":
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	s := base(t)
	s = edit(t, s, `url: "https://git.example.gouv.fr/collectivites/registre.git"`, `url: "`+srv.URL+`/repo.git"`)
	s = edit(t, s, `landingURL: "https://registre.example.gouv.fr"`, `landingURL: "`+srv.URL+`/ok"`)
	s = edit(t, s, `roadmap: "https://git.example.gouv.fr/collectivites/registre/-/milestones"`, `roadmap: "`+srv.URL+`/gone"`)
	s = edit(t, s, `documentation: "https://registre.example.gouv.fr/docs"`, `documentation: "`+srv.URL+`/private"`)
	s = edit(t, s, `apiDocumentation: "https://registre.example.gouv.fr/api"`, `apiDocumentation: "`+srv.URL+`/limited"`)
	s = edit(t, s, `- "https://www.youtube.com/watch?v=example"`, `- "`+srv.URL+`/flaky"`)
	s = edit(t, s, `website: "https://societe.example.com"`, `website: "`+srv.URL+`/down"`)
	s = edit(t, s, `uri: "https://agence.example.gouv.fr"`, `uri: "urn:x-example:agence"`)
	s = edit(t, s, `- "https://git.example.org/amont/registre.git"`, `- "`+srv.URL+`/ok"`)
	r := Validate([]byte(s), Options{Files: repoFiles(t)})
	if !r.Valid() {
		t.Fatalf("offline: %v", got(r))
	}

	// Private addresses are refused unless allowed: the test server is on
	// loopback.
	guarded := Validate([]byte(s), Options{Files: repoFiles(t)})
	CheckOnline(context.Background(), guarded, Online{})
	if !guarded.Valid() {
		t.Errorf("a refused private address is not a failure: %v", got(guarded))
	}

	CheckOnline(context.Background(), r, Online{AllowPrivate: true, Backoff: time.Millisecond, Timeout: 5 * time.Second})
	want := map[string]string{
		"roadmap":                            "error online-unreachable",
		"description.fr.documentation":       "warning online-unchecked",
		"description.fr.apiDocumentation":    "warning online-unchecked",
		"maintenance.contractors[0].website": "warning online-unchecked",
	}
	gotBy := map[string]string{}
	for _, p := range r.Problems {
		if p.Message.ID == "online-unreachable" || p.Message.ID == "online-unchecked" {
			gotBy[p.Key] = string(p.Severity) + " " + p.Message.ID
		}
	}
	for k, w := range want {
		if gotBy[k] != w {
			t.Errorf("%s: got %q, want %q", k, gotBy[k], w)
		}
	}
	if len(gotBy) != len(want) {
		t.Errorf("online problems %v, want %v", gotBy, want)
	}
	if r.Valid() || r.Errors() != 1 {
		t.Errorf("one error (the 404) expected: %v", got(r))
	}
	for _, p := range r.Problems {
		if p.Key == "roadmap" && p.Severity != finding.Error {
			t.Error("404 must be an error")
		}
	}
}
