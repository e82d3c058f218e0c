package audit

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/rules"
)

// Step is one thing to do on a repository, in plain words, with the rule
// it comes from.
type Step struct {
	Rule    string `json:"rule"`
	Action  string `json:"action"`
	Command string `json:"command,omitempty"`
	Doc     string `json:"doc"` // the rule's documentation
}

// maxSteps caps the steps shown per repository: the first ones are the
// ones that raise its level.
const maxSteps = 4

// NextSteps says what to do next on a scanned repository: first what its
// gate blocks on, then the failing rules of the level above its own, in
// catalog order; secrets first of all.
func (r *Report) NextSteps(rec Record) []Step {
	if !rec.OK() || r.Catalog == nil {
		return nil
	}
	next := nextLevel(levelOf(rec))
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if rec.Secrets > 0 {
		add(secretsGroup)
	}
	for _, id := range rec.Blocking {
		add(id)
	}
	for _, id := range rec.Failing {
		if rule, ok := r.Catalog.Rule(id); ok && next != "" && rule.Level == next {
			add(id)
		}
	}
	var steps []Step
	for _, id := range ids {
		rule, ok := r.Catalog.Rule(id)
		if !ok {
			continue
		}
		action := rule.Action.In(r.Lang)
		if action == "" {
			action = rule.Title.In(r.Lang)
		}
		if id == secretsGroup && rec.Secrets > 0 {
			action = texts(r.Lang).secretsAction(rec.Secrets)
		}
		s := Step{Rule: id, Action: action, Doc: report.RuleDocURL(id, r.Lang, r.Version)}
		if len(rule.Commands) > 0 {
			s.Command = rule.Commands[0]
		}
		steps = append(steps, s)
		if len(steps) == maxSteps {
			break
		}
	}
	return steps
}

func nextLevel(l finding.Level) finding.Level {
	switch l {
	case finding.LevelA:
		return ""
	case finding.LevelB:
		return finding.LevelA
	case finding.LevelC:
		return finding.LevelB
	}
	return finding.LevelC
}

// OrgSummary is one organisation's figures.
type OrgSummary struct {
	// Org is the accounts file's pso_id when the repositories came from
	// it, else the owner (the first part of their names).
	Org string `json:"org"`
	// Owners are the owners (organisations, groups) of its repositories.
	Owners []string `json:"owners"`
	Summary
}

// ByOrg groups the repositories by organisation, in the order of their
// names, with each group's figures.
func (r *Report) ByOrg() []OrgSummary {
	groups := map[string]*Report{}
	owners := map[string]map[string]bool{}
	for _, rec := range r.Records {
		org, owner := orgOf(rec)
		g := groups[org]
		if g == nil {
			g = &Report{}
			groups[org] = g
			owners[org] = map[string]bool{}
		}
		g.Records = append(g.Records, rec)
		owners[org][owner] = true
	}
	out := make([]OrgSummary, 0, len(groups))
	for org, g := range groups {
		var os []string
		for o := range owners[org] {
			os = append(os, o)
		}
		sort.Strings(os)
		out = append(out, OrgSummary{Org: org, Owners: os, Summary: g.Summarize()})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.Join(out[i].Owners, " "), strings.Join(out[j].Owners, " ")
		if a != b {
			return a < b
		}
		return out[i].Org < out[j].Org
	})
	return out
}

// orgOf is a record's organisation and owner: the owner is the host and
// the first part of the repository's path (github.com/etalab), from its
// key; records from the accounts file are grouped by pso_id.
func orgOf(rec Record) (org, owner string) {
	host, path, _ := strings.Cut(rec.Key, "/")
	owner = host
	if first, _, more := strings.Cut(path, "/"); more || rec.Account {
		owner = host + "/" + first
	}
	if rec.Account {
		owner = strings.TrimSuffix(rec.Key, "/")
	}
	if rec.Org != "" {
		return rec.Org, owner
	}
	return owner, owner
}

// About says when and from what the audit was made, for the top of the
// reports.
type About struct {
	Date     string   `json:"date,omitempty"` // YYYY-MM-DD, UTC
	Inputs   []string `json:"inputs,omitempty"`
	Settings string   `json:"settings,omitempty"`
}

func (t *strs) aboutLine(a About, version string) string {
	var parts []string
	if a.Date != "" {
		parts = append(parts, t.fill(t.AuditOf, "date", a.Date))
	}
	if len(a.Inputs) > 0 {
		parts = append(parts, t.Inputs+t.colon()+strings.Join(a.Inputs, ", "))
	}
	if a.Settings != "" {
		parts = append(parts, t.SettingsWord+t.colon()+a.Settings)
	}
	parts = append(parts, "ouvert "+version)
	return strings.Join(parts, " · ")
}

func (t *strs) colon() string {
	if t.Lang == "fr" {
		return "\u00a0: "
	}
	return ": "
}

func (t *strs) secretsAction(n int) string {
	return rules.Say(t.Lang, "audit.secrets-action", "n", strconv.Itoa(n))
}
