package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
)

// accept marks the findings that an exception of the configuration or the
// baseline accepts. Accepted findings stay in the report; they no longer
// count. A failing rule all of whose findings (its own and its group's) are
// accepted passes, saying so. An expired exception stops applying and a note
// says so, so that accepted risks come back into view on their date.
func accept(res *Result, cfg *config.Config, baseline map[string]bool, now time.Time) {
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Accepted != nil || f.Message.ID == "exception-expired" {
			continue
		}
		for j := range cfg.Exceptions {
			e := &cfg.Exceptions[j]
			if !e.Expired(now) && e.Matches(*f) {
				f.Accepted = &finding.Acceptance{By: "exception", Reason: e.Reason, Until: e.Until}
				break
			}
		}
		if f.Accepted == nil && baseline[f.Fingerprint] {
			f.Accepted = &finding.Acceptance{By: "baseline"}
		}
	}

	// Which rules still have findings that count, and how many were
	// accepted. A finding below its rule's severity (a note beside an error
	// rule: "the history was not read") informs; it does not fail the rule.
	sev := map[string]finding.Severity{}
	for _, rr := range res.Rules {
		sev[rr.Rule.ID] = rr.Severity
	}
	live, accepted := map[string]int{}, map[string]int{}
	for _, f := range res.Findings {
		if f.Message.ID == "exception-expired" {
			continue
		}
		owner := f.Rule
		if r, ok := res.Catalog.Rule(f.Rule); ok && r.Group != "" {
			owner = r.Group
		}
		if f.Severity.Rank() < sev[owner].Rank() && f.Severity.Rank() < sev[f.Rule].Rank() {
			continue
		}
		for _, id := range []string{f.Rule, owner} {
			if f.Accepted != nil {
				accepted[id]++
			} else {
				live[id]++
			}
			if owner == f.Rule {
				break
			}
		}
	}
	for i, rr := range res.Rules {
		id := rr.Rule.ID
		if rr.Outcome == finding.Fail && accepted[id] > 0 && live[id] == 0 {
			res.Rules[i].Outcome = finding.Pass
			res.Rules[i].Reason = finding.Msg("accepted", "count", strconv.Itoa(accepted[id]))
		}
	}
}

// expired adds a note for each exception past its date: it stops applying,
// and the report says so once.
func expired(res *Result, cfg *config.Config, now time.Time) {
	for i := range cfg.Exceptions {
		e := &cfg.Exceptions[i]
		if e.Expired(now) {
			rule := e.Rule
			if strings.HasSuffix(rule, "/*") {
				rule = firstRuleWithPrefix(res, strings.TrimSuffix(rule, "*"))
			}
			res.Findings = append(res.Findings, finding.Finding{Rule: rule, Severity: finding.Note, Path: config.FileName,
				Line: e.Line, Message: finding.Msg("exception-expired", "file", cfg.File, "line", strconv.Itoa(e.Line), "until", e.Until)})
		}
	}
}

func firstRuleWithPrefix(res *Result, prefix string) string {
	for _, rr := range res.Rules {
		if strings.HasPrefix(rr.Rule.ID, prefix) {
			return rr.Rule.ID
		}
	}
	return prefix + "*"
}
