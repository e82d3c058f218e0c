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

// MarkdownRows caps the findings table of the Markdown report: a pull
// request comment is limited to 65,536 characters and a job summary to
// 1 MiB, and a reader stops well before either.
const MarkdownRows = 30

// maxCell caps one table cell, for the same reason.
const maxCell = 200

// Markdown writes a compact summary for a pull-request comment or
// $GITHUB_STEP_SUMMARY (GitHub Flavored Markdown, also read by GitLab):
// the level, the gate, what blocks the next level, the findings that count
// (at most MarkdownRows), and the rest folded in <details>. Every string that
// comes from the repository is escaped.
func Markdown(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	bw := bufio.NewWriter(w)
	m := &md{w: bw, lang: opts.Lang, cat: r.Catalog, version: opts.Version}
	m.header(r, opts)
	m.steps(r)
	m.findings(r)
	m.rules(r)
	m.accepted(r)
	return bw.Flush()
}

type md struct {
	w       *bufio.Writer
	lang    string
	cat     *rules.Catalog
	version string
}

// rule is a rule's id linked to its documentation.
func (m *md) rule(id string) string {
	return mdLink(mdEscape(id), RuleDocURL(id, m.lang, m.version))
}

// mdLink is a Markdown link whose text is already escaped. The address is
// made of escaped parts (fileLink, RuleDocURL); parentheses and spaces,
// which would end it, are escaped too.
func mdLink(text, addr string) string {
	if addr == "" {
		return text
	}
	addr = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "|", "%7C", "<", "%3C", ">", "%3E").Replace(addr)
	return "[" + text + "](" + addr + ")"
}

func (m *md) printf(format string, a ...any) { fmt.Fprintf(m.w, format, a...) }

func (m *md) header(r *engine.Result, opts Options) {
	lv := r.Level
	m.printf("### %s\n\n", tx("md-title", m.lang, map[string]string{"level": levelTitle(lv.ID, m.lang)}))
	if g := opts.Gate; g != nil {
		mark := map[engine.Verdict]string{engine.Passed: "✅", engine.Failed: "❌", engine.Broken: "❗"}[g.Verdict]
		m.printf("%s **%s**\n\n", mark, mdEscape(tx(gateKey(g.Verdict), m.lang, gateArgs(g, m.lang, commaList))))
	}
	m.printf("| | |\n|---|---|\n")
	level := "**" + levelTitle(lv.ID, m.lang) + "**"
	if lv.Provisional {
		confirmed := levelTitle(lv.Confirmed, m.lang)
		if lv.Confirmed == finding.LevelNone {
			confirmed = t("level-none-name", m.lang)
		}
		level += " — " + mdEscape(tx("provisional", m.lang, map[string]string{
			"n": strconv.Itoa(len(lv.Unevaluated)), "rules": strings.Join(lv.Unevaluated, ", "), "confirmed": confirmed,
		}))
	}
	m.printf("| %s | %s |\n", t("level", m.lang), level)
	m.printf("| %s | %s |\n", t("licence", m.lang), m.licence(r))
	target := mdEscape(targetName(r))
	if r.Meta.Commit != "" {
		target += " @ " + mdLink(shortSHA(r.Meta.Commit), commitLink(r, r.Meta.Commit))
	}
	m.printf("| %s | %s |\n\n", t("scanned", m.lang), target)
}

func (m *md) licence(r *engine.Result) string {
	if r.License == nil || r.License.Expression == "" {
		return t("no-licence", m.lang)
	}
	verdict := t("not-approved", m.lang)
	if approved(r) {
		verdict = t("approved", m.lang)
	}
	return mdEscape(r.License.Expression) + " (" + verdict + ")"
}

func (m *md) steps(r *engine.Result) {
	lv := r.Level
	if len(lv.Steps) == 0 {
		if lv.ID == finding.LevelA {
			m.printf("%s\n\n", t("top", m.lang))
		}
		return
	}
	heading := tx("next", m.lang, map[string]string{"level": levelTitle(lv.Next, m.lang)})
	if lv.Next == "" {
		heading = tx("confirm", m.lang, map[string]string{"level": levelTitle(lv.ID, m.lang)})
	}
	m.printf("**%s**\n\n", heading)
	for i, id := range lv.Steps {
		rule, ok := m.cat.Rule(id)
		if !ok {
			continue
		}
		// The fix is the catalog's own Markdown (its commands in code
		// spans); the commands it does not name follow it.
		fix := strings.Join(strings.Fields(rule.Fix.In(m.lang)), " ")
		var more []string
		for _, c := range rule.Commands {
			if !strings.Contains(fix, "`"+c+"`") {
				more = append(more, "`"+c+"`")
			}
		}
		if len(more) > 0 {
			fix += " → " + strings.Join(more, ", ")
		}
		m.printf("%d. **%s** — %s. %s\n", i+1, m.rule(id), mdEscape(rule.Title.In(m.lang)), fix)
	}
	m.printf("\n")
}

func (m *md) findings(r *engine.Result) {
	var live []finding.Finding
	for _, f := range byImportance(r.Findings) {
		if f.Accepted == nil {
			live = append(live, f)
		}
	}
	m.printf("#### %s\n\n", tx("findings-title", m.lang, map[string]string{"n": strconv.Itoa(len(live))}))
	if len(live) == 0 {
		m.printf("%s\n\n", t("no-findings", m.lang))
		return
	}
	m.table(r, live[:min(len(live), MarkdownRows)])
	if n := len(live) - MarkdownRows; n > 0 {
		m.printf("\n_%s_\n", mdEscape(tx("more-findings", m.lang, map[string]string{"n": strconv.Itoa(n)})))
	}
	m.printf("\n")
	m.places(live[:min(len(live), MarkdownRows)])
}

// places lists, folded, where each secret of the table lives and the
// commands that remove it from the history.
func (m *md) places(fs []finding.Finding) {
	var shown []finding.Finding
	for _, f := range fs {
		if placeCount(f) > 1 || purgeOf(f) != nil {
			shown = append(shown, f)
		}
	}
	if len(shown) == 0 {
		return
	}
	m.printf("<details><summary>%s</summary>\n\n", t("places-title", m.lang))
	for _, f := range shown {
		m.printf("- **%s** %s\n", mdEscape(f.Rule), mdEscape(placesLine(f, mdPlaces, m.lang)))
		if placeCount(f) < 2 {
			m.printf("  %s\n", mdEscape(location(f)))
		}
		for _, l := range purgeLines(f, m.lang) {
			if cmd, ok := strings.CutPrefix(l, "  "); ok {
				fence := codeFence(cmd)
				m.printf("\n  %ssh\n  %s\n  %s\n\n", fence, cmd, fence)
			} else {
				m.printf("  %s\n", mdEscape(l))
			}
		}
	}
	m.printf("\n</details>\n\n")
}

// mdPlaces is how many places of a value the Markdown report names.
const mdPlaces = 10

// codeFence is a run of backticks longer than any in s, so that a path
// cannot close the code block it is shown in.
func codeFence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func (m *md) table(r *engine.Result, fs []finding.Finding) {
	m.printf("| %s | %s | %s | %s |\n|---|---|---|---|\n", t("col-severity", m.lang), t("col-rule", m.lang), t("col-location", m.lang), t("col-message", m.lang))
	for _, f := range fs {
		loc := location(f)
		if loc == "" {
			loc = t("whole-repo", m.lang)
		}
		if n := placeCount(f); n > 1 {
			loc += " (+" + strconv.Itoa(n-1) + ")"
		}
		msg := m.cat.Text(f.Rule, f.Message, m.lang)
		if f.Evidence != "" && !strings.Contains(msg, f.Evidence) {
			msg += " [" + evidenceIn(f.Evidence, m.lang) + "]"
		}
		if a := f.Accepted; a != nil {
			why := a.Reason
			if a.By == "baseline" {
				why = t("baseline", m.lang)
			}
			msg += " (" + t("accepted", m.lang) + ": " + why + ")"
		}
		m.printf("| %s %s | %s | %s | %s |\n", sevMark(f.Severity), t("sev-"+string(f.Severity), m.lang),
			m.rule(f.Rule), mdLink(mdEscape(clip(loc)), fileLink(r, f)), mdEscape(clip(msg)))
	}
}

func (m *md) rules(r *engine.Result) {
	var all []engine.RuleResult
	for _, l := range levelOrder {
		all = append(all, shownRules(r, l)...)
	}
	n := outcomeCounts(all)
	m.printf("<details><summary>%s</summary>\n\n", tx("rules-summary", m.lang, map[string]string{
		"pass": strconv.Itoa(n[finding.Pass]), "fail": strconv.Itoa(n[finding.Fail]),
		"skip": strconv.Itoa(n[finding.Skip]), "error": strconv.Itoa(n[finding.Errored]),
	}))
	for _, l := range levelOrder {
		rs := shownRules(r, l)
		if len(rs) == 0 {
			continue
		}
		m.printf("**%s**\n\n| | %s | %s |\n|---|---|---|\n", groupTitle(l, m.lang), t("col-rule", m.lang), t("col-detail", m.lang))
		for _, rr := range rs {
			m.printf("| %s | %s | %s |\n", outcomeMark(rr), m.rule(rr.Rule.ID), mdEscape(clip(m.cat.Text(rr.Rule.ID, rr.Reason, m.lang))))
		}
		m.printf("\n")
	}
	m.printf("</details>\n")
}

func (m *md) accepted(r *engine.Result) {
	var acc []finding.Finding
	for _, f := range r.Findings {
		if f.Accepted != nil {
			acc = append(acc, f)
		}
	}
	if len(acc) == 0 {
		return
	}
	m.printf("\n<details><summary>%s</summary>\n\n", tx("accepted-title", m.lang, map[string]string{"n": strconv.Itoa(len(acc))}))
	m.table(r, acc[:min(len(acc), MarkdownRows)])
	if n := len(acc) - MarkdownRows; n > 0 {
		m.printf("\n_%s_\n", mdEscape(tx("more-findings", m.lang, map[string]string{"n": strconv.Itoa(n)})))
	}
	m.printf("\n</details>\n")
}

func sevMark(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "🔴"
	case finding.Warning:
		return "🟠"
	}
	return "🔵"
}

func outcomeMark(rr engine.RuleResult) string {
	switch rr.Outcome {
	case finding.Pass:
		return "✅"
	case finding.Fail:
		if rr.Severity == finding.Error {
			return "❌"
		}
		return "⚠️"
	case finding.Skip:
		return "❔"
	}
	return "❗"
}

func commaList(ids []string) string { return strings.Join(ids, ", ") }

// clip shortens a cell to maxCell characters.
func clip(s string) string {
	if r := []rune(s); len(r) > maxCell {
		return string(r[:maxCell-1]) + "…"
	}
	return s
}

// mdEscape makes a string inert in Markdown and in a table cell: every
// character that can open emphasis, code, a link, raw HTML, an entity, a
// heading or GitHub's math is backslash-escaped (CommonMark lets any ASCII
// punctuation be), "|" cannot end the cell, and line breaks and control
// characters become spaces so that a path cannot break out of its row.
// Without "[" a "(" or "!" cannot start a link or an image.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]<>|~&#$", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
