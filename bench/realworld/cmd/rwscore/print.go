package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

func prec(c Counts) string {
	p, ok := c.Precision()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.3f", p)
}

func countsCells(c Counts) string {
	return fmt.Sprintf("%d\t%d\t%d\t%d\t%d\t%s", c.Findings, c.True, c.False, c.Unclear, c.Unlabelled, prec(c))
}

const countsHeader = "findings\ttrue\tfalse\tunclear\tunlabelled\tprecision"

func printScore(w io.Writer, s *Score, rev, split string) {
	part := "whole set"
	if split != "" {
		part = split + " part"
	}
	fmt.Fprintf(w, "ouvert real-world secret findings: ouvert %s, %s, %s, %d repositories, %d with a report\n",
		orDash(rev), time.Now().UTC().Format("2006-01-02"), part, s.Repos, s.Reported)
	fmt.Fprintln(w, "precision = true / (true + false); unclear and unlabelled findings are counted apart")

	section(w, "Repositories without a report")
	if len(s.NoReport) == 0 {
		fmt.Fprintln(w, "none")
	}
	for _, n := range s.NoReport {
		fmt.Fprintf(w, "%s: exit %s %s\n", n.Repo, n.Exit, n.Error)
	}

	section(w, "Findings per kind (rule) and confidence tier")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rule\ttier\t"+countsHeader)
	keys := make([][2]string, 0, len(s.ByRuleTier))
	for k := range s.ByRuleTier {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", k[0], k[1], countsCells(*s.ByRuleTier[k]))
	}
	tw.Flush()

	section(w, "Secret findings per confidence tier")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tier\t"+countsHeader)
	for _, t := range sortedKeys(s.ByTier) {
		fmt.Fprintf(tw, "%s\t%s\n", t, countsCells(*s.ByTier[t]))
	}
	tw.Flush()

	section(w, "Totals")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\t"+countsHeader)
	fmt.Fprintf(tw, "secrets/* (all)\t%s\n", countsCells(s.Secrets))
	fmt.Fprintf(tw, "secrets/* blocking (error, not low, not accepted)\t%s\n", countsCells(s.Blocked))
	fmt.Fprintf(tw, "sensitive/*\t%s\n", countsCells(s.Sensitive))
	tw.Flush()
	fmt.Fprintf(w, "findings matched to a label by a looser place rule (other commit, or within 2 lines): %d\n", s.Loose)

	section(w, "False secret findings by class")
	fmt.Fprintf(w, "all:      %s\n", classList(s.FalseClass))
	fmt.Fprintf(w, "blocking: %s\n", classList(s.BlockingFalseClass))

	section(w, "Levels: repositories whose secrets/scan fails")
	moved, movedU, undetermined := 0, 0, 0
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "repository\tlevel\twithout them\tblocking\ttrue\tfalse\tunclear\tunlabelled\tcause\tfalse classes")
	for _, l := range s.Levels {
		next := "-"
		if l.Next != "" {
			next = l.Next
		}
		b := l.Blocking
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", l.Repo, l.Level, next, b.Findings, b.True, b.False,
			b.Unclear, b.Unlabelled, l.Cause, classList(l.FalseClass))
		switch l.Cause {
		case "false-only":
			moved++
		case "false-or-unclear":
			movedU++
		case "undetermined":
			undetermined++
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "secrets/scan fails only because of false findings: %d repositories", moved)
	fmt.Fprintf(w, " (%d more with unclear ones only, %d undetermined: unlabelled blocking findings)\n", movedU, undetermined)
	fmt.Fprintln(w, "(\"without them\" is the level the repository reaches once secrets/scan passes, when that is all it misses)")

	section(w, "Recall over the known true secrets (labels with verdict true)")
	printRecall(w, s.Recall)

	section(w, "gitleaks beside ouvert (same mirrors, full history)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "repository\touvert secrets/*\tgitleaks\tgl true\tgl false\tgl unclear\tgl unlabelled\touvert s\tgitleaks s")
	ouvertTotal := 0
	for _, g := range s.Gitleaks {
		gl := "not run"
		if g.Ran {
			gl = fmt.Sprint(g.Counts.Findings)
		} else if g.Exit != "" {
			gl = "exit " + g.Exit
		}
		ouvertTotal += g.OuvertFindings
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", g.Repo, g.OuvertFindings, gl, g.Counts.True, g.Counts.False,
			g.Counts.Unclear, g.Counts.Unlabelled, orDash(g.OuvertSeconds), orDash(g.Seconds))
	}
	tw.Flush()
	t := s.GitleaksTotal
	fmt.Fprintf(w, "gitleaks: %d findings, %d true, %d false, %d unclear, %d unlabelled; precision over labelled places %s (ouvert secrets/*: %d findings, precision %s)\n",
		t.Findings, t.True, t.False, t.Unclear, t.Unlabelled, prec(t), ouvertTotal, prec(s.Secrets))

	section(w, "Blocking findings judged false or unclear (places and reasons, no values)")
	if len(s.BlockingNotTrue) == 0 {
		fmt.Fprintln(w, "none")
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, b := range s.BlockingNotTrue {
		fmt.Fprintf(tw, "%s\t%s\t%s:%d\t%s\t%s\t%s\t%s\n", b.Repo, short(b.Commit), b.Path, b.Line, b.Rule, b.Verdict, b.Class, b.Reason)
	}
	tw.Flush()

	section(w, "Findings with no label (to judge and add to labels.tsv)")
	if len(s.Unlabelled) == 0 {
		fmt.Fprintln(w, "none")
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, u := range s.Unlabelled {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s:%d\t%s\t%s\n", u.Tool, u.Repo, short(u.Commit), u.Path, u.Line, u.Rule, orDash(u.Tier))
	}
	tw.Flush()
}

func printRecall(w io.Writer, rows []*RecallRow) {
	o, g := 0, 0
	for _, r := range rows {
		if r.ByOuvert {
			o++
		}
		if r.ByGitleaks {
			g++
		}
	}
	fmt.Fprintf(w, "secrets (distinct values) found by ouvert: %d of %d%s; by gitleaks: %d of %d%s\n",
		o, len(rows), ratio(o, len(rows)), g, len(rows), ratio(g, len(rows)))
	fmt.Fprintln(w, "(\"places a/b\": labelled places of the value that ouvert reported)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		l := r.Label
		state := "found"
		if !r.ByOuvert {
			state = "MISSED"
			if r.OuvertNoReport {
				state = "MISSED (no report)"
			}
		}
		gl := "gitleaks: missed"
		if r.ByGitleaks {
			gl = "gitleaks: found"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s:%s\t%s\t%s\tplaces %d/%d\t%s\t%s\n", state, l.Repo, l.Secret, l.Path, lineText(l),
			l.Rule, l.Value, r.OuvertPlaces, r.Places, gl, r.Split)
	}
	tw.Flush()
}

func printHeadline(w io.Writer, part string, s *Score) {
	moved := 0
	for _, l := range s.Levels {
		if l.Cause == "false-only" {
			moved++
		}
	}
	o := 0
	for _, r := range s.Recall {
		if r.ByOuvert {
			o++
		}
	}
	b := s.Blocked
	fmt.Fprintf(w, "\n[%s] %d repositories, %d reported; blocking secret findings %d (true %d, false %d, unclear %d, unlabelled %d), precision %s; secrets/* precision %s; sensitive/* precision %s; secrets/scan failed by false findings only: %d; recall %d of %d%s\n",
		part, s.Repos, s.Reported, b.Findings, b.True, b.False, b.Unclear, b.Unlabelled, prec(b), prec(s.Secrets), prec(s.Sensitive),
		moved, o, len(s.Recall), ratio(o, len(s.Recall)))
}

func section(w io.Writer, title string) {
	fmt.Fprintf(w, "\n== %s\n", title)
}

func classList(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func ratio(a, b int) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf(" (%.3f)", float64(a)/float64(b))
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func lineText(l *Label) string {
	if l.AnyLine {
		return "*"
	}
	return fmt.Sprint(l.Line)
}
