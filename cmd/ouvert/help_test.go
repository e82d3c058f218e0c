package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestEveryHelpTextInTheCatalog: every command and flag, cobra's own too,
// has its help in both languages from rules/cli.yaml; the commands keep
// none of their own, so a new flag without a text shows up here.
func TestEveryHelpTextInTheCatalog(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		root := newRootCmd(&env{getenv: func(string) string { return "" }, helpLang: lang})
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			if strings.TrimSpace(c.Short) == "" {
				t.Errorf("%s: %s has no short help", lang, c.CommandPath())
			}
			c.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if strings.TrimSpace(f.Usage) == "" && !f.Hidden {
					t.Errorf("%s: %s --%s has no usage", lang, c.CommandPath(), f.Name)
				}
			})
			for _, s := range c.Commands() {
				walk(s)
			}
		}
		walk(root)
	}
}
