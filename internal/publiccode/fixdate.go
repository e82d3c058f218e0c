package publiccode

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The date formats the fixer rewrites to YYYY-MM-DD. A date is rewritten
// only when it can mean one day: a time after the date is dropped (the
// day as written, whatever the zone), year-first forms are read as
// year-month-day, and D/M/Y forms are read day first when the day is over
// 12, month first when the month position holds a number over 12, and day
// first when both are 12 or less only if the file is written for a
// country that writes the day first (dayFirst). Dots always mean day
// first: no country writes month.day.year.

var (
	isoTime   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[T ]\d{1,2}:\d{2}`)
	yearFirst = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	dayOrMon  = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})$`)
	compact   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	wordDate  = regexp.MustCompile(`^(?:(\d{1,2})(?:er|st|nd|rd|th)?\.? +([\pL]+)\.?,? +(\d{4})|([\pL]+)\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4}))$`)
)

var monthNames = map[string]int{}

func init() {
	for i, names := range [][]string{
		{"january", "jan", "janvier", "janv"}, {"february", "feb", "février", "fevrier", "févr", "fevr"},
		{"march", "mar", "mars"}, {"april", "apr", "avril", "avr"}, {"may", "mai"}, {"june", "jun", "juin"},
		{"july", "jul", "juillet", "juil"}, {"august", "aug", "août", "aout"}, {"september", "sep", "sept", "septembre"},
		{"october", "oct", "octobre"}, {"november", "nov", "novembre"}, {"december", "dec", "décembre", "decembre", "déc"},
	} {
		for _, n := range names {
			monthNames[n] = i + 1
		}
	}
}

// fixDate returns s as YYYY-MM-DD, or false when s is not a date or could
// be two.
func fixDate(s string, dayFirst bool) (string, bool) {
	s = strings.TrimSpace(s)
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	var y, m, d int
	switch {
	case isoTime.MatchString(s):
		g := isoTime.FindStringSubmatch(s)
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	case yearFirst.MatchString(s):
		g := yearFirst.FindStringSubmatch(s)
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	case compact.MatchString(s):
		g := compact.FindStringSubmatch(s)
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	case dayOrMon.MatchString(s):
		g := dayOrMon.FindStringSubmatch(s)
		a, b := atoi(g[1]), atoi(g[3])
		y = atoi(g[4])
		switch {
		case a > 12 && b <= 12, g[2] == ".", a <= 12 && b <= 12 && dayFirst:
			d, m = a, b
		case b > 12 && a <= 12:
			m, d = a, b
		default:
			return "", false
		}
	case wordDate.MatchString(strings.ToLower(s)):
		g := wordDate.FindStringSubmatch(strings.ToLower(s))
		day, month, year := g[1], g[2], g[3]
		if day == "" {
			month, day, year = g[4], g[5], g[6]
		}
		mm, ok := monthNames[month]
		if !ok {
			return "", false
		}
		y, m, d = atoi(year), mm, atoi(day)
	default:
		return "", false
	}
	if y < 1970 || y > 2200 {
		return "", false
	}
	out := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	if t, err := time.Parse("2006-01-02", out); err != nil || t.Format("2006-01-02") != out {
		return "", false
	}
	return out, true
}
