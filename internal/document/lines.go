package document

import (
	"regexp"
	"strings"
)

var (
	orgHeading  = regexp.MustCompile(`^(\*{1,6})\s+(.+)$`)
	adocHeading = regexp.MustCompile(`^(={1,6})\s+(.+)$`)
	underline   = regexp.MustCompile(`^(=+|-+|~+|\^+|\*+|#+|"+|\++)\s*$`)
	// Links of the line formats: reST `text <url>`_, AsciiDoc url[text]
	// and link:url[text], Org [[url][text]].
	rstLink  = regexp.MustCompile("`([^`<]*?)\\s*<([^>`]+)>`__?")
	adocLink = regexp.MustCompile(`(?:link:|mailto:)?((?:https?://|mailto:)[^\s\[]+|[^\s\[]+\.(?:md|adoc|rst|txt))\[([^\]]*)\]`)
	orgLink  = regexp.MustCompile(`\[\[([^\]]+)\](?:\[([^\]]*)\])?\]`)
)

// parseLines reads reStructuredText, AsciiDoc, Org and plain text: headings
// (underlined, "=", "*"), literal blocks (reST "::" and directives,
// AsciiDoc "----" and "....", Org #+BEGIN_SRC, indented text), paragraphs
// and the links each syntax writes inline.
func parseLines(d *Document) {
	lines := strings.Split(d.Text, "\n")
	// Pass 1: headings.
	skip := map[int]bool{}
	inBlock := false
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if delim(d.Format, l) {
			inBlock = !inBlock
			continue
		}
		if inBlock {
			continue
		}
		if h, level, n := lineHeading(d.Format, lines, i); level > 0 {
			d.Sections = append(d.Sections, Section{Heading: h, Level: level, Line: i + 1})
			for k := i; k <= i+n; k++ {
				skip[k] = true
			}
			i += n
		}
	}
	// Pass 2: paragraphs and code.
	var para []string
	paraLine := 0
	flush := func() {
		if len(para) > 0 {
			d.addProse(strings.Join(para, " "), paraLine)
			para = nil
		}
	}
	var code []string
	codeLine, literal, blockOpen := 0, false, false
	endCode := func() {
		if len(code) > 0 {
			d.Code = append(d.Code, Code{Text: strings.Join(code, "\n") + "\n", Line: codeLine, Section: d.SectionOf(codeLine)})
			code = nil
		}
	}
	for i, raw := range lines {
		l := strings.TrimRight(raw, " \t")
		t := strings.TrimSpace(l)
		switch {
		case delim(d.Format, l):
			flush()
			if blockOpen {
				endCode()
			}
			blockOpen = !blockOpen
			codeLine = i + 2
			continue
		case blockOpen:
			code = append(code, l)
			continue
		case skip[i]:
			flush()
			continue
		case literal && (t == "" || strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t")):
			if t != "" {
				if len(code) == 0 {
					codeLine = i + 1
				}
				code = append(code, t)
			}
			continue
		case literal:
			literal = false
			endCode()
		}
		if t == "" {
			flush()
			continue
		}
		if d.Format == RST && (strings.HasPrefix(t, ".. code") || strings.HasPrefix(t, ".. sourcecode")) {
			flush()
			literal = true
			continue
		}
		if d.Format == Text && (strings.HasPrefix(raw, "    ") || strings.HasPrefix(raw, "\t")) && len(para) == 0 {
			if len(code) == 0 {
				codeLine = i + 1
			}
			code = append(code, t)
			continue
		}
		if len(para) == 0 {
			paraLine = i + 1
		}
		// A list item is a sentence of its own.
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
			flush()
			paraLine = i + 1
		}
		para = append(para, t)
		if (d.Format == RST || d.Format == Text) && strings.HasSuffix(t, "::") {
			flush()
			literal = true
		}
	}
	flush()
	endCode()
}

// addProse records a paragraph of a line format: its links first, then the
// prose with the links reduced to their text.
func (d *Document) addProse(p string, line int) {
	sec := d.SectionOf(line)
	plain := p
	add := func(re *regexp.Regexp, target, text int) {
		for _, m := range re.FindAllStringSubmatch(p, -1) {
			t := m[text]
			if t == "" {
				t = m[target]
			}
			d.Links = append(d.Links, Link{Text: t, Target: m[target], Line: line, Section: sec})
			plain = strings.Replace(plain, m[0], t, 1)
		}
	}
	switch d.Format {
	case RST:
		add(rstLink, 2, 1)
		plain = strings.ReplaceAll(plain, "``", "`")
	case AsciiDoc:
		add(adocLink, 1, 2)
	case Org:
		add(orgLink, 1, 2)
	}
	start := len(d.Sentences)
	d.addSentence(plain, line)
	for i := range d.Links {
		if d.Links[i].Line == line && d.Links[i].Sentence == "" {
			for _, s := range d.Sentences[start:] {
				if strings.Contains(s.Text, d.Links[i].Text) {
					d.Links[i].Sentence = linkSentence(s.Text, d.Links[i].Text)
					break
				}
			}
		}
	}
	// Inline literals are code as in Markdown.
	for _, m := range inlineLiteral.FindAllStringSubmatch(plain, -1) {
		d.Code = append(d.Code, Code{Text: m[1], Line: line, Section: sec, Inline: true})
	}
}

var inlineLiteral = regexp.MustCompile("`([^`]+)`")

// delim reports a line that opens or closes a literal block.
func delim(f Format, l string) bool {
	t := strings.TrimSpace(l)
	switch f {
	case AsciiDoc:
		return len(t) >= 4 && (strings.Trim(t, "-") == "" || strings.Trim(t, ".") == "")
	case Org:
		u := strings.ToUpper(t)
		return strings.HasPrefix(u, "#+BEGIN_") || strings.HasPrefix(u, "#+END_")
	}
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// lineHeading recognises a heading at line i; n is the number of
// following lines that belong to it (an underline).
func lineHeading(f Format, lines []string, i int) (h string, level, n int) {
	l := strings.TrimRight(lines[i], " \t")
	var m []string
	switch f {
	case Org:
		m = orgHeading.FindStringSubmatch(l)
	case AsciiDoc:
		m = adocHeading.FindStringSubmatch(l)
	}
	if m != nil {
		return strings.TrimSpace(m[2]), len(m[1]), 0
	}
	if f == Org || strings.TrimSpace(l) == "" || i+1 >= len(lines) {
		return "", 0, 0
	}
	// Underlined: a run of one punctuation character at least as long as
	// three; reST also allows an overline, which is then line i-1 and was
	// seen as an underline of nothing.
	u := strings.TrimSpace(lines[i+1])
	if len(u) >= 3 && underline.MatchString(u) && !underline.MatchString(strings.TrimSpace(l)) {
		level = 1
		if u[0] != '=' {
			level = 2
		}
		return strings.TrimSpace(l), level, 1
	}
	return "", 0, 0
}
