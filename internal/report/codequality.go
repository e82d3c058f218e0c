package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// GitLab Code Quality: a JSON array of issues, the subset of the Code
// Climate issue format that GitLab reads (docs.gitlab.com, ci/testing/
// code_quality, "Implement a custom tool"): description, check_name,
// fingerprint, severity (info, minor, major, critical, blocker),
// location.path and location.lines.begin. GitLab shows the issues a merge
// request adds or fixes by comparing fingerprints with the target branch's
// report, and shows issues with the same fingerprint once.

type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
	// OtherLocations are Code Climate's, for the other places of a secret;
	// GitLab shows the first location, the description names the others.
	OtherLocations []cqLocation `json:"other_locations,omitempty"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// CodeQuality writes the findings that count as Code Quality issues.
// Accepted findings are left out: they are known and no longer count, and
// the merge request widget is for what needs doing. A rule that fails with
// no finding of its own (a missing licence file) is one issue at the
// project's root ("." or the scanned directory) or on the file its reason
// names, so that every failure shows. Paths are from the repository's root.
func CodeQuality(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	cat := r.Catalog
	blocking := map[string]bool{}
	if opts.Gate != nil {
		for _, id := range opts.Gate.Blocking {
			blocking[id] = true
		}
	}
	out := []cqIssue{}
	seen := map[string]int{}
	add := func(is cqIssue) {
		// Fingerprints are stable across runs and ignore line numbers; two
		// issues that share one (a value found at two places of one file)
		// are told apart by their rank, which is as stable as the engine's
		// order.
		if n := seen[is.Fingerprint]; n > 0 {
			seen[is.Fingerprint] = n + 1
			is.Fingerprint = finding.Fingerprint(is.Fingerprint, strconv.Itoa(n))
		} else {
			seen[is.Fingerprint] = 1
		}
		out = append(out, is)
	}
	for _, f := range r.Findings {
		if f.Accepted != nil {
			continue
		}
		desc := cat.Text(f.Rule, f.Message, opts.Lang)
		if rule, ok := cat.Rule(f.Rule); ok {
			desc = titled(rule.Title.In(opts.Lang), desc, opts.Lang)
		}
		if f.Evidence != "" && !strings.Contains(desc, f.Evidence) {
			desc += " [" + f.Evidence + "]"
		}
		if f.Commit != "" {
			desc += " (commit " + shortSHA(f.Commit) + ")"
		}
		if pl := placesLine(f, shownPlaces, opts.Lang); pl != "" {
			desc += " — " + pl
		}
		path := f.Path
		if path == "" {
			path = scanRoot(r)
		}
		lines := cqLines{Begin: max(f.Line, 1)}
		if f.EndLine > f.Line {
			lines.End = f.EndLine
		}
		fp := f.Fingerprint
		if fp == "" {
			fp = finding.Fingerprint(f.Rule, f.Path, f.Message.ID)
		}
		var others []cqLocation
		for _, p := range f.Places[min(1, len(f.Places)):] {
			ol := cqLocation{Path: p.Path, Lines: cqLines{Begin: max(p.Line, 1)}}
			if p.EndLine > p.Line {
				ol.Lines.End = p.EndLine
			}
			others = append(others, ol)
		}
		add(cqIssue{Description: desc, CheckName: f.Rule, Fingerprint: fp,
			Severity: cqSeverity(f.Severity, blocking[f.Rule] || blocking[ruleRow(cat, f.Rule)]),
			Location: cqLocation{Path: path, Lines: lines}, OtherLocations: others})
	}
	for _, rf := range ruleFailures(r) {
		rr := rf.rule
		add(cqIssue{Description: titled(rr.Rule.Title.In(opts.Lang), cat.Text(rr.Rule.ID, rr.Reason, opts.Lang), opts.Lang),
			CheckName: rr.Rule.ID, Fingerprint: rf.fingerprint,
			Severity: cqSeverity(rr.Severity, blocking[rr.Rule.ID]), Location: cqLocation{Path: rf.path, Lines: cqLines{Begin: 1}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// cqSeverity maps a severity to GitLab's scale; what makes the gate fail
// is a blocker.
func cqSeverity(s finding.Severity, blocks bool) string {
	if blocks {
		return "blocker"
	}
	switch s {
	case finding.Error:
		return "critical"
	case finding.Warning:
		return "major"
	case finding.Note:
		return "minor"
	}
	return "info"
}
