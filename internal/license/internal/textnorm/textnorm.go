// Package textnorm turns the bytes of a licence candidate into text the
// matcher can compare with the reference texts: decoded to UTF-8 whatever the
// file's encoding, with line endings unified and accents folded to ASCII.
//
// Folding happens on both sides (the generated patterns and the scanned
// text) because licensecheck only strips acute and grave accents: a CeCILL
// copy where "être" was typed "etre", or "œuvre" as "oeuvre", must still match.
package textnorm

import (
	"strings"
	"unicode/utf8"

	"github.com/ouvert-dev/ouvert/internal/document"
)

// Encoding names how the bytes were decoded; the detector reports anything
// other than UTF8 as a note. The decoder is package document's, the one of
// ouvert.
type Encoding = document.Encoding

const (
	UTF8    = document.UTF8
	UTF8BOM = document.UTF8BOM
	UTF16LE = document.UTF16LE
	UTF16BE = document.UTF16BE
	Latin1  = document.Latin1
)

// Decode returns b as UTF-8 text without a byte order mark
// (document.DecodeBytes): a licence file is never rejected for its encoding.
func Decode(b []byte) (string, Encoding) { return document.DecodeBytes(b) }

// Fold unifies line endings (CRLF and lone CR become LF, so line numbers
// agree with what an editor shows) and replaces accented Latin letters and
// ligatures by their ASCII base letters. Other characters are kept: the
// matcher treats them as it would have.
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && s[i] != '\r' {
		i++
	}
	if i == len(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	sb.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\r' {
				sb.WriteByte('\n')
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
			} else {
				sb.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if f, ok := foldTable[r]; ok {
			sb.WriteString(f)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

var foldTable = buildFoldTable()

func buildFoldTable() map[rune]string {
	m := make(map[rune]string)
	groups := map[string]string{
		"A": "ÀÁÂÃÄÅĀĂĄ", "a": "àáâãäåāăą",
		"C": "ÇĆĈĊČ", "c": "çćĉċč",
		"D": "ĎĐ", "d": "ďđ",
		"E": "ÈÉÊËĒĔĖĘĚ", "e": "èéêëēĕėęě",
		"G": "ĜĞĠĢ", "g": "ĝğġģ",
		"H": "ĤĦ", "h": "ĥħ",
		"I": "ÌÍÎÏĨĪĬĮİ", "i": "ìíîïĩīĭįı",
		"J": "Ĵ", "j": "ĵ",
		"K": "Ķ", "k": "ķ",
		"L": "ĹĻĽĿŁ", "l": "ĺļľŀł",
		"N": "ÑŃŅŇ", "n": "ñńņň",
		"O": "ÒÓÔÕÖØŌŎŐ", "o": "òóôõöøōŏő",
		"R": "ŔŖŘ", "r": "ŕŗř",
		"S": "ŚŜŞŠ", "s": "śŝşš",
		"T": "ŢŤŦ", "t": "ţťŧ",
		"U": "ÙÚÛÜŨŪŬŮŰŲ", "u": "ùúûüũūŭůűų",
		"W": "Ŵ", "w": "ŵ",
		"Y": "ÝŶŸ", "y": "ýÿŷ",
		"Z": "ŹŻŽ", "z": "źżž",
		"AE": "Æ", "ae": "æ", "OE": "Œ", "oe": "œ", "ss": "ß",
		"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "ffi": "ﬃ", "ffl": "ﬄ",
	}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}

// UnifyNewlines turns CRLF and lone CR into LF and keeps everything else,
// for texts whose words are quoted back to the user.
func UnifyNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
