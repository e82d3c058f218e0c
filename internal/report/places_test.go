package report_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
)

// secretFinding is the first finding withFindings adds: one value, four
// places listed (each in the history), two more not listed.
func secretFinding(res *engine.Result) finding.Finding {
	for _, f := range res.Findings {
		if f.Rule == "secrets/aws-access-key" {
			return f
		}
	}
	panic("no secret finding")
}

// Every format says where a secret lives: text a count and the first
// places, JSON and SARIF every listed place, Code Quality the other
// locations, HTML a list, Markdown a count and a folded list; and every
// one gives the command that removes it from the history.
func TestPlacesInEveryFormat(t *testing.T) {
	res := withFindings(scan(t, "c"))
	f := secretFinding(res)
	for i, rr := range res.Rules { // as the secrets check leaves them
		if rr.Rule.ID == "secrets/scan" || rr.Rule.ID == f.Rule {
			res.Rules[i].Outcome = finding.Fail
		}
	}
	gate := engine.Decide(res, finding.LevelC, "")
	opts := report.Options{Lang: "en", Version: "test", Gate: &gate}
	out := func(name string) string {
		w, _ := report.Lookup(name)
		return string(render(t, w, res, opts))
	}
	purgeCmd := "git filter-repo --invert-paths --path config/app.env --path " + report.ShellQuote(hostilePath) +
		` --path 'deploy/it'\''s here.env' --path old/settings.env`

	text := out("text")
	for _, want := range []string{"6 places: config/app.env:3 @abababababab (2024-01-02), ", "deploy/it's here.env:8 @efefefefefef (2024-03-04) … and 3 more", purgeCmd, "git filter-repo --replace-text ../ouvert-replace.txt", "Revoke or rotate this secret first"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "old/settings.env:2") {
		t.Error("text names more than the first 3 places")
	}

	var j struct {
		Findings []struct {
			Rule       string
			Places     []finding.Place
			MorePlaces int
			Purge      *struct {
				Paths       []string
				Complete    bool
				InvertPaths string
				ReplaceText string
			}
		}
	}
	if err := json.Unmarshal([]byte(out("json")), &j); err != nil {
		t.Fatal(err)
	}
	for _, jf := range j.Findings {
		if jf.Rule != f.Rule {
			continue
		}
		if len(jf.Places) != 4 || jf.MorePlaces != 2 || jf.Places[1].Path != hostilePath || jf.Places[3].Date != "2024-04-05" {
			t.Errorf("JSON places = %+v, more %d", jf.Places, jf.MorePlaces)
		}
		if jf.Purge == nil || !jf.Purge.Complete || len(jf.Purge.Paths) != 4 || jf.Purge.InvertPaths != purgeCmd || jf.Purge.ReplaceText == "" {
			t.Errorf("JSON purge = %+v", jf.Purge)
		}
	}

	sarif := out("sarif")
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(sarif))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF with related locations does not validate: %v", err)
	}
	var s struct {
		Runs []struct {
			Results []struct {
				RuleID           string
				Message          struct{ Text string }
				RelatedLocations []struct {
					ID               int
					Message          struct{ Text string }
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				Properties map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(sarif), &s); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Runs[0].Results {
		if r.RuleID != f.Rule {
			continue
		}
		rl := r.RelatedLocations
		if len(rl) != 3 || rl[0].ID != 1 || rl[2].ID != 3 || rl[2].PhysicalLocation.ArtifactLocation.URI != "old/settings.env" ||
			rl[2].PhysicalLocation.Region.StartLine != 2 || rl[2].Message.Text != "history, commit 121212121212 of 2024-04-05" {
			t.Errorf("SARIF related locations = %+v", rl)
		}
		if r.Properties["places"] != float64(6) || r.Properties["purge"] != purgeCmd || !strings.Contains(r.Message.Text, "also in 5 other places") {
			t.Errorf("SARIF result = %q, %v", r.Message.Text, r.Properties)
		}
	}

	var cq []struct {
		CheckName      string `json:"check_name"`
		Description    string
		OtherLocations []struct{ Path string } `json:"other_locations"`
	}
	if err := json.Unmarshal([]byte(out("codequality")), &cq); err != nil {
		t.Fatal(err)
	}
	for _, is := range cq {
		if is.CheckName == f.Rule && (len(is.OtherLocations) != 3 || !strings.Contains(is.Description, "6 places")) {
			t.Errorf("Code Quality issue = %+v", is)
		}
	}

	html := out("html")
	if n := strings.Count(html, `<details class="places"><summary>6 places</summary>`); n != 1 {
		t.Errorf("HTML has %d place lists, want 1", n)
	}
	if !strings.Contains(html, "<li><code>old/settings.env:2 @121212121212 (2024-04-05)</code></li>") || !strings.Contains(html, "… and 2 more") {
		t.Error("HTML does not list every place")
	}
	if !strings.Contains(html, "<pre><code>git filter-repo --invert-paths --path config/app.env") {
		t.Error("HTML has no purge command")
	}

	md := out("markdown")
	if !strings.Contains(md, "config/app.env:3 @abababababab (+5)") || !strings.Contains(md, "<details><summary>Where the secrets live</summary>") {
		t.Error("Markdown does not say where the secret lives")
	}
	if junit := out("junit"); !strings.Contains(junit, "6 places: config/app.env:3") || !strings.Contains(junit, "git filter-repo --invert-paths") {
		t.Error("JUnit does not say where the secret lives")
	}
}

// The purge advice fits the places: no command for a value only in the
// current files, no --replace-text for a value over several lines, and a
// word when the paths are not all named.
func TestPurgeAdvice(t *testing.T) {
	res := scan(t, "c")
	base := len(res.Findings)
	res.Findings = append(res.Findings,
		finding.Finding{Rule: "secrets/github-token", Severity: finding.Error, Path: "a.env", Line: 1, EndLine: 1, Evidence: "ghp_… (40 chars)",
			Fingerprint: "f1", Message: finding.Msg("found"), Places: []finding.Place{{Path: "a.env", Line: 1, EndLine: 1, Tree: true}, {Path: "b.env", Line: 2, EndLine: 2, Tree: true}}},
		finding.Finding{Rule: "secrets/private-key", Severity: finding.Error, Path: "id_rsa", Line: 1, EndLine: 27, Commit: strings.Repeat("9", 40),
			Evidence: "-----… (1679 chars)", Fingerprint: "f2", Message: finding.Msg("found")},
		finding.Finding{Rule: "secrets/gitlab-token", Severity: finding.Error, Path: "c.env", Line: 1, EndLine: 1, Commit: strings.Repeat("8", 40),
			Evidence: "glpat… (26 chars)", Fingerprint: "f3", Message: finding.Msg("found"), OtherPaths: 7, MorePlaces: 150,
			Places: []finding.Place{{Path: "c.env", Line: 1, EndLine: 1, Commit: strings.Repeat("8", 40), Date: "2024-01-01"}}},
	)
	var j struct {
		Findings []struct {
			Fingerprint string
			Purge       *struct {
				Complete    bool
				InvertPaths string
				ReplaceText string
			}
		}
	}
	var buf bytes.Buffer
	if err := report.JSON(&buf, res, report.Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for i, jf := range j.Findings[base:] {
		got[jf.Fingerprint] = i
	}
	byFP := func(fp string) *struct {
		Complete    bool
		InvertPaths string
		ReplaceText string
	} {
		return j.Findings[base+got[fp]].Purge
	}
	if p := byFP("f1"); p != nil {
		t.Errorf("a value only in the current files gets a history purge: %+v", p)
	}
	if p := byFP("f2"); p == nil || p.InvertPaths != "git filter-repo --invert-paths --path id_rsa" || p.ReplaceText != "" {
		t.Errorf("private key purge = %+v", p)
	}
	if p := byFP("f3"); p == nil || p.Complete {
		t.Errorf("a value in more paths than named: purge = %+v", p)
	}
	text := string(render(t, report.Text, res, report.Options{Lang: "fr"}))
	if !strings.Contains(text, "et 7 chemins de plus") || !strings.Contains(text, "151 emplacements") {
		t.Errorf("the text report does not say what the purge misses:\n%s", text)
	}
}

// A quoted path is read back by a shell as the path itself, whatever it
// holds.
func TestShellQuote(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, p := range []string{"config/app.env", "it's here.env", "a b/$(rm -rf ~)`x`;|&>.env", hostilePath, "tab\there\nnewline.env", `back\slash'"`, "é/ü.txt", "-rf"} {
		q := report.ShellQuote(p)
		if strings.ContainsAny(q, "\n\r\x01") {
			t.Errorf("%q quoted on several lines or with a control character: %q", p, q)
		}
		out, err := exec.Command(bash, "-c", "printf '%s' "+q).Output()
		if err != nil || string(out) != p {
			t.Errorf("bash reads %q back as %q (%v)", q, out, err)
		}
	}
}
