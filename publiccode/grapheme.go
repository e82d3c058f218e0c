package publiccode

import "unicode"

// graphemes counts user-perceived characters, as the standard's lengths
// mean them (the reference validator counts extended grapheme clusters).
// It follows the rules of UAX #29 that matter in prose — combining marks,
// joiners, variation selectors, emoji modifiers and ZWJ sequences, flag
// pairs, Hangul syllables, CRLF — without the full property tables.
func graphemes(s string) int {
	n := 0
	var prev rune = -1
	riRun := 0 // regional indicators since the last break
	for _, r := range s {
		if prev >= 0 && !breakBetween(prev, r, riRun) {
			if isRegional(r) {
				riRun++
			}
			prev = r
			continue
		}
		n++
		riRun = 0
		if isRegional(r) {
			riRun = 1
		}
		prev = r
	}
	return n
}

func breakBetween(prev, r rune, riRun int) bool {
	switch {
	case prev == '\r' && r == '\n':
		return false
	case prev == '\r' || prev == '\n' || r == '\r' || r == '\n':
		return true
	case isExtend(r) || r == 0x200D:
		return false
	case prev == 0x200D && isPictographic(r):
		return false
	case isRegional(prev) && isRegional(r):
		return riRun%2 == 0
	case hangulL(prev) && (hangulL(r) || hangulV(r) || hangulLV(r)):
		return false
	case (hangulV(prev) || hangulLV(prev)) && (hangulV(r) || hangulT(r)):
		return false
	case hangulT(prev) && hangulT(r):
		return false
	}
	return true
}

func isExtend(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF) || // variation selectors
		(r >= 0x1F3FB && r <= 0x1F3FF) || // emoji skin tones
		(r >= 0xE0020 && r <= 0xE007F) // emoji tag sequences
}

func isPictographic(r rune) bool {
	return (r >= 0x1F000 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF) || unicode.Is(unicode.So, r)
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func hangulL(r rune) bool { return r >= 0x1100 && r <= 0x115F }
func hangulV(r rune) bool { return r >= 0x1160 && r <= 0x11A7 }
func hangulT(r rune) bool { return r >= 0x11A8 && r <= 0x11FF }

// hangulLV: precomposed syllables, which combine with trailing jamo.
func hangulLV(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }
