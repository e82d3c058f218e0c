package report

import (
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
)

// Where a secret lives, as every format shows it: the places of one value
// (finding.Places) and the commands that remove it from the history.

// shownPlaces is how many places the text, Markdown and JUnit reports name
// per value; JSON, SARIF and HTML carry every place of the finding.
const shownPlaces = 3

// placeText names a place: "path:line" in the files scanned, and
// "path:line @commit (date)" in the history.
func placeText(p finding.Place) string {
	s := p.Path
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	if p.Commit != "" {
		s += " @" + shortSHA(p.Commit)
		if p.Date != "" {
			s += " (" + p.Date + ")"
		}
	}
	return s
}

// placeCount is how many places a value lives in, listed or not.
func placeCount(f finding.Finding) int {
	if len(f.Places) == 0 {
		return 1
	}
	return len(f.Places) + f.MorePlaces
}

// alsoIn is "also in 2 other places", for a value with several places.
func alsoIn(f finding.Finding, lang string) string {
	return rules.ExpandIn(lang, t("also-in", lang), map[string]string{"n": strconv.Itoa(placeCount(f) - 1)})
}

// placesLine says where a value lives beyond its first place, naming at
// most n places: "3 places: a:1, b:2 @… (…), … and 1 more"; "" for a
// value with one place.
func placesLine(f finding.Finding, n int, lang string) string {
	total := placeCount(f)
	if total < 2 {
		return ""
	}
	var names []string
	for _, p := range f.Places[:min(n, len(f.Places))] {
		names = append(names, placeText(p))
	}
	s := rules.Expand(t("places", lang), map[string]string{"n": strconv.Itoa(total), "list": strings.Join(names, ", ")})
	if rest := total - len(names); rest > 0 {
		s += " " + rules.Expand(t("more-places", lang), map[string]string{"n": strconv.Itoa(rest)})
	}
	return s
}

// purge is what removes a value from the history, for a value that lives
// in at least one commit: the paths it was found at (every place, those of
// the current files too, which are committed), whether they are all
// named, and the two commands of git filter-repo.
type purge struct {
	Paths []string
	// Complete is false when some paths are not listed (a value in more
	// than finding.MaxPlaces distinct files): --invert-paths would miss
	// them, --replace-text does not.
	Complete bool
	// InvertPaths removes the files from every commit: right for a file
	// that is a credential (a key, a .env), wrong for code that reads one.
	InvertPaths string
	// ReplaceText keeps the files and replaces the value in every version
	// of every file; ReplaceFile is the file it reads, which the user
	// writes outside the repository (ouvert never prints the value). Empty
	// for a value over several lines (a private key), which one line of
	// that file cannot hold.
	ReplaceText string
}

// replaceFile is where the --replace-text advice puts the value: outside
// the repository, so that it is never committed.
const replaceFile = "../ouvert-replace.txt"

func purgeOf(f finding.Finding) *purge {
	if !finding.ValueRule(f.Rule) {
		return nil
	}
	places := f.Places
	if len(places) == 0 {
		places = []finding.Place{{Path: f.Path, Line: f.Line, EndLine: f.EndLine, Commit: f.Commit, Tree: f.Commit == ""}}
	}
	inHistory, multiline := false, false
	seen := map[string]bool{}
	p := &purge{Complete: f.OtherPaths == 0}
	for _, pl := range places {
		inHistory = inHistory || pl.Commit != ""
		multiline = multiline || pl.EndLine > pl.Line
		if !seen[pl.Path] && pl.Path != "" {
			seen[pl.Path] = true
			p.Paths = append(p.Paths, pl.Path)
		}
	}
	if !inHistory || len(p.Paths) == 0 {
		return nil
	}
	cmd := []string{"git filter-repo --invert-paths"}
	for _, path := range p.Paths {
		if strings.HasPrefix(path, "-") {
			cmd = append(cmd, "--path="+shellQuote(path)) // not an option
		} else {
			cmd = append(cmd, "--path "+shellQuote(path))
		}
	}
	p.InvertPaths = strings.Join(cmd, " ")
	if !multiline {
		p.ReplaceText = "git filter-repo --replace-text " + replaceFile
	}
	return p
}

// purgeLines is the advice for a value in the history, one line each: rotate
// first, the commands, and what to do after; nil when there is none.
func purgeLines(f finding.Finding, lang string) []string {
	p := purgeOf(f)
	if p == nil {
		return nil
	}
	out := []string{t("purge-rotate", lang), t("purge-invert", lang), "  " + p.InvertPaths}
	if !p.Complete {
		out = append(out, rules.ExpandIn(lang, t("purge-incomplete", lang), map[string]string{"n": strconv.Itoa(f.OtherPaths)}))
	}
	if p.ReplaceText != "" {
		out = append(out, rules.Expand(t("purge-replace", lang), map[string]string{"file": replaceFile}), "  "+p.ReplaceText)
	}
	return append(out, t("purge-after", lang))
}

// shellQuote makes a path one word for a POSIX shell: as it is when it is
// made of plain characters, else in single quotes; a control character
// (which a file name may hold) is written $'\ooo' so that the command stays
// one printable line (bash, zsh and ksh read it).
func shellQuote(s string) string {
	plain := s != "" && s[0] != '-' // never read as an option
	ctl := false
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			ctl, plain = true, false
		case !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./-+@%=:,", r) || r > 0x7f):
			plain = false
		}
	}
	switch {
	case plain:
		return s
	case !ctl:
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			var buf [4]byte
			n := copy(buf[:], string(r))
			for _, c := range buf[:n] {
				b.WriteString(`\` + strconv.FormatInt(int64(c)+01000, 8)[1:])
			}
		case r == '\'' || r == '\\':
			b.WriteString(`\` + string(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("'")
	return b.String()
}
