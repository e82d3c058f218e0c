package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/rules"
)

// ANSI colours, used only when Options.Color is set (a terminal, and no
// NO_COLOR in the environment: the caller decides).
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	mag    = "\x1b[35m"
)

// Text writes the report for people: the level first, then every rule
// grouped by level with its findings under it, and last the steps to the
// next level, in order.
func Text(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, lang: opts.Lang, color: opts.Color, cat: r.Catalog}
	p.header(r)
	for _, l := range []finding.Level{finding.LevelC, finding.LevelB, finding.LevelA, ""} {
		p.group(r, l)
	}
	p.steps(r)
	if opts.Gate != nil {
		p.gate(opts.Gate)
	}
	return bw.Flush()
}

type printer struct {
	w     *bufio.Writer
	lang  string
	color bool
	cat   *rules.Catalog
}

func (p *printer) c(code, s string) string {
	if !p.color || s == "" {
		return s
	}
	return code + s + reset
}

// colon follows French typography in French (colonSep).
func (p *printer) colon() string { return colonSep(p.lang) }

func (p *printer) printf(format string, a ...any) { fmt.Fprintf(p.w, format, a...) }

func (p *printer) levelName(l finding.Level) string {
	if l.Name() == "" {
		return t("none-level", p.lang)
	}
	return string(l) + " — " + l.Name()
}

func (p *printer) header(r *engine.Result) {
	target := r.Meta.Path
	if r.Meta.URL != "" {
		target = r.Meta.URL
	}
	var at []string
	if r.Meta.Ref != "" {
		at = append(at, r.Meta.Ref)
	}
	if len(r.Meta.Commit) >= 12 {
		at = append(at, r.Meta.Commit[:12])
	}
	p.printf("%s %s", p.c(bold, "ouvert"), target)
	if len(at) > 0 {
		p.printf(" (%s)", strings.Join(at, " @ "))
	}
	p.printf("\n\n")

	lv := r.Level
	col := green
	switch lv.ID {
	case finding.LevelNone:
		col = red
	case finding.LevelC:
		col = yellow
	}
	p.printf("%s%s%s\n", t("level", p.lang), p.colon(), p.c(bold+col, p.levelName(lv.ID)))
	if lv.Provisional {
		confirmed := p.levelName(lv.Confirmed)
		if lv.Confirmed == finding.LevelNone {
			confirmed = t("level-none-name", p.lang)
		}
		p.printf("  %s\n", p.c(yellow, tx("provisional", p.lang, map[string]string{
			"n": strconv.Itoa(len(lv.Unevaluated)), "rules": strings.Join(lv.Unevaluated, ", "), "confirmed": confirmed,
		})))
	}
	p.printf("%s%s%s\n\n", t("licence", p.lang), p.colon(), p.licence(r))
}

func (p *printer) licence(r *engine.Result) string {
	lic := r.License
	if lic == nil || lic.Expression == "" {
		return p.c(red, t("no-licence", p.lang))
	}
	verdict := p.c(red, t("not-approved", p.lang))
	if rr, ok := r.Rule("license/approved"); ok && rr.Outcome == finding.Pass {
		verdict = p.c(green, t("approved", p.lang))
	}
	var files []string
	for _, f := range lic.Files {
		if f.SPDX != "" {
			files = append(files, rootPath(r, f.Path)+licenceShare(f.Coverage, p.lang))
		}
	}
	s := p.c(bold, lic.Expression) + " (" + verdict + ")"
	if len(files) > 0 {
		s += " — " + strings.Join(files, ", ")
	}
	return s
}

func (p *printer) mark(rr engine.RuleResult) string {
	switch rr.Outcome {
	case finding.Pass:
		return p.c(green, "✓")
	case finding.Fail:
		switch rr.Severity {
		case finding.Error:
			return p.c(red, "✗")
		case finding.Warning:
			return p.c(yellow, "✗")
		}
		return p.c(blue, "✗")
	case finding.Skip:
		return p.c(dim, "?")
	}
	return p.c(mag, "!")
}

func (p *printer) group(r *engine.Result, l finding.Level) {
	var rows []engine.RuleResult
	width := 0
	for _, rr := range r.Rules {
		// A rule of a group (each kind of secret) shows under its group's
		// rule, through its findings.
		if rr.Rule.Level == l && rr.Rule.Group == "" && !(rr.Rule.Quiet && rr.Outcome == finding.Pass) {
			rows = append(rows, rr)
			width = max(width, len(rr.Rule.ID))
		}
	}
	if len(rows) == 0 {
		return
	}
	title := p.levelName(l)
	if l == "" {
		title = t("advisory", p.lang)
	}
	p.printf("%s\n", p.c(bold, title))
	for _, rr := range rows {
		reason := p.cat.Text(rr.Rule.ID, rr.Reason, p.lang)
		p.printf("  %s %-*s  %s\n", p.mark(rr), width, rr.Rule.ID, reason)
		for _, f := range r.Findings {
			if !p.belongs(f.Rule, rr.Rule.ID) || strings.Contains(reason, p.cat.Text(f.Rule, f.Message, p.lang)) {
				continue // the rule's line already says it
			}
			p.finding(f, f.Rule != rr.Rule.ID)
		}
	}
	p.printf("\n")
}

// belongs reports whether a finding of rule id shows under the rule row.
func (p *printer) belongs(id, row string) bool {
	if id == row {
		return true
	}
	r, ok := p.cat.Rule(id)
	return ok && r.Group == row
}

func (p *printer) finding(f finding.Finding, showRule bool) {
	loc := f.Path
	if loc != "" && f.Line > 0 {
		loc += ":" + strconv.Itoa(f.Line)
	}
	if f.Commit != "" {
		loc += " @" + f.Commit[:min(12, len(f.Commit))]
	}
	// The severity in the reader's language ("avertissement").
	sev := t("sev-"+string(f.Severity), p.lang)
	col := map[finding.Severity]string{finding.Error: red, finding.Warning: yellow, finding.Note: blue}[f.Severity]
	line := "      " + p.c(col, sev) + "  "
	if showRule {
		line += p.c(bold, f.Rule) + "  "
	}
	if loc != "" {
		line += p.c(dim, loc) + "  "
	}
	msg := p.cat.Text(f.Rule, f.Message, p.lang)
	line += msg
	if f.Evidence != "" && !strings.Contains(msg, f.Evidence) {
		line += "  [" + evidenceIn(f.Evidence, p.lang) + "]"
	}
	if a := f.Accepted; a != nil {
		why := a.Reason
		if a.By == "baseline" {
			why = t("baseline", p.lang)
		}
		line += "  " + p.c(dim, "("+t("accepted", p.lang)+p.colon()+why+")")
	}
	p.printf("%s\n", line)
	if pl := placesLine(f, shownPlaces, p.lang); pl != "" {
		p.printf("%s%s\n", detailIndent, p.c(dim, pl))
	}
	if f.Accepted == nil {
		for _, l := range purgeLines(f, p.lang) {
			p.printf("%s%s\n", detailIndent, l)
		}
	}
}

// detailIndent starts the lines under a finding: where else the value
// lives, and how to remove it from the history.
const detailIndent = "            "

func (p *printer) steps(r *engine.Result) {
	lv := r.Level
	if len(lv.Steps) == 0 {
		if lv.ID == finding.LevelA {
			p.printf("%s\n", p.c(green, t("top", p.lang)))
		}
		return
	}
	heading := tx("next", p.lang, map[string]string{"level": p.levelName(lv.Next)})
	if lv.Next == "" {
		heading = tx("confirm", p.lang, map[string]string{"level": p.levelName(lv.ID)})
	}
	p.printf("%s\n", p.c(bold, heading))
	for i, id := range lv.Steps {
		rule, ok := p.cat.Rule(id)
		if !ok {
			continue
		}
		p.printf("  %d. %s — %s\n     %s\n", i+1, p.c(bold, id), rule.Title.In(p.lang), wrap(rule.Fix.In(p.lang), 74, "     "))
	}
}

func (p *printer) gate(g *engine.Gate) {
	failon := ""
	if g.FailOn != "" {
		failon = tx("fail-on", p.lang, map[string]string{"sev": string(g.FailOn)})
	}
	args := map[string]string{"min": string(g.MinLevel), "failon": failon, "rules": strings.Join(g.Blocking, ", ")}
	switch g.Verdict {
	case engine.Passed:
		p.printf("\n%s\n", p.c(green, tx("gate-pass", p.lang, args)))
	case engine.Failed:
		p.printf("\n%s\n", p.c(red, tx("gate-fail", p.lang, args)))
	default:
		p.printf("\n%s\n", p.c(mag, tx("gate-broken", p.lang, args)))
	}
}

// wrap folds a paragraph at width columns, indenting continuation lines.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 && n+1+len([]rune(w)) > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len([]rune(w))
	}
	return b.String()
}

// licenceShare says how much of a licence file is the licence text, only
// when it is not nearly all of it: a recognised MIT text after a French
// preamble is not a weak match, and "LICENSE 52 %" read as one.
func licenceShare(coverage float64, lang string) string {
	if coverage >= 0.9 {
		return ""
	}
	pct := strconv.Itoa(int(coverage*100 + 0.5))
	return " (" + tx("licence-share", lang, map[string]string{"percent": pct}) + ")"
}
