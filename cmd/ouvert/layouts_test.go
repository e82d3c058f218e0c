package main

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func licenceFile(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "scaffold", "licences", id+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noRawControls fails when s holds a character that must reach a terminal
// or a report escaped.
func noRawControls(t *testing.T, what, s string) {
	t.Helper()
	for _, c := range []string{"\x00", "\x1b", "\r", "\x7f", "\u202e"} {
		if i := strings.Index(s, c); i >= 0 {
			t.Errorf("%s: raw %q at byte %d: …%q…", what, c, i, s[max(0, i-30):min(len(s), i+10)])
		}
	}
}

// Issue 13's reproduction: a three-file repository cloned with
// --filter=blob:limit=2k from a loopback server gets a report, with and
// without the history, naming what is missing in a user's words.
func TestScanPartialClone(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("LICENSE", licenceFile(t, "Apache-2.0"))
	r.Write("README.md", "# Budget\n\nSuivi du budget de la commune.\n")
	r.Write("img/logo.png", "\x89PNG\r\n\x1a\n"+strings.Repeat("\x00\x01", 3000))
	r.Commit("one", sourcetest.Epoch)
	dir := sourcetest.PartialClone(t, r, "blob:limit=2k", "--bare")
	for _, history := range []string{"--history=true", "--history=false"} {
		o := ouvert(t, ".", nil, "scan", dir, history)
		if o.code != exitPolicy {
			t.Fatalf("%s: code %d, stderr %q", history, o.code, o.stderr)
		}
		if strings.Contains(o.stderr+o.stdout, "corrupt") {
			t.Errorf("%s: says corrupt: %s%s", history, o.stderr, o.stdout)
		}
		for _, want := range []string{
			"partial clone: 2 files of HEAD are not downloaded",
			"not evaluated: 1 file not downloaded (partial clone), such as LICENSE",
			"img/logo.png: content not in the repository; no rule needs it",
			"git fetch --refetch",
		} {
			if !strings.Contains(o.stdout, want) {
				t.Errorf("%s: report lacks %q:\n%s", history, want, o.stdout)
			}
		}
	}
	o := ouvert(t, ".", []string{"LANG=fr_FR.UTF-8"}, "scan", dir, "--format", "json", "--min-level", "none")
	if o.code != exitOK {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	var j struct {
		Level struct {
			ID          string
			Provisional bool
			Unevaluated []string
		}
	}
	if err := json.Unmarshal([]byte(o.stdout), &j); err != nil {
		t.Fatal(err)
	}
	if !j.Level.Provisional || j.Level.ID != "C" || !strings.Contains(strings.Join(j.Level.Unevaluated, " "), "license/file") {
		t.Errorf("level = %+v", j.Level)
	}
}

// Layouts that got no report or a wrong one: each gets one now, or a
// one-line error that says what is not supported.
func TestScanLayouts(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("LICENSE", licenceFile(t, "MIT"))
	r.Write("README.md", "# Budget\n\nSuivi du budget de la commune.\n")
	r.Commit("one", sourcetest.Epoch)

	noCheckout := r.Clone(false, "--no-checkout")
	sparse := r.Clone(false)
	if _, err := sourcetest.Run(sparse, sourcetest.Epoch, "sparse-checkout", "set", "--no-cone", "/README.md"); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"no checkout": noCheckout, "sparse": sparse, ".git": filepath.Join(r.Dir(), ".git")} {
		o := ouvert(t, ".", nil, "scan", dir, "--format", "json", "--min-level", "none")
		if o.code != exitOK {
			t.Errorf("%s: code %d, stderr %q", name, o.code, o.stderr)
			continue
		}
		var j struct {
			Rules []struct{ ID, Outcome string }
		}
		if err := json.Unmarshal([]byte(o.stdout), &j); err != nil {
			t.Fatal(err)
		}
		for _, rr := range j.Rules {
			if rr.ID == "license/file" && rr.Outcome != "pass" {
				t.Errorf("%s: license/file %s: the licence of HEAD is not read", name, rr.Outcome)
			}
		}
	}

	sha := t.TempDir()
	for _, args := range [][]string{{"init", "--quiet", "--object-format=sha256"}, {"commit", "--quiet", "--allow-empty", "-m", "x"}} {
		if _, err := sourcetest.Run(sha, sourcetest.Epoch, args...); err != nil {
			t.Fatal(err)
		}
	}
	o := ouvert(t, ".", nil, "scan", sha)
	if o.code != exitRuntime || !strings.Contains(o.stderr, "SHA-256 repositories are not supported yet") || strings.Contains(o.stderr, "corrupt") {
		t.Errorf("sha256: code %d, stderr %q", o.code, o.stderr)
	}
	oneLineError(t, o)
}

// hostileRemote answers git's smart protocol over https with an error
// packet whose text holds control characters, as a misbehaving or hostile
// server may.
func hostileRemote(t *testing.T) (url, caFile string) {
	t.Helper()
	msg := "ERR \x1b[31mrepository\x00 disabled\r\u202egnp.exe\x7f"
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		fmt.Fprintf(w, "%04x%s", 4+len("# service=git-upload-pack\n"), "# service=git-upload-pack\n")
		fmt.Fprint(w, "0000")
		fmt.Fprintf(w, "%04x%s", 4+len(msg)+1, msg+"\n")
	}))
	t.Cleanup(srv.Close)
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pemOf(srv), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv.URL + "/agency/repo.git", caFile
}

// A remote's error text reaches standard error and every audit report
// escaped.
func TestRemoteErrorWithControlCharacters(t *testing.T) {
	url, ca := hostileRemote(t)
	env := []string{"SSL_CERT_FILE=" + ca}
	o := ouvert(t, ".", env, "scan", url, "--quiet")
	if o.code != exitRuntime {
		t.Fatalf("code %d, stderr %q", o.code, o.stderr)
	}
	oneLineError(t, o)
	noRawControls(t, "stderr", o.stderr)
	if !strings.Contains(o.stderr, `\x1b[31mrepository\x00 disabled`) {
		t.Errorf("stderr does not show the server's text escaped: %q", o.stderr)
	}

	dir := t.TempDir()
	list := writeList(t, []string{url})
	for _, format := range []string{"csv", "md", "html", "json"} {
		out := "audit." + format
		o := ouvert(t, dir, env, "audit", "--list", list, "--output", out)
		if o.code != exitOK {
			t.Fatalf("audit %s: code %d, stderr %q", format, o.code, o.stderr)
		}
		noRawControls(t, "stderr", o.stderr)
		b := readFile(t, dir, out)
		noRawControls(t, out, b)
		if !strings.Contains(b, `repository\x00 disabled`) && !strings.Contains(b, `repository\\x00 disabled`) {
			t.Errorf("%s does not show the server's text escaped:\n%s", out, b)
		}
	}
}

func pemOf(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}
