package audit_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestAPIUnreachable: each way a forge cannot be reached gives a one-line
// error naming the host and the cause; a cause that waiting cannot change
// is not retried, a forge that never answers is tried three times.
func TestAPIUnreachable(t *testing.T) {
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"message":"403 Forbidden"}`))
	}))
	defer tlsSrv.Close()
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer silent.Close()
	defer close(release)
	refused := closedAddr(t)
	proxy, _ := url.Parse("http://" + closedAddr(t))

	cases := []struct {
		name, base string
		client     *http.Client
		want       []string
		retries    int // sleeps between attempts; -1: either (DNS may time out)
	}{
		{"refused", "http://" + refused, &http.Client{}, []string{refused + " refused the connection"}, 0},
		{"dns", "https://forge.example.invalid", &http.Client{}, []string{"DNS: ", "forge.example.invalid"}, -1},
		{"tls", tlsSrv.URL, &http.Client{}, []string{"TLS: the certificate of " + strings.TrimPrefix(tlsSrv.URL, "https://"), "unknown authority"}, 0},
		{"proxy", tlsSrv.URL, &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}, []string{"the proxy (HTTPS_PROXY)"}, 0},
		{"403", tlsSrv.URL, tlsSrv.Client(), []string{"403 403 Forbidden: refused without a token (set GITLAB_TOKEN)"}, 0},
		{"silent", silent.URL, &http.Client{Timeout: 300 * time.Millisecond}, []string{"gave up after 3 attempts", strings.TrimPrefix(silent.URL, "http://") + " did not answer in time"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var sleeps []time.Duration
			api := &audit.API{Client: c.client, Sleep: func(_ context.Context, d time.Duration) error {
				sleeps = append(sleeps, d)
				return nil
			}}
			_, err := api.GitLabGroup(context.Background(), c.base, "agency")
			if !errors.Is(err, audit.ErrAPI) {
				t.Fatalf("err = %v", err)
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q does not say %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("more than one line: %q", msg)
			}
			if c.retries >= 0 && len(sleeps) != c.retries {
				t.Errorf("%d retries, want %d (%q)", len(sleeps), c.retries, msg)
			}
		})
	}
}

// A wait long enough for someone to wonder is said on the progress
// stream, in the user's language.
func TestAPIWaitNote(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	for lang, want := range map[string]string{
		"en": "GitLab API: rate limited; waiting 30s",
		"fr": "API GitLab\u00a0: limite de requêtes atteinte\u202f; attente de 30\u00a0s",
	} {
		calls = 0
		var notes []string
		api := &audit.API{Client: srv.Client(), Lang: lang, Notify: func(s string) { notes = append(notes, s) },
			Sleep: func(context.Context, time.Duration) error { return nil }}
		if _, err := api.GitLabGroup(context.Background(), srv.URL, "agency"); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if len(notes) != 1 || notes[0] != want {
			t.Errorf("%s: notes %q, want %q", lang, notes, want)
		}
	}
}
