package license

import (
	"regexp"
	"strings"
)

// A README statement can name the part of the repository it covers: "The
// documentation, in docs/, is licensed under Etalab-2.0", "les
// bibliothèques clientes sont sous licence CeCILL-C". Such a statement is
// the licence of that part, not a second licence for the whole.

var (
	// partWords name a part of a repository, not the whole of it.
	partWords = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(documentation|docs?|donn[ée]es|data|datasets?|jeux\s+de\s+donn[ée]es|images?|ic[ôo]nes|icons|logos?|pictogrammes|illustrations|fonts|polices|assets|m[ée]dias|contenus?|contents?|photos|sch[ée]mas?|schemas?|exemples|examples|serveur|server|clients?|front[- ]?end|back[- ]?end|biblioth[èe]ques|libraries|modules|composants|components|sous-projets|subprojects|plugins|extensions|contenus\s+[ée]ditoriaux)(?:$|[^\p{L}])`)
	// partPath is a relative directory named in the sentence ("docs/",
	// "src/client"), not a URL.
	partPath = regexp.MustCompile(`(?:^|[\s(«"'])((?:\./)?[\p{L}0-9_.-]+/[\p{L}0-9_./-]*)`)
	// wholeWords say the statement is about the whole project, whatever
	// part it also names ("ce logiciel et sa documentation").
	wholeWords = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:ce|cet|this|our|notre|le|the)\s+(?:projet|project|logiciel|software|d[ée]p[ôo]t|repository|repo|programme|program|outil|tool|package|paquet|application|app)|l'(?:ensemble|application|outil)|ainsi\s+que|as\s+well\s+as|together\s+with|y\s+compris|including|et\s+(?:sa|ses|son)|and\s+its|tout\s+le|all\s+(?:the\s+)?code)(?:$|[^\p{L}])`)
	// partAfter: the part named after the licence ("… sous licence
	// CC-BY-4.0 pour la documentation", "… pour les autres contenus"): a
	// determiner follows, not a verb ("pour permettre …").
	partAfter  = regexp.MustCompile(`(?i)^[\s,]*(?:pour|for|applies\s+to|s'applique\s+(?:à|aux?))\s+`)
	determiner = regexp.MustCompile(`(?i)^(?:(?:les?|la|the|its|ses|son|sa|tous|toutes|all)\s|l')`)
	codeWords  = regexp.MustCompile(`(?i)^(?:les?\s+|la\s+|l'|the\s+|its\s+|son\s+|sa\s+|ses\s+)?(?:code|sources?|logiciel|software|programme|program)\b`)
)

// scopeOf is the scope of the statement naming raw on the paragraph's
// line starting at offset off; ends are where the paragraph's licence
// names end, so that a clause starts after the statement before it.
func scopeOf(para string, off int, raw string, ends []int) string {
	i := strings.Index(para[min(off, len(para)):], raw)
	if i < 0 {
		return "" // a list read elsewhere (Rust's "either of")
	}
	at := min(off, len(para)) + i
	from := 0
	for _, e := range ends {
		if e <= at && e > from {
			from = e
		}
	}
	return statementScope(para, from, at, at+len(raw))
}

// sentenceStart is where the sentence holding offset at begins.
func sentenceStart(para string, at int) int {
	start := 0
	for _, sep := range []string{". ", "; ", "! ", "? "} {
		if i := strings.LastIndex(para[:at], sep); i >= 0 && i+len(sep) > start {
			start = i + len(sep)
		}
	}
	return start
}

// sentenceEnd is where the sentence holding offset at ends.
func sentenceEnd(para string, at int) int {
	end := len(para)
	for _, sep := range []string{". ", "; ", "! ", "? "} {
		if i := strings.Index(para[at:], sep); i >= 0 && at+i < end {
			end = at + i
		}
	}
	return end
}

// statementScope returns the words of the statement at [at, nameEnd) in
// para that name the part of the repository it covers, "" when it speaks
// for the whole. from is where the clause starts (after an earlier
// statement of the same sentence).
func statementScope(para string, from, at, nameEnd int) string {
	start := max(sentenceStart(para, at), from)
	if start > at {
		start = at
	}
	before := para[start:at]
	if wholeWords.MatchString(before) {
		return ""
	}
	if s := partIn(before); s != "" {
		return s
	}
	end := sentenceEnd(para, min(nameEnd, len(para)))
	if nameEnd < end {
		after := para[nameEnd:end]
		if m := partAfter.FindStringIndex(after); m != nil {
			target := after[m[1]:]
			if determiner.MatchString(target) && !codeWords.MatchString(target) && !wholeWords.MatchString(clauseOf(target)) {
				if p := partIn(clauseOf(target)); p != "" {
					return p
				}
				return clauseOf(target)
			}
		}
	}
	return ""
}

// clauseOf is s up to the end of its clause, at most 60 bytes.
func clauseOf(s string) string {
	if i := strings.IndexAny(s, ",;:()"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		cut := strings.LastIndexByte(s[:60], ' ')
		if cut < 20 {
			cut = 60
		}
		s = strings.ToValidUTF8(s[:cut], "") + "…"
	}
	return strings.Join(strings.Fields(s), " ")
}

// partIn is the part a clause names: the words from the first part word
// or path to the end of the clause, trimmed.
func partIn(s string) string {
	i := -1
	if m := partWords.FindStringSubmatchIndex(s); m != nil {
		i = m[2]
	}
	if m := partPath.FindStringSubmatchIndex(s); m != nil && !strings.Contains(s[m[2]:m[3]], "://") && (i < 0 || m[2] < i) {
		if !strings.HasPrefix(s[m[2]:], "//") && !strings.Contains(s[max(0, m[2]-3):m[2]], ":") {
			i = m[2]
		}
	}
	if i < 0 {
		return ""
	}
	out := strings.Trim(strings.Join(strings.Fields(s[i:]), " "), " ,;:-–—")
	// The verb and what follows it are not the part's name.
	o := out + " "
	for _, verb := range []string{" est ", " sont ", " is ", " are ", " reste ", " remain ", " sous ", " selon ", " under ",
		" licensed ", " released ", " distributed ", " published ", " available ", " publiée", " publiées", " distribuée", " distribuées"} {
		if j := strings.LastIndex(o, verb); j > 0 {
			o = o[:j]
		}
	}
	out = strings.Trim(o, " ,;:-–—")
	if len(out) > 80 {
		cut := strings.LastIndexByte(out[:80], ' ')
		if cut < 20 {
			cut = 80
		}
		out = strings.ToValidUTF8(out[:cut], "") + "…"
	}
	return out
}
