package report

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// JUnit XML as CI systems read it (GitLab test reports, Jenkins, Azure
// Pipelines…): <testsuites> holding one <testsuite> per openness level and
// one for the advisory rules, and one <testcase> per rule of the catalog:
// a failed rule has a <failure>, a rule not evaluated is <skipped>, a
// broken check an <error>. No time or timestamp attribute (they are
// optional in the format): the same scan gives the same bytes.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes one test case per rule.
func JUnit(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	lang := opts.Lang
	cat := r.Catalog
	byRow := map[string][]finding.Finding{}
	for _, f := range r.Findings {
		if f.Accepted == nil {
			row := ruleRow(cat, f.Rule)
			byRow[row] = append(byRow[row], f)
			if row != f.Rule {
				byRow[f.Rule] = append(byRow[f.Rule], f)
			}
		}
	}
	props := []junitProperty{
		{Name: "ouvert.target", Value: targetName(r)},
		{Name: "ouvert.commit", Value: r.Meta.Commit},
		{Name: "ouvert.level", Value: string(r.Level.ID)},
		{Name: "ouvert.version", Value: opts.Version},
	}
	out := junitSuites{Name: "ouvert"}
	for _, l := range levelOrder {
		name := "ouvert.level-" + string(l)
		if l == "" {
			name = "ouvert.advisory"
		}
		s := junitSuite{Name: name}
		if len(out.Suites) == 0 {
			s.Properties = props
		}
		for _, rr := range r.Rules {
			if rr.Rule.Level != l {
				continue
			}
			c := junitCase{Name: rr.Rule.ID, Classname: name}
			reason := rr.Rule.Title.In(lang) + ": " + cat.Text(rr.Rule.ID, rr.Reason, lang)
			switch rr.Outcome {
			case finding.Fail:
				c.Failure = &junitProblem{Message: reason, Type: string(rr.Severity), Text: xmlSafe(junitDetail(r, rr, byRow[rr.Rule.ID], lang))}
				s.Failures++
			case finding.Errored:
				c.Error = &junitProblem{Message: reason, Type: "error"}
				s.Errors++
			case finding.Skip:
				c.Skipped = &junitSkipped{Message: reason}
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
		}
		if len(s.Cases) == 0 {
			continue
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitDetail is the body of a failure: the rule's findings, one a line,
// and how to fix it.
func junitDetail(r *engine.Result, rr engine.RuleResult, fs []finding.Finding, lang string) string {
	var b strings.Builder
	for _, f := range fs {
		loc := location(f)
		if loc == "" {
			loc = t("whole-repo", lang)
		}
		b.WriteString(string(f.Severity) + "  " + f.Rule + "  " + loc + "  " + r.Catalog.Text(f.Rule, f.Message, lang))
		if f.Evidence != "" {
			b.WriteString("  [" + f.Evidence + "]")
		}
		b.WriteByte('\n')
		if pl := placesLine(f, shownPlaces, lang); pl != "" {
			b.WriteString("    " + pl + "\n")
		}
		for _, l := range purgeLines(f, lang) {
			b.WriteString("    " + l + "\n")
		}
	}
	if fix := rr.Rule.Fix.In(lang); fix != "" {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fix + "\n")
	}
	return b.String()
}

// xmlSafe replaces what XML 1.0 cannot carry at all (control characters
// other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF) with
// U+FFFD: a file name from the repository must not make the report
// unreadable. The encoder escapes the rest.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return '\ufffd'
		}
		return r
	}, s)
}
