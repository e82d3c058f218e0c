package ci_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/prcomment/prcommenttest"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// The CI integrations are shell scripts; these tests run them as GitHub
// Actions and GitLab CI would, with the variables those set, against the
// binary built by TestMain (OUVERT_BIN), in fixture repositories.

var ciDir = "."

// prRepo is testrepos.PullRequest: a pull request over an old key, adding
// one more when secret is true.
func prRepo(t *testing.T, secret bool) (*sourcetest.Repo, string, []string) {
	return testrepos.PullRequest(t, secret)
}

// runScript runs a CI script with exactly env (plus PATH, HOME, LANG and
// OUVERT_BIN) and returns its outcome.
func runScript(t *testing.T, script string, env []string) outcome {
	t.Helper()
	if _, err := exec.LookPath("jq"); err != nil && strings.Contains(script, "github") {
		t.Skip("jq is not installed (.ci/run installs it): the GitHub entry point needs it")
	}
	abs, err := filepath.Abs(script)
	if err != nil {
		t.Fatal(err)
	}
	env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8", "OUVERT_BIN=" + bin}, env...)
	return runCmd(t, t.TempDir(), env, "bash", abs)
}

type actionStep struct {
	ID    string
	If    string
	Uses  string
	With  map[string]string
	Shell string
	Run   string
	Env   map[string]string
}

type actionFile struct {
	Inputs  map[string]struct{ Default string }
	Outputs map[string]struct{ Value string }
	Runs    struct {
		Using string
		Steps []actionStep
	}
}

// scanStep is the step of action.yml that runs the entry point.
func (a actionFile) scanStep() actionStep {
	for _, s := range a.Runs.Steps {
		if s.ID == "scan" {
			return s
		}
	}
	return actionStep{}
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	return readActionAt(t, "..")
}

func readActionAt(t *testing.T, dir string) actionFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	scan := a.scanStep()
	if a.Runs.Using != "composite" || scan.Shell != "bash" || !strings.Contains(scan.Run, "ci/github/entrypoint.sh") {
		t.Fatalf("action.yml does not run ci/github/entrypoint.sh in a composite step: %+v", a.Runs)
	}
	return a
}

// actionEnv is the environment action.yml gives the entry point when every
// input keeps its default, plus over.
func actionEnv(t *testing.T, over map[string]string) []string {
	a := readAction(t)
	var env []string
	for k, v := range a.scanStep().Env {
		in := strings.TrimSuffix(strings.TrimPrefix(v, "${{ inputs."), " }}")
		switch o, ok := over[k]; {
		case ok:
			env = append(env, k+"="+o)
		case strings.Contains(a.Inputs[in].Default, "${{"):
			env = append(env, k+"=") // the job's token: none in these tests
		default:
			env = append(env, k+"="+a.Inputs[in].Default)
		}
	}
	return env
}

var ouvertVar = regexp.MustCompile(`\bOUVERT_[A-Z_]+`)

// scriptVars are the OUVERT_* variables a script reads, but OUVERT_BIN and
// OUVERT_RELEASE_URL, which hand-built setups (a binary of their own, a
// mirror of the releases) and tests give.
func scriptVars(t *testing.T, files ...string) []string {
	t.Helper()
	var vars []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(ciDir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range ouvertVar.FindAllString(string(b), -1) {
			if v != "OUVERT_BIN" && v != "OUVERT_RELEASE_URL" && !slices.Contains(vars, v) {
				vars = append(vars, v)
			}
		}
	}
	slices.Sort(vars)
	return vars
}

// TestActionMatchesEntrypoint keeps action.yml and the script in step: each
// input reaches the script as the OUVERT_* variable it reads, and no
// variable the script reads lacks an input.
func TestActionMatchesEntrypoint(t *testing.T) {
	a := readAction(t)
	var given []string
	for k, v := range a.scanStep().Env {
		in := strings.TrimSuffix(strings.TrimPrefix(v, "${{ inputs."), " }}")
		if _, ok := a.Inputs[in]; !ok || k != "OUVERT_"+strings.ToUpper(strings.ReplaceAll(in, "-", "_")) {
			t.Errorf("action.yml gives %s=%s, not the input of that name", k, v)
		}
		given = append(given, k)
	}
	if len(given) != len(a.Inputs) {
		t.Errorf("action.yml has %d inputs but passes %d to the script", len(a.Inputs), len(given))
	}
	slices.Sort(given)
	if read := scriptVars(t, "github/entrypoint.sh", "install.sh"); !slices.Equal(read, given) {
		t.Errorf("the entry point reads %v, action.yml gives %v", read, given)
	}
	// No release is needed: the action builds its own sources, with the Go
	// that go.mod asks for, unless a release is named.
	if a.Inputs["version"].Default != "" {
		t.Errorf("the action's default version is %q: it would need a published release", a.Inputs["version"].Default)
	}
	setup := a.Runs.Steps[0]
	if !strings.HasPrefix(setup.Uses, "actions/setup-go@") || setup.If != "inputs.version == ''" ||
		setup.With["go-version-file"] != "${{ github.action_path }}/go.mod" || setup.With["cache-dependency-path"] != "${{ github.action_path }}/go.sum" {
		t.Errorf("the first step does not set up the Go of the action's go.mod: %+v", setup)
	}
}

type gitlabJob struct {
	Image     string
	Extends   string
	Variables map[string]string
	Script    []string
	Rules     []struct{ If string }
	Artifacts struct {
		When    string
		Paths   []string
		Reports struct{ Codequality string }
	}
}

// parseGitLabCI reads a .gitlab-ci.yml: its global variables, its include
// and its jobs.
func parseGitLabCI(t *testing.T, b []byte) (vars map[string]string, include []map[string]string, jobs map[string]gitlabJob) {
	t.Helper()
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(b, &top); err != nil {
		t.Fatalf("GitLab CI file: %v", err)
	}
	jobs = map[string]gitlabJob{}
	for k, n := range top {
		var err error
		switch k {
		case "variables":
			err = n.Decode(&vars)
		case "include":
			err = n.Decode(&include)
		default:
			var j gitlabJob
			err = n.Decode(&j)
			jobs[k] = j
		}
		if err != nil {
			t.Fatalf("GitLab CI file, %s: %v", k, err)
		}
	}
	return vars, include, jobs
}

// TestGitLabTemplateMatchesScript: the template holds run.sh verbatim,
// declares every variable it reads as a global variable (so that the
// including file's variables set them: GitLab lets a job's own variables
// win over global ones), and builds with the Go of go.mod.
func TestGitLabTemplateMatchesScript(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(ciDir, "ouvert.gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	globals, _, jobs := parseGitLabCI(t, b)
	run, err := os.ReadFile(filepath.Join(ciDir, "gitlab", "run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	hidden, job := jobs[".ouvert"], jobs["ouvert"]
	if len(hidden.Script) != 1 || hidden.Script[0] != string(run) {
		t.Error("the script of .ouvert is not ci/gitlab/run.sh verbatim")
	}
	var declared []string
	for k := range globals {
		declared = append(declared, k)
	}
	slices.Sort(declared)
	if read := scriptVars(t, "gitlab/run.sh"); !slices.Equal(read, declared) {
		t.Errorf("run.sh reads %v, the template declares %v", read, declared)
	}
	for k := range hidden.Variables {
		if strings.HasPrefix(k, "OUVERT_") {
			t.Errorf("the job declares %s: the including file's global variables could not set it", k)
		}
	}
	if hidden.Variables["GIT_DEPTH"] != "0" {
		t.Error("the template does not fetch the whole history (GIT_DEPTH 0)")
	}
	if globals["OUVERT_REF"] != "" || globals["OUVERT_SOURCE"] != "https://github.com/ouvert-dev/ouvert.git" {
		t.Errorf("OUVERT_REF must be the includer's (no default), OUVERT_SOURCE ouvert's repository: %v", globals)
	}
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if goLine == nil || hidden.Image != "golang:"+string(goLine[1]) {
		t.Errorf("image %q, go.mod asks for Go %s", hidden.Image, goLine[1])
	}
	if hidden.Artifacts.Reports.Codequality != "gl-code-quality-report.json" || !slices.Contains(hidden.Artifacts.Paths, "ouvert.sarif") ||
		hidden.Artifacts.When != "always" ||
		!strings.Contains(string(run), "codequality=gl-code-quality-report.json") || !strings.Contains(string(run), "sarif=ouvert.sarif") {
		t.Errorf("artifacts and the files run.sh writes differ: %+v", hidden.Artifacts)
	}
	if job.Extends != ".ouvert" || len(job.Rules) != 1 || job.Rules[0].If != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Errorf("job ouvert: %+v", job)
	}
}

// pullRequestEvent writes an event payload in the shape GitHub sends for
// pull_request (the fields the entry point reads, and some around them).
func pullRequestEvent(t *testing.T, base, head string) string {
	t.Helper()
	ev := map[string]any{
		"action": "synchronize",
		"number": 7,
		"pull_request": map[string]any{
			"number": 7,
			"state":  "open",
			"head":   map[string]any{"ref": "feature", "sha": head, "repo": map[string]any{"full_name": "agency/budget"}},
			"base":   map[string]any{"ref": "main", "sha": base, "repo": map[string]any{"full_name": "agency/budget"}},
		},
		"repository": map[string]any{"full_name": "agency/budget", "default_branch": "main"},
	}
	b, _ := json.MarshalIndent(ev, "", "  ")
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func noKeys(t *testing.T, keys []string, where string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, k := range keys {
			if strings.Contains(s, k) {
				t.Errorf("a key is printed in %s", where)
			}
		}
	}
}

func TestGitHubActionEntrypoint(t *testing.T) {
	script := filepath.Join(ciDir, "github", "entrypoint.sh")
	for _, tc := range []struct {
		name         string
		secret       bool
		event        string
		code         int
		verdict, lvl string
	}{
		{"pull request adding a key", true, "pull_request", 1, "failed", "none"},
		{"clean pull request over an old key", false, "pull_request", 0, "passed", "B"},
		{"push scans the whole history", false, "push", 1, "failed", "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, base, keys := prRepo(t, tc.secret)
			runner := t.TempDir()
			summary, output := filepath.Join(runner, "summary.md"), filepath.Join(runner, "output")
			os.WriteFile(summary, []byte("## an earlier step\n"), 0o644)
			// The job summary and outputs sit outside the workspace, as on
			// a runner; the reports are kept out of what is published.
			os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("*.sarif\n"), 0o644)
			env := append(actionEnv(t, nil),
				"GITHUB_WORKSPACE="+r.Dir(), "GITHUB_STEP_SUMMARY="+summary, "GITHUB_OUTPUT="+output,
				"GITHUB_EVENT_NAME="+tc.event, "GITHUB_EVENT_PATH="+pullRequestEvent(t, base, r.Head()), "RUNNER_TEMP="+runner)
			o := runScript(t, script, env)
			if o.code != tc.code {
				t.Fatalf("exit code %d, want %d\n%s\n%s", o.code, tc.code, o.stdout, o.stderr)
			}
			sum, _ := os.ReadFile(summary)
			if !strings.HasPrefix(string(sum), "## an earlier step\n### ouvert: level ") {
				t.Errorf("the summary was not appended to: %.300s", sum)
			}
			if tc.code == 1 && !strings.Contains(string(sum), "aws") {
				t.Errorf("the summary does not show the key's finding: %s", sum)
			}
			out, _ := os.ReadFile(output)
			for _, want := range []string{"level=" + tc.lvl + "\n", "verdict=" + tc.verdict + "\n", "sarif=ouvert.sarif\n", "confirmed="} {
				if !strings.Contains(string(out), want) {
					t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, out)
				}
			}
			sarif, err := os.ReadFile(filepath.Join(r.Dir(), "ouvert.sarif"))
			var doc struct {
				Version string
				Runs    []struct{ Results []struct{ RuleID string } }
			}
			if err != nil || json.Unmarshal(sarif, &doc) != nil || doc.Version != "2.1.0" || len(doc.Runs) != 1 {
				t.Fatalf("SARIF report: %v %.200s", err, sarif)
			}
			var keyResults int
			for _, res := range doc.Runs[0].Results {
				if strings.Contains(res.RuleID, "aws") {
					keyResults++
				}
			}
			if (keyResults > 0) != (tc.code == 1) {
				t.Errorf("%d SARIF results for keys with exit code %d", keyResults, tc.code)
			}
			noKeys(t, keys, "the action's output", o.stdout, o.stderr, string(sum), string(out), string(sarif))
			if left, _ := filepath.Glob(filepath.Join(runner, "ouvert.*")); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func TestGitHubActionBadInput(t *testing.T) {
	r, _, _ := prRepo(t, false)
	o := runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, map[string]string{"OUVERT_REPORTS": "ouvert.sarif"}),
		"GITHUB_WORKSPACE="+r.Dir(), "RUNNER_TEMP="+t.TempDir()))
	if o.code != 2 || !strings.Contains(o.stderr, `report "ouvert.sarif" is not FORMAT=FILE`) {
		t.Errorf("a report without a format: code %d, %q", o.code, o.stderr)
	}
	o = runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, map[string]string{"OUVERT_MIN_LEVEL": "Z"}),
		"GITHUB_WORKSPACE="+r.Dir(), "RUNNER_TEMP="+t.TempDir()))
	if o.code != 2 {
		t.Errorf("min-level Z: code %d, %q", o.code, o.stderr)
	}
	o = runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, map[string]string{"OUVERT_COMMENT": "yes"}),
		"GITHUB_WORKSPACE="+r.Dir(), "RUNNER_TEMP="+t.TempDir()))
	if o.code != 2 || strings.TrimSpace(o.stderr) != `ouvert: comment is "yes", want true or false` {
		t.Errorf("comment yes: code %d, %q", o.code, o.stderr)
	}
	// Without OUVERT_BIN a version names a release to download; one that
	// is not a release tag is refused before anything is fetched.
	o = runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, map[string]string{"OUVERT_VERSION": "latest"}),
		"OUVERT_BIN=", "GITHUB_WORKSPACE="+r.Dir(), "RUNNER_TEMP="+t.TempDir()))
	if o.code != 2 || strings.TrimSpace(o.stderr) != `ouvert: version "latest" is not a release tag like v0.2.0 (leave it empty to build the action's own sources)` {
		t.Errorf("version latest: code %d, %q", o.code, o.stderr)
	}
	o = runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, nil),
		"OUVERT_BIN="+filepath.Join(r.Dir(), "README.md"), "GITHUB_WORKSPACE="+r.Dir(), "RUNNER_TEMP="+t.TempDir()))
	if o.code != 2 || !strings.Contains(o.stderr, "is not an executable file") {
		t.Errorf("OUVERT_BIN not executable: code %d, %q", o.code, o.stderr)
	}
}

func TestGitLabTemplateScript(t *testing.T) {
	script := filepath.Join(ciDir, "gitlab", "run.sh")
	for _, tc := range []struct {
		name   string
		secret bool
		source string
		code   int
	}{
		{"merge request adding a key", true, "merge_request_event", 1},
		{"clean merge request over an old key", false, "merge_request_event", 0},
		{"branch pipeline scans the whole history", false, "push", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, base, keys := prRepo(t, tc.secret)
			os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("*.sarif\n*.json\n"), 0o644)
			env := []string{"CI=true", "GITLAB_CI=true", "CI_PROJECT_DIR=" + r.Dir(), "CI_PIPELINE_SOURCE=" + tc.source,
				"OUVERT_VERSION=v0.1.0", "OUVERT_PATH=.", "OUVERT_MIN_LEVEL=", "OUVERT_FAIL_ON=", "OUVERT_BASELINE=",
				"OUVERT_SINCE=", "OUVERT_LANG=fr", "OUVERT_REPORTS=", "TMPDIR=" + t.TempDir()}
			if tc.source == "merge_request_event" {
				env = append(env, "CI_MERGE_REQUEST_DIFF_BASE_SHA="+base, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main", "CI_MERGE_REQUEST_IID=7")
			}
			o := runScript(t, script, env)
			if o.code != tc.code {
				t.Fatalf("exit code %d, want %d\n%s\n%s", o.code, tc.code, o.stdout, o.stderr)
			}
			if !strings.Contains(o.stdout, "Niveau") {
				t.Errorf("the text report is not in the job log:\n%s", o.stdout)
			}
			cq, err := os.ReadFile(filepath.Join(r.Dir(), "gl-code-quality-report.json"))
			var issues []struct {
				Description, Fingerprint, Severity string
				CheckName                          string `json:"check_name"`
				Location                           struct{ Path string }
			}
			if err != nil || json.Unmarshal(cq, &issues) != nil {
				t.Fatalf("Code Quality report: %v %.200s", err, cq)
			}
			var secretIssues int
			for _, is := range issues {
				if is.Description == "" || is.Fingerprint == "" || is.Severity == "" || is.Location.Path == "" {
					t.Errorf("incomplete Code Quality issue: %+v", is)
				}
				if strings.Contains(is.CheckName, "aws") {
					secretIssues++
				}
			}
			if (secretIssues > 0) != (tc.code == 1) {
				t.Errorf("%d key issues with exit code %d: %s", secretIssues, tc.code, cq)
			}
			sarif, err := os.ReadFile(filepath.Join(r.Dir(), "ouvert.sarif"))
			if err != nil || !json.Valid(sarif) {
				t.Errorf("SARIF artifact: %v", err)
			}
			noKeys(t, keys, "the GitLab job's output", o.stdout, o.stderr, string(cq), string(sarif))
		})
	}
}

// readmeBlock returns the fenced block of README.md in lang that starts
// with first.
func readmeBlock(t *testing.T, lang, first string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```" + lang + "\n(" + regexp.QuoteMeta(first) + ".*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README has no %s block starting with %q", lang, first)
	}
	return string(m[1])
}

type workflowStep struct {
	Uses string
	If   string
	With map[string]string
}

// TestReadmeGitHubWorkflow checks the README's workflow against action.yml,
// then runs the entry point with the inputs it gives, on a pull request.
func TestReadmeGitHubWorkflow(t *testing.T) {
	var wf struct {
		Permissions map[string]string
		Jobs        map[string]struct{ Steps []workflowStep }
	}
	if err := yaml.Unmarshal([]byte(readmeBlock(t, "yaml", "# .github/workflows/ouvert.yml")), &wf); err != nil {
		t.Fatalf("README's workflow: %v", err)
	}
	a := readAction(t)
	steps := wf.Jobs["ouvert"].Steps
	if len(steps) != 3 || !strings.HasPrefix(steps[0].Uses, "actions/checkout@") || steps[0].With["fetch-depth"] != "0" {
		t.Fatalf("the workflow does not check out the whole history first: %+v", steps)
	}
	// The documented form pins a commit; TestGitHubActionFromSource runs it
	// at one.
	if steps[1].Uses != "ouvert-dev/ouvert@<commit>" {
		t.Errorf("the workflow uses %s, not the action at a commit", steps[1].Uses)
	}
	if steps[1].With["comment"] == "true" && wf.Permissions["pull-requests"] != "write" {
		t.Error("the workflow comments without the pull-requests: write permission")
	}
	over := map[string]string{}
	for k, v := range steps[1].With {
		if _, ok := a.Inputs[k]; !ok {
			t.Errorf("the workflow gives input %s, which action.yml lacks", k)
		}
		over["OUVERT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
	}
	up := steps[2]
	if !strings.HasPrefix(up.Uses, "github/codeql-action/upload-sarif@") || up.If != "always()" || wf.Permissions["security-events"] != "write" ||
		!strings.Contains(steps[1].With["reports"], "sarif="+up.With["sarif_file"]) {
		t.Errorf("the SARIF upload does not send the action's SARIF file: %+v", up)
	}

	r, base, keys := prRepo(t, true)
	os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("ouvert.*\n"), 0o644)
	runner := t.TempDir()
	api := prcommenttest.NewGitHub(t, "agency/budget", 7, "ghs_job")
	over["OUVERT_GITHUB_TOKEN"] = "ghs_job"
	o := runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, over),
		"GITHUB_WORKSPACE="+r.Dir(), "GITHUB_STEP_SUMMARY="+filepath.Join(runner, "summary"), "GITHUB_OUTPUT="+filepath.Join(runner, "output"),
		"GITHUB_EVENT_NAME=pull_request", "GITHUB_EVENT_PATH="+pullRequestEvent(t, base, r.Head()), "RUNNER_TEMP="+runner,
		"GITHUB_API_URL="+api.URL, "GITHUB_REPOSITORY=agency/budget"))
	if o.code != 1 {
		t.Fatalf("exit code %d\n%s", o.code, o.stderr)
	}
	if mine := api.Mine(); len(mine) != 1 || !strings.Contains(mine[0].Body, "### ouvert: level") {
		t.Errorf("the pull request's comments: %+v\n%s", api.Comments(), o.stderr)
	}
	for _, f := range []string{up.With["sarif_file"], "ouvert.html"} {
		if st, err := os.Stat(filepath.Join(r.Dir(), f)); err != nil || st.Size() == 0 {
			t.Errorf("the workflow's action wrote no %s", f)
		}
	}
	noKeys(t, keys, "the workflow's output", o.stdout, o.stderr)
	for _, c := range api.Comments() {
		noKeys(t, keys, "the pull request comment", c.Body)
	}
}

// TestReadmeGitLabInclude checks the README's .gitlab-ci.yml against the
// template it includes: the include and OUVERT_REF name the same commit
// (TestGitLabTemplateFromSource runs it at one), and every variable it sets
// is one the template reads.
func TestReadmeGitLabInclude(t *testing.T) {
	vars, include, jobs := parseGitLabCI(t, []byte(readmeBlock(t, "yaml", "# .gitlab-ci.yml")))
	b, _ := os.ReadFile(filepath.Join(ciDir, "ouvert.gitlab-ci.yml"))
	globals, _, _ := parseGitLabCI(t, b)
	if len(include) != 1 || include[0]["remote"] != "https://raw.githubusercontent.com/ouvert-dev/ouvert/<commit>/ci/ouvert.gitlab-ci.yml" {
		t.Errorf("README includes %v, not the template at a commit", include)
	}
	if vars["OUVERT_REF"] != "<commit>" {
		t.Errorf("README builds %q, not the commit it includes", vars["OUVERT_REF"])
	}
	for k := range vars {
		if _, ok := globals[k]; !ok {
			t.Errorf("README sets %s, which the template does not read", k)
		}
	}
	if jobs["ouvert-main"].Extends != ".ouvert" {
		t.Errorf("README's extra job does not extend .ouvert: %+v", jobs["ouvert-main"])
	}
}

// TestReadmeShellLoop runs the README's plain shell loop as written over two
// fixture projects, one below the gate.
func TestReadmeShellLoop(t *testing.T) {
	loop := readmeBlock(t, "sh", "# Several projects side by side")
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "projects"), 0o755)
	for _, name := range []string{"none", "b"} {
		r := testrepos.Fixture(t, name)
		if err := os.Rename(r.Dir(), filepath.Join(dir, "projects", name)); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", loop)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + filepath.Dir(bin) + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 || string(out) != "none: exit code 1\n" {
		t.Errorf("the loop: %v, code %d, output %q", err, code, out)
	}
	for _, f := range []string{"none.sarif", "b.sarif", "none.txt", "b.txt"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("the loop wrote no %s", f)
		}
	}
}
