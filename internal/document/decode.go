package document

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding names how bytes were decoded; callers report anything other than
// UTF8 as a note, since tools that only read UTF-8 will garble the file.
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

// DecodeBytes returns b as UTF-8 text without a byte order mark: UTF-8,
// UTF-16 with its BOM, and anything else as Windows-1252, which never
// fails, so that no document is rejected for its encoding. Line ends are
// kept as they are. It is the one text decoder of ouvert: the checks read
// documents with Decode, licence detection with this.
func DecodeBytes(b []byte) (string, Encoding) {
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

// Decode turns a document's bytes into text (DecodeBytes) with line ends
// folded to "\n", so that line numbers agree with what an editor shows.
func Decode(b []byte) string {
	s, _ := DecodeBytes(b)
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
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
