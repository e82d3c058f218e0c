package license

import (
	"regexp"
	"strings"
)

// SourceCoreMetadata: Python core metadata (PKG-INFO, a wheel's METADATA),
// License-Expression or License.
const SourceCoreMetadata Source = "core-metadata"

// Python's core metadata is in e-mail header format: "Field: value" with
// continuation lines indented, up to a blank line.

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
