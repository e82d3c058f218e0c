package license

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// readmeText is a root README kept for the GNU version question.
type readmeText struct {
	path string
	text string // decoded, LF line endings, accents kept
}

var readmeName = regexp.MustCompile(`(?i)^(readme|lisezmoi|lisez-moi)([-._ ].*)?$`)

// scanReadmes scans the licence sections of the root READMEs as licence
// texts and reads licence declarations out of the whole README.
func scanReadmes(repo source.Repo, files []source.File, r *Report) ([]readmeText, error) {
	var out []readmeText
	for _, f := range files {
		if strings.Contains(f.Path, "/") || !readmeName.MatchString(f.Path) || notTextExt[strings.ToLower(path.Ext(f.Path))] {
			continue
		}
		text, _, ok := readText(repo, f)
		if !ok {
			continue
		}
		text = textnorm.UnifyNewlines(text)
		out = append(out, readmeText{path: f.Path, text: text})
		lines := strings.Split(text, "\n")
		ext := strings.ToLower(path.Ext(f.Path))
		secs := headingSections(lines, ext)
		skip := make([]bool, len(lines))
		if ext != ".rst" && ext != ".org" && ext != ".adoc" && ext != ".asciidoc" {
			// Examples in code blocks ("license": "MIT" in a sample
			// package.json) are not this project's statements.
			in := false
			for i, l := range lines {
				if fenceLine.MatchString(l) {
					in = !in
					skip[i] = true
				}
				skip[i] = skip[i] || in
			}
		}
		for _, s := range secs {
			if !s.licence {
				continue
			}
			if s.thirdParty {
				// A list of dependencies' licences says nothing of this one.
				for i := s.start; i < s.end; i++ {
					skip[i] = true
				}
				continue
			}
			body := textnorm.Fold(strings.Join(lines[s.start:s.end], "\n"))
			a, err := analyse(body, false)
			if err != nil {
				return nil, err
			}
			if len(a.ids) > 0 || len(a.ambig) > 0 {
				lf := File{Path: f.Path, Kind: KindReadme, StartLine: s.start + 1, EndLine: s.end}
				fillFile(&lf, a, body, s.start)
				r.Files = append(r.Files, lf)
			}
			li := newLineIndex(body)
			for _, h := range a.hits {
				if h.url {
					r.Declarations = append(r.Declarations, Declaration{Path: f.Path, Line: s.start + li.at(h.start),
						Source: SourceReadmeLink, Raw: strings.TrimSpace(body[h.start:h.end]), SPDX: canonicalString(h.lcID)})
				}
			}
		}
		r.Declarations = append(r.Declarations, readmeDeclarations(f.Path, lines, skip)...)
	}
	return out, nil
}

// section is the body of a heading: lines [start, end).
type section struct {
	start, end int
	licence    bool
	thirdParty bool
}

var (
	atxHeading     = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$`)
	htmlHeading    = regexp.MustCompile(`(?i)^\s*<h([1-6])\b[^>]*>(.*?)(?:</h[1-6]>)?\s*$`)
	setextLine     = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	orgHeading     = regexp.MustCompile(`^(\*+)[ \t]+(.*)$`)
	adocHeading    = regexp.MustCompile(`^(={1,6})[ \t]+(.*)$`)
	boldHeading    = regexp.MustCompile(`^\s*(?:\*\*|__)([^*_]{1,60})(?:\*\*|__)\s*:?\s*$`)
	fenceLine      = regexp.MustCompile("^ {0,3}(```|~~~)")
	listItem       = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s`)
	tagPattern     = regexp.MustCompile(`<[^>]*>`)
	licenceWord    = regexp.MustCompile(`(?i)\blicen[cs](?:e|es|ed|ing)?\b`)
	thirdPartyWord = regexp.MustCompile(`(?i)third[- ]party|tierce|\btiers\b|dependenc|d[ée]pendance|credits|remerciements`)
)

// adornment reports whether line is a reStructuredText title underline:
// one punctuation character repeated, at least three times.
func adornment(line string) (byte, bool) {
	t := strings.TrimSpace(line)
	if len(t) < 3 || !strings.ContainsRune("=-~^\"'`#*+:._<>", rune(t[0])) {
		return 0, false
	}
	for i := 1; i < len(t); i++ {
		if t[i] != t[0] {
			return 0, false
		}
	}
	return t[0], true
}

// heading is one title line; lines says how many lines it takes (2 for an
// underlined title, 3 with an overline).
type heading struct {
	line, lines, level int
	text               string
}

// headingSections finds the headings of a README in its markup (Markdown,
// reStructuredText, Org, AsciiDoc, or plain text with underlines) and
// returns each heading's section.
func headingSections(lines []string, ext string) []section {
	hs := findHeadings(lines, ext)
	var out []section
	for i, h := range hs {
		end := len(lines)
		for _, next := range hs[i+1:] {
			if next.level <= h.level {
				end = next.line
				break
			}
		}
		start := min(h.line+h.lines, end)
		out = append(out, section{start: start, end: end,
			licence:    licenceWord.MatchString(h.text),
			thirdParty: thirdPartyWord.MatchString(h.text)})
	}
	return out
}

func findHeadings(lines []string, ext string) []heading {
	var hs []heading
	md := ext != ".rst" && ext != ".org" && ext != ".adoc" && ext != ".asciidoc"
	rstLevels := map[string]int{}
	inFence := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if md && fenceLine.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		switch ext {
		case ".org":
			if m := orgHeading.FindStringSubmatch(line); m != nil {
				hs = append(hs, heading{line: i, lines: 1, level: len(m[1]), text: m[2]})
			}
			continue
		case ".adoc", ".asciidoc":
			if m := adocHeading.FindStringSubmatch(line); m != nil {
				hs = append(hs, heading{line: i, lines: 1, level: len(m[1]), text: m[2]})
			}
			continue
		}
		if md {
			if m := atxHeading.FindStringSubmatch(line); m != nil {
				hs = append(hs, heading{line: i, lines: 1, level: len(m[1]), text: m[2]})
				continue
			}
			if m := htmlHeading.FindStringSubmatch(line); m != nil {
				hs = append(hs, heading{line: i, lines: 1, level: int(m[1][0] - '0'), text: tagPattern.ReplaceAllString(m[2], "")})
				continue
			}
			if m := boldHeading.FindStringSubmatch(line); m != nil && (i == 0 || strings.TrimSpace(lines[i-1]) == "") {
				hs = append(hs, heading{line: i, lines: 1, level: 7, text: m[1]})
				continue
			}
		}
		if i+1 >= len(lines) || strings.TrimSpace(line) == "" || listItem.MatchString(line) {
			continue
		}
		next := lines[i+1]
		if md {
			if m := setextLine.FindStringSubmatch(next); m != nil {
				level := 2
				if m[1][0] == '=' {
					level = 1
				}
				hs = append(hs, heading{line: i, lines: 2, level: level, text: line})
				i++
			}
			continue
		}
		// reStructuredText (and plain text): levels follow the order in
		// which adornment styles first appear.
		if c, ok := adornment(next); ok {
			style, first := string(c), i
			if i > 0 && strings.TrimSpace(lines[i-1]) == strings.TrimSpace(next) {
				style += "/over"
				first = i - 1
			}
			level, ok := rstLevels[style]
			if !ok {
				level = len(rstLevels) + 1
				rstLevels[style] = level
			}
			hs = append(hs, heading{line: first, lines: i + 2 - first, level: level, text: line})
			i++
		}
	}
	return hs
}

var (
	spdxLine   = regexp.MustCompile(`SPDX-License-Identifier:\s*([A-Za-z0-9.+:() -]+)`)
	badgeURL   = regexp.MustCompile(`(?i)(?:img\.shields\.io|badgen\.net)/badge/([^)\s"'>?#]+)`)
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink  = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	mdEmphasis = regexp.MustCompile("\\*\\*|__|`")
	// "governed by the CeCILL-B license", « régi par la licence CeCILL-B »:
	// the CeCILL notice, in English and French.
	strongSaid = regexp.MustCompile(`(?i)\b(?:licen[cs]ed\s+under|governed\s+by|r[ée]gie?\s+par\s+(?:la\s+)?licence|(?:sous|selon)\s+(?:les\s+(?:termes|conditions)\s+de\s+)?(?:la\s+)?licen[cs]e)\s*(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?|la\s+)?(.{1,160})`)
	// fieldSaid is "Licence : MIT" starting a line (a list item, a table of
	// facts); "la licence : voir plus bas" mid-sentence is not one.
	fieldSaid   = regexp.MustCompile(`(?i)^licen[cs]es?\s*:\s*(.{1,160})`)
	weakSaid    = regexp.MustCompile(`(?i)\b(?:released|distributed|available|published|provided|distribu[ée]e?s?|publi[ée]e?s?|plac[ée]e?s?|diffus[ée]e?s?|mise?s?\s+à\s+disposition)\s+(?:under|sous)\s+(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?|les\s+termes\s+de\s+(?:la\s+)?|la\s+)?(?:licen[cs]e\s+)?(.{1,160})`)
	nameThenLic = regexp.MustCompile(`(?i)\b(?:under|sous)\s+(?:the\s+|la\s+)?([^,;:()\[\]]{1,60}?)\s+licen[cs]e\b`)
	eitherOf    = regexp.MustCompile(`(?i)^(?:either\s+of|au\s+choix|l'une\s+des)`)
)

// readmeDeclarations reads licence statements out of a README: sentences
// ("Ce projet est sous licence MIT", "licensed under the Apache License
// 2.0"), badges, SPDX-License-Identifier lines. A statement whose licence
// cannot be recognised is kept with SPDX "" only when the sentence is an
// unmistakable licence statement.
func readmeDeclarations(p string, lines []string, skip []bool) []Declaration {
	var out []Declaration
	add := func(line int, src Source, raw, spdx string) {
		for _, d := range out {
			if d.Line == line && d.SPDX == spdx && (spdx != "" || d.Raw == raw) {
				return
			}
		}
		d := Declaration{Path: p, Line: line, Source: src, Raw: raw, SPDX: spdx}
		if src == SourceReadme && line >= 1 && line <= len(lines) && frenchSentence(lines[line-1]) {
			d.Lang = "fr"
		}
		out = append(out, d)
	}
	for i, line := range lines {
		if skip[i] {
			continue
		}
		if v := spdxValue(line); v != "" {
			add(i+1, SourceSPDXHeader, v, Normalize(v))
		}
		for _, m := range badgeURL.FindAllStringSubmatch(line, -1) {
			if v, ok := badgeLicence(m[1]); ok {
				add(i+1, SourceReadmeBadge, v, Normalize(v))
			}
		}
		if m := fieldSaid.FindStringSubmatch(plainLine(line)); m != nil {
			raw, spdx := nameAtStart(m[1])
			if raw == "" {
				raw = firstWords(m[1])
			}
			if raw != "" {
				add(i+1, SourceReadme, raw, spdx)
			}
		}
	}
	// Sentences wrap: read paragraphs, with markup removed.
	for start := 0; start < len(lines); {
		if strings.TrimSpace(lines[start]) == "" || skip[start] {
			start++
			continue
		}
		end := start
		var b strings.Builder
		var offs []int // offset in the paragraph where each line starts
		for end < len(lines) && strings.TrimSpace(lines[end]) != "" && !skip[end] {
			offs = append(offs, b.Len())
			b.WriteString(plainLine(lines[end]))
			b.WriteByte(' ')
			end++
		}
		para := b.String()
		lineOf := func(off int) int {
			n := 0
			for n+1 < len(offs) && offs[n+1] <= off {
				n++
			}
			return start + n + 1
		}
		// One paragraph often says it twice ("publié sous licence X"):
		// keep one declaration per licence and paragraph.
		said := map[string]bool{}
		// ends are where the licence names of the paragraph's statements
		// end: a statement's clause starts after the one before it ("Ce
		// projet est sous licence AGPL, la documentation sous licence …").
		var ends []int
		nameEnd := func(capStart int, capt, raw string) int {
			if i := strings.Index(capt, raw); i >= 0 {
				return capStart + i + len(raw)
			}
			return capStart
		}
		for _, re := range []*regexp.Regexp{strongSaid, weakSaid, nameThenLic} {
			for _, m := range statementMatches(re, para) {
				if raw, _ := nameAtStart(para[m[2]:m[3]]); raw != "" {
					ends = append(ends, nameEnd(m[2], para[m[2]:m[3]], raw))
				}
			}
		}
		sentence := func(line int, raw, spdx string) {
			if spdx != "" && said[spdx] {
				return
			}
			said[spdx] = true
			n := len(out)
			add(line, SourceReadme, raw, spdx)
			if len(out) > n {
				out[n].Scope = scopeOf(para, offs[line-start-1], raw, ends)
			}
		}
		for _, m := range statementMatches(strongSaid, para) {
			capt := para[m[2]:m[3]]
			if eitherOf.MatchString(capt) {
				if raw, spdx := eitherList(lines, end); spdx != "" {
					sentence(lineOf(m[0]), raw, spdx)
					continue
				}
			}
			if raw, spdx := bothOf(capt); spdx != "" {
				sentence(lineOf(m[2]), raw, spdx)
				continue
			}
			raw, spdx := nameAtStart(capt)
			if raw == "" {
				raw = firstWords(capt)
			}
			if raw != "" {
				sentence(lineOf(m[2]), raw, spdx)
			}
		}
		for _, re := range []*regexp.Regexp{weakSaid, nameThenLic} {
			for _, m := range statementMatches(re, para) {
				if raw, spdx := nameAtStart(para[m[2]:m[3]]); spdx != "" {
					sentence(lineOf(m[2]), raw, spdx)
				}
			}
		}
		start = end
	}
	return out
}

// statementMatches finds the statements of a paragraph. The patterns
// capture up to 160 characters after the words that introduce a licence,
// so the next search starts after the licence name, not after the
// capture: "Ce projet est sous licence AGPL, la documentation sous licence
// Etalab 2.0" holds two statements.
func statementMatches(re *regexp.Regexp, para string) [][]int {
	var out [][]int
	for pos := 0; pos < len(para); {
		m := re.FindStringSubmatchIndex(para[pos:])
		if m == nil {
			break
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += pos
			}
		}
		out = append(out, m)
		next := m[1]
		if m[2] >= 0 {
			next = m[2] + 1
			if raw, _ := nameAtStart(para[m[2]:m[3]]); raw != "" {
				if i := strings.Index(para[m[2]:m[3]], raw); i >= 0 {
					next = m[2] + i + len(raw)
				}
			}
		}
		pos = max(next, m[0]+1)
	}
	return out
}

// spdxValue reads the expression of an SPDX-License-Identifier line,
// whatever comment syntax or prose surrounds it.
func spdxValue(line string) string {
	m := spdxLine.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	v := strings.TrimRight(m[1], " -") // "… MIT -->"
	// "(SPDX-License-Identifier: MIT)" ends with the prose's parenthesis.
	for strings.Count(v, ")") > strings.Count(v, "(") {
		v = strings.TrimRight(v[:strings.LastIndexByte(v, ')')], " -")
	}
	return v
}

// plainLine removes the Markdown that hides words from the sentence
// patterns: images and links keep their text, emphasis and HTML go.
func plainLine(s string) string {
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = tagPattern.ReplaceAllString(s, " ")
	s = mdEmphasis.ReplaceAllString(s, "")
	s = strings.TrimLeft(strings.TrimSpace(s), "#>*-+ \t")
	return s
}

// nameAtStart finds the longest run of leading words that names a licence
// or an expression ("GPL v3 or later" before "GPL v3").
func nameAtStart(s string) (raw, spdx string) {
	// Names do not hold brackets or dashes between spaces; what follows
	// them is a pointer to the file or a comment.
	for _, stop := range []string{"(", "[", " - ", " – ", " — ", "\n"} {
		if i := strings.Index(s, stop); i >= 0 {
			s = s[:i]
		}
	}
	words := strings.Fields(s)
	if len(words) > 12 {
		words = words[:12]
	}
	for k := len(words); k > 0; k-- {
		cand := strings.Trim(strings.Join(words[:k], " "), ".,;:!?)]»\"'`*_-–— ")
		cand = strings.TrimLeft(cand, "([«\"'`*_ ")
		if cand == "" {
			continue
		}
		if n := Normalize(cand); n != "" {
			return cand, n
		}
	}
	return "", ""
}

// bothSaid is "both A and B", « à la fois A et B », « A et B au choix »:
// a dual licence, which the recipient takes under either.
var bothSaid = regexp.MustCompile(`(?i)^(?:both|à\s+la\s+fois|a\s+la\s+fois|les\s+deux\s+licences)\s+(?:the\s+|la\s+)?(.{1,80}?)\s+(?:and|et)\s+(?:the\s+|la\s+)?(.{1,80})`)

// bothOf reads a dual licence statement as an OR of the two licences
// (URLs and parentheses after each name are left out).
func bothOf(s string) (raw, spdx string) {
	m := bothSaid.FindStringSubmatch(s)
	if m == nil {
		return "", ""
	}
	r1, s1 := nameAtStart(m[1])
	r2, s2 := nameAtStart(m[2])
	if s1 == "" || s2 == "" {
		return "", ""
	}
	e, err := ParseExpression("(" + s1 + ") OR (" + s2 + ")")
	if err != nil {
		return "", ""
	}
	return r1 + " OR " + r2, e.String()
}

// firstWords is the raw value kept for a statement naming an unknown
// licence: up to the end of the clause, at most eight words.
func firstWords(s string) string {
	if i := strings.IndexAny(s, ".;([\n"); i >= 0 {
		s = s[:i]
	}
	w := strings.Fields(s)
	if len(w) > 8 {
		w = w[:8]
	}
	return strings.Trim(strings.Join(w, " "), ",:!?\"'`*_ ")
}

// eitherList reads the list after "licensed under either of" (Rust's
// dual-licence boilerplate) as an OR of its items.
func eitherList(lines []string, from int) (raw, spdx string) {
	var names, ids []string
	for i := from; i < len(lines) && i < from+12; i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			if len(ids) > 0 {
				break
			}
			continue
		}
		if !listItem.MatchString(l) {
			break
		}
		raw, id := nameAtStart(plainLine(l))
		if id == "" {
			return "", ""
		}
		names, ids = append(names, raw), append(ids, id)
	}
	if len(ids) < 2 {
		return "", ""
	}
	for i, id := range ids {
		if strings.Contains(id, " ") {
			ids[i] = "(" + id + ")"
		}
	}
	e, err := ParseExpression(strings.Join(ids, " OR "))
	if err != nil {
		return "", ""
	}
	return strings.Join(names, " OR "), e.Canonical().String()
}

// badgeLicence reads the message of a shields.io or badgen static badge
// whose label is "license"/"licence": shields writes label-message-color
// with "--" for "-" and "_" for a space; badgen label/message/color.
func badgeLicence(p string) (string, bool) {
	p = strings.TrimSuffix(strings.TrimSuffix(p, ".svg"), ".png")
	var parts []string
	if strings.Contains(p, "/") {
		parts = strings.Split(p, "/")
	} else {
		var cur strings.Builder
		for i := 0; i < len(p); i++ {
			switch {
			case p[i] == '-' && i+1 < len(p) && p[i+1] == '-':
				cur.WriteByte('-')
				i++
			case p[i] == '-':
				parts = append(parts, cur.String())
				cur.Reset()
			case p[i] == '_' && i+1 < len(p) && p[i+1] == '_':
				cur.WriteByte('_')
				i++
			case p[i] == '_':
				cur.WriteByte(' ')
			default:
				cur.WriteByte(p[i])
			}
		}
		parts = append(parts, cur.String())
	}
	if len(parts) < 3 {
		return "", false
	}
	label, err := url.PathUnescape(parts[0])
	if err != nil || !licenceWord.MatchString(label) {
		return "", false
	}
	msg, err := url.PathUnescape(strings.Join(parts[1:len(parts)-1], "-"))
	if err != nil || strings.TrimSpace(msg) == "" {
		return "", false
	}
	return strings.TrimSpace(msg), true
}

// frenchWords are common French words a licence sentence holds.
var frenchWords = regexp.MustCompile(`(?i)(?:^|\s)(?:est|sont|sous|selon|le|la|les|ce|cette|logiciel|projet|régie?|distribué|publié)(?:\s|$)`)

// frenchSentence: a line written in French.
func frenchSentence(s string) bool { return frenchWords.MatchString(s) }
