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
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding names how the bytes were decoded; the detector reports anything
// other than UTF8 as a note, since tools that only read UTF-8 will garble it.
type Encoding string

const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	UTF16LE Encoding = "utf-16le"
	UTF16BE Encoding = "utf-16be"
	// Latin1 covers ISO-8859-1 and its Windows-1252 superset: cecill.info
	// ships its texts in ISO-8859-1 and Windows editors add the 0x80-0x9F
	// punctuation.
	Latin1 Encoding = "latin-1"
)

// Decode returns b as UTF-8 text without a byte order mark. Bytes that are
// not valid UTF-8 are read as Windows-1252, which never fails: a licence
// file is never rejected for its encoding.
func Decode(b []byte) (string, Encoding) {
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		b = b[3:]
		if utf8.Valid(b) {
			return string(b), UTF8BOM
		}
		return decode1252(b), Latin1
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return decodeUTF16(b[2:], false), UTF16LE
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return decodeUTF16(b[2:], true), UTF16BE
	}
	if utf8.Valid(b) {
		return string(b), UTF8
	}
	return decode1252(b), Latin1
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// cp1252 maps 0x80-0x9F; zero entries are undefined in Windows-1252 and are
// kept as the C1 control of the same value, as ISO-8859-1 would.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0 && cp1252[c-0x80] != 0:
			sb.WriteRune(cp1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

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
