package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/printable"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
)

// hostilePath is a file name a repository may hold: every character that
// means something in Markdown, HTML, XML or a table.
const hostilePath = "docs/a|b <script>alert(1)</script> [x](javascript:alert(2)) *_`#&amp;\x01.md"

// withFindings adds findings the fixtures lack: a secret from the history
// with redacted evidence and several places (one of them a hostile file
// name), one in a hostile file name, and an accepted one.
func withFindings(res *engine.Result) *engine.Result {
	res.Findings = append(res.Findings,
		finding.Finding{Rule: "secrets/aws-access-key", Severity: finding.Error, Path: "config/app.env", Line: 3, EndLine: 3,
			Commit: strings.Repeat("ab", 20), Evidence: "AKIA… (20 chars)", Fingerprint: "f00d01", Message: finding.Msg("found", "kind", "AWS"),
			Places: []finding.Place{
				{Path: "config/app.env", Line: 3, EndLine: 3, Commit: strings.Repeat("ab", 20), Date: "2024-01-02"},
				{Path: hostilePath, Line: 1, EndLine: 1, Commit: strings.Repeat("cd", 20), Date: "2024-02-03"},
				{Path: "deploy/it's here.env", Line: 8, EndLine: 8, Commit: strings.Repeat("ef", 20), Date: "2024-03-04"},
				{Path: "old/settings.env", Line: 2, EndLine: 2, Commit: strings.Repeat("12", 20), Date: "2024-04-05"},
			}, MorePlaces: 2},
		finding.Finding{Rule: "sensitive/private-ip", Severity: finding.Warning, Path: hostilePath, Line: 7, EndLine: 9,
			Evidence: "10.… (9 chars)", Fingerprint: "f00d02", Message: finding.Msg("found")},
		finding.Finding{Rule: "sensitive/private-ip", Severity: finding.Warning, Path: "old.txt", Line: 1,
			Fingerprint: "f00d03", Message: finding.Msg("found"), Accepted: &finding.Acceptance{By: "exception", Reason: "test network"}},
	)
	return res
}

func render(t *testing.T, w report.Writer, res *engine.Result, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestEveryFormatIsDeterministic: the same result written twice gives the
// same bytes, in every format (no timestamps, no map order).
func TestEveryFormatIsDeterministic(t *testing.T) {
	res := withFindings(scan(t, "b"))
	gate := engine.Decide(res, finding.LevelB, finding.Warning)
	for _, name := range report.FormatNames() {
		w, _ := report.Lookup(name)
		opts := report.Options{Lang: "fr", Version: "test", Gate: &gate}
		a, b := render(t, w, res, opts), render(t, w, res, opts)
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s: two writes of one result differ (or are empty)", name)
		}
	}
}

func TestMarkdownGolden(t *testing.T) {
	for _, fixture := range []string{"none", "b"} {
		res := scan(t, fixture)
		gate := engine.Decide(res, finding.LevelC, "")
		for _, lang := range []string{"fr", "en"} {
			golden(t, fixture+"."+lang+".md", render(t, report.Markdown, res, report.Options{Lang: lang, Version: "test", Gate: &gate}))
		}
	}
}

func TestMarkdownEscapesRepositoryStrings(t *testing.T) {
	res := withFindings(scan(t, "b"))
	out := string(render(t, report.Markdown, res, report.Options{Lang: "en"}))
	// A command to copy (git filter-repo over the paths of a secret) is
	// shown verbatim in a fenced code block, where Markdown reads nothing:
	// each must be one line, closed by its own fence, and is left out of
	// the search for what would be read as Markdown.
	fences := regexp.MustCompile("(?m)^ *(`{3,})sh\n(.*)\n *(`{3,})$")
	blocks := fences.FindAllStringSubmatch(out, -1)
	if len(blocks) == 0 {
		t.Error("no command block: the secret with places in the history has no purge command")
	}
	for _, b := range blocks {
		if b[1] != b[3] || strings.Contains(b[2], b[1]) || strings.ContainsAny(b[2], "\n\r\x01") {
			t.Errorf("command block %q can break out", b[0])
		}
	}
	prose := fences.ReplaceAllString(out, "")
	for _, bad := range []string{"<script>", "[x](javascript", "|b <", "\x01"} {
		if strings.Contains(prose, bad) {
			t.Errorf("Markdown carries %q unescaped", bad)
		}
	}
	// Every table row keeps its four cells: an escaped "|" does not split one.
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "a\\|b") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 5 {
				t.Errorf("row has %d cell borders, want 5: %s", n, line)
			}
			return
		}
	}
	t.Error("the finding in the hostile file is missing")
}

func TestMarkdownStaysSmall(t *testing.T) {
	res := scan(t, "b")
	for i := range 500 {
		res.Findings = append(res.Findings, finding.Finding{Rule: "sensitive/private-ip", Severity: finding.Warning,
			Path: fmt.Sprintf("deploy/host-%03d.conf", i), Line: i + 1, Evidence: "10.… (9 chars)", Fingerprint: fmt.Sprintf("%024d", i),
			Message: finding.Msg("found")})
	}
	out := string(render(t, report.Markdown, res, report.Options{Lang: "en"}))
	live := len(res.Findings)
	if want := fmt.Sprintf("and %d more findings", live-report.MarkdownRows); !strings.Contains(out, want) {
		t.Errorf("no %q in the summary", want)
	}
	if rows := strings.Count(out, "| 🟠 warning |"); rows > report.MarkdownRows {
		t.Errorf("%d rows, cap is %d", rows, report.MarkdownRows)
	}
	// A pull-request comment holds 65,536 characters.
	if len(out) > 20000 {
		t.Errorf("summary of %d findings is %d bytes", live, len(out))
	}
}

// externalAsset finds what would make a browser fetch something: src,
// <link href>, CSS url() and @import, srcset, <object data>.
var externalAsset = regexp.MustCompile(`(?i)\bsrc\s*=|<link\b|url\(|@import|srcset|<object\b|<iframe\b|<script\b`)

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	res := withFindings(scan(t, "b"))
	res.Meta.Remote = "https://oauth2:glpat-n0t-a-r3al-t0ken@gitlab.example.org/agency/budget.git"
	res.Meta.Commit = strings.Repeat("c", 40)
	gate := engine.Decide(res, finding.LevelB, "")
	for _, lang := range []string{"fr", "en"} {
		out := string(render(t, report.HTML, res, report.Options{Lang: lang, Version: "test", Gate: &gate}))
		if !strings.Contains(out, `<html lang="`+lang+`">`) {
			t.Errorf("%s: no lang attribute", lang)
		}
		if m := externalAsset.FindString(out); m != "" {
			t.Errorf("%s: the page loads something: %q", lang, m)
		}
		if strings.Contains(out, "<script>alert") || strings.Contains(out, "javascript:alert(2)\"") {
			t.Errorf("%s: a file name reached the page unescaped", lang)
		}
		if strings.Contains(out, "n0t-a-r3al") {
			t.Errorf("%s: the remote's token is in the page", lang)
		}
		for _, want := range []string{
			`id="level"`, `id="findings-table"`, "B — ouvert", "@media print",
			// GitLab's shape, at the commit the secret came from, with the lines.
			`href="https://gitlab.example.org/agency/budget/-/blob/` + strings.Repeat("ab", 20) + `/config/app.env#L3"`,
			`href="https://gitlab.example.org/agency/budget/-/blob/` + strings.Repeat("c", 40) + `/docs/a%7Cb%20%3Cscript%3E`,
			"AKIA… (20 chars)", "test network",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: page lacks %q", lang, want)
			}
		}
	}
}

func TestFileLinks(t *testing.T) {
	f := finding.Finding{Path: "src/main.go", Line: 4, EndLine: 6}
	for remote, want := range map[string]string{
		"git@github.com:agency/budget.git":                "https://github.com/agency/budget/blob/C/src/main.go#L4-L6",
		"https://github.com/agency/budget":                "https://github.com/agency/budget/blob/C/src/main.go#L4-L6",
		"ssh://git@gitlab.com/group/sub/budget.git":       "https://gitlab.com/group/sub/budget/-/blob/C/src/main.go#L4-6",
		"https://user:secret@gitlab.adullact.net/a/b.git": "https://gitlab.adullact.net/a/b/-/blob/C/src/main.go#L4-6",
		"https://git.example.org/a/b.git":                 "", // unknown forge: no guessed link
		"/srv/git/budget.git":                             "",
		"file:///srv/git/budget.git":                      "",
	} {
		res := scan(t, "c")
		res.Meta.Remote, res.Meta.Commit = remote, "C"
		got := report.FileLink(res, f)
		if got != want {
			t.Errorf("%s: link %q, want %q", remote, got, want)
		}
	}
}

func codeQualitySchema(t *testing.T) *jsonschema.Schema {
	return compileSchema(t, "testdata/codequality.schema.json", false)
}

func TestCodeQualityFollowsGitLabsFormat(t *testing.T) {
	schema := codeQualitySchema(t)
	for _, fixture := range []string{"none", "c", "b"} {
		res := withFindings(scan(t, fixture))
		// Failing on errors: the secret blocks the gate.
		gate := engine.Decide(res, finding.LevelC, finding.Error)
		out := render(t, report.CodeQuality, res, report.Options{Lang: "en", Gate: &gate})
		if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
			t.Fatal("GitLab refuses a byte order mark")
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Fatalf("%s: %v", fixture, err)
		}
		var issues []struct {
			CheckName   string `json:"check_name"`
			Fingerprint string
			Severity    string
			Description string
			Location    struct {
				Path  string
				Lines struct{ Begin, End int }
			}
		}
		json.Unmarshal(out, &issues)
		seen := map[string]bool{}
		byCheck := map[string]int{}
		for _, is := range issues {
			if seen[is.Fingerprint] {
				t.Errorf("%s: fingerprint %s twice: GitLab would show one issue", fixture, is.Fingerprint)
			}
			seen[is.Fingerprint] = true
			byCheck[is.CheckName]++
			if strings.Contains(is.Description, "test network") || is.Location.Path == "old.txt" {
				t.Errorf("%s: an accepted finding is an issue", fixture)
			}
		}
		if fixture == "none" {
			// license/approved fails with no finding of its own: one issue
			// at the root, a blocker since the gate fails on it.
			var found bool
			for _, is := range issues {
				if is.CheckName == "license/approved" {
					found = is.Location.Path == "." && is.Severity == "blocker"
				}
			}
			if !found {
				t.Errorf("failing rule without findings: %+v", issues)
			}
		}
		for _, is := range issues {
			if is.CheckName == "secrets/aws-access-key" && (is.Location.Path != "config/app.env" || is.Location.Lines.Begin != 3 ||
				!strings.Contains(is.Description, "AKIA… (20 chars)") || is.Severity != "blocker") {
				t.Errorf("%s: secret issue %+v (a secret fails the C gate: blocker)", fixture, is)
			}
			if is.CheckName == "sensitive/private-ip" && is.Location.Lines.End != 9 {
				t.Errorf("lines %+v", is.Location.Lines)
			}
		}
	}
}

func TestCodeQualitySchemaRejectsBrokenReports(t *testing.T) {
	schema := codeQualitySchema(t)
	for _, broken := range []string{
		`{"description": "not an array"}`,
		`[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "error", "location": {"path": "a", "lines": {"begin": 1}}}]`,
		`[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "a"}}]`,
		`[{"description": "d", "check_name": "c", "severity": "minor", "location": {"path": "a", "lines": {"begin": 1}}}]`,
		`[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "a", "lines": {"begin": 0}}}]`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(broken))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Errorf("schema accepted %s", broken)
		}
	}
}

type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

type junitDoc struct {
	XMLName xml.Name `xml:"testsuites"`
	junitCounts
	Suites []struct {
		Name string `xml:"name,attr"`
		junitCounts
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error   *struct{} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitOneCasePerRule(t *testing.T) {
	for _, fixture := range []string{"none", "c", "b"} {
		res := withFindings(scan(t, fixture))
		// A rule that could not be evaluated, and one whose check broke.
		for i, rr := range res.Rules {
			switch rr.Rule.ID {
			case "activity/recent":
				res.Rules[i].Outcome = finding.Skip
			case "governance/file":
				res.Rules[i].Outcome = finding.Errored
			}
		}
		out := render(t, report.JUnit, res, report.Options{Lang: "fr", Version: "test"})
		var doc junitDoc
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("%s: not XML: %v", fixture, err)
		}
		want := map[finding.Outcome]int{}
		for _, rr := range res.Rules {
			want[rr.Outcome]++
		}
		if doc.Tests != len(res.Rules) || doc.Failures != want[finding.Fail] || doc.Skipped != want[finding.Skip] || doc.Errors != want[finding.Errored] {
			t.Errorf("%s: totals tests=%d failures=%d skipped=%d errors=%d, want %d %v", fixture, doc.Tests, doc.Failures, doc.Skipped, doc.Errors, len(res.Rules), want)
		}
		names := map[string]bool{}
		for _, s := range doc.Suites {
			var f, sk, e int
			for _, c := range s.Cases {
				if names[c.Name] {
					t.Errorf("%s: rule %s twice", fixture, c.Name)
				}
				names[c.Name] = true
				if c.Classname != s.Name {
					t.Errorf("%s: classname %q in suite %q", fixture, c.Classname, s.Name)
				}
				rr, _ := res.Rule(c.Name)
				got := map[bool]finding.Outcome{}
				switch {
				case c.Failure != nil:
					f++
					got[true] = finding.Fail
				case c.Skipped != nil:
					sk++
					got[true] = finding.Skip
				case c.Error != nil:
					e++
					got[true] = finding.Errored
				default:
					got[true] = finding.Pass
				}
				if got[true] != rr.Outcome {
					t.Errorf("%s: %s is %s in JUnit, %s in the result", fixture, c.Name, got[true], rr.Outcome)
				}
			}
			if s.Tests != len(s.Cases) || s.Failures != f || s.Skipped != sk || s.Errors != e {
				t.Errorf("%s: suite %s counts %d/%d/%d/%d, cases say %d/%d/%d/%d", fixture, s.Name, s.Tests, s.Failures, s.Skipped, s.Errors, len(s.Cases), f, sk, e)
			}
		}
		if len(names) != len(res.Rules) {
			t.Errorf("%s: %d test cases for %d rules", fixture, len(names), len(res.Rules))
		}
		validateJUnitXSD(t, out)
	}
}

func TestJUnitCarriesFindingsSafely(t *testing.T) {
	res := withFindings(scan(t, "c"))
	res.Rules = append([]engine.RuleResult(nil), res.Rules...)
	for i, rr := range res.Rules {
		if rr.Rule.ID == "sensitive/private-ip" || rr.Rule.ID == "secrets/scan" || rr.Rule.ID == "secrets/aws-access-key" {
			res.Rules[i].Outcome = finding.Fail
		}
	}
	out := render(t, report.JUnit, res, report.Options{Lang: "en"})
	var doc junitDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("a hostile file name broke the XML: %v", err)
	}
	var texts []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				texts = append(texts, c.Name+": "+c.Failure.Text)
			}
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"secrets/scan: error  secrets/aws-access-key  config/app.env:3 @ababababab", "AKIA… (20 chars)", "<script>alert(1)</script>"} {
		if !strings.Contains(all, want) {
			t.Errorf("failures lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "old.txt") {
		t.Error("an accepted finding is listed as a failure")
	}
	validateJUnitXSD(t, out)
}

// validateJUnitXSD checks a report against testdata/junit.xsd with
// xmllint, which .ci/run installs (Debian's libxml2-utils).
func validateJUnitXSD(t *testing.T, out []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Log("xmllint is not installed (.ci/run installs Debian's libxml2-utils): JUnit not validated against its XSD")
		return
	}
	file := filepath.Join(t.TempDir(), "junit.xml")
	os.WriteFile(file, out, 0o644)
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", "testdata/junit.xsd", file)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("JUnit report does not validate: %v\n%s", err, msg)
	}
}

func TestJUnitSchemaRejectsBrokenReports(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (.ci/run installs Debian's libxml2-utils): the JUnit XSD is not exercised")
	}
	for _, broken := range []string{
		`<testsuites><testsuite tests="1"><testcase name="a" classname="b"/></testsuite></testsuites>`,                                        // no suite name
		`<testsuites><testsuite name="s" tests="1"><testcase name="a"/></testsuite></testsuites>`,                                             // no classname
		`<testsuites><testsuite name="s" tests="-1"><testcase name="a" classname="b"/></testsuite></testsuites>`,                              // negative count
		`<testsuites><testsuite name="s" tests="1"><testcase name="a" classname="b"><failure/><skipped/></testcase></testsuite></testsuites>`, // two outcomes
	} {
		file := filepath.Join(t.TempDir(), "broken.xml")
		os.WriteFile(file, []byte(broken), 0o644)
		if exec.Command("xmllint", "--noout", "--nonet", "--schema", "testdata/junit.xsd", file).Run() == nil {
			t.Errorf("schema accepted %s", broken)
		}
	}
}

func TestBadge(t *testing.T) {
	// The URLs code.gouv.fr's documentation gives, one per level.
	for l, want := range map[finding.Level]string{
		finding.LevelA: "https://img.shields.io/badge/code.gouv.fr-contributif-blue.svg",
		finding.LevelB: "https://img.shields.io/badge/code.gouv.fr-ouvert-mediumseagreen.svg",
		finding.LevelC: "https://img.shields.io/badge/code.gouv.fr-publi%C3%A9-orange.svg",
	} {
		if got, ok := report.BadgeURL(l); !ok || got != want {
			t.Errorf("%s: %q", l, got)
		}
		if md := report.BadgeMarkdown(l); !strings.HasPrefix(md, "[![code.gouv.fr : "+l.Name()+"]("+want+")](https://code.gouv.fr/documentation/") {
			t.Errorf("%s: %s", l, md)
		}
	}
	if _, ok := report.BadgeURL(finding.LevelNone); ok || report.BadgeMarkdown(finding.LevelNone) != "" {
		t.Error("code.gouv.fr has no badge below C")
	}
	for _, fixture := range []string{"none", "c", "b"} {
		res := scan(t, fixture)
		out := render(t, report.Badge, res, report.Options{Lang: "fr"})
		var svg struct {
			XMLName xml.Name `xml:"svg"`
			Width   int      `xml:"width,attr"`
			Role    string   `xml:"role,attr"`
			Label   string   `xml:"aria-label,attr"`
			Title   string   `xml:"title"`
			Texts   []string `xml:"g>text"`
		}
		if err := xml.Unmarshal(out, &svg); err != nil {
			t.Fatalf("%s: badge is not XML: %v", fixture, err)
		}
		name := res.Level.ID.Name()
		if name == "" {
			name = "non publiable"
		}
		if svg.Role != "img" || !strings.Contains(svg.Title, "Degré d'ouverture") || !strings.Contains(svg.Label, name) ||
			len(svg.Texts) != 2 || svg.Texts[1] != name || svg.Width < 100 {
			t.Errorf("%s: badge %+v", fixture, svg)
		}
	}
}

func TestSARIFRepositoryURI(t *testing.T) {
	for remote, want := range map[string]string{
		"git@github.com:agency/budget.git":        "https://github.com/agency/budget",
		"git@forge.example.org:agency/budget.git": "ssh://git@forge.example.org/agency/budget.git",
		"https://forge.example.org/agency/b.git":  "https://forge.example.org/agency/b.git",
		"/srv/git/budget":                         "",
	} {
		res := scan(t, "c")
		res.Meta.Remote = remote
		var log struct {
			Runs []struct {
				VCS []struct{ RepositoryURI string } `json:"versionControlProvenance"`
			}
		}
		json.Unmarshal(render(t, report.SARIF, res, report.Options{Lang: "en"}), &log)
		got := ""
		if len(log.Runs[0].VCS) > 0 {
			got = log.Runs[0].VCS[0].RepositoryURI
		}
		if got != want {
			t.Errorf("%s: repositoryUri %q, want %q", remote, got, want)
		}
	}
}

// TestMarkdownLinks: every link of the Markdown report is well formed and
// points where it should: a finding to its file at its commit (and line)
// on the forge, a rule to its section of the rules' documentation of this
// repository, the scanned commit to its page.
func TestMarkdownLinks(t *testing.T) {
	pages := map[string]string{}
	for _, f := range []string{"docs/rules.md", "docs/regles.md"} {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		pages[f] = string(b)
	}
	heading := func(page, anchor string) string {
		for _, m := range regexp.MustCompile(`(?m)^## (.+)$`).FindAllStringSubmatch(pages[page], -1) {
			if report.DocAnchor(m[1]) == anchor {
				return m[1]
			}
		}
		return ""
	}
	link := regexp.MustCompile(`\[((?:[^\[\]\\]|\\.)*)\]\(([^)\s]*)\)`)
	for _, tc := range []struct{ fixture, lang, version, ref string }{
		{"none", "en", "dev", "main"},
		{"b", "fr", "v1.2.0", "v1.2.0"},
	} {
		res := withFindings(scan(t, tc.fixture))
		head := strings.Repeat("c", 40)
		res.Meta.Remote, res.Meta.Commit = "git@github.com:agency/budget.git", head
		gate := engine.Decide(res, finding.LevelB, "")
		out := string(render(t, report.Markdown, res, report.Options{Lang: tc.lang, Version: tc.version, Gate: &gate}))
		files, rules := 0, 0
		for _, m := range link.FindAllStringSubmatch(withoutCode(out), -1) {
			text, addr := m[1], m[2]
			u, err := url.Parse(addr)
			if err != nil || u.Scheme != "https" || u.Host != "github.com" || strings.ContainsAny(addr, " ()<>|") {
				t.Errorf("%s: malformed link %q in %q", tc.fixture, addr, m[0])
				continue
			}
			switch p := u.Path; {
			case strings.HasPrefix(p, "/ouvert-dev/ouvert/blob/"+tc.ref+"/docs/"):
				rules++
				page := strings.TrimPrefix(p, "/ouvert-dev/ouvert/blob/"+tc.ref+"/")
				if want := report.RulesDocFile(tc.lang); page != want {
					t.Errorf("%s: rule link to %s, want %s", tc.lang, page, want)
				}
				if h := heading(page, u.Fragment); h == "" || h != strings.ReplaceAll(text, `\`, "") {
					t.Errorf("rule link %q (%s) leads to the section %q", text, addr, h)
				}
			case strings.HasPrefix(p, "/agency/budget/blob/"):
				files++
				rest := strings.TrimPrefix(p, "/agency/budget/blob/")
				commit, file, _ := strings.Cut(rest, "/")
				var found bool
				for _, f := range res.Findings {
					want := f.Commit
					if want == "" {
						want = head
					}
					line := ""
					if f.Line > 0 {
						line = fmt.Sprintf("L%d", f.Line)
					}
					if printable.String(f.Path) == file && commit == want && strings.HasPrefix(u.Fragment, line) {
						found = true
					}
				}
				if !found {
					t.Errorf("file link %s matches no finding", addr)
				}
			case p == "/agency/budget/commit/"+head:
			default:
				t.Errorf("link %s points nowhere expected", addr)
			}
		}
		if files == 0 || rules == 0 {
			t.Errorf("%s: %d file links, %d rule links", tc.fixture, files, rules)
		}
		// The steps give the fix and the command that helps.
		if tc.fixture == "none" && !strings.Contains(out, "`ouvert init license SPDX`") {
			t.Errorf("the steps lack the command:\n%s", out)
		}
	}
}

// withoutCode drops fenced code blocks, where brackets are a command's, not
// a link's.
func withoutCode(md string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.SplitAfter(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			in = !in
			continue
		}
		if !in {
			b.WriteString(l)
		}
	}
	return b.String()
}
