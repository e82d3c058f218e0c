package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
)

// sarifSchema compiles the OASIS SARIF 2.1.0 schema (errata 01, from
// oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json), with
// formats (uri, date-time) asserted.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	return compileSchema(t, "testdata/sarif-schema-2.1.0.json", true)
}

// compileSchema compiles a JSON schema file of testdata.
func compileSchema(t *testing.T, file string, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if assertFormat {
		c.AssertFormat()
	}
	if err := c.AddResource(file, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := sarifSchema(t)
	for _, fixture := range []string{"none", "c", "b"} {
		res := scan(t, fixture)
		// A finding from the history, with evidence, as the secrets check
		// makes them.
		res.Findings = append(res.Findings, finding.Finding{Rule: "secrets/scan", Severity: finding.Error, Path: "config/app.env",
			Line: 3, EndLine: 3, Commit: strings.Repeat("ab", 20), Evidence: "AKIA… (20 chars)", Fingerprint: "f00d", Message: finding.Msg("not-evaluated")})
		var buf bytes.Buffer
		if err := report.SARIF(&buf, res, report.Options{Lang: "fr", Version: "test"}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Fatalf("%s: SARIF does not validate: %v", fixture, err)
		}

		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Rules []struct {
							ID      string
							HelpURI string
						}
					}
				}
				OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
				Results            []struct {
					RuleID              string
					RuleIndex           int
					Level               string
					Message             struct{ Text string }
					PartialFingerprints map[string]string
					Properties          map[string]any
					Locations           []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI, URIBaseID string }
							Region           *struct{ StartLine int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		run := log.Runs[0]
		if len(run.Tool.Driver.Rules) != len(res.Rules) {
			t.Errorf("%d rules in SARIF, %d in the catalog", len(run.Tool.Driver.Rules), len(res.Rules))
		}
		// Every failing rule shows: through its findings (or its group's),
		// else through a result of its own.
		shown := map[string]int{}
		for _, r := range run.Results {
			shown[r.RuleID]++
			if rule, ok := res.Catalog.Rule(r.RuleID); ok && rule.Group != "" {
				shown[rule.Group]++
			}
		}
		ruleOnly := 0
		for _, rr := range res.Rules {
			if rr.Outcome != finding.Fail {
				continue
			}
			if shown[rr.Rule.ID] == 0 {
				t.Errorf("%s: %s fails and has no SARIF result", fixture, rr.Rule.ID)
			}
			own := 0
			for _, f := range res.Findings {
				if f.Rule == rr.Rule.ID {
					own++
				}
			}
			if own == 0 && rr.Rule.ID != "secrets/scan" {
				ruleOnly++
			}
		}
		if len(run.Results) != len(res.Findings)+ruleOnly {
			t.Errorf("%s: %d results for %d findings and %d failing rules without findings", fixture, len(run.Results), len(res.Findings), ruleOnly)
		}
		if fixture == "none" {
			// No licence recognised: decided at the project's root, with
			// the rule's title in the message.
			var got string
			for _, r := range run.Results {
				if r.RuleID == "license/approved" {
					got = r.Locations[0].PhysicalLocation.ArtifactLocation.URI + " " + r.Message.Text
				}
			}
			if got != ". La licence figure sur la liste du décret\u00a0: aucune licence reconnue" {
				t.Errorf("license/approved result: %q", got)
			}
		}
		if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok {
			t.Error("%SRCROOT% is not declared in originalUriBaseIds")
		}
		for _, r := range run.Results {
			loc := r.Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Errorf("%s: location not relative to %%SRCROOT%%: %+v", r.RuleID, loc)
			}
			// A file gets a region (GitHub annotates its first line); the
			// project's directory gets none.
			if (loc.Region == nil) != (loc.ArtifactLocation.URI == ".") || loc.Region != nil && loc.Region.StartLine < 1 {
				t.Errorf("%s: location %+v", r.RuleID, loc)
			}
		}
		for _, r := range run.Results {
			if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
				t.Errorf("ruleIndex %d does not point at %s", r.RuleIndex, r.RuleID)
			}
			// GitHub code scanning refuses a result without a location.
			if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
				t.Errorf("%s: result without a location", r.RuleID)
			}
			if r.PartialFingerprints["ouvert/v1"] == "" {
				t.Errorf("%s: no partial fingerprint", r.RuleID)
			}
		}
		last := run.Results[len(res.Findings)-1]
		if last.Properties["commit"] != strings.Repeat("ab", 20) || last.Level != "error" {
			t.Errorf("history finding = %+v", last)
		}
	}
}

func TestSARIFIsDeterministic(t *testing.T) {
	res := scan(t, "b")
	gate := engine.Decide(res, finding.LevelC, "")
	var a, b bytes.Buffer
	report.SARIF(&a, res, report.Options{Lang: "en", Gate: &gate})
	report.SARIF(&b, res, report.Options{Lang: "en", Gate: &gate})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one result differ")
	}
}

// TestSARIFSchemaRejectsBrokenLogs shows the validation above can fail.
func TestSARIFSchemaRejectsBrokenLogs(t *testing.T) {
	schema := sarifSchema(t)
	for _, broken := range []string{
		`{"runs": []}`, // no version
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a", "level": "fatal", "message": {"text": "m"}}]}]}`,
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
