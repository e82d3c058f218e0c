package sourcetest

import (
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// GitServer serves the repositories over smart HTTP (git http-backend
// behind CGI) on an https server bound to 127.0.0.1, and returns its base
// URL and the PEM of the certificate to trust. Repository name is at
// url + "/" + name. The server stops when the test ends.
func GitServer(t testing.TB, repos map[string]*Repo) (url string, caPEM []byte) {
	t.Helper()
	return serve(t, repos, nil)
}

// GitServerAuth is GitServer requiring HTTP basic auth with user and
// password; other requests get 401, as a forge answers for a private
// repository.
func GitServerAuth(t testing.TB, repos map[string]*Repo, user, password string) (url string, caPEM []byte) {
	t.Helper()
	return serve(t, repos, func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && u == user && p == password
	})
}

func serve(t testing.TB, repos map[string]*Repo, allow func(*http.Request) bool) (string, []byte) {
	t.Helper()
	root := t.TempDir()
	for name, r := range repos {
		dst := filepath.Join(root, filepath.FromSlash(name))
		if _, err := Run(root, Epoch, "clone", "--quiet", "--bare", "--no-local", r.Dir(), dst); err != nil {
			t.Fatal(err)
		}
	}
	s := serveRoot(t, root, allow)
	return s.URL, s.CA
}

// Server is a git server over a directory of bare repositories, which
// tests may change while it runs (push to them, add more).
type Server struct {
	URL  string // https://127.0.0.1:port; a repository is at URL + "/" + its path under Root
	CA   []byte // PEM of the certificate to trust
	Root string
	// fetches counts the pack requests (git-upload-pack POSTs): what a
	// clone or a fetch that transfers objects makes, and a listing of refs
	// does not.
	fetches  atomic.Int64
	requests atomic.Int64
}

// Fetches is the number of pack requests served so far.
func (s *Server) Fetches() int64 { return s.fetches.Load() }

// Requests is the number of requests served so far, of any kind.
func (s *Server) Requests() int64 { return s.requests.Load() }

// ServeDir serves the bare repositories under root over smart HTTP, as
// GitServer does. The server stops when the test ends.
func ServeDir(t testing.TB, root string) *Server {
	t.Helper()
	return serveRoot(t, root, nil)
}

func serveRoot(t testing.TB, root string, allow func(*http.Request) bool) *Server {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	s := &Server{Root: root}
	backend := &cgi.Handler{
		Path: gitBin,
		Args: []string{"http-backend"},
		Dir:  root,
		// git's complaints (a missing repository) would clutter test output;
		// the client's error says what went wrong.
		Stderr: io.Discard,
		Env: append(Env(),
			"GIT_PROJECT_ROOT="+root,
			"GIT_HTTP_EXPORT_ALL=1",
			// The repositories may belong to another user than the one
			// the test runs as: git's ownership check must not refuse them.
			"GIT_CONFIG_COUNT=1",
			"GIT_CONFIG_KEY_0=safe.directory",
			"GIT_CONFIG_VALUE_0=*",
		),
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow != nil && !allow(r) {
			w.Header().Set("WWW-Authenticate", `Basic realm="sourcetest"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		s.requests.Add(1)
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
			s.fetches.Add(1)
		}
		backend.ServeHTTP(w, r)
	})
	srv := httptest.NewUnstartedServer(h)
	// Clients that do not trust the certificate are expected in tests.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	if !strings.HasPrefix(srv.Listener.Addr().String(), "127.0.0.1:") {
		t.Fatalf("sourcetest: server listens on %s, not on loopback", srv.Listener.Addr())
	}
	s.URL = srv.URL
	s.CA = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return s
}

// SilentServer accepts TCP connections on 127.0.0.1 and never answers, to
// test that a clone times out rather than hangs. It returns an https base
// URL.
func SilentServer(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read nor written
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "https://" + ln.Addr().String()
}

// PartialClone serves r over smart HTTP on loopback, with
// uploadpack.allowFilter set as a forge sets it, and makes a partial clone
// of it with the git command line: git clone --filter=filter, plus the
// extra arguments (--bare, --no-checkout…). It returns the clone's path.
// The server stops when the test ends; the clone never fetches again.
func PartialClone(t testing.TB, r *Repo, filter string, extra ...string) string {
	t.Helper()
	root := t.TempDir()
	served := filepath.Join(root, "served.git")
	if _, err := Run(root, Epoch, "clone", "--quiet", "--bare", "--no-local", r.Dir(), served); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(served, Epoch, "config", "uploadpack.allowFilter", "true"); err != nil {
		t.Fatal(err)
	}
	s := serveRoot(t, root, nil)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, s.CA, 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "partial")
	args := append([]string{"-c", "http.sslCAInfo=" + ca, "clone", "--quiet", "--filter=" + filter}, extra...)
	if _, err := Run(root, Epoch, append(args, s.URL+"/served.git", dst)...); err != nil {
		t.Fatal(err)
	}
	// Later commands of the test (a checkout) may fetch what is missing.
	if _, err := Run(dst, Epoch, "config", "http.sslCAInfo", ca); err != nil {
		t.Fatal(err)
	}
	return dst
}
