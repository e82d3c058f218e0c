package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// fakeAWSKey makes an access key id of the right shape at test time: never
// a real one, never the same twice.
func fakeAWSKey(t *testing.T) string { return testrepos.FakeAWSKey(t) }

// reportRepo is the level-B fixture with a GitHub remote and a secret, so
// that every report has a blocking finding with a file link.
func reportRepo(t *testing.T) (*sourcetest.Repo, string) {
	t.Helper()
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	r.Git("remote", "add", "origin", "git@github.com:agency/budget.git")
	key := fakeAWSKey(t)
	r.Write("config/app.env", "region=eu-west-3\naws_access_key_id="+key+"\n")
	r.Commit("configuration", sourcetest.Epoch.Add(time.Hour))
	return r, key
}

var allReports = []string{"json", "sarif", "markdown", "html", "codequality", "junit"}

// scanAll runs one scan that writes every format into dir, the primary
// report (text) on standard output.
func scanAll(t *testing.T, repoDir, dir string, extra ...string) outcome {
	t.Helper()
	args := []string{"scan", "--lang", "fr"}
	for _, f := range allReports {
		args = append(args, "--report", f+"="+filepath.Join(dir, "report."+f))
	}
	args = append(args, "--badge", filepath.Join(dir, "badge.svg"))
	return ouvert(t, repoDir, nil, append(args, extra...)...)
}

func TestEveryReportFromOneScan(t *testing.T) {
	r, key := reportRepo(t)
	dir := t.TempDir()
	o := scanAll(t, r.Dir(), dir)
	if o.code != 1 {
		t.Fatalf("a secret fails the default gate: code %d, stderr %q", o.code, o.stderr)
	}
	// Standard output carries the primary report only; standard error says
	// which files were written, one line each.
	if !strings.HasPrefix(o.stdout, "ouvert . (") || !strings.Contains(o.stdout, "Niveau\u00a0: aucun") {
		t.Errorf("stdout is not the text report:\n%s", o.stdout)
	}
	if n := strings.Count(o.stderr, "écrit dans"); n != len(allReports)+1 {
		t.Errorf("stderr names %d files, want %d: %q", n, len(allReports)+1, o.stderr)
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(key)) {
			t.Errorf("%s prints the secret", name)
		}
		return b
	}

	var j jsonOut
	if err := json.Unmarshal(read("report.json"), &j); err != nil || j.Level.ID != "none" {
		t.Errorf("json: %v, level %q", err, j.Level.ID)
	}
	validateSchema(t, "../../internal/report/testdata/sarif-schema-2.1.0.json", read("report.sarif"))
	validateSchema(t, "../../internal/report/testdata/codequality.schema.json", read("report.codequality"))
	var cq []struct {
		CheckName string `json:"check_name"`
		Severity  string
		Location  struct{ Path string }
	}
	json.Unmarshal(read("report.codequality"), &cq)
	var secretIssue bool
	for _, is := range cq {
		secretIssue = secretIssue || (is.CheckName == "secrets/aws-access-key" && is.Location.Path == "config/app.env" && is.Severity == "blocker")
	}
	if !secretIssue {
		t.Errorf("codequality lacks the secret as a blocker: %+v", cq)
	}

	junit := read("report.junit")
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(junit, &suites); err != nil || suites.Tests != len(j.Rules) || suites.Failures == 0 {
		t.Errorf("junit: %v, %d tests for %d rules, %d failures", err, suites.Tests, len(j.Rules), suites.Failures)
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		if msg, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", "../../internal/report/testdata/junit.xsd", filepath.Join(dir, "report.junit")).CombinedOutput(); err != nil {
			t.Errorf("junit does not validate: %s", msg)
		}
	}

	md := string(read("report.markdown"))
	for _, want := range []string{"### ouvert\u00a0: niveau aucun", "❌ **Contrôle\u00a0: échoué", "secrets/aws-access-key", "config/app.env:2"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html := string(read("report.html"))
	if !strings.Contains(html, `href="https://github.com/agency/budget/blob/`) || !strings.Contains(html, `<html lang="fr">`) {
		t.Error("html lacks the file link or the language")
	}
	var svg struct {
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal(read("badge.svg"), &svg); err != nil || !strings.Contains(svg.Title, "aucun") {
		t.Errorf("badge: %v %q", err, svg.Title)
	}

	// --quiet: nothing on standard error, the reports still written.
	os.Remove(filepath.Join(dir, "report.html"))
	q := scanAll(t, r.Dir(), dir, "--quiet")
	if q.stderr != "" || q.code != 1 {
		t.Errorf("--quiet: code %d, stderr %q", q.code, q.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Error("--quiet wrote no report")
	}
}

func validateSchema(t *testing.T, schemaFile string, doc []byte) {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sdoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AddResource("schema.json", sdoc)
	schema, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", schemaFile, err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("does not validate against %s: %v", filepath.Base(schemaFile), err)
	}
}

// TestReportsAreDeterministic scans the same commit twice: every file is
// byte for byte the same.
func TestReportsAreDeterministic(t *testing.T) {
	r, _ := reportRepo(t)
	a, b := t.TempDir(), t.TempDir()
	oa, ob := scanAll(t, r.Dir(), a, "-q"), scanAll(t, r.Dir(), b, "-q")
	if oa.stdout != ob.stdout {
		t.Error("text reports differ")
	}
	for _, name := range append(append([]string{}, allReports...), "badge") {
		file := "report." + name
		if name == "badge" {
			file = "badge.svg"
		}
		x, _ := os.ReadFile(filepath.Join(a, file))
		y, _ := os.ReadFile(filepath.Join(b, file))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s: two scans of one commit differ (or are empty)", file)
		}
	}
}

func TestReportFlagsAndFailures(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.json")
	os.WriteFile(keep, []byte("previous"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no equals", []string{"--report", "sarif"}, 2, "want FORMAT=FILE"},
		{"unknown format", []string{"--report", "xml=out.xml"}, 2, `unknown format "xml"`},
		{"two on stdout", []string{"--report", "json=-"}, 2, "two reports for standard output"},
		{"same file", []string{"--output", keep, "--report", "sarif=" + keep}, 2, "write the same file"},
		// One report cannot be written: none is, and the file that was
		// there stays as it was.
		{"unwritable", []string{"--report", "json=" + keep, "--report", "html=/nonexistent/dir/r.html"}, 3, "--report html=/nonexistent/dir/r.html"},
		{"directory", []string{"--report", "json=" + keep, "--report", "junit=" + dir}, 3, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ouvert(t, r.Dir(), nil, append([]string{"scan"}, tc.args...)...)
			if o.code != tc.code || !strings.Contains(o.stderr, tc.want) || strings.Count(strings.TrimSpace(o.stderr), "\n") > 0 {
				t.Errorf("code %d, stderr %q; want %d and %q on one line", o.code, o.stderr, tc.code, tc.want)
			}
			if b, _ := os.ReadFile(keep); string(b) != "previous" {
				t.Error("a failed run replaced a report")
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A report to standard output by --report, the primary to a file.
	out := filepath.Join(dir, "primary.txt")
	o := ouvert(t, r.Dir(), nil, "scan", "--output", out, "--report", "markdown=-", "-q")
	if o.code != 0 || !strings.HasPrefix(o.stdout, "### ouvert: level C") || o.stderr != "" {
		t.Errorf("markdown to stdout: code %d, stdout %q, stderr %q", o.code, o.stdout, o.stderr)
	}
}

func TestBadgeCommand(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	url := ouvert(t, r.Dir(), nil, "badge")
	if url.code != 0 || url.stdout != "https://img.shields.io/badge/code.gouv.fr-publi%C3%A9-orange.svg\n" {
		t.Errorf("badge: %d %q %q", url.code, url.stdout, url.stderr)
	}
	md := ouvert(t, r.Dir(), nil, "badge", "--format", "markdown")
	if !strings.HasPrefix(md.stdout, "[![code.gouv.fr : publié](https://img.shields.io/") {
		t.Errorf("markdown: %q", md.stdout)
	}
	svgFile := filepath.Join(t.TempDir(), "badge.svg")
	svg := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "badge", "--format", "svg", "--output", svgFile, "-q")
	data, _ := os.ReadFile(svgFile)
	if svg.code != 0 || !bytes.Contains(data, []byte("<title>Degré d&#39;ouverture code.gouv.fr\u00a0: C — publié</title>")) || svg.stdout != "" {
		t.Errorf("svg: code %d, %s", svg.code, data)
	}
	// From an earlier report, without scanning.
	rep := filepath.Join(t.TempDir(), "r.json")
	ouvert(t, r.Dir(), nil, "scan", "--format", "json", "--output", rep)
	from := ouvert(t, t.TempDir(), nil, "badge", "--from", rep)
	if from.stdout != url.stdout {
		t.Errorf("--from: %q", from.stdout)
	}
	none := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "none.txtar"))
	n := ouvert(t, none.Dir(), nil, "badge")
	if n.code != 0 || n.stdout != "" || !strings.Contains(n.stderr, "no badge below level C") {
		t.Errorf("level none: %d %q %q", n.code, n.stdout, n.stderr)
	}
	bad := ouvert(t, r.Dir(), nil, "badge", "--from", svgFile)
	if bad.code != 2 || !strings.Contains(bad.stderr, "not a JSON report") {
		t.Errorf("--from an SVG: %d %q", bad.code, bad.stderr)
	}
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (.ci/run installs Debian's chromium; apt-get install chromium): HTML not opened in a browser")
	return ""
}

// runChromium runs headless Chromium with a throwaway profile and no
// network: a page that needed one would show it.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.Bytes()
}

// TestHTMLInChromium opens the HTML report in a real browser: the DOM it
// builds has the level and the findings table, nothing in it fetches from
// the network, and the screenshot shows the level's colour.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	r.Git("remote", "add", "origin", "https://gitlab.com/agency/budget.git")
	page := filepath.Join(t.TempDir(), "report.html")
	if o := ouvert(t, r.Dir(), nil, "scan", "--report", "html="+page, "--lang", "fr", "-q"); o.code != 0 {
		t.Fatalf("scan: %d %q", o.code, o.stderr)
	}
	dom := string(runChromium(t, bin, "--dump-dom", "file://"+page))
	level := regexp.MustCompile(`(?s)<div class="level level-b" id="level">.*?B — ouvert`)
	if !level.MatchString(dom) {
		t.Errorf("the DOM has no level B:\n%.2000s", dom)
	}
	rows := regexp.MustCompile(`<tr class="finding">`).FindAllString(dom, -1)
	if !strings.Contains(dom, `<table id="findings-table">`) || len(rows) < 5 {
		t.Errorf("the DOM has no findings table (%d rows)", len(rows))
	}
	if !strings.Contains(dom, `href="https://gitlab.com/agency/budget/-/blob/`) {
		t.Error("no link to the file on GitLab")
	}
	// Nothing the browser would fetch: every src/href that is not a link
	// to follow, every stylesheet or script, every CSS url().
	for _, m := range regexp.MustCompile(`(?i)<(\w+)[^>]*\s(src|href|srcset|data)="([^"]*)"`).FindAllStringSubmatch(dom, -1) {
		if strings.ToLower(m[1]) != "a" {
			t.Errorf("<%s %s=%q> loads something", m[1], m[2], m[3])
		}
	}
	if regexp.MustCompile(`(?i)url\(|@import|<script|<link`).MatchString(dom) {
		t.Error("the page loads a stylesheet, a script or a CSS resource")
	}

	shot := filepath.Join(t.TempDir(), "shot.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1000,800", "--hide-scrollbars", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// The level block is drawn in level B's green (#2e8b57): a few hundred
	// pixels of it mean the summary rendered at the top of the page.
	b, green := img.Bounds(), 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if near(cr>>8, 0x2e) && near(cg>>8, 0x8b) && near(cb>>8, 0x57) {
				green++
			}
		}
	}
	if b.Dx() != 1000 || green < 500 {
		t.Errorf("screenshot %v has %d pixels of level B's colour", b, green)
	}
}

func near(a uint32, b int) bool { return int(a)-b < 6 && b-int(a) < 6 }

// TestReadmeReportExamples runs the shell examples of README's "Reports"
// section as written, with the built ouvert first on PATH: the one-scan CI
// job, the job summary and the loop over local clones.
func TestReadmeReportExamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```sh\n(# Everything a CI job shows.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README has no example block starting with '# Everything a CI job shows'")
	}
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	// The loop's clones sit beside the scanned repository's files, out of
	// what it publishes.
	os.WriteFile(filepath.Join(r.Dir(), ".git", "info", "exclude"), []byte("repos/\n*.md\n*.json\n*.xml\n*.html\n*.sarif\n*.svg\n"), 0o644)
	os.MkdirAll(filepath.Join(r.Dir(), "repos"), 0o755)
	for _, name := range []string{"none", "b"} {
		clone := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", name+".txtar"))
		if err := os.Rename(clone.Dir(), filepath.Join(r.Dir(), "repos", name)); err != nil {
			t.Fatal(err)
		}
	}
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", string(block[1]))
	cmd.Dir = r.Dir()
	cmd.Env = []string{"PATH=" + filepath.Dir(exe(t)) + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8", "GITHUB_STEP_SUMMARY=" + summary}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("README example failed: %v\n%s\n%s", err, errb.String(), out.String())
	}
	for _, f := range []string{"summary.md", "ouvert.sarif", "gl-code-quality.json", "ouvert-junit.xml", "ouvert.html", "ouvert.svg", "none.html", "b.html"} {
		if st, err := os.Stat(filepath.Join(r.Dir(), f)); err != nil || st.Size() == 0 {
			t.Errorf("the example wrote no %s", f)
		}
	}
	if s, _ := os.ReadFile(summary); !bytes.HasPrefix(s, []byte("### ouvert: level C")) {
		t.Errorf("job summary: %.200s", s)
	}
	if !strings.Contains(out.String(), "Level: C — publié") {
		t.Errorf("the text report is not in the job's log:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "repos/none/: exit code 1 ") || !strings.Contains(out.String(), "repos/b/: passed") {
		t.Errorf("the loop's verdicts:\n%s", out.String())
	}
	if b, _ := os.ReadFile(filepath.Join(r.Dir(), "b.html")); !bytes.Contains(b, []byte("B — ouvert")) {
		t.Error("b.html is not the report of repos/b")
	}
}
