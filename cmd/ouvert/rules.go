package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/rules"
)

func newRulesCmd(e *env) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "rules [ID]",
		Short: "List the rules, or explain one",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("rules takes at most one rule id, got %d", len(args))}
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
			if len(args) == 0 {
				return listRules(e, cat, lang)
			}
			r, ok := cat.Rule(args[0])
			if !ok {
				return usageError{fmt.Errorf("unknown rule %q (see ouvert rules)", args[0])}
			}
			return explainRule(e, r, lang)
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "language, fr or en (default from LC_ALL/LANG)")
	return cmd
}

func listRules(e *env, cat *rules.Catalog, lang string) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tSEVERITY\tTITLE")
	for _, r := range cat.Rules {
		level := string(r.Level)
		if level == "" {
			level = "-"
		}
		title := r.Title.In(lang)
		if r.Planned {
			title += map[string]string{"fr": " (prévue)", "en": " (planned)"}[lang]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, level, r.Severity, title)
	}
	return tw.Flush()
}

func explainRule(e *env, r *rules.Rule, lang string) error {
	labels := map[string]rules.Text{
		"level":   {FR: "Niveau", EN: "Level"},
		"sev":     {FR: "Gravité", EN: "Severity"},
		"why":     {FR: "Pourquoi", EN: "Why"},
		"fix":     {FR: "Comment corriger", EN: "How to fix"},
		"sources": {FR: "Sources", EN: "Sources"},
		"none":    {FR: "aucun (conseil)", EN: "none (advice)"},
	}
	l := func(k string) string { return labels[k].In(lang) }
	level := string(r.Level)
	if level == "" {
		level = l("none")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Title.In(lang))
	fmt.Fprintf(&b, "%s: %s    %s: %s\n\n", l("level"), level, l("sev"), r.Severity)
	fmt.Fprintf(&b, "%s\n  %s\n\n", l("why"), r.Why.In(lang))
	fmt.Fprintf(&b, "%s\n  %s\n\n", l("fix"), r.Fix.In(lang))
	fmt.Fprintf(&b, "%s\n", l("sources"))
	for _, s := range r.Sources {
		if s.URL != "" {
			fmt.Fprintf(&b, "  - %s\n    %s\n", s.Name, s.URL)
		} else {
			fmt.Fprintf(&b, "  - %s\n", s.Name)
		}
	}
	_, err := fmt.Fprint(e.stdout, b.String())
	return err
}
