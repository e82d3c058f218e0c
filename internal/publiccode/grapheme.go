package publiccode

import "github.com/rivo/uniseg"

// graphemes counts user-perceived characters, as the standard's lengths
// mean them: extended grapheme clusters (UAX #29), with the full property
// tables of rivo/uniseg, which the reference validator uses too, so that
// both count the same on any script.
func graphemes(s string) int {
	return uniseg.GraphemeClusterCount(s)
}
