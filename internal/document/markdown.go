package document

import (
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

var mdParser = goldmark.New().Parser()

// lineIndex maps byte offsets to 1-based lines.
type lineIndex []int

func newLineIndex(s string) lineIndex {
	idx := lineIndex{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (li lineIndex) line(off int) int {
	lo, hi := 0, len(li)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1
}

func parseMarkdown(d *Document) {
	src := []byte(d.Text)
	li := newLineIndex(d.Text)
	root := mdParser.Parse(text.NewReader(src))
	// Headings first, so that every later element knows its section.
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			d.Sections = append(d.Sections, Section{Heading: inlineText(h, src, nil), Level: h.Level, Line: nodeLine(h, src, li)})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Heading:
			collectInline(d, v, src, li)
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			line := nodeLine(v, src, li)
			d.Code = append(d.Code, Code{Lang: string(v.Language(src)), Text: blockText(v, src), Line: line, Section: d.SectionOf(line)})
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			line := nodeLine(v, src, li)
			d.Code = append(d.Code, Code{Text: blockText(v, src), Line: line, Section: d.SectionOf(line)})
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			line := nodeLine(v, src, li)
			htmlLinks(d, blockText(v, src), line)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			line := nodeLine(v, src, li)
			sentence := inlineText(v, src, nil)
			d.addSentence(sentence, line)
			collectInline(d, v, src, li)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// collectInline gathers the links, inline code and inline HTML links of a
// block, each with the sentence it stands in.
func collectInline(d *Document, block ast.Node, src []byte, li lineIndex) {
	line := nodeLine(block, src, li)
	sentences := splitSentences(strings.Join(strings.Fields(inlineText(block, src, nil)), " "))
	in := func(t string) string {
		for _, s := range sentences {
			if strings.Contains(s, t) {
				return s
			}
		}
		return ""
	}
	sec := d.SectionOf(line)
	_ = ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			t := inlineText(v, src, nil)
			if t == "" {
				// A badge: the image's alternative text names the link.
				if img, ok := v.FirstChild().(*ast.Image); ok {
					t = inlineText(img, src, nil)
				}
			}
			d.Links = append(d.Links, Link{Text: t, Target: string(v.Destination), Line: line, Section: sec, Sentence: linkSentence(in(t), t)})
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			u := string(v.URL(src))
			if v.AutoLinkType == ast.AutoLinkEmail {
				u = "mailto:" + u
			}
			d.Links = append(d.Links, Link{Text: string(v.Label(src)), Target: u, Line: line, Section: sec, Sentence: in(string(v.Label(src)))})
		case *ast.CodeSpan:
			t := inlineText(v, src, nil)
			d.Code = append(d.Code, Code{Text: t, Line: line, Section: sec, Inline: true})
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < v.Segments.Len(); i++ {
				s := v.Segments.At(i)
				b.Write(s.Value(src))
			}
			htmlLinks(d, b.String(), line)
		case *ast.Image:
			// A badge: its alternative text says what it shows.
			alt := inlineText(v, src, nil)
			if p, ok := v.Parent().(*ast.Link); !ok || p == nil {
				d.Links = append(d.Links, Link{Text: alt, Target: string(v.Destination), Line: line, Section: sec})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// linkSentence is the sentence around a link, or "" when the link is the
// whole of it (a list item that is only a link says nothing more).
func linkSentence(s, text string) string {
	if strings.TrimSpace(strings.Trim(s, "-*•[]()")) == strings.TrimSpace(text) {
		return ""
	}
	return s
}

var (
	htmlAnchor = regexp.MustCompile(`(?is)<a\s[^>]*href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>`)
	htmlImgAlt = regexp.MustCompile(`(?is)<img\s[^>]*alt\s*=\s*["']([^"']*)["']`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]+>`)
)

// htmlLinks reads the links of HTML in Markdown (centred headers of
// badges and links); an image inside a link gives the link its text.
func htmlLinks(d *Document, s string, line int) {
	for _, m := range htmlAnchor.FindAllStringSubmatchIndex(s, -1) {
		target := s[m[2]:m[3]]
		inner := s[m[4]:m[5]]
		t := strings.TrimSpace(html.UnescapeString(htmlTag.ReplaceAllString(inner, " ")))
		if t == "" {
			if a := htmlImgAlt.FindStringSubmatch(inner); a != nil {
				t = a[1]
			}
		}
		l := line + strings.Count(s[:m[0]], "\n")
		d.Links = append(d.Links, Link{Text: strings.Join(strings.Fields(t), " "), Target: html.UnescapeString(target), Line: l, Section: d.SectionOf(l)})
	}
	if plain := strings.TrimSpace(html.UnescapeString(htmlTag.ReplaceAllString(s, " "))); plain != "" {
		d.addSentence(plain, line)
	}
}

// inlineText renders a node's inline content as plain text: code spans
// between backquotes, links as their text, images as nothing.
func inlineText(n ast.Node, src []byte, b *strings.Builder) string {
	own := b == nil
	if own {
		b = &strings.Builder{}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.CodeSpan:
			b.WriteByte('`')
			inlineText(v, src, b)
			b.WriteByte('`')
		case *ast.Image:
		case *ast.AutoLink:
			b.Write(v.Label(src))
		case *ast.RawHTML:
		default:
			inlineText(c, src, b)
		}
	}
	if own {
		return strings.TrimSpace(b.String())
	}
	return ""
}

func blockText(n ast.Node, src []byte) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		b.Write(s.Value(src))
	}
	return b.String()
}

// nodeLine is the line where a block starts: its first line segment, or
// its first child's.
func nodeLine(n ast.Node, src []byte, li lineIndex) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return li.line(n.Lines().At(0).Start)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return li.line(t.Segment.Start)
		}
		if l := nodeLine(c, src, li); l > 0 {
			return l
		}
	}
	if p := n.PreviousSibling(); p != nil {
		return nodeLine(p, src, li)
	}
	return 0
}
