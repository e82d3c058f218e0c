package engine

import (
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
)

// Verdict is the gate's decision on a result.
type Verdict int

const (
	// Passed: the level is at least the minimum and nothing crosses fail-on.
	Passed Verdict = iota
	// Failed: a policy failure (level too low, a rule required for it not
	// evaluated, or a finding at or above fail-on).
	Failed
	// Broken: a rule required for the gate errored: the tool, not the
	// repository, is at fault, and the answer is unknown.
	Broken
)

// Gate is what a CI job decides from a result.
type Gate struct {
	MinLevel finding.Level
	FailOn   finding.Severity // "" for none
	Verdict  Verdict
	// Blocking lists the rules that make the gate fail, in catalog order:
	// failing or unevaluated rules required by MinLevel, then advisory rules
	// whose findings cross FailOn.
	Blocking []string
}

// Decide applies the thresholds to a result. A rule required for the gate
// that could not be evaluated never lets it pass.
func Decide(r *Result, minLevel finding.Level, failOn finding.Severity) Gate {
	g := Gate{MinLevel: minLevel, FailOn: failOn}
	seen := map[string]bool{}
	block := func(id string, v Verdict) {
		if !seen[id] {
			seen[id] = true
			g.Blocking = append(g.Blocking, id)
		}
		if v > g.Verdict {
			g.Verdict = v
		}
	}
	for _, rr := range r.Rules {
		if rr.Rule.Level == "" || rr.Rule.Level.Rank() > minLevel.Rank() {
			continue
		}
		switch rr.Outcome {
		case finding.Fail, finding.Skip:
			block(rr.Rule.ID, Failed)
		case finding.Errored:
			block(rr.Rule.ID, Broken)
		}
	}
	if failOn != "" {
		for _, f := range r.Findings {
			if f.Accepted == nil && f.Severity.Rank() >= failOn.Rank() {
				block(f.Rule, Failed)
			}
		}
	}
	return g
}

// Thresholds are the gate's settings as a command line gives them: each,
// when set, overrides the configuration's.
type Thresholds struct {
	MinLevel  finding.Level    // "": the configuration's, else level C
	FailOn    finding.Severity // with FailOnSet ("" then means none)
	FailOnSet bool             // FailOn was given, none included
}

// Resolve gives a scan's minimum level and fail-on severity: the
// overrides, else the configuration's (cfg may be nil), else level C and
// no severity. scan and audit both decide with it.
func (t Thresholds) Resolve(cfg *config.Config) (finding.Level, finding.Severity) {
	minLevel, failOn := finding.LevelC, finding.Severity("")
	if cfg != nil {
		if cfg.MinLevel != "" {
			minLevel = cfg.MinLevel
		}
		failOn = cfg.FailOn
	}
	if t.MinLevel != "" {
		minLevel = t.MinLevel
	}
	if t.FailOnSet {
		failOn = t.FailOn
	}
	return minLevel, failOn
}
