package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// exists reports whether path names a file (or a directory) of commit.
func exists(t *testing.T, r *sourcetest.Repo, commit, path string) bool {
	t.Helper()
	if path == "" {
		return false
	}
	_, err := sourcetest.Run(r.Dir(), sourcetest.Epoch, "cat-file", "-e", commit+":"+path)
	return err == nil
}

// TestSubdirectoryPathsFromTheRoot scans app/ of a monorepo and checks,
// in every format, that each place resolves in the repository: a file of
// the scanned commit, a file of the commit a history finding names, or
// the scanned directory itself.
func TestSubdirectoryPathsFromTheRoot(t *testing.T) {
	r, histCommit, keys := testrepos.Monorepo(t)
	head := r.Head()
	out := t.TempDir()
	args := []string{"scan", "app", "--format", "text", "--lang", "en"}
	for _, f := range []string{"json", "sarif", "codequality", "markdown", "html", "junit"} {
		args = append(args, "--report", f+"="+filepath.Join(out, "report."+f))
	}
	o := ouvert(t, r.Dir(), nil, args...)
	if o.code != 1 {
		t.Fatalf("exit code %d: %s", o.code, o.stderr)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	resolves := func(format, p, commit string) {
		t.Helper()
		switch {
		case p == "app":
		case commit != "" && exists(t, r, commit, p):
		case commit == "" && exists(t, r, head, p):
		default:
			t.Errorf("%s: %q (commit %q) is no file of the repository", format, p, commit)
		}
	}

	var j struct {
		Target   struct{ Path, Dir string }
		License  struct{ Files []struct{ Path string } }
		Findings []struct{ Rule, Path, Commit string }
	}
	if err := json.Unmarshal([]byte(read("report.json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Target.Path != "app" || j.Target.Dir != "app" {
		t.Errorf("json target %+v", j.Target)
	}
	var tree, hist bool
	for _, f := range j.Findings {
		if f.Path != "" {
			resolves("json", f.Path, f.Commit)
		}
		tree = tree || f.Path == "app/conf/prod.env" && f.Commit == ""
		hist = hist || f.Path == "app/deploy/old.env" && f.Commit == histCommit
	}
	if !tree || !hist {
		t.Errorf("json lacks the tree key at app/conf/prod.env or the history key at app/deploy/old.env: %+v", j.Findings)
	}
	for _, f := range j.License.Files {
		resolves("json license", f.Path, "")
	}

	// SARIF and Code Quality as their consumers check them.
	for file, schema := range map[string]string{"report.sarif": "sarif-schema-2.1.0.json", "report.codequality": "codequality.schema.json"} {
		validateSchema(t, filepath.Join("..", "..", "internal", "report", "testdata", schema), []byte(read(file)))
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID     string
				Properties struct{ Commit string }
				Locations  []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(read("report.sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	dirResults := 0
	for _, res := range sarif.Runs[0].Results {
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		resolves("sarif", uri, res.Properties.Commit)
		if uri == "app" {
			dirResults++
		}
	}
	if dirResults == 0 {
		t.Error("sarif: no result on the project's directory (missing changelog…)")
	}

	var cq []struct {
		CheckName string `json:"check_name"`
		Location  struct{ Path string }
	}
	if err := json.Unmarshal([]byte(read("report.codequality")), &cq); err != nil {
		t.Fatal(err)
	}
	for _, is := range cq {
		commit := ""
		if is.Location.Path == "app/deploy/old.env" {
			commit = histCommit
		}
		resolves("codequality", is.Location.Path, commit)
	}

	// Markdown and HTML link to the files on GitHub at their commit.
	for _, format := range []string{"markdown", "html"} {
		doc := read("report." + format)
		for _, want := range []string{
			"https://github.com/agency/mono/blob/" + head + "/app/conf/prod.env#L2",
			"https://github.com/agency/mono/blob/" + histCommit + "/app/deploy/old.env#L1",
		} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s lacks the link %s", format, want)
			}
		}
	}
	var suites struct {
		Suites []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(read("report.junit")), &suites); err != nil {
		t.Fatal(err)
	}
	var junitPlaces []string
	for _, s := range suites.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				junitPlaces = append(junitPlaces, regexp.MustCompile(`\bapp/[\w./-]+:\d+`).FindAllString(c.Failure.Text, -1)...)
			}
		}
	}
	if !strings.Contains(strings.Join(junitPlaces, " "), "app/conf/prod.env:2") {
		t.Errorf("junit places %v", junitPlaces)
	}
	for _, want := range []string{"app/conf/prod.env:2", "app/deploy/old.env:1 @" + histCommit[:12], "app/LICENSE"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, o.stdout)
		}
	}
	for _, k := range keys {
		for _, f := range []string{"report.json", "report.sarif", "report.codequality", "report.markdown", "report.html", "report.junit"} {
			if strings.Contains(read(f), k) {
				t.Errorf("%s prints a key", f)
			}
		}
	}
}
