package license

import (
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Normalize turns a declared licence value into a canonical SPDX
// expression: an SPDX expression as is ("gpl-3.0+" gives
// GPL-3.0-or-later), else a known name ("Apache License, Version 2.0",
// "CeCILL v2.1", "Licence Ouverte 2.0"), else names joined by or/and
// ("MIT or Apache 2.0", Cargo's old "MIT/Apache-2.0"). It returns "" when
// it cannot tell: names without a version ("GPL", "CeCILL") are not guessed.
func Normalize(raw string) string {
	s := strings.TrimSpace(raw)
	s = strings.Trim(s, "\"'`“”«» \t")
	if s == "" || len(s) > maxExprLen {
		return ""
	}
	if e, err := ParseExpression(s); err == nil {
		return e.Canonical().String()
	}
	if id, ok := rules.Licences().Alias(s); ok {
		return canonicalString(id)
	}
	for _, sep := range []struct {
		re *regexp.Regexp
		op string
	}{{orSep, " OR "}, {andSep, " AND "}} {
		parts := sep.re.Split(s, -1)
		if len(parts) < 2 {
			continue
		}
		var out []string
		for _, p := range parts {
			n := normalizeOne(p)
			if n == "" {
				out = nil
				break
			}
			if strings.Contains(n, " ") {
				n = "(" + n + ")"
			}
			out = append(out, n)
		}
		if out != nil {
			if e, err := ParseExpression(strings.Join(out, sep.op)); err == nil {
				return e.Canonical().String()
			}
		}
	}
	return ""
}

var (
	orSep  = regexp.MustCompile(`(?i)\s+(?:or|ou)\s+|\s*/\s*|\s*\|\s*`)
	andSep = regexp.MustCompile(`(?i)\s+(?:and|et)\s+|\s*&\s*`)
)

func normalizeOne(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "()\"'`,;")
	if s == "" {
		return ""
	}
	if e, err := ParseExpression(s); err == nil {
		return e.Canonical().String()
	}
	if id, ok := rules.Licences().Alias(s); ok {
		return canonicalString(id)
	}
	return ""
}

// canonicalString maps a list id (which may be a deprecated "GPL-3.0+")
// to its canonical SPDX form.
func canonicalString(id string) string {
	if e, err := ParseExpression(id); err == nil {
		return e.Canonical().String()
	}
	return id
}
