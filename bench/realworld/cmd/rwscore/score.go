package main

import (
	"sort"
	"strings"
)

// labelIndex finds the label of a place. A finding is matched by where it
// lives, not by rule or fingerprint: those change with the detector, the
// place does not. Exact first (commit, path, line); then the same path and
// line at another commit (the same line carried through history); then
// the same path and commit within two lines (a detector reporting the end
// of a multi-line value). The looser matches are counted in the report.
// A label whose commit is * holds at every commit; one whose line is *
// holds for the whole file: a labeller uses them after judging every
// value there (the same fixture file rewritten in forty commits).
type labelIndex map[string][]*Label // by repository

func newIndex(labels []Label) labelIndex {
	ix := labelIndex{}
	for i := range labels {
		l := &labels[i]
		ix[l.Repo] = append(ix[l.Repo], l)
	}
	return ix
}

func commitOf(r Repo, c string) string {
	if c == "" || c == "HEAD" {
		return r.Commit
	}
	return c
}

// match returns the label for a place of repository r, and whether the match was exact.
func (ix labelIndex) match(r Repo, p Place) (*Label, bool) {
	commit := commitOf(r, p.Commit)
	var sameLine, near *Label
	nearDist := 3
	for _, l := range ix[r.Name] {
		if l.Path != p.Path {
			continue
		}
		sameCommit := l.Commit == "*" || commitOf(r, l.Commit) == commit
		switch {
		case sameCommit && (l.AnyLine || l.Line == p.Line):
			return l, true
		case !sameCommit && (l.AnyLine || l.Line == p.Line):
			if sameLine == nil {
				sameLine = l
			}
		case sameCommit && !l.AnyLine:
			if d := abs(l.Line - p.Line); d < nearDist {
				near, nearDist = l, d
			}
		}
	}
	if sameLine != nil {
		return sameLine, false
	}
	return near, false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Counts are the verdicts of a group of findings.
type Counts struct{ Findings, True, False, Unclear, Unlabelled int }

func (c *Counts) add(verdict string) {
	c.Findings++
	switch verdict {
	case "true":
		c.True++
	case "false":
		c.False++
	case "unclear":
		c.Unclear++
	default:
		c.Unlabelled++
	}
}

// Precision is true over true and false; unclear and unlabelled findings
// are counted apart, never folded into either side. ok is false when
// nothing was judged.
func (c Counts) Precision() (p float64, ok bool) {
	if c.True+c.False == 0 {
		return 0, false
	}
	return float64(c.True) / float64(c.True+c.False), true
}

// LevelRow is a repository whose secrets/scan fails.
type LevelRow struct {
	Repo       string
	Level      string // the level the report gives
	Next       string // the next level, if secrets/scan is all it misses
	Blocking   Counts // the findings that fail secrets/scan
	Cause      string // true, false-only, false-or-unclear, undetermined
	FalseClass map[string]int
}

// Unlabelled is a finding no label matches.
type Unlabelled struct {
	Repo, Commit, Path, Rule, Tier, Tool string
	Line                                 int
}

// RecallRow is a known true secret (every place of one value) and who found it.
type RecallRow struct {
	Label                *Label // its first place in labels.tsv
	Places               int
	OuvertPlaces         int // places ouvert reported
	ByOuvert, ByGitleaks bool
	OuvertNoReport       bool
	Split                string
}

// NoReport is a repository ouvert gave no report for.
// BlockingRow is a blocking finding whose label is not true: its place,
// rule, verdict, class and the label's reason (never a value).
type BlockingRow struct {
	Repo, Commit, Path   string
	Line                 int
	Rule, Verdict, Class string
	Reason               string
}

type NoReport struct{ Repo, Exit, Error string }

// GitleaksRow is gitleaks on one repository.
type GitleaksRow struct {
	Repo           string
	Ran            bool
	Exit, Seconds  string
	Counts         Counts
	OuvertFindings int
	OuvertSeconds  string
}

// Score is everything the report prints.
type Score struct {
	Repos, Reported             int
	ByRuleTier                  map[[2]string]*Counts
	ByTier                      map[string]*Counts
	Secrets, Sensitive, Blocked Counts
	FalseClass                  map[string]int // class of false secret findings
	BlockingFalseClass          map[string]int
	Levels                      []LevelRow
	Recall                      []*RecallRow
	Unlabelled                  []Unlabelled
	BlockingNotTrue             []BlockingRow // blocking findings judged false or unclear, to open while tuning
	NoReport                    []NoReport
	Gitleaks                    []GitleaksRow
	GitleaksTotal               Counts
	Loose                       int // findings matched by a looser rule than the exact place
}

func isScored(rule string) bool {
	return (strings.HasPrefix(rule, "secrets/") && rule != "secrets/scan") || strings.HasPrefix(rule, "sensitive/")
}

var verdictRank = map[string]int{"": 0, "false": 1, "unclear": 2, "true": 3}

func score(repos []Repo, labels []Label, scans map[string]*Scan) *Score {
	ix := newIndex(labels)
	s := &Score{Repos: len(repos), ByRuleTier: map[[2]string]*Counts{}, ByTier: map[string]*Counts{},
		FalseClass: map[string]int{}, BlockingFalseClass: map[string]int{}}
	foundByOuvert := map[*Label]bool{}
	foundByGitleaks := map[*Label]bool{}
	noReport := map[string]bool{}
	split := map[string]string{}

	for _, r := range repos {
		split[r.Name] = r.Split
		sc := scans[r.Name]
		if sc == nil || sc.Report == nil {
			noReport[r.Name] = true
			nr := NoReport{Repo: r.Name, Exit: "not run"}
			if sc != nil && sc.Exit != "" {
				nr.Exit, nr.Error = sc.Exit, sc.Error
			}
			if sc != nil && sc.ReportErr != nil {
				nr.Error = "unreadable report: " + sc.ReportErr.Error()
			}
			s.NoReport = append(s.NoReport, nr)
		} else {
			s.Reported++
			s.scoreReport(r, sc.Report, ix, foundByOuvert)
		}

		gr := GitleaksRow{Repo: r.Name}
		if sc != nil {
			gr.Ran, gr.Exit, gr.Seconds, gr.OuvertSeconds = sc.GLRan, sc.GLExit, sc.GLSeconds, sc.Seconds
			if sc.Report != nil {
				for _, f := range sc.Report.Findings {
					if strings.HasPrefix(f.Rule, "secrets/") && f.Rule != "secrets/scan" {
						gr.OuvertFindings++
					}
				}
			}
			for _, g := range sc.Gitleaks {
				l, exact := ix.match(r, Place{Path: g.File, Line: g.StartLine, Commit: g.Commit})
				verdict := ""
				if l != nil {
					verdict = l.Verdict
					foundByGitleaks[l] = true
					if !exact {
						s.Loose++
					}
				} else {
					s.Unlabelled = append(s.Unlabelled, Unlabelled{Repo: r.Name, Commit: g.Commit, Path: g.File,
						Line: g.StartLine, Rule: g.RuleID, Tool: "gitleaks"})
				}
				gr.Counts.add(verdict)
				s.GitleaksTotal.add(verdict)
			}
		}
		s.Gitleaks = append(s.Gitleaks, gr)
	}

	groups := map[[2]string]*RecallRow{}
	for i := range labels {
		l := &labels[i]
		if l.Verdict != "true" || !strings.HasPrefix(l.Rule, "secrets/") {
			continue
		}
		sp, listed := split[l.Repo]
		if !listed {
			continue
		}
		key := [2]string{l.Repo, l.Secret}
		row := groups[key]
		if row == nil {
			row = &RecallRow{Label: l, OuvertNoReport: noReport[l.Repo], Split: sp}
			groups[key] = row
			s.Recall = append(s.Recall, row)
		}
		row.Places++
		if foundByOuvert[l] {
			row.OuvertPlaces++
			row.ByOuvert = true
		}
		if foundByGitleaks[l] {
			row.ByGitleaks = true
		}
	}
	sort.SliceStable(s.Unlabelled, func(i, j int) bool {
		a, b := s.Unlabelled[i], s.Unlabelled[j]
		if a.Tool != b.Tool {
			return a.Tool > b.Tool // ouvert first
		}
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		return a.Path < b.Path
	})
	return s
}

func (s *Score) scoreReport(r Repo, rep *report, ix labelIndex, found map[*Label]bool) {
	row := LevelRow{Repo: r.Name, Level: rep.Level.ID, FalseClass: map[string]int{}}
	if n := rep.Level.Next; n != nil && len(n.Missing) == 1 && n.Missing[0] == "secrets/scan" {
		row.Next = n.ID
	}
	for _, f := range rep.Findings {
		if !isScored(f.Rule) {
			continue
		}
		verdict, class, exact := "", "", true
		var label *Label
		for _, p := range f.AllPlaces() {
			l, ex := ix.match(r, p)
			if l == nil {
				continue
			}
			if strings.HasPrefix(f.Rule, "secrets/") {
				found[l] = true
			}
			if verdictRank[l.Verdict] > verdictRank[verdict] {
				verdict, class, exact, label = l.Verdict, l.Class, ex, l
			}
		}
		if verdict != "" && !exact {
			s.Loose++
		}
		tier := f.Tier()
		key := [2]string{f.Rule, tier}
		if s.ByRuleTier[key] == nil {
			s.ByRuleTier[key] = &Counts{}
		}
		s.ByRuleTier[key].add(verdict)
		if verdict == "" {
			s.Unlabelled = append(s.Unlabelled, Unlabelled{Repo: r.Name, Commit: commitOf(r, f.Commit), Path: f.Path,
				Line: f.Line, Rule: f.Rule, Tier: tier, Tool: "ouvert"})
		}
		if strings.HasPrefix(f.Rule, "sensitive/") {
			s.Sensitive.add(verdict)
			continue
		}
		s.Secrets.add(verdict)
		if s.ByTier[tier] == nil {
			s.ByTier[tier] = &Counts{}
		}
		s.ByTier[tier].add(verdict)
		if verdict == "false" {
			s.FalseClass[orDash(class)]++
		}
		if f.Blocking() {
			s.Blocked.add(verdict)
			row.Blocking.add(verdict)
			if verdict == "false" || verdict == "unclear" {
				s.BlockingNotTrue = append(s.BlockingNotTrue, BlockingRow{Repo: r.Name, Commit: commitOf(r, f.Commit), Path: f.Path,
					Line: f.Line, Rule: f.Rule, Verdict: verdict, Class: orDash(class), Reason: label.Reason})
			}
			if verdict == "false" {
				s.BlockingFalseClass[orDash(class)]++
				row.FalseClass[orDash(class)]++
			}
		}
	}
	outcome := ""
	for _, ru := range rep.Rules {
		if ru.ID == "secrets/scan" {
			outcome = ru.Outcome
		}
	}
	if outcome != "fail" {
		return
	}
	b := row.Blocking
	switch {
	case b.True > 0:
		row.Cause = "true"
	case b.Unlabelled > 0:
		row.Cause = "undetermined"
	case b.Unclear > 0:
		row.Cause = "false-or-unclear"
	case b.False > 0:
		row.Cause = "false-only"
	default:
		row.Cause = "undetermined" // failed without a blocking finding this score can see
	}
	s.Levels = append(s.Levels, row)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
