package audit_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit"
	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

var testdata = filepath.Join("..", "..", "testdata")

func noEnv(string) string { return "" }

// runAudit audits the URLs into a new state file and reads it back.
func runAudit(t *testing.T, urls []string, o audit.Options) *audit.State {
	t.Helper()
	ts, err := audit.Args(urls)
	if err != nil {
		t.Fatal(err)
	}
	return runTargets(t, ts, o)
}

func runTargets(t *testing.T, ts []audit.Target, o audit.Options) *audit.State {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.jsonl")
	w, err := audit.CreateState(path, audit.Header{State: audit.StateVersion, Settings: o.Settings()})
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.Run(context.Background(), ts, w, o); err != nil {
		t.Fatal(err)
	}
	w.Close()
	st, err := audit.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func options(t *testing.T, ag *audittest.Agency) audit.Options {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return audit.Options{Catalog: cat, Jobs: 8, CABundle: ag.Server.CA, Getenv: noEnv, TempDir: t.TempDir(), Timeout: time.Minute}
}

// TestAuditAgency audits a few hundred generated repositories served by
// git over https on loopback, with broken ones among them: every level is
// found, every failure is recorded with its reason, and no clone is left.
func TestAuditAgency(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	start := time.Now()
	ag := audittest.New(t, n, testdata)
	broken := ag.Broken(t)
	t.Logf("%d repositories generated and served in %s", n+len(broken), time.Since(start).Round(time.Millisecond))

	start = time.Now()
	o := options(t, ag)
	st := runAudit(t, audittest.URLs(append(append([]audittest.Repo{}, ag.Repos...), broken...)), o)
	t.Logf("audited in %s", time.Since(start).Round(time.Millisecond))

	byKey := map[string]audit.Record{}
	for _, r := range st.Records {
		byKey[r.Key] = r
	}
	if len(st.Records) != n+len(broken) || st.Lines != len(st.Records) {
		t.Fatalf("%d records in %d lines, want %d", len(st.Records), st.Lines, n+len(broken))
	}
	for _, want := range ag.Repos {
		got := byKey[audit.Key(want.URL)]
		if got.Error != "" || string(got.Level) != want.Level || got.Secrets != want.Secrets || got.Provisional {
			t.Errorf("%s: level %q (provisional %v), %d secrets, error %q; want level %s, %d secrets",
				want.Name, got.Level, got.Provisional, got.Secrets, got.Error, want.Level, want.Secrets)
			continue
		}
		if len(got.Commit) != 40 || got.LastActivity == nil || got.Name != want.Name {
			t.Errorf("%s: commit %q, last activity %v, name %q", want.Name, got.Commit, got.LastActivity, got.Name)
		}
		if (want.Level == "none") == got.Passed {
			t.Errorf("%s: level %s, gate passed %v", want.Name, got.Level, got.Passed)
		}
		if want.Level == "none" && len(got.Blocking) == 0 {
			t.Errorf("%s: failing gate without blocking rules", want.Name)
		}
	}
	reasons := map[string]string{"agency/empty": "empty repository", "agency/corrupt": "clone", "agency/missing": "not found"}
	for _, b := range broken {
		got := byKey[audit.Key(b.URL)]
		if got.Error == "" || !strings.Contains(got.Error, reasons[b.Name]) || got.Level != "" {
			t.Errorf("%s: error %q, level %q", b.Name, got.Error, got.Level)
		}
	}
	entries, _ := os.ReadDir(o.TempDir)
	if len(entries) != 0 {
		t.Errorf("clones left behind in %s: %d entries", o.TempDir, len(entries))
	}
}

// TestAuditCache: a second audit with a cache fetches nothing from an
// unchanged server, and finds the same; when the forge's listing gave a
// date of last push that has not moved, it does not even ask the server.
func TestAuditCache(t *testing.T) {
	ag := audittest.New(t, 10, testdata)
	o := options(t, ag)
	plain := runAudit(t, audittest.URLs(ag.Repos), o)

	o.CacheDir = filepath.Join(t.TempDir(), "cache")
	first := runAudit(t, audittest.URLs(ag.Repos), o)
	fetches, requests := ag.Server.Fetches(), ag.Server.Requests()
	second := runAudit(t, audittest.URLs(ag.Repos), o)
	if got := ag.Server.Fetches(); got != fetches {
		t.Errorf("the second audit fetched %d packs from an unchanged server", got-fetches)
	}
	if got := ag.Server.Requests() - requests; got != int64(len(ag.Repos)) {
		t.Errorf("the second audit made %d requests for %d repositories, want one listing of refs each", got, len(ag.Repos))
	}
	mirrors, _ := os.ReadDir(o.CacheDir)
	if len(mirrors) != len(ag.Repos) {
		t.Errorf("%d mirrors in the cache, want %d", len(mirrors), len(ag.Repos))
	}
	for i := range plain.Records {
		p, f, s := plain.Records[i], first.Records[i], second.Records[i]
		if p.Level != f.Level || f.Level != s.Level || p.Commit != s.Commit || strings.Join(p.Failing, " ") != strings.Join(s.Failing, " ") {
			t.Errorf("%s: level %s / %s / %s, failing %v / %v", p.Name, p.Level, f.Level, s.Level, p.Failing, s.Failing)
		}
	}

	// Listed by a forge with a date of last push.
	ts, _ := audit.Args(audittest.URLs(ag.Repos))
	pushed := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for i := range ts {
		ts[i].LastActivity = pushed
	}
	run := func() *audit.State { return runTargets(t, ts, o) }
	run() // asks the server, and stamps the mirrors with the date
	requests = ag.Server.Requests()
	third := run()
	if got := ag.Server.Requests() - requests; got != 0 {
		t.Errorf("an unchanged date of last push still made %d requests", got)
	}
	for i := range third.Records {
		if third.Records[i].Commit != plain.Records[i].Commit || third.Records[i].Level != plain.Records[i].Level {
			t.Errorf("%s: read from the mirror alone: %+v", third.Records[i].Name, third.Records[i])
		}
	}
	// A new date: the server is asked again.
	for i := range ts {
		ts[i].LastActivity = pushed.Add(time.Hour)
	}
	run()
	if got := ag.Server.Requests() - requests; got != int64(len(ag.Repos)) {
		t.Errorf("a new date of last push made %d requests, want %d", got, len(ag.Repos))
	}
}

// TestAuditCancel: a canceled audit stops, records nothing half done and
// leaves no clone.
func TestAuditCancel(t *testing.T) {
	ag := audittest.New(t, 20, testdata)
	o := options(t, ag)
	o.Jobs = 2
	ts, _ := audit.Args(audittest.URLs(ag.Repos))
	path := filepath.Join(t.TempDir(), "state.jsonl")
	w, err := audit.CreateState(path, audit.Header{State: audit.StateVersion})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	count := 0
	prog := audit.NewProgress(discard{}, false, time.Hour)
	o.Progress = prog
	go func() {
		// Cancel once a few are on disk.
		for {
			st, err := audit.ReadState(path)
			if err == nil && st.Lines >= 3 {
				cancel()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	prog.Begin(len(ts), 0)
	err = audit.Run(ctx, ts, w, o)
	prog.End(true)
	w.Close()
	if err != context.Canceled {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	st, err := audit.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Records {
		count++
		if r.Error != "" {
			t.Errorf("%s recorded with %q: a canceled scan must leave no record", r.Name, r.Error)
		}
	}
	if count == 0 || count == len(ts) {
		t.Errorf("%d records of %d", count, len(ts))
	}
	entries, _ := os.ReadDir(o.TempDir)
	if len(entries) != 0 {
		t.Errorf("clones left behind: %d", len(entries))
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestAuditTimeout: a server that never answers costs its repository the
// timeout, recorded as the reason, and the audit goes on.
func TestAuditTimeout(t *testing.T) {
	ag := audittest.New(t, 2, testdata)
	slow := sourcetest.SilentServer(t)
	o := options(t, ag)
	o.Timeout = time.Second
	st := runAudit(t, append(audittest.URLs(ag.Repos), slow+"/agency/huge.git"), o)
	if len(st.Records) != 3 {
		t.Fatalf("%d records", len(st.Records))
	}
	for _, r := range st.Records {
		timedOut := strings.Contains(r.Error, "timed out")
		if timedOut != strings.HasSuffix(r.URL, "/huge.git") {
			t.Errorf("%s: error %q", r.Name, r.Error)
		}
	}
}

// TestAuditCloneReasons: a clone that cannot reach its server is recorded
// with a short reason naming the host and the cause, and what git said
// behind it.
func TestAuditCloneReasons(t *testing.T) {
	ag := audittest.New(t, 1, testdata)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := l.Addr().String()
	l.Close()
	o := options(t, ag)
	st := runAudit(t, []string{"https://" + refused + "/agency/gone.git", "https://forge.example.invalid/agency/app.git"}, o)
	if len(st.Records) != 2 {
		t.Fatalf("%d records", len(st.Records))
	}
	want := map[string]string{
		"agency/gone": "could not clone: " + refused + " refused the connection",
		"agency/app":  "could not clone: DNS: ",
	}
	for _, r := range st.Records {
		if !strings.HasPrefix(r.Error, want[r.Name]) || r.Detail == "" || r.Detail == r.Error || strings.ContainsAny(r.Error+r.Detail, "\n\r") {
			t.Errorf("%s: error %q, detail %q", r.Name, r.Error, r.Detail)
		}
	}
}
