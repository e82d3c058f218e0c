package secrets

import (
	"regexp/syntax"
	"unicode/utf8"
)

// What the scan loop learns from a pattern's regex before running it.

// unbounded is maxLen's answer for a regex with no longest match.
const unbounded = -1

// maxLen is the length in bytes of the longest text re matches, or
// unbounded.
func maxLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && r >= utf8.RuneSelf {
				n += utf8.UTFMax // a fold may change the encoded length
			} else {
				n += utf8.RuneLen(r)
			}
		}
		return n
	case syntax.OpCharClass:
		if len(re.Rune) > 0 && re.Rune[len(re.Rune)-1] < utf8.RuneSelf {
			return 1
		}
		return utf8.UTFMax
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture:
		return maxLen(re.Sub[0])
	case syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		return unbounded
	case syntax.OpRepeat:
		if re.Max < 0 {
			return unbounded
		}
		n := maxLen(re.Sub[0])
		if n == unbounded {
			return unbounded
		}
		return n * re.Max
	case syntax.OpConcat:
		sum := 0
		for _, s := range re.Sub {
			n := maxLen(s)
			if n == unbounded {
				return unbounded
			}
			sum += n
		}
		return sum
	case syntax.OpAlternate:
		m := 0
		for _, s := range re.Sub {
			n := maxLen(s)
			if n == unbounded {
				return unbounded
			}
			m = max(m, n)
		}
		return m
	}
	return 0 // empty-width assertions and empty matches
}

// requiredLiteral is the longest literal that every match of re holds
// (ASCII only, lowercased when the regex ignores case there), or "".
func requiredLiteral(re *syntax.Regexp) (lit string, fold bool) {
	switch re.Op {
	case syntax.OpLiteral:
		b := make([]byte, 0, len(re.Rune))
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return "", false
			}
			c := byte(r)
			if re.Flags&syntax.FoldCase != 0 {
				c = lower(c)
			}
			b = append(b, c)
		}
		return string(b), re.Flags&syntax.FoldCase != 0
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiteral(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiteral(re.Sub[0])
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if l, f := requiredLiteral(s); len(l) > len(lit) {
				lit, fold = l, f
			}
		}
	}
	return lit, fold
}

// requiredLiterals lists literals every match of re holds, the longest
// first (at most limit of them; ASCII only, lowercased where re ignores
// case).
func requiredLiterals(re *syntax.Regexp, limit int) []literal {
	var out []literal
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			if l, fold := requiredLiteral(re); l != "" {
				out = append(out, literal{[]byte(l), fold})
			}
		case syntax.OpCapture, syntax.OpPlus:
			walk(re.Sub[0])
		case syntax.OpRepeat:
			if re.Min >= 1 {
				walk(re.Sub[0])
			}
		case syntax.OpConcat:
			for _, s := range re.Sub {
				walk(s)
			}
		}
	}
	walk(re)
	// Longest first: the rarest in text, the first to rule a window out.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].b) > len(out[j-1].b); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out[:min(len(out), limit)]
}

// literal is a string a window must hold.
type literal struct {
	b    []byte
	fold bool // b is lowercase; compare ignoring ASCII case
}

// capture finds the capturing group numbered n.
func capture(re *syntax.Regexp, n int) *syntax.Regexp {
	if re.Op == syntax.OpCapture && re.Cap == n {
		return re
	}
	for _, s := range re.Sub {
		if c := capture(s, n); c != nil {
			return c
		}
	}
	return nil
}

// alphabet is the set of bytes a match of re can hold (a byte of a
// multi-byte character counts as all bytes from 0x80 up), and minLen the
// length of its shortest match.
func alphabet(re *syntax.Regexp, set *[256]bool) {
	fold := re.Flags&syntax.FoldCase != 0
	addRune := func(r rune) {
		if r >= utf8.RuneSelf {
			for c := 0x80; c < 256; c++ {
				set[c] = true
			}
			return
		}
		set[r] = true
		if fold {
			set[lower(byte(r))], set[upper(byte(r))] = true, true
		}
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			addRune(r)
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < utf8.RuneSelf; r++ {
				addRune(r)
			}
			if re.Rune[i+1] >= utf8.RuneSelf {
				addRune(utf8.RuneSelf)
			}
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		for c := range set {
			set[c] = true
		}
	default:
		for _, s := range re.Sub {
			alphabet(s, set)
		}
	}
}

func minLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(string(re.Rune))
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minLen(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n += minLen(s)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, s := range re.Sub {
			if m := minLen(s); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	}
	return 0
}
