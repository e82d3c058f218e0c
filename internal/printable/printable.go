// Package printable makes text from outside ouvert (file names, git's and
// servers' error messages, what a forge's API returns) safe to print: a
// control character or a bidirectional override in a report or on a
// terminal can hide text, move the cursor, rewrite a line or make a CSV
// file binary. Every writer of ouvert passes such text through String.
package printable

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// String returns s with every character that is not shown as itself
// escaped the way Go writes it in a string literal: C0 and C1 controls
// (NUL, ESC, CR, LF, TAB, DEL…) as \x1b, \n, \u0085…, the invisible
// characters that reorder or split text (bidirectional marks, embeddings,
// overrides and isolates; line and paragraph separators) as \u202e…, and
// bytes that are not UTF-8 as \xff. Everything else, accents and every
// script included, is kept. Text that needs nothing is returned as is.
func String(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !escaped(r, n) {
			i += n
			continue
		}
		break
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case escaped(r, n):
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e', '\n'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func escaped(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n <= 1:
		return true
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
