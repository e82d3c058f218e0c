package report

import (
	"regexp"

	"github.com/ouvert-dev/ouvert/rules"
)

// t is one of the reporters' own words (rules/cli.yaml, report.*); rule
// texts live in the catalog's rules.
func t(key, lang string) string {
	return rules.CLI().Say(lang, "report."+key, nil)
}

// tx is t with its arguments, plural forms chosen for lang.
func tx(key, lang string, args map[string]string) string {
	return rules.CLI().Say(lang, "report."+key, args)
}

// charsUnit is the unit the secrets package writes in redacted evidence
// ("AKIA… (20 chars)"); people reading French see it in French.
var charsUnit = regexp.MustCompile(`\((\d+) chars\)$`)

// evidenceIn shows redacted evidence in the reader's language.
func evidenceIn(e, lang string) string {
	if lang != "fr" {
		return e
	}
	return charsUnit.ReplaceAllStringFunc(e, func(m string) string {
		n := charsUnit.FindStringSubmatch(m)[1]
		if n == "0" || n == "1" {
			return "(" + n + " caractère)"
		}
		return "(" + n + "\u00a0caractères)"
	})
}
