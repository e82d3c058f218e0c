package report

import (
	"path"
	"sort"
	"strconv"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/rules"
)

// What several formats share: which rules a person is shown, in which
// order findings come, and how a level and a place are named.

// levelOrder is the order rules are shown in: level by level from the
// lowest, then the advisory rules.
var levelOrder = []finding.Level{finding.LevelC, finding.LevelB, finding.LevelA, ""}

// levelTitle names a level for people: "B — ouvert", or the "none" text.
func levelTitle(l finding.Level, lang string) string {
	if l.Name() == "" {
		return t("none-level", lang)
	}
	return string(l) + " — " + l.Name()
}

// groupTitle names a section of rules: a level, or the advisory rules.
func groupTitle(l finding.Level, lang string) string {
	if l == "" {
		return t("advisory", lang)
	}
	return levelTitle(l, lang)
}

// shownRules lists the rules of a level a person reads: a rule of a group
// (each kind of secret) shows through its group's rule, and quiet rules only
// when they do not pass.
func shownRules(r *engine.Result, l finding.Level) []engine.RuleResult {
	var out []engine.RuleResult
	for _, rr := range r.Rules {
		if rr.Rule.Level == l && rr.Rule.Group == "" && !(rr.Rule.Quiet && rr.Outcome == finding.Pass) {
			out = append(out, rr)
		}
	}
	return out
}

// ruleRow is the rule a finding shows under: its own, or its group's.
func ruleRow(cat *rules.Catalog, id string) string {
	if rule, ok := cat.Rule(id); ok && rule.Group != "" {
		return rule.Group
	}
	return id
}

// byImportance orders findings for a reader: those that count before the
// accepted ones, then by severity, keeping the engine's order otherwise (so
// the order is as deterministic as the engine's).
func byImportance(fs []finding.Finding) []finding.Finding {
	out := append([]finding.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		ai, aj := out[i].Accepted != nil, out[j].Accepted != nil
		if ai != aj {
			return !ai
		}
		return out[i].Severity.Rank() > out[j].Severity.Rank()
	})
	return out
}

// location is "path:line @commit" for a finding, "" for the whole
// repository.
func location(f finding.Finding) string {
	loc := f.Path
	if loc != "" && f.Line > 0 {
		loc += ":" + strconv.Itoa(f.Line)
	}
	if f.Commit != "" {
		if loc != "" {
			loc += " "
		}
		loc += "@" + shortSHA(f.Commit)
	}
	return loc
}

func shortSHA(c string) string { return c[:min(12, len(c))] }

// targetName is what was scanned: the URL, else the path as typed.
func targetName(r *engine.Result) string {
	if r.Meta.URL != "" {
		return r.Meta.URL
	}
	return r.Meta.Path
}

// outcomeCounts counts the outcomes of the given rules.
func outcomeCounts(rs []engine.RuleResult) map[finding.Outcome]int {
	n := map[finding.Outcome]int{}
	for _, rr := range rs {
		n[rr.Outcome]++
	}
	return n
}

// approved reports whether license/approved passed.
func approved(r *engine.Result) bool {
	rr, ok := r.Rule("license/approved")
	return ok && rr.Outcome == finding.Pass
}

// gateArgs are the placeholders of the gate texts.
func gateArgs(g *engine.Gate, lang string, join func([]string) string) map[string]string {
	failon := ""
	if g.FailOn != "" {
		failon = tx("fail-on", lang, map[string]string{"sev": string(g.FailOn)})
	}
	return map[string]string{"min": string(g.MinLevel), "failon": failon, "rules": join(g.Blocking)}
}

// gateKey is the ui text of a verdict.
func gateKey(v engine.Verdict) string {
	switch v {
	case engine.Passed:
		return "gate-pass"
	case engine.Failed:
		return "gate-fail"
	}
	return "gate-broken"
}

// rootPath makes a path relative to the scanned directory (a licence
// file, a message's {path}) relative to the repository's root, like the
// findings' paths (engine makes those so).
func rootPath(r *engine.Result, p string) string {
	if r.Meta.Dir == "" || p == "" {
		return p
	}
	return path.Join(r.Meta.Dir, p)
}

// scanRoot is the location of what concerns the scanned project as a
// whole: its directory from the repository's root, "." at the root.
func scanRoot(r *engine.Result) string {
	if r.Meta.Dir != "" {
		return r.Meta.Dir
	}
	return "."
}

// ruleFailure is a rule that fails with no finding to show it (no README
// to read, no licence recognised): the formats that list findings only
// (SARIF, Code Quality) give it one result of its own, so that every
// failure shows where reviewers look.
type ruleFailure struct {
	rule engine.RuleResult
	// path is the file that decides the outcome (the {path} of its
	// reason), else the project's root (scanRoot); from the repository's
	// root.
	path string
	// file: path names a file, not the project's directory.
	file        bool
	fingerprint string
}

// ruleFailures lists the failing rules that have no finding of their own
// nor of a rule of their group (accepted findings count: their rule
// passes as accepted, or another finding shows it), in catalog order.
func ruleFailures(r *engine.Result) []ruleFailure {
	covered := map[string]bool{}
	for _, f := range r.Findings {
		covered[f.Rule] = true
		covered[ruleRow(r.Catalog, f.Rule)] = true
	}
	var out []ruleFailure
	for _, rr := range r.Rules {
		if rr.Outcome != finding.Fail || covered[rr.Rule.ID] {
			continue
		}
		rf := ruleFailure{rule: rr, path: scanRoot(r), fingerprint: finding.Fingerprint(rr.Rule.ID, "rule", rr.Reason.ID)}
		if p := rr.Reason.Args["path"]; p != "" {
			rf.path, rf.file = rootPath(r, p), true
		}
		out = append(out, rf)
	}
	return out
}

// titled puts a rule's title before a text, with French typography (a
// space before the colon) in French.
func titled(title, text, lang string) string {
	return title + colonSep(lang) + text
}

// colonSep is ": ", with French typography's no-break space before the
// colon in French.
func colonSep(lang string) string {
	if lang == "fr" {
		return "\u00a0: "
	}
	return ": "
}
