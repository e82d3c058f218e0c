package license

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/internal/sniff"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Source says where a declaration was read.
type Source string

const (
	SourcePackageJSON Source = "package.json"
	SourcePyproject   Source = "pyproject.toml"
	SourceSetupCfg    Source = "setup.cfg"
	SourceSetupPy     Source = "setup.py"
	SourceClassifier  Source = "classifier" // a "License :: …" trove classifier
	SourceCargo       Source = "Cargo.toml"
	SourceComposer    Source = "composer.json"
	SourcePom         Source = "pom.xml"
	SourceGemspec     Source = "gemspec"
	SourcePubliccode  Source = "publiccode.yml"
	SourceDescription Source = "DESCRIPTION"  // an R package's DESCRIPTION file
	SourceReadme      Source = "readme"       // a sentence of a README
	SourceReadmeBadge Source = "readme-badge" // a shields.io/badgen badge
	SourceReadmeLink  Source = "readme-link"  // a licence URL in a README licence section
	SourceSPDXHeader  Source = "spdx-header"  // an SPDX-License-Identifier line
	// SourceNotice: a GNU licence notice ("either version 3 … or any later
	// version"), in a README or a source file header.
	SourceNotice Source = "notice"
	// SourceLicenceFile: a sentence of a licence file that is not a licence
	// text ("Ce logiciel est sous licence CeCILL-B, voir cecill.info").
	SourceLicenceFile Source = "licence-file"
)

// Declaration is a licence stated somewhere other than a licence text.
type Declaration struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Source Source `json:"source"`
	// Scope is what a README statement says it covers ("documentation, in
	// docs/"), "" when it speaks for the whole repository.
	Scope string `json:"scope,omitempty"`
	// Raw is the value as written.
	Raw string `json:"raw"`
	// SPDX is Raw as a canonical SPDX expression, "" when unrecognised.
	SPDX string `json:"spdx"`
	// Lang is "fr" for a sentence written in French (the licence text to
	// add is then the French one, where it exists).
	Lang string `json:"lang,omitempty"`
}

// skipDirs hold other people's code, whose manifests declare their licence.
var skipDirs = map[string]bool{"vendor": true, "node_modules": true, "third_party": true, "third-party": true, "testdata": true}

func skippedPath(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		if skipDirs[seg] {
			return true
		}
	}
	return false
}

// maxManifests bounds the work on monorepos.
const maxManifests = 1000

func manifestDeclarations(repo source.Repo, files []source.File) []Declaration {
	var out []Declaration
	n := 0
	for _, f := range files {
		name := path.Base(f.Path)
		parse := manifestParser(name)
		if parse == nil || skippedPath(f.Path) || f.Kind == source.Submodule {
			continue
		}
		if n++; n > maxManifests {
			break
		}
		b, err := repo.Read(f.Path, ReadLimit)
		if err != nil || sniff.Binary(b) {
			continue
		}
		s, _ := textnorm.Decode(b)
		out = append(out, parse(f.Path, textnorm.UnifyNewlines(s))...)
	}
	return out
}

func manifestParser(name string) func(p, text string) []Declaration {
	switch {
	case name == "package.json":
		return parsePackageJSON
	case name == "composer.json":
		return parseComposerJSON
	case name == "pyproject.toml":
		return parsePyproject
	case name == "Cargo.toml":
		return parseCargo
	case name == "setup.cfg":
		return parseSetupCfg
	case name == "setup.py":
		return parseSetupPy
	case name == "PKG-INFO" || name == "METADATA":
		return parseCoreMetadata
	case name == "pom.xml":
		return parsePom
	case strings.HasSuffix(name, ".gemspec"):
		return parseGemspec
	case name == "publiccode.yml" || name == "publiccode.yaml":
		return parsePubliccode
	case name == "DESCRIPTION":
		return parseDescription
	}
	return nil
}

// parseDescription reads an R package's License field: "MIT + file
// LICENSE" (the file holds the copyright holder), "GPL-3", "GPL-2 | GPL-3"
// (a choice).
func parseDescription(p, text string) []Declaration {
	for i, line := range strings.Split(text, "\n") {
		v, ok := strings.CutPrefix(line, "License:")
		if !ok {
			continue
		}
		var raws []string
		for _, part := range strings.Split(v, "|") {
			part = strings.TrimSpace(part)
			if k := strings.Index(part, "+ file"); k >= 0 {
				part = strings.TrimSpace(part[:k])
			}
			raws = append(raws, rDescriptionName(part))
		}
		return declOr(p, i+1, SourceDescription, raws)
	}
	return nil
}

// rDescriptionName maps CRAN's short names to SPDX ids.
func rDescriptionName(s string) string {
	switch strings.ToUpper(strings.ReplaceAll(s, " ", "")) {
	case "GPL-3", "GPL(>=3)", "GPL-3.0":
		if strings.Contains(s, ">=") {
			return "GPL-3.0-or-later"
		}
		return "GPL-3.0-only"
	case "GPL-2", "GPL(>=2)":
		if strings.Contains(s, ">=") {
			return "GPL-2.0-or-later"
		}
		return "GPL-2.0-only"
	case "LGPL-3":
		return "LGPL-3.0-only"
	case "AGPL-3":
		return "AGPL-3.0-only"
	case "CECILL-2", "CECILL":
		return "CECILL-2.0"
	}
	return s
}

func decl(p string, line int, src Source, raw string) Declaration {
	raw = strings.TrimSpace(raw)
	return Declaration{Path: p, Line: line, Source: src, Raw: raw, SPDX: Normalize(raw)}
}

// declOr makes one declaration of a list of licences, which every format
// here reads as a choice (npm's "licenses", composer's array, Maven's
// licenses, RubyGems' licenses).
func declOr(p string, line int, src Source, raws []string) []Declaration {
	var keep []string
	for _, r := range raws {
		if r = strings.TrimSpace(r); r != "" {
			keep = append(keep, r)
		}
	}
	switch len(keep) {
	case 0:
		return nil
	case 1:
		return []Declaration{decl(p, line, src, keep[0])}
	}
	d := Declaration{Path: p, Line: line, Source: src, Raw: strings.Join(keep, ", ")}
	var parts []string
	for _, r := range keep {
		n := Normalize(r)
		if n == "" {
			return []Declaration{d}
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

// lineOfKey is the line of the first `"key"` in a JSON text: good enough
// for pointing a user at a top-level field.
func lineOfKey(text, key string) int {
	i := strings.Index(text, `"`+key+`"`)
	if i < 0 {
		return 1
	}
	return 1 + strings.Count(text[:i], "\n")
}

// jsonLicence reads a string, a {"type": …} object, or a list of either.
func jsonLicence(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var o struct {
		Type string `json:"type"`
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &o) == nil && (o.Type != "" || o.Name != "") {
		if o.Type != "" {
			return []string{o.Type}
		}
		return []string{o.Name}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var out []string
		for _, item := range list {
			out = append(out, jsonLicence(item)...)
		}
		return out
	}
	return nil
}

// jsonManifest reads a JSON manifest's licence under the first of keys it
// has (package.json: "license", else the older "licenses" list).
func jsonManifest(src Source, keys ...string) func(p, text string) []Declaration {
	return func(p, text string) []Declaration {
		var m map[string]json.RawMessage
		if json.Unmarshal([]byte(text), &m) != nil {
			return nil
		}
		for _, k := range keys {
			if raw, ok := m[k]; ok {
				return declOr(p, lineOfKey(text, k), src, jsonLicence(raw))
			}
		}
		return nil
	}
}

var (
	parsePackageJSON  = jsonManifest(SourcePackageJSON, "license", "licenses")
	parseComposerJSON = jsonManifest(SourceComposer, "license")
)

var (
	tomlTable   = regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$`)
	tomlLicense = regexp.MustCompile(`^\s*(?:license|"license")\s*=\s*(.+)$`)
	tomlText    = regexp.MustCompile(`\btext\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')`)
	classifier  = regexp.MustCompile(`License\s*::\s*(?:OSI Approved\s*::\s*)?([^"'\n]+)`)
)

// tomlString reads a one-line TOML basic or literal string.
func tomlString(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 2 {
		return "", false
	}
	switch v[0] {
	case '\'':
		if i := strings.IndexByte(v[1:], '\''); i >= 0 {
			return v[1 : 1+i], true
		}
	case '"':
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			switch c := v[i]; c {
			case '\\':
				if i+1 < len(v) {
					i++
					b.WriteByte(v[i])
				}
			case '"':
				return b.String(), true
			default:
				b.WriteByte(c)
			}
		}
	}
	return "", false
}

// tomlLicences reads `license = "…"` (or PEP 621's {text = "…"}) in the
// given tables; a small line reader, enough for these keys.
func tomlLicences(p, text string, src Source, tables map[string]bool) []Declaration {
	var out []Declaration
	table := ""
	for i, line := range strings.Split(text, "\n") {
		if m := tomlTable.FindStringSubmatch(line); m != nil {
			table = strings.ReplaceAll(m[1], " ", "")
			continue
		}
		if !tables[table] {
			continue
		}
		m := tomlLicense.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v := strings.TrimSpace(m[1])
		if strings.HasPrefix(v, "{") {
			t := tomlText.FindStringSubmatch(v)
			if t == nil {
				continue // {file = "LICENSE"} points at the licence file
			}
			v = t[1]
		}
		if s, ok := tomlString(v); ok && strings.TrimSpace(s) != "" {
			out = append(out, decl(p, i+1, src, s))
		}
	}
	return out
}

func parsePyproject(p, text string) []Declaration {
	out := tomlLicences(p, text, SourcePyproject, map[string]bool{"project": true, "tool.poetry": true})
	out = append(out, licenceTable(p, text)...)
	return append(out, classifiers(p, text)...)
}

var tomlTextKey = regexp.MustCompile(`^\s*text\s*=\s*(.+)$`)

// licenceTable reads PEP 621's licence written as its own table:
// [project.license] with text = "…" (file = "…" points at the licence file).
func licenceTable(p, text string) []Declaration {
	var out []Declaration
	table := ""
	for i, line := range strings.Split(text, "\n") {
		if m := tomlTable.FindStringSubmatch(line); m != nil {
			table = strings.ReplaceAll(m[1], " ", "")
			continue
		}
		if table != "project.license" {
			continue
		}
		if m := tomlTextKey.FindStringSubmatch(line); m != nil {
			if v, ok := tomlString(m[1]); ok && strings.TrimSpace(v) != "" {
				out = append(out, decl(p, i+1, SourcePyproject, v))
			}
		}
	}
	return out
}

func parseCargo(p, text string) []Declaration {
	return tomlLicences(p, text, SourceCargo, map[string]bool{"package": true, "workspace.package": true})
}

var iniSection = regexp.MustCompile(`^\s*\[([^\]]+)\]`)

// iniLicense: setuptools' license, or PEP 639's license_expression.
var iniLicense = regexp.MustCompile(`^\s*license(?:_expression)?\s*[=:]\s*(.*)$`)

func parseSetupCfg(p, text string) []Declaration {
	var out []Declaration
	sect := ""
	for i, line := range strings.Split(text, "\n") {
		if m := iniSection.FindStringSubmatch(line); m != nil {
			sect = strings.TrimSpace(m[1])
			continue
		}
		if sect != "metadata" {
			continue
		}
		if m := iniLicense.FindStringSubmatch(line); m != nil && strings.TrimSpace(m[1]) != "" {
			out = append(out, decl(p, i+1, SourceSetupCfg, m[1]))
		}
	}
	return append(out, classifiers(p, text)...)
}

var setupPyLicense = regexp.MustCompile(`\blicense(?:_expression)?\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')`)

func parseSetupPy(p, text string) []Declaration {
	var out []Declaration
	for _, m := range setupPyLicense.FindAllStringSubmatchIndex(text, -1) {
		v := ""
		switch {
		case m[2] >= 0:
			v = text[m[2]:m[3]]
		case m[4] >= 0:
			v = text[m[4]:m[5]]
		}
		if strings.TrimSpace(v) != "" {
			out = append(out, decl(p, 1+strings.Count(text[:m[0]], "\n"), SourceSetupPy, v))
		}
	}
	return append(out, classifiers(p, text)...)
}

// classifiers reads "License :: OSI Approved :: MIT License"; the name in
// parentheses, when there is one, is often the recognisable one
// ("GNU General Public License v3 or later (GPLv3+)").
func classifiers(p, text string) []Declaration {
	var out []Declaration
	for _, m := range classifier.FindAllStringSubmatchIndex(text, -1) {
		raw := strings.TrimSpace(text[m[2]:m[3]])
		d := decl(p, 1+strings.Count(text[:m[0]], "\n"), SourceClassifier, raw)
		if d.SPDX == "" {
			if i := strings.LastIndex(raw, "("); i >= 0 {
				d.SPDX = Normalize(strings.Trim(raw[i:], "() "))
			}
		}
		out = append(out, d)
	}
	return out
}

func parsePom(p, text string) []Declaration {
	var pom struct {
		Licenses []struct {
			Name string `xml:"name"`
			URL  string `xml:"url"`
		} `xml:"licenses>license"`
	}
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	if dec.Decode(&pom) != nil || len(pom.Licenses) == 0 {
		return nil
	}
	line := 1
	if i := strings.Index(text, "<licenses"); i >= 0 {
		line += strings.Count(text[:i], "\n")
	}
	var raws []string
	for _, l := range pom.Licenses {
		name := strings.TrimSpace(l.Name)
		if Normalize(name) == "" {
			if id := licenceURL(l.URL); id != "" {
				name = id
			}
		}
		if name == "" {
			name = strings.TrimSpace(l.URL)
		}
		raws = append(raws, name)
	}
	return declOr(p, line, SourcePom, raws)
}

var (
	gemLicence = regexp.MustCompile(`\.licenses?\s*=\s*(.+)$`)
	gemQuoted  = regexp.MustCompile(`"([^"]*)"|'([^']*)'`)
	gemWords   = regexp.MustCompile(`%[wW][\[(]([^\])]*)[\])]`)
)

func parseGemspec(p, text string) []Declaration {
	var out []Declaration
	for i, line := range strings.Split(text, "\n") {
		m := gemLicence.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var vals []string
		if w := gemWords.FindStringSubmatch(m[1]); w != nil {
			vals = strings.Fields(w[1])
		} else {
			for _, q := range gemQuoted.FindAllStringSubmatch(m[1], -1) {
				vals = append(vals, q[1]+q[2])
			}
		}
		out = append(out, declOr(p, i+1, SourceGemspec, vals)...)
	}
	return out
}

func parsePubliccode(p, text string) []Declaration {
	var root yaml.Node
	if yaml.NewDecoder(bytes.NewReader([]byte(text))).Decode(&root) != nil || len(root.Content) == 0 {
		return nil
	}
	legal := mappingValue(root.Content[0], "legal")
	if legal == nil {
		return nil
	}
	lic := mappingValue(legal, "license")
	if lic == nil || lic.Kind != yaml.ScalarNode || strings.TrimSpace(lic.Value) == "" {
		return nil
	}
	return []Declaration{decl(p, lic.Line, SourcePubliccode, lic.Value)}
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
