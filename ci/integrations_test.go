package ci_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/prcomment"
	"github.com/ouvert-dev/ouvert/internal/prcomment/prcommenttest"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// The integrations as their CI runs them, from ouvert's sources at a
// commit: this checkout's files, committed into a repository served over
// https on loopback, stand for github.com/ouvert-dev/ouvert at <commit>.
// Nothing uses a published release or the binary TestMain built.

// ouvertSource is ouvert's repository at one commit, served on loopback.
type ouvertSource struct {
	repo   *sourcetest.Repo
	url    string // https://127.0.0.1:port/ouvert-dev/ouvert.git
	commit string
	env    []string // what git needs to trust the server
}

func serveOuvertSource(t *testing.T) ouvertSource {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("this checkout is no git work tree (%v): no sources to serve", err)
	}
	r := sourcetest.New(t)
	n := 0
	for _, p := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		fi, err := os.Lstat(filepath.Join(root, p))
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the work tree, or a symlink
		}
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if fi.Mode()&0o111 != 0 {
			mode = 0o755
		}
		r.WriteMode(p, string(b), mode)
		n++
	}
	if n < 100 {
		t.Fatalf("only %d files of ouvert's sources found", n)
	}
	commit := r.Commit("ouvert, as this checkout holds it", sourcetest.Epoch)
	url, ca := sourcetest.GitServer(t, map[string]*sourcetest.Repo{"ouvert-dev/ouvert.git": r})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca, 0o644); err != nil {
		t.Fatal(err)
	}
	return ouvertSource{repo: r, url: url + "/ouvert-dev/ouvert.git", commit: commit, env: []string{"GIT_SSL_CAINFO=" + caFile}}
}

// goEnv lets a build in a test's fresh HOME reuse the module and build
// caches, with the Go that runs the tests. The integrations build static
// and -trimpath binaries as TestMain does, so each build only links;
// pre-commit's go install gets the same flags from GOFLAGS.
func goEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	env := []string{"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOTOOLCHAIN=local", "CGO_ENABLED=0",
		"GOFLAGS=" + strings.TrimSpace(os.Getenv("GOFLAGS")+" -trimpath")}
	for _, k := range []string{"GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE"} {
		if val := os.Getenv(k); val != "" {
			env = append(env, k+"="+val)
		}
	}
	return env
}

// checkout fetches ouvert at a commit into dir, as a runner downloads an
// action: the files, no git directory.
func (s ouvertSource) checkout(t *testing.T, dir string) {
	t.Helper()
	env := append(sourcetest.Env(), s.env...)
	for _, args := range [][]string{{"init", "--quiet", dir}, {"-C", dir, "fetch", "--quiet", "--depth", "1", s.url, s.commit}, {"-C", dir, "checkout", "--quiet", "FETCH_HEAD"}} {
		if o := runCmd(t, ".", env, "git", args...); o.code != 0 {
			t.Fatalf("git %v: %s", args, o.stderr)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
}

// expr matches ${{ … }} in an action.
var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// actionRun is one run of a composite action, as GitHub's runner makes it.
type actionRun struct {
	dir     string            // the action's checkout (github.action_path)
	ref     string            // the ref of uses: (GITHUB_ACTION_REF)
	with    map[string]string // the workflow's inputs
	token   string            // github.token
	env     []string          // the job's environment: GITHUB_*, RUNNER_TEMP, PATH…
	outputs map[string]string // the action's outputs, once run
}

// runAction runs the composite action in a.dir: inputs with their
// defaults, the ${{ }} expressions and if: conditions the action uses, each
// run: step in bash -eo pipefail with its env and a GITHUB_OUTPUT of its
// own. actions/setup-go is checked, not run: the Go it would install is
// the one on this machine's PATH, provided go.mod accepts it.
func runAction(t *testing.T, a *actionRun) outcome {
	t.Helper()
	def := readActionAt(t, a.dir)
	inputs := map[string]string{}
	steps := map[string]map[string]string{}
	eval := func(e string) string {
		switch {
		case strings.HasPrefix(e, "inputs."):
			return inputs[strings.TrimPrefix(e, "inputs.")]
		case e == "github.action_path":
			return a.dir
		case e == "github.token":
			return a.token
		case strings.HasPrefix(e, "steps."):
			parts := strings.Split(e, ".")
			if len(parts) == 4 && parts[2] == "outputs" {
				return steps[parts[1]][parts[3]]
			}
		}
		t.Fatalf("action.yml uses an expression this runner does not know: %s", e)
		return ""
	}
	expand := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string { return eval(expr.FindStringSubmatch(m)[1]) })
	}
	for k, in := range def.Inputs {
		inputs[k] = expand(in.Default)
	}
	for k, v := range a.with {
		if _, ok := def.Inputs[k]; !ok {
			t.Fatalf("input %s is not one of action.yml's", k)
		}
		inputs[k] = v
	}
	cond := regexp.MustCompile(`^(\S+) (==|!=) '([^']*)'$`)
	var last outcome
	for i, st := range def.Runs.Steps {
		if st.If != "" {
			m := cond.FindStringSubmatch(st.If)
			if m == nil {
				t.Fatalf("if: %q: this runner knows only EXPR == 'value'", st.If)
			}
			if (eval(m[1]) == m[3]) != (m[2] == "==") {
				continue
			}
		}
		if st.Uses != "" {
			if !strings.HasPrefix(st.Uses, "actions/setup-go@") {
				t.Fatalf("step %d uses %s, which this runner cannot stand for", i, st.Uses)
			}
			goModAccepts(t, expand(st.With["go-version-file"]))
			if _, err := os.Stat(expand(st.With["cache-dependency-path"])); err != nil {
				t.Errorf("setup-go's cache-dependency-path: %v", err)
			}
			continue
		}
		if st.Shell != "bash" {
			t.Fatalf("step %d: shell %q", i, st.Shell)
		}
		script := filepath.Join(t.TempDir(), "step.sh")
		if err := os.WriteFile(script, []byte(expand(st.Run)), 0o644); err != nil {
			t.Fatal(err)
		}
		output := filepath.Join(t.TempDir(), "output")
		env := append(append([]string{}, a.env...), "GITHUB_ACTION_PATH="+a.dir, "GITHUB_ACTION_REF="+a.ref, "GITHUB_OUTPUT="+output,
			"GITHUB_ACTIONS=true", "CI=true")
		for k, v := range st.Env {
			env = append(env, k+"="+expand(v))
		}
		last = runCmd(t, t.TempDir(), env, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		outs := map[string]string{}
		if b, err := os.ReadFile(output); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					outs[k] = v
				}
			}
		}
		if st.ID != "" {
			steps[st.ID] = outs
		}
		if last.code != 0 {
			break // the step failed: so does the action
		}
	}
	a.outputs = map[string]string{}
	for k, o := range def.Outputs {
		a.outputs[k] = expand(o.Value)
	}
	return last
}

// goModAccepts checks that go.mod's Go version is one the machine's Go
// satisfies (setup-go would install exactly it).
func goModAccepts(t *testing.T, goMod string) {
	t.Helper()
	b, err := os.ReadFile(goMod)
	if err != nil {
		t.Fatalf("setup-go's go-version-file: %v", err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+)\.(\d+)`).FindSubmatch(b)
	have := regexp.MustCompile(`go(\d+)\.(\d+)`).FindStringSubmatch(runtime.Version())
	if m == nil || have == nil {
		t.Fatalf("go.mod's go line or this Go's version (%s) unreadable", runtime.Version())
	}
	if string(m[1]) != have[1] || string(m[2]) > have[2] && len(m[2]) >= len(have[2]) {
		t.Skipf("go.mod asks for Go %s.%s, this machine has %s", m[1], m[2], runtime.Version())
	}
}

// readmeWorkflowStep is the README's step that uses the action.
func readmeWorkflowStep(t *testing.T) map[string]string {
	t.Helper()
	var wf struct {
		Jobs map[string]struct{ Steps []workflowStep }
	}
	if err := yaml.Unmarshal([]byte(readmeBlock(t, "yaml", "# .github/workflows/ouvert.yml")), &wf); err != nil {
		t.Fatal(err)
	}
	for _, s := range wf.Jobs["ouvert"].Steps {
		if s.Uses == "ouvert-dev/ouvert@<commit>" {
			return s.With
		}
	}
	t.Fatal("README's workflow does not use ouvert-dev/ouvert@<commit>")
	return nil
}

// TestGitHubActionFromSource runs the README's workflow step as GitHub's
// runner would on two pushes to a pull request: the action fetched at a
// commit, ouvert built from it with Go, the scan, the job summary, the
// outputs, and one pull request comment, updated by the second push.
func TestGitHubActionFromSource(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (.ci/run installs it)")
	}
	src := serveOuvertSource(t)
	action := filepath.Join(t.TempDir(), "_actions", "ouvert-dev", "ouvert", src.commit)
	src.checkout(t, action)

	r, base, keys := prRepo(t, true)
	os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("ouvert.*\n"), 0o644)
	api := prcommenttest.NewGitHub(t, "agency/budget", 7, "ghs_job_token")
	api.Add("ada", "Please check the licence first.")
	runner := t.TempDir()
	summary := filepath.Join(runner, "summary.md")
	for push := 1; push <= 2; push++ {
		a := &actionRun{dir: action, ref: src.commit, with: readmeWorkflowStep(t), token: "ghs_job_token",
			env: append(append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, goEnv(t)...),
				"GITHUB_WORKSPACE="+r.Dir(), "GITHUB_STEP_SUMMARY="+summary, "GITHUB_EVENT_NAME=pull_request",
				"GITHUB_EVENT_PATH="+pullRequestEvent(t, base, r.Head()), "GITHUB_REPOSITORY=agency/budget",
				"GITHUB_API_URL="+api.URL, "RUNNER_TEMP="+runner)}
		o := runAction(t, a)
		if o.code != 1 || a.outputs["verdict"] != "failed" || a.outputs["level"] != "none" || a.outputs["sarif"] != "ouvert.sarif" {
			t.Fatalf("push %d: exit code %d, outputs %v\n%s\n%s", push, o.code, a.outputs, o.stdout, o.stderr)
		}
		if !strings.Contains(o.stderr, "building ouvert "+src.commit+" from "+action) {
			t.Errorf("ouvert was not built from the action's checkout:\n%s", o.stderr)
		}
		// The binary says which commit it was built from.
		var sarif struct {
			Runs []struct {
				Tool struct{ Driver struct{ Version string } }
			}
		}
		b, _ := os.ReadFile(filepath.Join(r.Dir(), "ouvert.sarif"))
		if json.Unmarshal(b, &sarif) != nil || sarif.Runs[0].Tool.Driver.Version != src.commit {
			t.Errorf("SARIF of push %d: %.300s", push, b)
		}
		mine := api.Mine()
		if len(mine) != 1 || mine[0].Edits != push-1 || !strings.HasPrefix(mine[0].Body, prcomment.Marker("")+"\n### ouvert: level") {
			t.Fatalf("push %d: the pull request's comments %+v", push, api.Comments())
		}
		// The rules link to the documentation at the commit built.
		if !strings.Contains(mine[0].Body, "/blob/"+src.commit+"/docs/rules.md#secretsscan") {
			t.Errorf("the comment's rule links are not at %s:\n%s", src.commit, mine[0].Body)
		}
		noKeys(t, keys, "the action's output", o.stdout, o.stderr, mine[0].Body)
	}
	if s, _ := os.ReadFile(summary); strings.Count(string(s), "### ouvert: level") != 2 {
		t.Errorf("the job summary of two runs:\n%s", s)
	}
	if c := api.Comments(); len(c) != 2 || c[0].Body != "Please check the licence first." {
		t.Errorf("someone else's comment was touched: %+v", c)
	}
}

// TestGitHubActionReleaseArchive: with version set, the action downloads
// that release's archive (here from a mirror, OUVERT_RELEASE_URL) and
// checks it against checksums.txt; no Go is needed.
func TestGitHubActionReleaseArchive(t *testing.T) {
	var arch string
	switch runtime.GOARCH {
	case "amd64", "arm64":
		arch = runtime.GOARCH
	default:
		t.Skip("no release archive for " + runtime.GOARCH)
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("no release archive for " + runtime.GOOS)
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		data []byte
		mode int64
	}{{"LICENSE", []byte("Apache License\n"), 0o644}, {"ouvert", exe, 0o755}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), Typeflag: tar.TypeReg})
		tw.Write(f.data)
	}
	tw.Close()
	gz.Close()
	name := "ouvert_9.9.9_" + runtime.GOOS + "_" + arch + ".tar.gz"
	sum := sha256.Sum256(tgz.Bytes())
	checksums := hex.EncodeToString(sum[:]) + "  " + name + "\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v9.9.9/" + name:
			w.Write(tgz.Bytes())
		case "/v9.9.9/checksums.txt":
			w.Write([]byte(checksums))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	script, err := filepath.Abs(filepath.Join(ciDir, "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	install := func(version string) outcome {
		// No Go on the PATH: a release needs none.
		return runCmd(t, t.TempDir(), []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "OUVERT_VERSION=" + version,
			"OUVERT_RELEASE_URL=" + srv.URL, "RUNNER_TEMP=" + t.TempDir()}, "bash", script)
	}
	o := install("v9.9.9")
	if o.code != 0 {
		t.Fatalf("install: %d %s", o.code, o.stderr)
	}
	if v := runCmd(t, ".", nil, strings.TrimSpace(o.stdout), "version"); v.code != 0 || !strings.HasPrefix(v.stdout, "ouvert ") {
		t.Errorf("the installed binary: %d %q", v.code, v.stdout)
	}
	checksums = strings.Repeat("0", 64) + "  " + name + "\n"
	if o := install("v9.9.9"); o.code != 3 || !strings.Contains(o.stderr, "does not match checksums.txt of v9.9.9") {
		t.Errorf("a tampered archive: %d %s", o.code, o.stderr)
	}
	if o := install("v9.9.8"); o.code != 3 || !strings.Contains(o.stderr, "cannot download") {
		t.Errorf("a missing release: %d %s", o.code, o.stderr)
	}
}

// TestGitHubActionPathInput: a project of a monorepo (path: app) gets
// reports whose paths are from the repository's root, and its own comment.
func TestGitHubActionPathInput(t *testing.T) {
	r, _, keys := testrepos.Monorepo(t)
	os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("*.sarif\n*.json\n"), 0o644)
	api := prcommenttest.NewGitHub(t, "agency/mono", 7, "ghs_job")
	api.Add("github-actions[bot]", prcomment.Marker("")+"\nthe root project's report")
	runner := t.TempDir()
	o := runScript(t, filepath.Join(ciDir, "github", "entrypoint.sh"), append(actionEnv(t, map[string]string{
		"OUVERT_PATH": "./app/", "OUVERT_REPORTS": "sarif=ouvert.sarif codequality=cq.json", "OUVERT_COMMENT": "true", "OUVERT_GITHUB_TOKEN": "ghs_job"}),
		"GITHUB_WORKSPACE="+r.Dir(), "GITHUB_STEP_SUMMARY="+filepath.Join(runner, "summary"), "GITHUB_OUTPUT="+filepath.Join(runner, "output"),
		"GITHUB_EVENT_NAME=pull_request", "GITHUB_EVENT_PATH="+pullRequestEvent(t, r.Head(), r.Head()), "RUNNER_TEMP="+runner,
		"GITHUB_API_URL="+api.URL, "GITHUB_REPOSITORY=agency/mono"))
	if o.code != 1 {
		t.Fatalf("exit code %d\n%s", o.code, o.stderr)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	b, _ := os.ReadFile(filepath.Join(r.Dir(), "ouvert.sarif"))
	if err := json.Unmarshal(b, &sarif); err != nil || len(sarif.Runs[0].Results) == 0 {
		t.Fatalf("SARIF: %v", err)
	}
	for _, res := range sarif.Runs[0].Results {
		if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "app" && !strings.HasPrefix(uri, "app/") {
			t.Errorf("SARIF location %q is not in app/", uri)
		}
	}
	var cq []struct{ Location struct{ Path string } }
	b, _ = os.ReadFile(filepath.Join(r.Dir(), "cq.json"))
	json.Unmarshal(b, &cq)
	for _, is := range cq {
		if p := is.Location.Path; p != "app" && !strings.HasPrefix(p, "app/") {
			t.Errorf("Code Quality path %q is not in app/", p)
		}
	}
	mine := api.Mine()
	if len(mine) != 2 || mine[0].Edits != 0 || !strings.HasPrefix(mine[1].Body, prcomment.Marker("app")+"\n") ||
		!strings.Contains(mine[1].Body, "/blob/"+r.Head()+"/app/conf/prod.env#L2") {
		t.Errorf("comments: %+v", mine)
	}
	noKeys(t, keys, "the action's output", o.stdout, o.stderr, string(b))
}

// gitlabPipeline is one run of the template's job, as GitLab's runner
// makes it: the template's global variables under the including file's,
// the job's own, the project's CI/CD variables on top, and the CI_*
// variables of a merge request pipeline.
func gitlabPipeline(t *testing.T, tmpl []byte, includer map[string]string, project, predefined []string) outcome {
	t.Helper()
	globals, _, jobs := parseGitLabCI(t, tmpl)
	job, ok := jobs["ouvert"]
	if !ok || job.Extends != ".ouvert" {
		t.Fatalf("the template has no job ouvert extending .ouvert")
	}
	hidden := jobs[".ouvert"]
	vars := map[string]string{}
	for _, layer := range []map[string]string{globals, includer, hidden.Variables, job.Variables} {
		for k, v := range layer {
			vars[k] = v
		}
	}
	env := append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8", "TMPDIR=" + t.TempDir()}, goEnv(t)...)
	env = append(env, predefined...)
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	env = append(env, project...)
	if len(hidden.Script) != 1 {
		t.Fatalf("the job's script has %d items", len(hidden.Script))
	}
	return runCmd(t, t.TempDir(), env, "bash", "-c", hidden.Script[0])
}

// TestGitLabTemplateFromSource includes the template as the README says,
// at a commit, and runs the merge request job twice: ouvert built from its
// sources at OUVERT_REF with Go, the scan with the README's settings, Code
// Quality, and one merge request note, updated by the second pipeline.
func TestGitLabTemplateFromSource(t *testing.T) {
	src := serveOuvertSource(t)
	readme := strings.ReplaceAll(readmeBlock(t, "yaml", "# .gitlab-ci.yml"), "<commit>", src.commit)
	includer, include, _ := parseGitLabCI(t, []byte(readme))
	// The include, from raw.githubusercontent.com: the file at that commit.
	want := "https://raw.githubusercontent.com/ouvert-dev/ouvert/" + src.commit + "/ci/ouvert.gitlab-ci.yml"
	if len(include) != 1 || include[0]["remote"] != want {
		t.Fatalf("README includes %v", include)
	}
	tmpl := src.repo.Git("show", src.commit+":ci/ouvert.gitlab-ci.yml")

	r, base, keys := prRepo(t, false)
	os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("*.sarif\n*.json\n"), 0o644)
	api := prcommenttest.NewGitLab(t, "42", 7, "glpat-fake")
	api.AddSystem("added 2 commits")
	predefined := []string{"CI=true", "GITLAB_CI=true", "CI_PROJECT_DIR=" + r.Dir(), "CI_PIPELINE_SOURCE=merge_request_event",
		"CI_MERGE_REQUEST_DIFF_BASE_SHA=" + base, "CI_MERGE_REQUEST_IID=7", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main",
		"CI_API_V4_URL=" + api.URL, "CI_PROJECT_ID=42"}
	// The project's CI/CD variables: a mirror of ouvert (this server) and
	// the masked token.
	project := append([]string{"OUVERT_SOURCE=" + src.url, "OUVERT_GITLAB_TOKEN=glpat-fake"}, src.env...)
	for pipeline := 1; pipeline <= 2; pipeline++ {
		ref := src.commit
		if pipeline == 2 {
			// An abbreviated hash, which no server serves by name: the job
			// fetches the branches and tags, and finds the commit there.
			ref = src.commit[:12]
			includer["OUVERT_REF"] = ref
		}
		o := gitlabPipeline(t, []byte(tmpl), includer, project, predefined)
		// The README asks for level B; the fixture is B, and the merge
		// request adds no secret.
		if o.code != 0 || !strings.Contains(o.stdout, "Gate: passed (minimum level B)") {
			t.Fatalf("pipeline %d: exit code %d\n%s\n%s", pipeline, o.code, o.stdout, o.stderr)
		}
		if !strings.Contains(o.stderr, "building ouvert "+ref+" from "+src.url) {
			t.Errorf("ouvert was not built from OUVERT_REF:\n%s", o.stderr)
		}
		if cloned := strings.Contains(o.stderr, "fetching its branches and tags"); cloned != (pipeline == 2) {
			t.Errorf("pipeline %d: fetched the whole repository: %v\n%s", pipeline, cloned, o.stderr)
		}
		if b, err := os.ReadFile(filepath.Join(r.Dir(), "gl-code-quality-report.json")); err != nil || !json.Valid(b) {
			t.Errorf("Code Quality report: %v", err)
		}
		mine := api.Mine()
		if len(mine) != 1 || mine[0].Edits != pipeline-1 || !strings.HasPrefix(mine[0].Body, prcomment.Marker("")+"\n### ouvert: level B") {
			t.Fatalf("pipeline %d: notes %+v\n%s", pipeline, api.Comments(), o.stderr)
		}
		noKeys(t, keys, "the job's output", o.stdout, o.stderr, mine[0].Body)
	}

	// Without OUVERT_REF (and no OUVERT_BIN), one line says what to set.
	o := gitlabPipeline(t, []byte(tmpl), map[string]string{}, project, predefined)
	if o.code != 2 || strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, "OUVERT_REF is empty") {
		t.Errorf("no OUVERT_REF: %d %q", o.code, o.stderr)
	}
	// A commit the source does not have.
	o = gitlabPipeline(t, []byte(tmpl), map[string]string{"OUVERT_REF": strings.Repeat("0", 40)}, project, predefined)
	if o.code != 3 || !strings.Contains(o.stderr, "has no commit "+strings.Repeat("0", 40)) {
		t.Errorf("unknown commit: %d %q", o.code, o.stderr)
	}
}

// TestPreCommitHookFromSource: the README's .pre-commit-config.yaml, at a
// commit of ouvert, installed as a git hook: pre-commit builds ouvert from
// the repository at rev (language: golang) and blocks a commit that adds a
// key.
func TestPreCommitHookFromSource(t *testing.T) {
	pc, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (.ci/run installs it)")
	}
	src := serveOuvertSource(t)
	cfg := readmeBlock(t, "yaml", "repos:\n  - repo: https://github.com/ouvert-dev/ouvert\n")
	cfg = strings.ReplaceAll(cfg, "https://github.com/ouvert-dev/ouvert", src.url)
	cfg = strings.ReplaceAll(cfg, "<commit>", src.commit)
	r := testrepos.Staged(t)
	r.Write(".pre-commit-config.yaml", cfg)
	r.Commit("pre-commit", sourcetest.Epoch.Add(time.Hour))
	// No ouvert on the PATH: the hook's is the one pre-commit builds.
	env := append(append(sourcetest.Env(), goEnv(t)...), src.env...)
	env = append(env, "PRE_COMMIT_HOME="+t.TempDir(), "HOME="+t.TempDir(), "LANG=C.UTF-8")
	if o := runCmd(t, r.Dir(), env, pc, "install"); o.code != 0 {
		t.Fatalf("pre-commit install: %s%s", o.stdout, o.stderr)
	}
	r.Write("deploy/id_rsa", testrepos.FreshKey(t))
	r.Add("deploy/id_rsa")
	o := runCmd(t, r.Dir(), env, "git", "commit", "--quiet", "-m", "the deploy key")
	out := strings.Join(strings.Fields(o.stdout+o.stderr), " ") // the advice is wrapped
	if o.code == 0 || !strings.Contains(out, "ouvert (no secret in staged changes)") || !strings.Contains(out, "Failed") ||
		!strings.Contains(out, "Commit bloqué") || !strings.Contains(out, "git restore --staged -- deploy/id_rsa") {
		t.Fatalf("commit with a staged key: exit %d\n%s", o.code, out)
	}
	if head := r.Git("log", "--format=%s", "-1"); head != "pre-commit" {
		t.Errorf("the commit was made: %s", head)
	}
	r.Git("restore", "--staged", "deploy/id_rsa")
	r.Write("docs/guide.md", "# Guide\n")
	r.Add("docs/guide.md")
	if o := runCmd(t, r.Dir(), env, "git", "commit", "--quiet", "-m", "docs"); o.code != 0 || !strings.Contains(o.stdout+o.stderr, "Passed") {
		t.Errorf("clean commit: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
}
