package license

import (
	"regexp"
	"strings"
)

// Field-per-line manifests: an R package's DESCRIPTION (Debian control
// format) and Python's core metadata (PKG-INFO, a wheel's METADATA, in
// e-mail header format). Both write "Field: value" with continuation lines
// indented.

// headerField is one "Name: value" field with its continuation lines
// joined by a space.
type headerField struct {
	name, value string
	line        int
}

var headerLine = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9@._-]*)\s*:\s?(.*)$`)

// headerFields reads fields up to the first blank line (the body of
// METADATA is the long description; a DESCRIPTION has one paragraph).
func headerFields(text string) []headerField {
	var out []headerField
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if k := len(out); k > 0 {
				out[k-1].value += " " + strings.TrimSpace(line)
			}
			continue
		}
		m := headerLine.FindStringSubmatch(line)
		if m == nil {
			return out // not a field: not this format
		}
		out = append(out, headerField{name: m[1], value: strings.TrimSpace(m[2]), line: i + 1})
	}
	return out
}

func fieldValue(fs []headerField, name string) (headerField, bool) {
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return f, true
		}
	}
	return headerField{}, false
}

// parseRDescription reads the License field of an R package. R writes
// alternatives with "|", "+ file LICENSE" for the copyright holder's file
// that MIT and BSD need, versions as "GPL-3" or "GPL (>= 2)"; "file
// LICENSE" alone points at the licence file. A DESCRIPTION without a
// Package field is some other file of that name.
func parseRDescription(p, text string) []Declaration {
	fs := headerFields(text)
	if _, ok := fieldValue(fs, "Package"); !ok {
		return nil
	}
	f, ok := fieldValue(fs, "License")
	if !ok || f.value == "" {
		return nil
	}
	var raws []string
	for _, alt := range strings.Split(f.value, "|") {
		alt = strings.TrimSpace(rFileClause.ReplaceAllString(alt, ""))
		if alt != "" {
			raws = append(raws, alt)
		}
	}
	if len(raws) == 0 {
		return nil
	}
	d := Declaration{Path: p, Line: f.line, Source: SourceRDescription, Raw: f.value}
	var parts []string
	for _, r := range raws {
		n := rLicence(r)
		if n == "" {
			return []Declaration{d} // one unknown alternative: unrecognised
		}
		if strings.Contains(n, " ") {
			n = "(" + n + ")"
		}
		parts = append(parts, n)
	}
	if e, err := ParseExpression(strings.Join(parts, " OR ")); err == nil {
		d.SPDX = e.Canonical().String()
	}
	return []Declaration{d}
}

var (
	// rFileClause is "+ file LICENSE" (additional terms: the copyright
	// holder of an MIT or BSD licence) or a bare "file LICENSE".
	rFileClause = regexp.MustCompile(`(?i)(?:\+\s*)?\bfile\s+LICEN[CS]E(?:\.md)?\b`)
	rVersioned  = regexp.MustCompile(`^(.+?)\s*\(\s*(>=|==)\s*v?([0-9][0-9.]*)\s*\)$`)
)

// rLicence maps one R licence specification to an SPDX expression: R's
// "GPL-3" is that version only, "GPL (>= 2)" that version or any later
// one, "Apache License (== 2.0)" exactly that version.
func rLicence(s string) string {
	m := rVersioned.FindStringSubmatch(s)
	if m == nil {
		return Normalize(s)
	}
	name, op, version := strings.TrimSpace(m[1]), m[2], m[3]
	if !strings.Contains(version, ".") {
		version += ".0"
	}
	id := Normalize(name + "-" + version)
	if id == "" {
		id = Normalize(name + " " + version)
	}
	if id == "" || strings.Contains(id, " ") || op == "==" {
		return id
	}
	if base := gnuBase(id); gnuBare[base] {
		return base + "-or-later"
	}
	return id + "+"
}

// parseCoreMetadata reads Python's core metadata: License-Expression
// (metadata 2.4, an SPDX expression), else the free-text License field;
// "License ::" classifiers are read as in the other Python manifests.
func parseCoreMetadata(p, text string) []Declaration {
	fs := headerFields(text)
	if _, ok := fieldValue(fs, "Metadata-Version"); !ok {
		return nil
	}
	var out []Declaration
	if f, ok := fieldValue(fs, "License-Expression"); ok && f.value != "" {
		out = append(out, decl(p, f.line, SourceCoreMetadata, f.value))
	} else if f, ok := fieldValue(fs, "License"); ok && f.value != "" && !strings.EqualFold(f.value, "UNKNOWN") {
		out = append(out, decl(p, f.line, SourceCoreMetadata, f.value))
	}
	for _, f := range fs {
		if strings.EqualFold(f.name, "Classifier") {
			for _, d := range classifiers(p, f.value) {
				d.Line = f.line
				out = append(out, d)
			}
		}
	}
	return out
}
