package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
)

// The catalog as documentation and as data: `ouvert rules --format
// markdown` writes docs/rules.md (English) and docs/regles.md (French),
// the pages the reports link each rule to; `ouvert rules --format json`
// gives the catalog to dashboards and other tools.

// RulesDocFile is the documentation page of the rules in a language, from
// the repository's root.
func RulesDocFile(lang string) string {
	if lang == "fr" {
		return "docs/regles.md"
	}
	return "docs/rules.md"
}

var (
	releaseTag = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
	commitHash = regexp.MustCompile(`^[0-9a-f]{40}$`)
	// A Go pseudo-version (v0.0.0-20261205203254-9800d1ac34b8) names a
	// commit, not a tag: go install of an untagged commit stamps one.
	pseudoVersion = regexp.MustCompile(`^v\d+\.\d+\.\d+-(?:[0-9A-Za-z.]+\.)?\d{14}-([0-9a-f]{12})(?:\+[0-9A-Za-z.]+)?$`)
)

// RuleDocURL is the address of a rule's section in the documentation of
// the version that made the report: the release tag or the commit it was
// built from, else the main branch.
func RuleDocURL(id, lang, version string) string {
	ref := "main"
	switch m := pseudoVersion.FindStringSubmatch(version); {
	case m != nil:
		ref = m[1]
	case releaseTag.MatchString(version) || commitHash.MatchString(version):
		ref = version
	}
	return informationURI + "/blob/" + ref + "/" + RulesDocFile(lang) + "#" + DocAnchor(id)
}

// DocAnchor is the fragment GitHub gives the heading "## id" of the
// documentation page: lower case, every character but letters, digits,
// spaces, hyphens and underscores dropped, spaces made hyphens
// ("license/approved" becomes "licenseapproved").
func DocAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// rd is a word of the documentation page (rules/cli.yaml, rules-doc.*).
func rd(key, lang string) string { return rules.CLI().Say(lang, "rules-doc."+key, nil) }

// RuleLevelText says which level a rule counts for, in words.
func RuleLevelText(cat *rules.Catalog, r *rules.Rule, lang string) string {
	switch lvl := cat.Blocks(r); {
	case lvl == "":
		return rd("advice", lang)
	case r.Level == "":
		return rules.Expand(rd("via", lang), map[string]string{"level": string(lvl), "group": r.Group})
	default:
		return string(lvl)
	}
}

// RulesMarkdown writes the documentation page of every rule, in catalog
// order, one section per rule whose heading is its id (RuleDocURL's
// anchor).
func RulesMarkdown(w io.Writer, cat *rules.Catalog, lang string) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("# %s\n\n%s\n\n%s\n\n", rd("title", lang), rd("intro", lang), rd("other", lang))
	p("| %s | %s | %s | %s |\n|---|---|---|---|\n", rd("col-id", lang), rd("col-lvl", lang), rd("col-sev", lang), rd("col-what", lang))
	for _, r := range cat.Rules {
		lvl := string(cat.Blocks(r))
		if lvl == "" {
			lvl = "–"
		}
		p("| [%s](#%s) | %s | %s | %s |\n", r.ID, DocAnchor(r.ID), lvl, r.Severity, mdEscape(r.Title.In(lang)))
	}
	for _, r := range cat.Rules {
		p("\n## %s\n\n**%s**\n\n", r.ID, mdEscape(r.Title.In(lang)))
		p("- %s%s%s\n- %s%s%s\n", rd("level", lang), colonSep(lang), RuleLevelText(cat, r, lang), rd("severity", lang), colonSep(lang), r.Severity)
		if r.Planned {
			p("- %s\n", rd("planned", lang))
		}
		p("\n### %s\n\n%s\n\n### %s\n\n%s\n", rd("why", lang), r.Why.In(lang), rd("fix", lang), r.Fix.In(lang))
		if len(r.Commands) > 0 {
			p("\n### %s\n\n", rd("commands", lang))
			for _, c := range r.Commands {
				p("- `%s`\n", c)
			}
		}
		if len(r.Params) > 0 {
			p("\n### %s\n\n", rd("params", lang))
			for _, k := range sortedKeys(r.Params) {
				p("- `%s`%s%v\n", k, colonSep(lang), r.Params[k])
			}
		}
		p("\n### %s\n\n", rd("sources", lang))
		for _, s := range r.Sources {
			if s.URL != "" {
				p("- [%s](%s)\n", mdEscape(s.Name), s.URL)
			} else {
				p("- %s\n", mdEscape(s.Name))
			}
		}
	}
	return bw.Flush()
}

// The JSON catalog, schema version 1 (docs/rules-json.md).
type rulesJSON struct {
	SchemaVersion int        `json:"schemaVersion"`
	Tool          jsonTool   `json:"tool"`
	Rules         []ruleJSON `json:"rules"`
}

type ruleJSON struct {
	ID string `json:"id"`
	// Level is the rule's own level ("" for advice and the kinds of a
	// group); Blocks the level it can keep a repository from, through its
	// group if need be.
	Level    finding.Level      `json:"level"`
	Blocks   finding.Level      `json:"blocks"`
	Group    string             `json:"group"`
	Severity finding.Severity   `json:"severity"`
	Planned  bool               `json:"planned"`
	Title    rules.Text         `json:"title"`
	Why      rules.Text         `json:"why"`
	Fix      rules.Text         `json:"fix"`
	Commands []string           `json:"commands"`
	Sources  []rules.Source     `json:"sources"`
	Params   map[string]float64 `json:"params"`
	Docs     rules.Text         `json:"documentation"`
}

// RulesJSON writes the catalog as data, in catalog order.
func RulesJSON(w io.Writer, cat *rules.Catalog, version string) error {
	out := rulesJSON{SchemaVersion: 1, Tool: jsonTool{Name: "ouvert", Version: version}, Rules: []ruleJSON{}}
	for _, r := range cat.Rules {
		rj := ruleJSON{ID: r.ID, Level: r.Level, Blocks: cat.Blocks(r), Group: r.Group, Severity: r.Severity, Planned: r.Planned,
			Title: r.Title, Why: r.Why, Fix: r.Fix, Commands: nonNil(r.Commands), Sources: r.Sources, Params: r.Params,
			Docs: rules.Text{FR: RuleDocURL(r.ID, "fr", version), EN: RuleDocURL(r.ID, "en", version)}}
		if rj.Sources == nil {
			rj.Sources = []rules.Source{}
		}
		if rj.Params == nil {
			rj.Params = map[string]float64{}
		}
		out.Rules = append(out.Rules, rj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
