// Package document reads the prose documents of a repository (README,
// CONTRIBUTING, SECURITY, GOVERNANCE…) the way a reviewer does: as sections
// under headings, sentences, links with their text and target, code blocks
// and the commands in them, and contact points (an e-mail address with the
// role the sentence gives it, a form, a discussion channel, the forge's
// private advisories) with the sentence around them.
//
// Markdown is parsed by goldmark (CommonMark: setext headings, reference
// links, lists, fenced and indented code, HTML blocks). reStructuredText,
// AsciiDoc, Org and plain text are read by a small line reader of our own:
// what the rules need of them is headings, literal blocks and links, whose
// syntax is a handful of line patterns, and no maintained Go parser of
// those formats exists to depend on.
//
// The package also holds the one text decoder (DecodeBytes, Decode).
package document

import (
	"path"
	"strings"
)

// Format is a document's markup, from its file name.
type Format int

const (
	Text Format = iota
	Markdown
	RST
	AsciiDoc
	Org
)

// FormatOf gives the format of a file name; names without a known
// extension (README, CONTRIBUTING) are read as Markdown, which is what
// forges render them as, and plain text reads the same under it.
func FormatOf(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".rst", ".rest":
		return RST
	case ".adoc", ".asciidoc", ".asc":
		return AsciiDoc
	case ".org":
		return Org
	case ".txt", ".text":
		return Text
	}
	return Markdown
}

// Document is a parsed document. Lines are 1-based everywhere.
type Document struct {
	Path     string
	Format   Format
	Text     string
	Sections []Section
	Links    []Link
	Code     []Code
	// Sentences are the prose of the document, code excluded, in order.
	Sentences []Sentence
	Contacts  []Contact
}

// Section is the part of a document under one heading, up to the next
// heading of any level. The first section (index 0) is the preamble and
// has no heading.
type Section struct {
	Heading string
	Level   int
	Line    int
}

// Sentence is a sentence or list item of prose, with inline code kept
// between backquotes and links reduced to their text.
type Sentence struct {
	Text    string
	Line    int
	Section int
}

// Link is a hyperlink, an autolink or a bare URL.
type Link struct {
	Text    string
	Target  string
	Line    int
	Section int
	// Sentence is the sentence the link stands in ("" for a link alone on
	// its line, in a header of badges for example).
	Sentence string
}

// Code is a code block or an inline code span.
type Code struct {
	Lang    string
	Text    string
	Line    int
	Section int
	Inline  bool
}

// Commands returns the shell-like command lines of a code block: one per
// line, prompts ("$ ") and trailing comments removed, blank and comment
// lines skipped.
func (c Code) Commands() []string {
	var out []string
	for _, l := range strings.Split(c.Text, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(strings.TrimPrefix(l, "$ "), "> ")
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//") {
			continue
		}
		if i := strings.Index(l, " # "); i > 0 {
			l = strings.TrimSpace(l[:i])
		}
		out = append(out, l)
	}
	return out
}

// Parse reads a document; name gives its format.
func Parse(name string, b []byte) *Document {
	d := &Document{Path: name, Format: FormatOf(name), Text: Decode(b)}
	d.Sections = []Section{{}}
	switch d.Format {
	case Markdown:
		parseMarkdown(d)
	default:
		parseLines(d)
	}
	findBareURLs(d)
	findContacts(d)
	return d
}

// SectionOf returns the index of the section holding a line.
func (d *Document) SectionOf(line int) int {
	s := 0
	for i, sec := range d.Sections {
		if i > 0 && sec.Line <= line {
			s = i
		}
	}
	return s
}

// Heading returns the heading of section i ("" for the preamble).
func (d *Document) Heading(i int) string {
	if i < 0 || i >= len(d.Sections) {
		return ""
	}
	return d.Sections[i].Heading
}

// Within reports whether section i is section top or one of its
// subsections.
func (d *Document) Within(i, top int) bool {
	if i == top {
		return true
	}
	if i < top || top == 0 {
		return top == 0
	}
	for j := top + 1; j <= i; j++ {
		if d.Sections[j].Level <= d.Sections[top].Level {
			return false
		}
	}
	return true
}

// SectionText returns the prose sentences of section i and its
// subsections, joined by spaces.
func (d *Document) SectionText(i int) string {
	var b strings.Builder
	for _, s := range d.Sentences {
		if d.Within(s.Section, i) {
			b.WriteString(s.Text)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func (d *Document) addSentence(text string, line int) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return
	}
	for _, s := range splitSentences(text) {
		d.Sentences = append(d.Sentences, Sentence{Text: s, Line: line, Section: d.SectionOf(line)})
	}
}

// splitSentences cuts prose at ". ", "! ", "? " followed by a capital
// letter, keeping abbreviations such as "e.g. the" together.
func splitSentences(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	for i := 0; i+2 < len(rs); i++ {
		if (rs[i] == '.' || rs[i] == '!' || rs[i] == '?') && rs[i+1] == ' ' && isUpper(rs[i+2]) {
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'À' && r <= 'Þ' }

// SentenceAt returns the sentence at a line holding a substring, "" when
// none does.
func (d *Document) SentenceAt(line int, sub string) string {
	for _, s := range d.Sentences {
		if s.Line == line && (sub == "" || strings.Contains(s.Text, sub)) {
			return s.Text
		}
	}
	return ""
}
