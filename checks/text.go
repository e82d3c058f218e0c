package checks

import (
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/ouvert-dev/ouvert/source"
)

// docDirs are where forges look for community files, root first.
var docDirs = []string{"", ".github/", "docs/", ".gitlab/"}

// stem is a file name lowercased, up to its first dot, with "-" read as "_":
// CONTRIBUTING.fr.md, contributing.rst and Contributing are all "contributing".
func stem(p string) string {
	b := strings.ToLower(path.Base(p))
	if i := strings.IndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	return strings.ReplaceAll(b, "-", "_")
}

// lookup returns the files in dirs whose stem is one of stems, in the order
// of dirs, then of stems, then of paths. Directories ("changelog/") never
// match: only files.
func lookup(files []source.File, dirs []string, stems ...string) []source.File {
	var out []source.File
	for _, d := range dirs {
		for _, s := range stems {
			for _, f := range files {
				if f.Kind == source.Submodule || !strings.HasPrefix(f.Path, d) || strings.Contains(f.Path[len(d):], "/") {
					continue
				}
				if stem(f.Path) == s {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// section is a part of a document under one heading; the first section of a
// document has no heading (the preamble).
type section struct {
	Heading string
	Level   int
	Line    int // 1-based line of the heading
	Body    string
}

var (
	atxHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	orgHeading = regexp.MustCompile(`^(\*{1,6})\s+(.+)$`)
	adocHead   = regexp.MustCompile(`^(={1,6})\s+(.+)$`)
	underline  = regexp.MustCompile(`^(=+|-+|~+|\^+|\*+|#+)\s*$`)
)

// sections splits a document at its headings, by format (from the file
// name): Markdown (ATX and setext), reStructuredText (underlines), Org (*)
// and AsciiDoc (=). It is a reader for prose, not a full parser: code fences
// are skipped so that "# comment" lines in shell blocks are not headings.
func sections(name, text string) []section {
	ext := strings.ToLower(path.Ext(name))
	lines := strings.Split(text, "\n")
	out := []section{{}}
	var body []string
	flush := func() {
		out[len(out)-1].Body = strings.Join(body, "\n")
		body = body[:0]
	}
	inFence := false
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
			body = append(body, l)
			continue
		}
		if inFence {
			body = append(body, l)
			continue
		}
		h, level, skip := heading(ext, l, lines, i)
		if level == 0 {
			body = append(body, l)
			continue
		}
		flush()
		out = append(out, section{Heading: strings.TrimSpace(h), Level: level, Line: i + 1})
		i += skip
	}
	flush()
	return out
}

// heading recognises a heading at line i; skip is how many following lines
// belong to it (an underline).
func heading(ext, l string, lines []string, i int) (h string, level, skip int) {
	var m []string
	switch ext {
	case ".org":
		m = orgHeading.FindStringSubmatch(l)
	case ".adoc", ".asciidoc":
		m = adocHead.FindStringSubmatch(l)
	default:
		m = atxHeading.FindStringSubmatch(l)
	}
	if m != nil {
		return m[2], len(m[1]), 0
	}
	// Setext (Markdown) and reStructuredText: a line underlined by a run of
	// one punctuation character at least three long.
	if i+1 < len(lines) && strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "|") {
		u := strings.TrimSpace(lines[i+1])
		if len(u) >= 3 && underline.MatchString(u) && !atxHeading.MatchString(u) {
			level = 1
			if u[0] != '=' {
				level = 2
			}
			return l, level, 1
		}
	}
	return "", 0, 0
}

var accents = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i",
	"ô", "o", "ö", "o", "ó", "o",
	"ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ç", "c", "œ", "oe", "æ", "ae", "ÿ", "y",
)

// norm lowercases, folds French accents and turns punctuation into spaces,
// so that keyword matching is "word in text" on both languages.
func norm(s string) string {
	s = accents.Replace(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// hasWord reports whether a normalised text holds one of the phrases as
// whole words (phrases are normalised too). A phrase ending in "*" matches
// any word starting with it.
func hasWord(normText string, phrases ...string) bool {
	for _, p := range phrases {
		prefix := strings.HasSuffix(p, "*")
		n := norm(strings.TrimSuffix(p, "*"))
		if prefix {
			n = strings.TrimSuffix(n, " ")
		}
		if strings.Contains(normText, n) {
			return true
		}
	}
	return false
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	urlRe   = regexp.MustCompile(`https?://[^\s)>\]]+`)
)

// findReadme returns the README to read: at the root first, then in
// .github/ and docs/ (where forges also show it); "" when there is none.
func findReadme(files []source.File) string {
	if f := lookup(files, []string{"", ".github/", "docs/"}, "readme"); len(f) > 0 {
		return preferMarkdown(f)
	}
	return ""
}

// preferMarkdown picks README.md over README.fr.md or README.txt among files
// of the same directory, the way forges do.
func preferMarkdown(files []source.File) string {
	dir := path.Dir(files[0].Path)
	best := files[0].Path
	for _, f := range files {
		if path.Dir(f.Path) != dir {
			break
		}
		if strings.EqualFold(path.Base(f.Path), "readme.md") {
			return f.Path
		}
	}
	return best
}
