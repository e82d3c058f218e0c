package report

import (
	"encoding/json"
	"io"
	"math"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// The JSON report, schema version 1. Fields may be added; the ones of
// version 1 are never renamed. docs/json-schema.md describes them.
type jsonReport struct {
	SchemaVersion int         `json:"schemaVersion"`
	Tool          jsonTool    `json:"tool"`
	Target        jsonTarget  `json:"target"`
	Level         jsonLevel   `json:"level"`
	Gate          *jsonGate   `json:"gate,omitempty"`
	License       jsonLicense `json:"license"`
	Rules         []jsonRule  `json:"rules"`
	Findings      []jsonFind  `json:"findings"`
	Steps         []jsonStep  `json:"steps"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonTarget struct {
	Path string `json:"path"`
	// Dir is the scanned directory from the repository's root ("" at the
	// root); every path of the report is from the root.
	Dir    string `json:"dir"`
	URL    string `json:"url"`
	Ref    string `json:"ref"`
	Commit string `json:"commit"`
}

type jsonLevel struct {
	ID          finding.Level `json:"id"`
	Provisional bool          `json:"provisional"`
	Confirmed   finding.Level `json:"confirmed"`
	Unevaluated []string      `json:"unevaluated"`
	Next        *jsonNext     `json:"next"`
}

type jsonNext struct {
	ID      finding.Level `json:"id"`
	Missing []string      `json:"missing"`
}

type jsonGate struct {
	MinLevel finding.Level    `json:"minLevel"`
	FailOn   finding.Severity `json:"failOn"`
	Passed   bool             `json:"passed"`
	Blocking []string         `json:"blocking"`
}

type jsonLicense struct {
	Expression string `json:"expression"`
	// Source and Confidence: what the expression was drawn from (a text,
	// a statement, a manifest, file headers) and how sure that is.
	Source     string            `json:"source,omitempty"`
	Confidence string            `json:"confidence,omitempty"`
	Approved   bool              `json:"approved"`
	Files      []jsonLicenseFile `json:"files"`
	Detail     any               `json:"detail,omitempty"`
}

type jsonLicenseFile struct {
	Path     string  `json:"path"`
	SPDX     string  `json:"spdx"`
	Coverage float64 `json:"coverage"`
	// Fidelity is the word-for-word verdict against the official text:
	// verbatim, modified, incomplete or notice ("" when not compared).
	Fidelity string `json:"fidelity,omitempty"`
}

type jsonRule struct {
	ID       string           `json:"id"`
	Level    finding.Level    `json:"level"`
	Outcome  finding.Outcome  `json:"outcome"`
	Severity finding.Severity `json:"severity"`
	Title    string           `json:"title"`
	Reason   string           `json:"reason"`
}

type jsonFind struct {
	Rule        string              `json:"rule"`
	Severity    finding.Severity    `json:"severity"`
	Path        string              `json:"path"`
	Line        int                 `json:"line"`
	EndLine     int                 `json:"endLine"`
	Commit      string              `json:"commit"`
	Message     string              `json:"message"`
	MessageID   string              `json:"messageId"`
	Args        map[string]string   `json:"args,omitempty"`
	Evidence    string              `json:"evidence"`
	Fingerprint string              `json:"fingerprint"`
	Confidence  string              `json:"confidence,omitempty"`
	Accepted    *finding.Acceptance `json:"accepted,omitempty"`
	Places      []finding.Place     `json:"places,omitempty"`
	MorePlaces  int                 `json:"morePlaces,omitempty"`
	OtherPaths  int                 `json:"otherPaths,omitempty"`
	Purge       *jsonPurge          `json:"purge,omitempty"`
}

// jsonPurge is how to remove a value from the history (see purge).
type jsonPurge struct {
	Paths       []string `json:"paths"`
	Complete    bool     `json:"complete"`
	InvertPaths string   `json:"invertPaths"`
	ReplaceText string   `json:"replaceText,omitempty"`
}

type jsonStep struct {
	Rule     string        `json:"rule"`
	Level    finding.Level `json:"level"`
	Title    string        `json:"title"`
	Fix      string        `json:"fix"`
	Commands []string      `json:"commands"`
}

// JSON writes the machine-readable report: indented, keys in a fixed order,
// lists sorted by the engine, so the same scan gives the same bytes.
func JSON(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	lang := opts.Lang
	cat := r.Catalog
	out := jsonReport{
		SchemaVersion: engine.SchemaVersion,
		Tool:          jsonTool{Name: "ouvert", Version: opts.Version},
		Target:        jsonTarget{Path: r.Meta.Path, Dir: r.Meta.Dir, URL: r.Meta.URL, Ref: r.Meta.Ref, Commit: r.Meta.Commit},
		Level: jsonLevel{
			ID: r.Level.ID, Provisional: r.Level.Provisional, Confirmed: r.Level.Confirmed,
			Unevaluated: nonNil(r.Level.Unevaluated),
		},
		License:  licenseJSON(r),
		Rules:    []jsonRule{},
		Findings: []jsonFind{},
		Steps:    []jsonStep{},
	}
	if r.Level.Next != "" {
		out.Level.Next = &jsonNext{ID: r.Level.Next, Missing: nonNil(r.Level.Missing)}
	}
	if g := opts.Gate; g != nil {
		out.Gate = &jsonGate{MinLevel: g.MinLevel, FailOn: g.FailOn, Passed: g.Verdict == engine.Passed, Blocking: nonNil(g.Blocking)}
	}
	for _, rr := range r.Rules {
		out.Rules = append(out.Rules, jsonRule{
			ID: rr.Rule.ID, Level: rr.Rule.Level, Outcome: rr.Outcome, Severity: rr.Severity,
			Title: rr.Rule.Title.In(lang), Reason: cat.Text(rr.Rule.ID, rr.Reason, lang),
		})
	}
	for _, f := range r.Findings {
		jf := jsonFind{
			Rule: f.Rule, Severity: f.Severity, Path: f.Path, Line: f.Line, EndLine: f.EndLine, Commit: f.Commit,
			Message: cat.Text(f.Rule, f.Message, lang), MessageID: f.Message.ID, Args: f.Message.Args,
			Evidence: f.Evidence, Fingerprint: f.Fingerprint, Confidence: f.Confidence, Accepted: f.Accepted,
			Places: f.Places, MorePlaces: f.MorePlaces, OtherPaths: f.OtherPaths,
		}
		if p := purgeOf(f); p != nil {
			jf.Purge = &jsonPurge{Paths: p.Paths, Complete: p.Complete, InvertPaths: p.InvertPaths, ReplaceText: p.ReplaceText}
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, id := range r.Level.Steps {
		if rule, ok := cat.Rule(id); ok {
			out.Steps = append(out.Steps, jsonStep{Rule: id, Level: rule.Level, Title: rule.Title.In(lang), Fix: rule.Fix.In(lang),
				Commands: nonNil(rule.Commands)})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func licenseJSON(r *engine.Result) jsonLicense {
	out := jsonLicense{Files: []jsonLicenseFile{}}
	if rr, ok := r.Rule("license/approved"); ok {
		out.Approved = rr.Outcome == finding.Pass
	}
	if r.License == nil {
		return out
	}
	out.Expression = r.License.Expression
	out.Source, out.Confidence = string(r.License.Source), string(r.License.Confidence)
	for _, f := range r.License.Files {
		jf := jsonLicenseFile{Path: rootPath(r, f.Path), SPDX: f.SPDX, Coverage: math.Round(f.Coverage*1000) / 1000}
		if f.Fidelity != nil {
			jf.Fidelity = string(f.Fidelity.Verdict)
		}
		out.Files = append(out.Files, jf)
	}
	out.Detail = r.License
	return out
}
