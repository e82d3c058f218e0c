package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/rules"
)

// helpLang is the language of --help: --lang on the command line, else
// LC_ALL/LANG. Cobra writes help before flags are parsed, so the
// arguments are read here.
func helpLang(args []string, getenv func(string) string) string {
	for i, a := range args {
		switch {
		case a == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "--lang="):
			return strings.TrimPrefix(a, "--lang=")
		case a == "--":
			return report.LangFromEnv(getenv)
		}
	}
	return report.LangFromEnv(getenv)
}

// usageFR is cobra's usage template with its headings in French.
const usageFR = `Usage :{{if .Runnable}}
  {{frUse .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [commande]{{end}}{{if gt (len .Aliases) 0}}

Alias :
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Exemples :
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commandes :{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Options :
{{frFlags .LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Options communes :
{{frFlags .InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} [commande] --help » en dit plus sur une commande.{{end}}
`

func init() {
	// Used by usageFR only.
	cobra.AddTemplateFunc("frUse", func(s string) string { return strings.Replace(s, "[flags]", "[options]", 1) })
	cobra.AddTemplateFunc("frFlags", func(s string) string { return strings.ReplaceAll(s, " (default ", " (par défaut\u00a0: ") })
}

// localizeHelp gives every command of the tree, cobra's own (help,
// completion) too, its help in lang from the catalog's cli.yaml.
func localizeHelp(root *cobra.Command, lang string) {
	texts := rules.CLI()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		key := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), "ouvert"), " ")
		if key == "" {
			key = "ouvert"
		}
		t := texts.Commands[key]
		c.Short, c.Long = t.Short.In(lang), t.Long.In(lang)
		if u := t.Use.In(lang); u != "" {
			c.Use = u
		}
		if x := t.Example.In(lang); x != "" {
			c.Example = x
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			u, ok := t.Flags[f.Name]
			if !ok {
				u = texts.Flags[f.Name]
			}
			f.Usage = rules.ExpandIn(lang, u.In(lang), map[string]string{"command": c.Name()})
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	if lang == "fr" {
		root.SetUsageTemplate(strings.ReplaceAll(usageFR, " :", "\u00a0:"))
	}
}
