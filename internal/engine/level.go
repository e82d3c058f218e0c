package engine

import "github.com/ouvert-dev/ouvert/finding"

// Level is the openness level read from the rule outcomes.
type Level struct {
	// ID is the highest level whose rules all passed or could not be
	// evaluated. When some could not, the level is Provisional: Confirmed is
	// the highest level proven by passing rules alone, and Unevaluated lists
	// the rules that stand between the two.
	ID          finding.Level
	Provisional bool
	Confirmed   finding.Level
	Unevaluated []string
	// Next is the level above ID ("" at A) and Missing the rules of that
	// level and below that do not pass, in catalog order.
	Next    finding.Level
	Missing []string
	// Steps is what to do, in order: the rules to confirm the current level,
	// then the ones that block the next.
	Steps []string
}

// computeLevel applies the profile: levels are cumulative, a level is
// reached when every rule of it and of the levels below passes, and a rule
// that was not evaluated never counts as passed.
func computeLevel(rr []RuleResult) Level {
	confirmed, optimistic := finding.LevelNone, finding.LevelNone
	confirmedOpen, optimisticOpen := true, true
	for _, l := range finding.Levels() {
		allPass, noFail := true, true
		for _, r := range rr {
			if r.Rule.Level == "" || r.Rule.Level.Rank() > l.Rank() {
				continue
			}
			switch r.Outcome {
			case finding.Pass:
			case finding.Fail:
				allPass, noFail = false, false
			default:
				allPass = false
			}
		}
		if confirmedOpen && allPass {
			confirmed = l
		} else {
			confirmedOpen = false
		}
		if optimisticOpen && noFail {
			optimistic = l
		} else {
			optimisticOpen = false
		}
	}
	lv := Level{ID: optimistic, Confirmed: confirmed, Provisional: optimistic != confirmed}
	for _, r := range rr {
		if r.Rule.Level != "" && r.Rule.Level.Rank() <= optimistic.Rank() && r.Outcome != finding.Pass {
			lv.Unevaluated = append(lv.Unevaluated, r.Rule.ID)
		}
	}
	if optimistic.Rank() < finding.LevelA.Rank() {
		lv.Next = finding.Levels()[optimistic.Rank()] // the level right above
		for _, r := range rr {
			if r.Rule.Level != "" && r.Rule.Level.Rank() <= lv.Next.Rank() && r.Outcome != finding.Pass {
				lv.Missing = append(lv.Missing, r.Rule.ID)
			}
		}
	}
	lv.Steps = append(append([]string{}, lv.Unevaluated...), without(lv.Missing, lv.Unevaluated)...)
	return lv
}

func without(a, drop []string) []string {
	skip := map[string]bool{}
	for _, d := range drop {
		skip[d] = true
	}
	var out []string
	for _, x := range a {
		if !skip[x] {
			out = append(out, x)
		}
	}
	return out
}
