package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

const testCatalog = `
common:
  not-evaluated: {fr: "non évaluée", en: "not evaluated"}
  needs-commits: {fr: "pas de commit", en: "no commit"}
  needs-history: {fr: "pas d'historique", en: "no history"}
  needs-remote: {fr: "pas de distant", en: "no remote"}
  check-error: {fr: "erreur : {error}", en: "error: {error}"}
  disabled: {fr: "désactivée ({file})", en: "disabled ({file})"}
  no-result: {fr: "rien de {check}", en: "nothing from {check}"}
  accepted: {fr: "{count} acceptées", en: "{count} accepted"}
  exception-expired: {fr: "{file}:{line} {until}", en: "{file}:{line} {until}"}
rules:
  - {id: c/one, level: C, severity: error, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
  - {id: c/two, level: C, severity: error, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
  - {id: b/one, level: B, severity: warning, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
  - {id: a/one, level: A, severity: note, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
  - {id: k/one, group: c/one, quiet: true, severity: error, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
  - {id: x/advice, severity: warning, title: {fr: t, en: t}, why: {fr: w, en: w}, fix: {fr: f, en: f}, sources: [{name: s}]}
`

// fake is a check whose outcomes the test decides: the engine is what is
// under test here, not a real check.
type fake struct {
	id    string
	rules map[string]finding.Outcome
	needs source.Capability
	panic bool
	err   error
	finds []finding.Finding
}

func (f fake) ID() string { return f.id }
func (f fake) Rules() []string {
	var ids []string
	for id := range f.rules {
		ids = append(ids, id)
	}
	return ids
}
func (f fake) Needs() source.Capability { return f.needs | source.Tree }
func (f fake) Run(context.Context, *checks.Env) (checks.Result, error) {
	if f.panic {
		panic("boom")
	}
	var r checks.Result
	for id, o := range f.rules {
		if o != "" {
			r.Rules = append(r.Rules, finding.RuleResult{Rule: id, Outcome: o, Reason: finding.Msg("not-evaluated")})
		}
	}
	r.Findings = f.finds
	return r, f.err
}

func runFake(t *testing.T, cfg *config.Config, list ...checks.Check) *Result {
	t.Helper()
	cat, err := rules.Parse([]byte(testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := source.NewFS(fstest.MapFS{"a.txt": {Data: []byte("a")}}, source.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), repo, Options{Checks: list, Catalog: cat, Config: cfg, Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func outcomeOf(r *Result, id string) finding.Outcome {
	rr, _ := r.Rule(id)
	return rr.Outcome
}

func TestLevels(t *testing.T) {
	P, F, S := finding.Pass, finding.Fail, finding.Skip
	cases := []struct {
		name                 string
		c1, c2, b, a         finding.Outcome
		level, confirmed     finding.Level
		next                 finding.Level
		missing, steps, unev string
	}{
		{"all pass", P, P, P, P, "A", "A", "", "", "", ""},
		{"a fails", P, P, P, F, "B", "B", "A", "a/one", "a/one", ""},
		{"c fails", F, P, P, P, "none", "none", "C", "c/one", "c/one", ""},
		{"b fails, a passes", P, P, F, P, "C", "C", "B", "b/one", "b/one", ""},
		{"c skipped", S, P, P, P, "A", "none", "", "", "c/one", "c/one"},
		{"c skipped, b fails", S, P, F, P, "C", "none", "B", "c/one,b/one", "c/one,b/one", "c/one"},
		{"c skipped and failed", S, F, P, P, "none", "none", "C", "c/one,c/two", "c/one,c/two", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := runFake(t, nil, fake{id: "f", rules: map[string]finding.Outcome{
				"c/one": tc.c1, "c/two": tc.c2, "b/one": tc.b, "a/one": tc.a, "x/advice": F}})
			lv := res.Level
			if lv.ID != tc.level || lv.Confirmed != tc.confirmed || lv.Next != tc.next || lv.Provisional != (tc.level != tc.confirmed) {
				t.Errorf("level = %+v", lv)
			}
			if j := strings.Join(lv.Missing, ","); j != tc.missing {
				t.Errorf("missing = %s, want %s", j, tc.missing)
			}
			if j := strings.Join(lv.Steps, ","); j != tc.steps {
				t.Errorf("steps = %s, want %s", j, tc.steps)
			}
			if j := strings.Join(lv.Unevaluated, ","); j != tc.unev {
				t.Errorf("unevaluated = %s, want %s", j, tc.unev)
			}
		})
	}
}

func TestBrokenChecksBecomeOutcomes(t *testing.T) {
	res := runFake(t, nil,
		fake{id: "panics", rules: map[string]finding.Outcome{"c/one": finding.Pass}, panic: true},
		fake{id: "errs", rules: map[string]finding.Outcome{"c/two": finding.Pass}, err: errors.New("disk on fire")},
		fake{id: "history", rules: map[string]finding.Outcome{"b/one": finding.Pass}, needs: source.History},
		fake{id: "silent", rules: map[string]finding.Outcome{"a/one": ""}},
	)
	want := map[string]finding.Outcome{"c/one": finding.Errored, "c/two": finding.Errored, "b/one": finding.Skip, "a/one": finding.Errored, "x/advice": finding.Skip}
	for id, o := range want {
		if got := outcomeOf(res, id); got != o {
			t.Errorf("%s = %s, want %s", id, got, o)
		}
	}
	rr, _ := res.Rule("c/one")
	if msg := res.Catalog.Text("c/one", rr.Reason, "en"); !strings.Contains(msg, "internal error") || strings.Contains(msg, "\n") {
		t.Errorf("panic reason = %q", msg)
	}
	rr, _ = res.Rule("b/one")
	if rr.Reason.ID != "needs-history" {
		t.Errorf("capability gap reason = %s", rr.Reason.ID)
	}
	rr, _ = res.Rule("x/advice")
	if rr.Reason.ID != "not-evaluated" {
		t.Errorf("unclaimed rule reason = %s", rr.Reason.ID)
	}
	if g := Decide(res, finding.LevelC, ""); g.Verdict != Broken {
		t.Errorf("an errored required rule must make the gate Broken, got %v", g.Verdict)
	}
}

func TestConfigAndFindings(t *testing.T) {
	cat, _ := rules.Parse([]byte(testCatalog))
	cfg, err := config.Parse(".ouvert.yml", []byte("rules:\n  a/one: off\n  x/advice: error\nexclude: [secret/]\n"), cat)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]finding.Outcome{"c/one": finding.Pass, "c/two": finding.Pass, "b/one": finding.Pass, "a/one": finding.Fail, "x/advice": finding.Fail}
	res := runFake(t, cfg, fake{id: "f", rules: all, finds: []finding.Finding{
		{Rule: "x/advice", Path: "z.txt", Message: finding.Msg("n")},
		{Rule: "x/advice", Severity: finding.Note, Path: "a.txt", Message: finding.Msg("n")},
		{Rule: "a/one", Path: "a.txt", Message: finding.Msg("n")},
	}})
	if outcomeOf(res, "a/one") != finding.Skip || res.Level.ID != finding.LevelA || !res.Level.Provisional {
		t.Errorf("a rule turned off is not evaluated: %s, level %+v", outcomeOf(res, "a/one"), res.Level)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("findings = %+v", res.Findings)
	}
	// Sorted by rule then path; the default severity follows the override,
	// a deliberate note stays a note; fingerprints are filled.
	if res.Findings[0].Path != "a.txt" || res.Findings[0].Severity != finding.Note || res.Findings[1].Severity != finding.Error {
		t.Errorf("findings = %+v", res.Findings)
	}
	if res.Findings[0].Fingerprint == "" || res.Findings[0].Fingerprint == res.Findings[1].Fingerprint {
		t.Errorf("fingerprints = %q %q", res.Findings[0].Fingerprint, res.Findings[1].Fingerprint)
	}
	if g := Decide(res, finding.LevelNone, finding.Error); g.Verdict != Failed || strings.Join(g.Blocking, ",") != "x/advice" {
		t.Errorf("fail-on error: %+v", g)
	}
	if g := Decide(res, finding.LevelB, ""); g.Verdict != Passed {
		t.Errorf("level B with a/one off: %+v", g)
	}
	if g := Decide(res, finding.LevelA, ""); g.Verdict != Failed || strings.Join(g.Blocking, ",") != "a/one" {
		t.Errorf("level A needs a/one, which is off: %+v", g)
	}
}

func TestExcludeHidesFiles(t *testing.T) {
	cat, _ := rules.Parse([]byte(testCatalog))
	cfg, _ := config.Parse("c", []byte("exclude: [\"*.txt\"]\n"), cat)
	repo, _ := source.NewFS(fstest.MapFS{"a.txt": {Data: []byte("a")}, "b.md": {Data: []byte("b")}}, source.Meta{})
	var seen []string
	var readErr error
	spy := spyCheck{fn: func(env *checks.Env) {
		for _, f := range env.Repo.Files() {
			seen = append(seen, f.Path)
		}
		_, readErr = env.Repo.Read("a.txt", 0)
	}}
	if _, err := Run(context.Background(), repo, Options{Checks: []checks.Check{spy}, Catalog: cat, Config: cfg}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ",") != "b.md" || !errors.Is(readErr, source.ErrNotFound) {
		t.Errorf("seen %v, read excluded file: %v", seen, readErr)
	}
}

type spyCheck struct{ fn func(*checks.Env) }

func (spyCheck) ID() string               { return "spy" }
func (spyCheck) Rules() []string          { return nil }
func (spyCheck) Needs() source.Capability { return source.Tree }
func (s spyCheck) Run(_ context.Context, env *checks.Env) (checks.Result, error) {
	s.fn(env)
	return checks.Result{}, nil
}

func TestExceptionsAndBaseline(t *testing.T) {
	cat, _ := rules.Parse([]byte(testCatalog))
	secret := func(path string) finding.Finding {
		return finding.Finding{Rule: "k/one", Path: path, Line: 3, Message: finding.Msg("n", "value-id", path)}
	}
	check := fake{id: "f", rules: map[string]finding.Outcome{"c/one": finding.Fail, "c/two": finding.Pass, "b/one": finding.Pass, "a/one": finding.Pass},
		finds: []finding.Finding{secret("tests/fixture.env"), secret("src/app.py")}}
	now := time.Unix(0, 0) // runFake's clock: 1970-01-01

	cfg, err := config.Parse(".ouvert.yml", []byte(`exceptions:
  - {rule: k/one, path: "tests/**", reason: "fake fixture keys"}
  - {rule: "k/*", path: src/app.py, reason: "rotated", until: "1969-12-31"}
`), cat)
	if err != nil {
		t.Fatal(err)
	}
	res := runFake(t, cfg, check)
	var accepted, live, expiredNotes int
	for _, f := range res.Findings {
		switch {
		case f.Message.ID == "exception-expired":
			expiredNotes++
		case f.Accepted != nil:
			accepted++
			if f.Accepted.Reason != "fake fixture keys" || f.Path != "tests/fixture.env" {
				t.Errorf("accepted = %+v on %s", f.Accepted, f.Path)
			}
		default:
			live++
		}
	}
	if accepted != 1 || live != 1 || expiredNotes != 1 {
		t.Errorf("accepted %d, live %d, expired notes %d; findings %+v", accepted, live, expiredNotes, res.Findings)
	}
	if outcomeOf(res, "c/one") != finding.Fail {
		t.Errorf("a live finding in the group must keep c/one failing")
	}

	// The baseline of that run accepts the remaining finding: the group's
	// rule passes, saying why, and the level comes back.
	baseline := map[string]bool{}
	for _, f := range res.Findings {
		baseline[f.Fingerprint] = true
	}
	repo, _ := source.NewFS(fstest.MapFS{"a.txt": {Data: []byte("a")}}, source.Meta{})
	res2, err := Run(context.Background(), repo, Options{Checks: []checks.Check{check}, Catalog: cat, Config: cfg, Now: now, Baseline: baseline})
	if err != nil {
		t.Fatal(err)
	}
	rr, _ := res2.Rule("c/one")
	if rr.Outcome != finding.Pass || rr.Reason.ID != "accepted" || res2.Level.ID != finding.LevelA {
		t.Errorf("c/one = %s (%s), level %s", rr.Outcome, rr.Reason.ID, res2.Level.ID)
	}
	for _, f := range res2.Findings {
		if f.Rule == "k/one" && f.Path == "src/app.py" && (f.Accepted == nil || f.Accepted.By != "baseline") {
			t.Errorf("src/app.py not accepted by the baseline: %+v", f.Accepted)
		}
	}
	if g := Decide(res2, finding.LevelC, finding.Error); g.Verdict != Passed {
		t.Errorf("accepted findings must not trip --fail-on: %+v", g)
	}
}

// A configuration that excludes paths keeps the history: the view it
// makes is still a Historian, whose walk leaves the excluded paths unread.
func TestExcludeKeepsHistory(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("docs/old.txt", "old")
	r.Write("src/a.go", "package a")
	r.Commit("one", sourcetest.Epoch)
	r.Write("docs/old.txt", "older")
	r.Write("src/a.go", "package a // 2")
	r.Commit("two", sourcetest.Epoch.Add(time.Hour))
	cat, _ := rules.Parse([]byte(testCatalog))
	cfg, _ := config.Parse("c", []byte("exclude: [\"docs/\"]\n"), cat)
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	got := map[string]string{}
	var mu sync.Mutex // History calls back from several goroutines
	spy := spyCheck{fn: func(env *checks.Env) {
		h, ok := env.Repo.(source.Historian)
		if !ok {
			t.Error("the filtered view hides the history")
			return
		}
		if _, err := h.History(context.Background(), source.HistoryOptions{}, func(b source.Blob, c []byte) error {
			mu.Lock()
			defer mu.Unlock()
			got[b.Path+"@"+string(c)] = b.Skipped
			return nil
		}); err != nil {
			t.Error(err)
		}
	}}
	if _, err := Run(context.Background(), repo, Options{Checks: []checks.Check{spy}, Catalog: cat, Config: cfg}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"docs/old.txt@": "excluded", "src/a.go@package a": "", "src/a.go@package a // 2": ""}
	if len(got) != 3 || got["docs/old.txt@"] != "excluded" || got["src/a.go@package a"] != "" || got["src/a.go@package a // 2"] != "" {
		t.Errorf("history through the view: %v, want %v", got, want)
	}
}
