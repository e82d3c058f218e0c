package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/embedded"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/rules"
)

// HTMLRows caps the findings table of the HTML report: beyond it a page
// becomes slow to open and nobody reads on; the JSON report has them all.
const HTMLRows = 2000

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = embedded.Once("report/html.tmpl", func() (*template.Template, error) {
	return template.New("report").Funcs(template.FuncMap{
		// row hands a finding to the row template with whether the table has
		// an evidence column.
		"row": func(f htmlFinding, evidence bool) htmlRow { return htmlRow{F: f, Evidence: evidence} },
	}).Parse(htmlSource)
})

type htmlRow struct {
	F        htmlFinding
	Evidence bool
}

// HTML writes one self-contained page for a person or an auditor: no
// external asset, no script, readable offline and printable. It is a
// function of the result and the options only, so that a dashboard of many
// repositories can render each page the same way and link to it.
// html/template escapes every value for its context.
func HTML(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	t, err := htmlTemplate()
	if err != nil {
		return err
	}
	return t.Execute(w, newHTMLView(r, opts))
}

type htmlView struct {
	Lang, Title   string
	Target        string
	RepoLink      string
	Ref, Commit   string
	Version       string
	Level         string
	LevelClass    string
	LevelLetter   string
	Provisional   string
	Badge         template.HTML
	Gate          *htmlGate
	Licence       htmlLicence
	StepsHeading  string
	Steps         []htmlStep
	Top           string
	Groups        []htmlGroup
	FindingsTitle string
	Evidence      bool // some finding shows evidence: the table needs the column
	Findings      []htmlFinding
	More          string
	AcceptedTitle string
	Accepted      []htmlFinding
	MadeBy        string
}

type htmlGate struct {
	Class, Text string
}

type htmlLicence struct {
	Expression, Verdict, VerdictClass, Name, Family string
	Files                                           []htmlLicenceFile
	Declarations                                    []htmlDeclaration
}

type htmlLicenceFile struct {
	Path, SPDX, Coverage string
}

type htmlDeclaration struct {
	Place, Raw, SPDX string
}

type htmlStep struct {
	Rule, Title, Fix string
}

type htmlGroup struct {
	Title string
	Rules []htmlRule
}

type htmlRule struct {
	ID, Title, Reason, Outcome, OutcomeText, Mark string
}

type htmlFinding struct {
	Severity, SeverityText, Rule, Location, Link, Message, Evidence, Accepted string
	Whole                                                                     bool // about the whole repository
	// Where else the same value lives ("3 places"), and how to remove it
	// from the history.
	PlacesSummary, MorePlaces string
	Places                    []htmlPlace
	Purge                     []htmlLine
}

type htmlPlace struct {
	Text, Link string
}

// htmlLine is a line of advice, or a command to copy.
type htmlLine struct {
	Text string
	Code bool
}

func newHTMLView(r *engine.Result, opts Options) htmlView {
	lang := opts.Lang
	if lang != "fr" {
		lang = "en"
	}
	cat := r.Catalog
	lv := r.Level
	v := htmlView{
		Lang:        lang,
		Target:      targetName(r),
		Ref:         r.Meta.Ref,
		Version:     opts.Version,
		Level:       levelTitle(lv.ID, lang),
		LevelClass:  "level-" + strings.ToLower(string(lv.ID)),
		LevelLetter: string(lv.ID),
		MadeBy:      tx("made-by", lang, map[string]string{"version": opts.Version}),
	}
	if lv.ID == finding.LevelNone {
		v.LevelLetter = "–"
	}
	v.Title = t("report-title", lang) + " — " + v.Target + " — " + v.Level
	if r.Meta.Commit != "" {
		v.Commit = shortSHA(r.Meta.Commit)
	}
	if fg, ok := forgeOf(r); ok {
		v.RepoLink = fg.base
		if r.Meta.URL == "" {
			// A path as typed (".") says little; the remote says which
			// repository this is.
			v.Target = strings.TrimPrefix(fg.base, "https://")
		}
	}
	if lv.Provisional {
		confirmed := levelTitle(lv.Confirmed, lang)
		if lv.Confirmed == finding.LevelNone {
			confirmed = t("level-none-name", lang)
		}
		v.Provisional = tx("provisional", lang, map[string]string{
			"n": strconv.Itoa(len(lv.Unevaluated)), "rules": strings.Join(lv.Unevaluated, ", "), "confirmed": confirmed,
		})
	}
	// The page's badge is the SVG of `ouvert badge`, inline: no request.
	v.Badge = template.HTML(badgeSVG(lv.ID, lang))
	if g := opts.Gate; g != nil {
		v.Gate = &htmlGate{Class: map[engine.Verdict]string{engine.Passed: "pass", engine.Failed: "fail", engine.Broken: "error"}[g.Verdict],
			Text: tx(gateKey(g.Verdict), lang, gateArgs(g, lang, commaList))}
	}
	v.Licence = licenceView(r, lang)

	if len(lv.Steps) > 0 {
		v.StepsHeading = tx("next", lang, map[string]string{"level": levelTitle(lv.Next, lang)})
		if lv.Next == "" {
			v.StepsHeading = tx("confirm", lang, map[string]string{"level": levelTitle(lv.ID, lang)})
		}
		for _, id := range lv.Steps {
			if rule, ok := cat.Rule(id); ok {
				v.Steps = append(v.Steps, htmlStep{Rule: id, Title: rule.Title.In(lang), Fix: rule.Fix.In(lang)})
			}
		}
	} else if lv.ID == finding.LevelA {
		v.Top = t("top", lang)
	}

	for _, l := range levelOrder {
		rs := shownRules(r, l)
		if len(rs) == 0 {
			continue
		}
		g := htmlGroup{Title: groupTitle(l, lang)}
		for _, rr := range rs {
			g.Rules = append(g.Rules, htmlRule{
				ID: rr.Rule.ID, Title: rr.Rule.Title.In(lang), Reason: cat.Text(rr.Rule.ID, rr.Reason, lang),
				Outcome: string(rr.Outcome), OutcomeText: t("outcome-"+string(rr.Outcome), lang), Mark: htmlMark(rr.Outcome),
			})
		}
		v.Groups = append(v.Groups, g)
	}

	var live, acc []finding.Finding
	for _, f := range byImportance(r.Findings) {
		if f.Accepted == nil {
			live = append(live, f)
		} else {
			acc = append(acc, f)
		}
	}
	v.FindingsTitle = tx("findings-title", lang, map[string]string{"n": strconv.Itoa(len(live))})
	v.Findings = findingViews(r, live[:min(len(live), HTMLRows)], lang)
	if n := len(live) - HTMLRows; n > 0 {
		v.More = tx("more-html", lang, map[string]string{"n": strconv.Itoa(n)})
	}
	if len(acc) > 0 {
		v.AcceptedTitle = tx("accepted-title", lang, map[string]string{"n": strconv.Itoa(len(acc))})
		v.Accepted = findingViews(r, acc[:min(len(acc), HTMLRows)], lang)
	}
	for _, f := range append(append([]htmlFinding{}, v.Findings...), v.Accepted...) {
		v.Evidence = v.Evidence || f.Evidence != ""
	}
	return v
}

// Tr is a reporter text in the page's language, for the template.
func (v htmlView) Tr(key string) string { return t(key, v.Lang) }

func findingViews(r *engine.Result, fs []finding.Finding, lang string) []htmlFinding {
	out := make([]htmlFinding, 0, len(fs))
	for _, f := range fs {
		hf := htmlFinding{
			Severity: string(f.Severity), SeverityText: t("sev-"+string(f.Severity), lang),
			Rule: f.Rule, Location: location(f), Link: fileLink(r, f),
			Message: r.Catalog.Text(f.Rule, f.Message, lang), Evidence: f.Evidence,
		}
		if hf.Location == "" {
			hf.Location, hf.Whole = t("whole-repo", lang), true
		}
		if strings.Contains(hf.Message, hf.Evidence) {
			hf.Evidence = "" // the message already shows it
		}
		if n := placeCount(f); n > 1 {
			hf.PlacesSummary = rules.Expand(t("places", lang), map[string]string{"n": strconv.Itoa(n), "list": ""})
			hf.PlacesSummary = strings.TrimRight(hf.PlacesSummary, " :")
			for _, p := range f.Places {
				hf.Places = append(hf.Places, htmlPlace{Text: placeText(p),
					Link: fileLink(r, finding.Finding{Path: p.Path, Line: p.Line, EndLine: p.EndLine, Commit: p.Commit})})
			}
			if f.MorePlaces > 0 {
				hf.MorePlaces = rules.Expand(t("more-places", lang), map[string]string{"n": strconv.Itoa(f.MorePlaces)})
			}
		}
		if f.Accepted == nil {
			for _, l := range purgeLines(f, lang) {
				cmd, code := strings.CutPrefix(l, "  ")
				hf.Purge = append(hf.Purge, htmlLine{Text: cmd, Code: code})
			}
		}
		if a := f.Accepted; a != nil {
			why := a.Reason
			if a.By == "baseline" {
				why = t("baseline", lang)
			}
			hf.Accepted = t("accepted", lang) + ": " + why
			if a.Until != "" {
				hf.Accepted += " (≤ " + a.Until + ")"
			}
		}
		out = append(out, hf)
	}
	return out
}

func licenceView(r *engine.Result, lang string) htmlLicence {
	var l htmlLicence
	if r.License == nil || r.License.Expression == "" {
		l.Verdict, l.VerdictClass = t("no-licence", lang), "fail"
	} else {
		l.Expression = r.License.Expression
		l.Verdict, l.VerdictClass = t("not-approved", lang), "fail"
		if approved(r) {
			l.Verdict, l.VerdictClass = t("approved", lang), "pass"
		}
		if lic, ok := rules.Licences().Lookup(l.Expression); ok {
			l.Name = lic.Name.In(lang)
			if lic.Family != "" {
				l.Family = t("family-"+string(lic.Family), lang)
			}
		}
	}
	if r.License == nil {
		return l
	}
	for _, f := range r.License.Files {
		spdx := f.SPDX
		if spdx == "" {
			spdx = t("unknown", lang)
		}
		l.Files = append(l.Files, htmlLicenceFile{Path: rootPath(r, f.Path), SPDX: spdx, Coverage: percent(f.Coverage, lang)})
	}
	for _, d := range r.License.Declarations {
		place := rootPath(r, d.Path)
		if d.Line > 0 {
			place += ":" + strconv.Itoa(d.Line)
		}
		spdx := d.SPDX
		if spdx == "" {
			spdx = t("unknown", lang)
		}
		l.Declarations = append(l.Declarations, htmlDeclaration{Place: place, Raw: d.Raw, SPDX: spdx})
	}
	return l
}

// percent writes a share as "99 %" in French and "99%" in English.
func percent(x float64, lang string) string {
	n := strconv.Itoa(int(x*100 + 0.5))
	if lang == "fr" {
		return n + "\u00a0%"
	}
	return n + "%"
}

func htmlMark(o finding.Outcome) string {
	switch o {
	case finding.Pass:
		return "✓"
	case finding.Fail:
		return "✗"
	case finding.Skip:
		return "?"
	}
	return "!"
}
