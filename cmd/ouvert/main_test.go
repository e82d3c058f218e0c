package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// bin is the ouvert binary, built on first use by exe for the few
// end-to-end tests that run the real program as users and CI do (a signal,
// standard input, a static build, tests run in parallel). The others run
// the command in process: see ouvert.
var (
	bin      string
	binDir   string
	binOnce  sync.Once
	binError error
)

// TestMain also makes the test binary the ouvert command of the scripts in
// testdata/script (testscript runs it as "ouvert", in process of its own).
func TestMain(m *testing.M) {
	testscript.Main(removeBin{m}, map[string]func(){
		"ouvert": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) },
	})
}

// removeBin removes the built binary after the tests.
type removeBin struct{ m *testing.M }

func (r removeBin) Run() int {
	code := r.m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	return code
}

// TestScripts runs the command-line scripts of testdata/script: what a user
// types, what ouvert prints and its exit code.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("LANG", "C.UTF-8")
			return nil
		},
	})
}

// exe returns the built binary, building it the first time.
func exe(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binError = os.MkdirTemp("", "ouvert-e2e-"); binError != nil {
			return
		}
		bin, binError = testrepos.BuildOuvert(binDir)
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return bin
}

type outcome struct {
	stdout, stderr string
	code           int
}

// ouvert runs the command in process, in dir, with a clean environment plus
// extra (KEY=VALUE), no standard input, and its own standard output and
// error: what the binary would print and its exit code. It changes the
// process's working directory while the command runs, so a test that calls
// it cannot be parallel (those run the binary: ouvertExe). A test that
// gives the command its own root certificates (SSL_CERT_FILE) runs the
// binary too: Go reads them once per process.
func ouvert(t *testing.T, dir string, extra []string, args ...string) outcome {
	t.Helper()
	vars := map[string]string{}
	for _, kv := range append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, extra...) {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	if _, ok := vars["SSL_CERT_FILE"]; ok {
		return ouvertExe(t, dir, extra, args...)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
	}()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] })
	return outcome{out.String(), errb.String(), code}
}

// ouvertExe runs the built binary in dir, like ouvert does in process.
func ouvertExe(t *testing.T, dir string, extra []string, args ...string) outcome {
	t.Helper()
	return runExe(t, exe(t), dir, append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, extra...), args...)
}

// runExe runs an ouvert binary in dir with exactly env, and fails the test
// if it hangs.
func runExe(t *testing.T, exe, dir string, env []string, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("ouvert %v hung", args)
	}
	return outcome{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
}

type jsonOut struct {
	SchemaVersion int
	Tool          struct{ Name, Version string }
	Target        struct{ Path, URL, Ref, Commit string }
	Level         struct {
		ID          string
		Provisional bool
		Confirmed   string
		Unevaluated []string
		Next        *struct {
			ID      string
			Missing []string
		}
	}
	Gate struct {
		Passed   bool
		Blocking []string
	}
	License struct {
		Expression string
		Approved   bool
		Files      []struct {
			Path, SPDX string
			Coverage   float64
		}
	}
	Rules []struct {
		ID, Level, Outcome, Severity, Title, Reason string
	}
	Findings []struct {
		Rule, Severity, Path, Message, Fingerprint string
		Line                                       int
		Commit, MessageID, Evidence                string
		Args                                       map[string]string
		Accepted                                   *finding.Acceptance
		Places                                     []finding.Place
		MorePlaces                                 int
		Purge                                      *struct {
			Paths                    []string
			Complete                 bool
			InvertPaths, ReplaceText string
		}
	}
	Steps []struct{ Rule, Fix string }
}

func scanJSON(t *testing.T, dir string, extra []string, args ...string) (jsonOut, outcome) {
	t.Helper()
	o := ouvert(t, dir, extra, append([]string{"scan", "--format", "json"}, args...)...)
	var j jsonOut
	if err := json.Unmarshal([]byte(o.stdout), &j); err != nil {
		t.Fatalf("stdout is not JSON (%v): %q; stderr %q", err, o.stdout, o.stderr)
	}
	return j, o
}

// of returns the indexes of a rule's findings.
func (j jsonOut) of(rule string) []int {
	var out []int
	for i, f := range j.Findings {
		if f.Rule == rule {
			out = append(out, i)
		}
	}
	return out
}

// reason is a rule's reason.
func (j jsonOut) reason(rule string) string {
	for _, r := range j.Rules {
		if r.ID == rule {
			return r.Reason
		}
	}
	return ""
}

func (j jsonOut) outcome(rule string) string {
	for _, r := range j.Rules {
		if r.ID == rule {
			return r.Outcome
		}
	}
	return "absent"
}

func TestScanLevels(t *testing.T) {
	cases := []struct {
		fixture string
		level   string
		failing []string // rules that must fail
	}{
		{"none", "none", []string{"license/file", "license/approved", "readme/file"}},
		{"c", "C", []string{"contributing/file", "security/policy", "readme/content", "maintenance/contact"}},
		{"b", "B", []string{"contributing/content", "community/code-of-conduct", "changelog/file", "activity/recent"}},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			repo := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", tc.fixture+".txtar"))
			j, o := scanJSON(t, repo.Dir(), nil)
			if j.Level.ID != tc.level {
				t.Errorf("level = %s, want %s; rules %+v", j.Level.ID, tc.level, j.Rules)
			}
			for _, r := range tc.failing {
				if got := j.outcome(r); got != "fail" {
					t.Errorf("%s = %s, want fail", r, got)
				}
			}
			// Levels are confirmed now that secrets are scanned; the default
			// gate (C) fails only below C.
			if j.outcome("secrets/scan") != "pass" || j.Level.Provisional {
				t.Errorf("secrets/scan = %s, provisional = %v", j.outcome("secrets/scan"), j.Level.Provisional)
			}
			wantCode := 0
			if tc.level == "none" {
				wantCode = 1
			}
			if o.code != wantCode || j.Gate.Passed != (wantCode == 0) {
				t.Errorf("exit code = %d (gate passed %v), want %d: stderr %q", o.code, j.Gate.Passed, wantCode, o.stderr)
			}
			if j.Target.Path != "." || len(j.Target.Commit) != 40 || j.SchemaVersion != 1 || j.Tool.Name != "ouvert" {
				t.Errorf("target/tool = %+v %+v", j.Target, j.Tool)
			}
			if len(j.Steps) == 0 && tc.level != "A" {
				t.Error("no steps to the next level")
			}
		})
	}
}

// levelA builds a repository that meets every rule of level A.
func levelA(t *testing.T) *sourcetest.Repo {
	t.Helper()
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	r.Write("CONTRIBUTING.md", "# Contributing\n\n## Set up\n\nInstall Go 1.26.\n\n## Tests\n\nRun `go test ./...`.\n\n## Submit\n\nOpen a merge request; a maintainer reviews it.\n")
	r.Write("CODE_OF_CONDUCT.md", "Be kind to each other. Report problems to conduct@example.org.\n")
	r.Write("CHANGELOG.md", "# Changelog\n\n## 1.0.0\n\n- First release of the budget exporter.\n")
	r.Write("GOVERNANCE.md", "The maintainers decide by consensus, in the open, in issues.\n")
	r.Write("main.go", "// SPDX-License-Identifier: MIT\npackage main\n\nfunc main() {}\n")
	r.Commit("reach level A", time.Now().Add(-24*time.Hour))
	return r
}

func TestScanLevelA(t *testing.T) {
	r := levelA(t)
	j, o := scanJSON(t, r.Dir(), nil, "--min-level", "A")
	if j.Level.ID != "A" || j.Level.Provisional || j.Level.Confirmed != "A" || len(j.Level.Unevaluated) != 0 {
		t.Errorf("level = %+v; rules %+v", j.Level, j.Rules)
	}
	if j.License.Expression != "MIT" || !j.License.Approved || len(j.License.Files) == 0 || j.License.Files[0].Path != "LICENSE" {
		t.Errorf("license = %+v", j.License)
	}
	if o.code != 0 {
		t.Errorf("level A must pass --min-level A: code %d, stderr %q", o.code, o.stderr)
	}
	// A badge that claims more than the evidence is flagged; here it claims B at level A.
	if j.outcome("readme/badge") != "pass" {
		t.Errorf("readme/badge = %s", j.outcome("readme/badge"))
	}
}

func TestScanTextFrenchAndEnglish(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	fr := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "scan")
	for _, want := range []string{"Niveau\u00a0: C — publié", "Licence\u00a0: MIT", "Pour atteindre le niveau B — ouvert", "Contrôle\u00a0: réussi"} {
		if !strings.Contains(fr.stdout, want) {
			t.Errorf("French report lacks %q:\n%s", want, fr.stdout)
		}
	}
	en := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "scan", "--lang", "en")
	for _, want := range []string{"Level: C — publié", "To reach level B — ouvert", "Gate: passed"} {
		if !strings.Contains(en.stdout, want) {
			t.Errorf("English report lacks %q:\n%s", want, en.stdout)
		}
	}
	if strings.Contains(fr.stdout, "\x1b[") || strings.Contains(en.stdout, "\x1b[") {
		t.Error("colours written to a pipe")
	}
	col := ouvert(t, r.Dir(), nil, "scan", "--color", "always")
	if !strings.Contains(col.stdout, "\x1b[") {
		t.Error("--color always wrote no colour")
	}
	nc := ouvert(t, r.Dir(), []string{"NO_COLOR=1"}, "scan", "--color", "auto")
	if strings.Contains(nc.stdout, "\x1b[") {
		t.Error("NO_COLOR ignored")
	}
}

func TestScanOutputFileAndDeterminism(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	out := filepath.Join(t.TempDir(), "report.json")
	o := ouvert(t, r.Dir(), nil, "scan", "--format", "json", "--output", out)
	if o.stdout != "" {
		t.Errorf("stdout not empty with --output: %q", o.stdout)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	second := ouvert(t, r.Dir(), nil, "scan", "--format", "json")
	if second.stdout != string(first) {
		t.Error("two scans of the same commit gave different JSON")
	}
}

func TestScanRef(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Tag("v1")
	r.Remove("LICENSE")
	r.Commit("drop the licence", sourcetest.Epoch.Add(time.Hour))
	head, _ := scanJSON(t, r.Dir(), nil)
	tag, _ := scanJSON(t, r.Dir(), nil, "--ref", "v1")
	if head.Level.ID != "none" || tag.Level.ID != "C" || tag.Target.Ref != "v1" {
		t.Errorf("head level %s, v1 level %s (ref %q)", head.Level.ID, tag.Level.ID, tag.Target.Ref)
	}
}

func TestScanWorkTreeAsPublished(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	// An ignored SECURITY.md would not be published: it must not count.
	r.Write(".gitignore", "SECURITY.md\n")
	r.Write("SECURITY.md", "Report vulnerabilities in private to security@example.org.\n")
	j, _ := scanJSON(t, r.Dir(), nil)
	if j.outcome("security/policy") != "fail" {
		t.Errorf("an ignored SECURITY.md counted: %s", j.outcome("security/policy"))
	}
	// An untracked, unignored CONTRIBUTING.md would be published: it counts.
	r.Write("CONTRIBUTING.md", "# Contributing\n\nOpen an issue first, then a merge request.\n")
	j, _ = scanJSON(t, r.Dir(), nil)
	if j.outcome("contributing/file") != "pass" {
		t.Errorf("an untracked CONTRIBUTING.md did not count: %s", j.outcome("contributing/file"))
	}
}

func TestBadInput(t *testing.T) {
	good := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	file := filepath.Join(t.TempDir(), "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	empty := t.TempDir()
	corrupt := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	os.WriteFile(filepath.Join(corrupt.Dir(), ".git", "HEAD"), []byte("garbage\x00\n"), 0o644)
	badcfg := t.TempDir()
	os.WriteFile(filepath.Join(badcfg, ".ouvert.yml"), []byte("min-level: Z\n"), 0o644)
	os.WriteFile(filepath.Join(badcfg, "README.md"), []byte("# x\n"), 0o644)

	cases := []struct {
		name string
		dir  string
		args []string
		code int
		want string // in stderr
	}{
		{"missing path", ".", []string{"scan", "/does/not/exist"}, 2, "/does/not/exist"},
		{"file not dir", ".", []string{"scan", file}, 2, "file.txt"},
		{"empty dir", ".", []string{"scan", empty}, 2, "nothing to publish"},
		{"corrupt git", ".", []string{"scan", corrupt.Dir()}, 3, corrupt.Dir()},
		{"unknown ref", good.Dir(), []string{"scan", "--ref", "no-such-ref"}, 2, "no-such-ref"},
		{"bad format", good.Dir(), []string{"scan", "--format", "xml"}, 2, "unknown format \"xml\""},
		{"bad level", good.Dir(), []string{"scan", "--min-level", "D"}, 2, "--min-level"},
		{"bad lang", good.Dir(), []string{"scan", "--lang", "de"}, 2, "--lang"},
		{"bad flag", good.Dir(), []string{"scan", "--nope"}, 2, "unknown flag: --nope"},
		{"bad config", badcfg, []string{"scan"}, 2, ".ouvert.yml:1: invalid configuration: min-level"},
		{"missing config", good.Dir(), []string{"scan", "--config", "nope.yml"}, 2, "nope.yml"},
		{"missing baseline", good.Dir(), []string{"scan", "--baseline", "nope.json"}, 2, "--baseline"},
		{"bad baseline", good.Dir(), []string{"scan", "--baseline", file}, 2, "not a JSON report of ouvert"},
		{"unwritable output", good.Dir(), []string{"scan", "--output", "/nonexistent/dir/report.json"}, 3, "--output"},
		{"http refused", ".", []string{"scan", "http://example.org/x.git"}, 2, "http:// is refused"},
		{"helper refused", ".", []string{"scan", "ext::sh -c touch% /tmp/pwned"}, 2, "remote helpers are refused"},
		{"two targets", ".", []string{"scan", "a", "b"}, 2, "one PATH or URL"},
		{"unknown rule", ".", []string{"rules", "nope/rule"}, 2, "unknown rule"},
		{"unknown command", ".", []string{"scna"}, 2, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := ouvert(t, tc.dir, nil, tc.args...)
			if o.code != tc.code {
				t.Errorf("exit code = %d, want %d; stderr %q", o.code, tc.code, o.stderr)
			}
			if !strings.Contains(o.stderr, tc.want) {
				t.Errorf("stderr %q lacks %q", o.stderr, tc.want)
			}
			if n := strings.Count(strings.TrimSpace(o.stderr), "\n"); n > 0 {
				t.Errorf("error is %d lines, want one: %q", n+1, o.stderr)
			}
			if strings.Contains(o.stderr, "panic") || strings.Contains(o.stderr, "goroutine") {
				t.Errorf("panic: %s", o.stderr)
			}
		})
	}
}

func TestHostileRepositoryRunsNothing(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "pwned")
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	// Everything git could run on its own: hooks, filters, fsmonitor, a
	// submodule to fetch, LFS. None of it may run.
	hook := "#!/bin/sh\ntouch " + marker + "\n"
	for _, h := range []string{"post-checkout", "pre-commit", "post-merge", "reference-transaction", "fsmonitor-watchman"} {
		os.WriteFile(filepath.Join(r.Dir(), ".git", "hooks", h), []byte(hook), 0o755)
	}
	cfg := "\n[filter \"evil\"]\n\tclean = touch " + marker + "\n\tsmudge = touch " + marker + "\n\trequired = true\n" +
		"[core]\n\tfsmonitor = touch " + marker + "\n\thooksPath = .git/hooks\n"
	f, _ := os.OpenFile(filepath.Join(r.Dir(), ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(cfg)
	f.Close()
	r.Write(".gitattributes", "* filter=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n")
	r.Write(".gitmodules", "[submodule \"dep\"]\n\tpath = dep\n\turl = ext::sh -c touch% "+marker+"\n")
	r.Gitlink("dep", strings.Repeat("a", 40))
	// Symlinks that point out of the repository must not be followed.
	outside := filepath.Join(t.TempDir(), "LICENSE")
	os.WriteFile(outside, []byte("Apache License\nVersion 2.0, January 2004\n"), 0o644)
	r.Symlink("COPYING", outside)
	r.Symlink("docs/escape", "../../../../../../etc")
	os.Remove(marker)

	for _, args := range [][]string{{"scan"}, {"scan", "--ref", "HEAD"}, {"scan", "file://" + r.Dir()}} {
		o := ouvert(t, r.Dir(), nil, append(args, "--format", "json", "--min-level", "none")...)
		if o.code != 0 && o.code != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, o.code, o.stderr)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Fatalf("%v: something from the repository ran", args)
		}
		if strings.Contains(o.stdout, "Apache") {
			t.Errorf("%v: a symlink out of the repository was followed", args)
		}
	}
}

func TestCloneOverHTTPS(t *testing.T) {
	r := levelA(t)
	url, ca := sourcetest.GitServer(t, map[string]*sourcetest.Repo{"agency/budget.git": r})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, ca, 0o644)
	env := []string{"SSL_CERT_FILE=" + caFile}

	j, o := scanJSON(t, ".", env, url+"/agency/budget.git", "--min-level", "none")
	if o.code != 0 || j.Level.ID != "A" || j.Target.URL != url+"/agency/budget.git" || j.Target.Path != "" {
		t.Errorf("code %d, level %s, target %+v, stderr %q", o.code, j.Level.ID, j.Target, o.stderr)
	}
	if j.outcome("activity/recent") != "pass" {
		t.Errorf("a shallow clone knows its head commit: activity/recent = %s", j.outcome("activity/recent"))
	}

	missing := ouvert(t, ".", env, "scan", url+"/agency/nope.git")
	if missing.code != 3 || !strings.Contains(missing.stderr, "nope.git") {
		t.Errorf("missing repo: code %d, stderr %q", missing.code, missing.stderr)
	}
}

func TestCloneWithToken(t *testing.T) {
	r := levelA(t)
	url, ca := sourcetest.GitServerAuth(t, map[string]*sourcetest.Repo{"private.git": r}, "x-access-token", "s3cr3t-t0ken-value")
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, ca, 0o644)

	denied := ouvert(t, ".", []string{"SSL_CERT_FILE=" + caFile}, "scan", url+"/private.git")
	if denied.code != 3 || !strings.Contains(denied.stderr, "OUVERT_TOKEN") {
		t.Errorf("no token: code %d, stderr %q", denied.code, denied.stderr)
	}
	ok := ouvert(t, ".", []string{"SSL_CERT_FILE=" + caFile, "OUVERT_TOKEN=s3cr3t-t0ken-value"}, "scan", url+"/private.git", "--min-level", "none", "--format", "json")
	if ok.code != 0 {
		t.Errorf("with token: code %d, stderr %q", ok.code, ok.stderr)
	}
	if strings.Contains(ok.stdout+ok.stderr+denied.stderr, "s3cr3t") {
		t.Error("the token was printed")
	}
}

func TestCloneTimeout(t *testing.T) {
	// A server that accepts and never answers: the clone must give up with
	// a clear error (ouvert() fails the test if the process hangs).
	url := sourcetest.SilentServer(t)
	o := ouvert(t, ".", nil, "scan", url+"/slow.git", "--timeout", "2s")
	if o.code != 3 || !strings.Contains(o.stderr, "timed out") {
		t.Errorf("code %d, stderr %q", o.code, o.stderr)
	}
}

func TestRulesAndVersion(t *testing.T) {
	list := ouvert(t, ".", nil, "rules")
	for _, id := range []string{"license/file", "license/approved", "license/consistent", "license/headers", "readme/file",
		"readme/content", "readme/badge", "contributing/file", "contributing/content", "maintenance/contact",
		"security/policy", "publiccode/file", "community/code-of-conduct", "changelog/file", "governance/file",
		"activity/recent", "secrets/scan"} {
		if !strings.Contains(list.stdout, id) {
			t.Errorf("ouvert rules lacks %s", id)
		}
	}
	one := ouvert(t, ".", nil, "rules", "license/approved", "--lang", "fr")
	for _, want := range []string{"D323-2-1", "Pourquoi", "Comment corriger", "data.gouv.fr"} {
		if !strings.Contains(one.stdout, want) {
			t.Errorf("ouvert rules license/approved lacks %q:\n%s", want, one.stdout)
		}
	}
	v := ouvert(t, ".", nil, "version")
	if v.code != 0 || !strings.HasPrefix(v.stdout, "ouvert ") {
		t.Errorf("version: %q (%d)", v.stdout, v.code)
	}
	h := ouvert(t, ".", nil, "--help")
	if h.code != 0 || !strings.Contains(h.stdout, "Exit codes") {
		t.Errorf("help: %d %q", h.code, h.stdout)
	}
}

// TestSelfScan: ouvert's own repository must reach level A under its own
// rules, history included.
func TestSelfScan(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout")
	}
	j, _ := scanJSON(t, root, nil, "--min-level", "none")
	if j.Level.ID != "A" {
		var failing []string
		for _, r := range j.Rules {
			if r.Outcome != "pass" && r.Level != "" {
				failing = append(failing, r.ID+": "+r.Reason)
			}
		}
		t.Errorf("ouvert's own level = %s, want A; failing: %v", j.Level.ID, failing)
	}
	if j.License.Expression != "Apache-2.0" || !j.License.Approved {
		t.Errorf("own licence = %+v", j.License)
	}
}

func TestBaselineAcceptsKnownFindings(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	base := filepath.Join(t.TempDir(), "base.json")
	first := ouvert(t, r.Dir(), nil, "scan", "--format", "json", "--output", base, "--min-level", "none", "--fail-on", "note")
	if first.code != 1 {
		t.Fatalf("findings at note or worse must fail --fail-on note: code %d", first.code)
	}
	again, o := scanJSON(t, r.Dir(), nil, "--baseline", base, "--min-level", "none", "--fail-on", "note")
	if o.code != 0 {
		t.Errorf("with the baseline nothing new counts: code %d, blocking %v", o.code, again.Gate.Blocking)
	}
	// A new problem is not in the baseline and counts.
	r.Remove("SECURITY.md")
	r.Commit("drop the security policy", sourcetest.Epoch.Add(time.Hour))
	third := ouvert(t, r.Dir(), nil, "scan", "--baseline", base, "--min-level", "none", "--fail-on", "warning")
	if third.code != 1 || !strings.Contains(third.stdout, "security/policy") {
		t.Errorf("a new finding must count: code %d", third.code)
	}
}

func TestSARIFOutput(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	o := ouvert(t, r.Dir(), nil, "scan", "--format", "sarif")
	var log struct {
		Version string
		Runs    []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal([]byte(o.stdout), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("sarif output: %v %+v", err, log)
	}
}

func TestHugeAndBinaryFiles(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	big := strings.Repeat("x = 1 # filler line of a generated data file\n", 150000) // ~6.8 MB
	r.Write("data/big.py", big)
	r.Write("assets/logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+strings.Repeat("\x00", 4096))
	r.Write("LICENSE.pdf", "%PDF-1.4\n\x00\x01binary")
	r.Commit("big and binary", sourcetest.Epoch.Add(time.Hour))
	j, o := scanJSON(t, r.Dir(), nil)
	if o.code != 0 || j.Level.ID != "C" {
		t.Fatalf("code %d, level %s, stderr %q", o.code, j.Level.ID, o.stderr)
	}
	var tooLarge bool
	for _, f := range j.Findings {
		if f.Rule == "secrets/scan" && strings.Contains(f.Message, "data/big.py") {
			tooLarge = true
		}
	}
	if !tooLarge {
		t.Error("a file over the size cap must be named as not scanned")
	}
}
