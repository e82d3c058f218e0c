package publiccode

import "strings"

// suggest returns the candidate a near-miss was probably meant to be: the
// same word in another case, else one a couple of edits away; "" when none
// is close enough to be worth saying.
func suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(strings.TrimSpace(s), c) {
			return c
		}
	}
	best, bestD := "", 3
	limit := len(s) / 3
	if limit < 1 {
		limit = 1
	}
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c), bestD); d < bestD && d <= limit {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, or max when it is at
// least max (the rows stop early: keys are short but input is not).
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}
