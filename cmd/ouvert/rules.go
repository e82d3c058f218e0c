package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/rules"
)

func newRulesCmd(e *env) *cobra.Command {
	var lang, format string
	cmd := &cobra.Command{
		Use: "rules [ID]",
		Example: `  ouvert rules
  ouvert rules license/approved --lang fr
  ouvert rules --format json > rules.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usage("rules.args", "n", strconv.Itoa(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := rules.Default()
			if err != nil {
				return err
			}
			if lang, err = pickLang(e, lang); err != nil {
				return err
			}
			switch format {
			case "text":
			case "json", "markdown":
				if len(args) > 0 {
					return e.usage("rules.format-whole", "format", format)
				}
				if format == "json" {
					return report.RulesJSON(e.stdout, cat, ouvertVersion())
				}
				return report.RulesMarkdown(e.stdout, cat, lang)
			default:
				return e.usage("rules.format", "format", format)
			}
			if len(args) == 0 {
				return listRules(e, cat, lang)
			}
			r, ok := cat.Rule(args[0])
			if !ok {
				return usageError{localError{key: "unknown-rule", args: map[string]string{"id": args[0]}, lang: lang}}
			}
			return explainRule(e, cat, r, lang)
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "")
	return cmd
}

func listRules(e *env, cat *rules.Catalog, lang string) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tSEVERITY\tTITLE")
	for _, r := range cat.Rules {
		// A kind of secret blocks its group's level.
		level := string(cat.Blocks(r))
		if level == "" {
			level = "-"
		}
		title := r.Title.In(lang)
		if r.Planned {
			title += rules.Say(lang, "rules.planned")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, level, r.Severity, title)
	}
	return tw.Flush()
}

func explainRule(e *env, cat *rules.Catalog, r *rules.Rule, lang string) error {
	l := func(k string) string { return rules.Say(lang, "rules."+k) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Title.In(lang))
	fmt.Fprintf(&b, "%s%s%s    %s%s%s\n\n", l("level"), colon(lang), report.RuleLevelText(cat, r, lang), l("sev"), colon(lang), r.Severity)
	fmt.Fprintf(&b, "%s\n  %s\n\n", l("why"), r.Why.In(lang))
	fmt.Fprintf(&b, "%s\n  %s\n\n", l("fix"), r.Fix.In(lang))
	if len(r.Commands) > 0 {
		fmt.Fprintf(&b, "%s\n", l("commands"))
		for _, c := range r.Commands {
			fmt.Fprintf(&b, "  %s\n", c)
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "%s\n", l("sources"))
	for _, s := range r.Sources {
		if s.URL != "" {
			fmt.Fprintf(&b, "  - %s\n    %s\n", s.Name, s.URL)
		} else {
			fmt.Fprintf(&b, "  - %s\n", s.Name)
		}
	}
	fmt.Fprintf(&b, "\n%s\n  %s\n", l("doc"), report.RuleDocURL(r.ID, lang, ouvertVersion()))
	_, err := fmt.Fprint(e.stdout, b.String())
	return err
}
