package license

import (
	"embed"
	"hash/maphash"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ouvert-dev/ouvert/internal/embedded"
	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
)

// The official texts (see texts/SOURCES.md) are compared word for word
// with a licence file once licensecheck has named it: a text that has been
// changed is no longer the licence whose name it carries, and licensecheck
// tolerates changes by design (an Apache-2.0 with an added "no commercial
// use" paragraph is 98 % Apache-2.0 to it).
//
//go:embed texts/*.txt
var officialTexts embed.FS

// FidelityVerdict says how a licence file compares with the official texts.
type FidelityVerdict string

const (
	// FidelityVerbatim: every word of the licence, nothing added but
	// harmless lines (copyright, title, URL, a translation).
	FidelityVerbatim FidelityVerdict = "verbatim"
	// FidelityModified: a sentence with legal effect was added or removed:
	// a person must review.
	FidelityModified FidelityVerdict = "modified"
	// FidelityNotice: the file holds the licence's own notice (the text
	// its appendix tells authors to put in their files, "either version 3
	// of the License, or (at your option) any later version") and not the
	// licence: it declares the licence; license/file asks for the text.
	FidelityNotice FidelityVerdict = "notice"
	// FidelityIncomplete: a large part of the licence is missing (a cut
	// text): not the licence, only its start or pieces of it.
	FidelityIncomplete FidelityVerdict = "incomplete"
)

// Hunk is a stretch of words that differs from the official text.
type Hunk struct {
	// StartLine, EndLine: lines in the scanned file (added text) or in the
	// official text (removed text).
	StartLine int `json:"start_line"`
	EndLine   int `json:"end_line"`
	// Text is the differing text on one line, shortened past 240 bytes.
	Text  string `json:"text"`
	Words int    `json:"words"`
	// Legal: the words that give it legal effect ("commercial",
	// "interdite", "not"); empty for a harmless difference.
	Legal []string `json:"legal,omitempty"`
	// Inside: within the licence's text rather than before or after it.
	Inside bool `json:"inside,omitempty"`
	// Official: for removed text, the official text it is missing from
	// (a file name under license/texts, such as CECILL-B.fr.txt).
	Official string `json:"official,omitempty"`
}

// Fidelity is the word-for-word comparison of a file with the official
// texts of the licences it was recognised as.
type Fidelity struct {
	Verdict FidelityVerdict `json:"verdict"`
	// Licences compared (the file's ids), and the official text that fits
	// best for each (file name under texts/).
	Licences []string `json:"licences"`
	Texts    []string `json:"texts"`
	// Held is the share of the official text found in the file, 0..1 (the
	// lowest over Licences); Coverage the share of the file's words that
	// are licence text, 0..1.
	Held     float64 `json:"held"`
	Coverage float64 `json:"coverage"`
	// Added are file passages that are not licence text; Removed are
	// passages of the official text the file lacks (optional parts such as
	// Apache's appendix or a title are not counted).
	Added   []Hunk `json:"added,omitempty"`
	Removed []Hunk `json:"removed,omitempty"`
}

// Harmful returns the hunks that make the verdict.
func (f *Fidelity) Harmful() (added, removed []Hunk) {
	for _, h := range f.Added {
		if len(h.Legal) > 0 {
			added = append(added, h)
		}
	}
	for _, h := range f.Removed {
		if len(h.Legal) > 0 {
			removed = append(removed, h)
		}
	}
	return added, removed
}

// shingle is how many consecutive words must agree for a word to count as
// the official text's: 5 keeps common phrases ("of this license") from
// covering an added sentence, while a single changed word still shows.
const shingle = 5

// Thresholds of the verdict.
const (
	// minHeld: below this share of the official text the file is
	// incomplete.
	minHeld = 0.90
	// noticeHeld: a file holding less of the terms than this, and more of
	// the appendix's notice than of the terms, is a notice.
	noticeHeld = 0.25
	// maxInsideWords: an insertion inside the licence text longer than
	// this is a modification even without a legal word in it.
	maxInsideWords = 40
	// maxHunks bounds what a verdict quotes.
	maxHunks = 20
)

type word struct {
	w          string // lower-case, folded
	start, end int    // bytes in the scanned (folded) text
}

func splitWords(s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += size
		}
		w := s[i:j]
		for k := 0; k < len(w); k++ {
			if w[k] >= utf8.RuneSelf {
				w = textnorm.Fold(w) // « é » is « e », as in a text without accents
				break
			}
		}
		out = append(out, word{w: strings.ToLower(w), start: i, end: j})
		i = j
	}
	return out
}

// refText is one official text, split into words.
type refText struct {
	name     string // file name under texts/
	ids      []string
	text     string // as written, LF line endings
	words    []word
	optional []bool // per word: may be missing without changing the licence
	appendix []bool // per word: in the advice after the terms (the notice to copy)
	lines    lineIndex
	grams    map[uint64]bool
	gramList []uint64 // the shingle starting at each word
	needed   int      // words that are not optional
}

type refSet struct {
	texts []*refText
	byID  map[string][]*refText
	all   map[uint64][]int // gram -> indexes into texts
}

var seed = maphash.MakeSeed()

// textIDs maps a file of texts/ to the ids it is the official text of.
func textIDs(name string) []string {
	base := strings.TrimSuffix(name, ".txt")
	for _, v := range []string{".fr-md", ".fr", ".en"} {
		base = strings.TrimSuffix(base, v)
	}
	switch base {
	case "GPL-3.0", "LGPL-3.0", "AGPL-3.0", "GPL-2.0", "LGPL-2.1":
		return []string{base, base + "-only", base + "-or-later"}
	}
	return []string{base}
}

// references reads the official texts once.
var references = embedded.Once("license/texts", func() (*refSet, error) {
	rs := &refSet{byID: map[string][]*refText{}, all: map[uint64][]int{}}
	entries, err := officialTexts.ReadDir("texts")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := officialTexts.ReadFile(path.Join("texts", e.Name()))
		if err != nil {
			return nil, err
		}
		r := newRefText(e.Name(), string(b))
		for _, id := range r.ids {
			rs.byID[strings.ToLower(id)] = append(rs.byID[strings.ToLower(id)], r)
		}
		for g := range r.grams {
			rs.all[g] = append(rs.all[g], len(rs.texts))
		}
		rs.texts = append(rs.texts, r)
	}
	return rs, nil
})

// optionalFrom are the headings after which an official text holds only
// advice on applying it (Apache's and the GNU licences' appendix, MPL's and
// EPL's exhibits): a copy without them is the licence.
var optionalFrom = []string{
	"end of terms and conditions",
	"exhibit a source code form license notice",
	"exhibit a form of secondary licenses notice",
}

func newRefText(name, raw string) *refText {
	text := textnorm.UnifyNewlines(raw)
	r := &refText{name: name, ids: textIDs(name), text: text, words: splitWords(text), lines: newLineIndex(text)}
	r.optional = make([]bool, len(r.words))
	r.appendix = make([]bool, len(r.words))
	// The title line, a copyright template line and placeholders such as
	// [year] [fullname] are not the licence's terms.
	lines := strings.Split(text, "\n")
	off := 0
	firstLine := true
	for _, ln := range lines {
		trim := strings.TrimSpace(ln)
		opt := false
		lower := strings.ToLower(trim)
		if firstLine && trim != "" {
			firstLine = false
			opt = len(splitWords(trim)) <= 8
		}
		if strings.HasPrefix(lower, "copyright") && (strings.Contains(lower, "[") || strings.Contains(lower, "<")) || lower == "all rights reserved." {
			opt = true
		}
		if opt {
			markOptional(r, off, off+len(ln))
		}
		off += len(ln) + 1
	}
	for i := 0; i < len(text); i++ {
		if text[i] == '[' || text[i] == '<' {
			if j := strings.IndexAny(text[i:], "]>"); j > 0 && j < 60 {
				markOptional(r, i, i+j)
			}
		}
	}
	joined := make([]string, len(r.words))
	for i, w := range r.words {
		joined[i] = w.w
	}
	all := " " + strings.Join(joined, " ") + " "
	for _, h := range optionalFrom {
		if k := strings.Index(all, " "+h+" "); k >= 0 {
			n := strings.Count(all[:k+1], " ") - 1 // words before the heading
			for i := n; i < len(r.optional); i++ {
				r.optional[i] = true
				r.appendix[i] = true
			}
		}
	}
	r.grams = map[uint64]bool{}
	for i := 0; i+shingle <= len(r.words); i++ {
		g := gramAt(r.words, i)
		r.grams[g] = true
		r.gramList = append(r.gramList, g)
	}
	for _, o := range r.optional {
		if !o {
			r.needed++
		}
	}
	return r
}

func markOptional(r *refText, start, end int) {
	for i, w := range r.words {
		if w.start >= start && w.end <= end {
			r.optional[i] = true
		}
	}
}

func gramAt(ws []word, i int) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, w := range ws[i : i+shingle] {
		h.WriteString(w.w)
		h.WriteByte(' ')
	}
	return h.Sum64()
}

// compareTexts compares text (decoded, as written: passages are quoted
// from it) with the official texts of ids; words are compared without
// case or accents. It returns nil when none of the ids has an official
// text here.
func compareTexts(text string, ids []string) *Fidelity {
	rs, err := references()
	if err != nil {
		return nil // Detect has returned the error (loaded)
	}
	var cands [][]*refText
	var names []string
	for _, id := range ids {
		if refs := rs.byID[strings.ToLower(id)]; len(refs) > 0 {
			cands = append(cands, refs)
			names = append(names, id)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	ws := splitWords(text)
	grams := make([]uint64, 0, len(ws))
	for i := 0; i+shingle <= len(ws); i++ {
		grams = append(grams, gramAt(ws, i))
	}
	// Counted, so that a passage the licence says twice (CeCILL-C's
	// warranty clause in 6.2 and 6.3) is missed when the file says it once.
	fileGrams := make(map[uint64]int, len(grams))
	for _, g := range grams {
		fileGrams[g]++
	}
	covered := make([]bool, len(ws))
	f := &Fidelity{Licences: names, Held: 1}
	notice, notices := false, 0
	lines := newLineIndex(text)
	for _, refs := range cands {
		// The text of the licence that fits best (French or English);
		// a file holding both is covered by both.
		var best *refText
		bestHeld := -1.0
		var bestMiss []bool
		for _, r := range refs {
			miss := make([]bool, len(r.words))
			held, inAppendix := 0, 0
			matched := make([]bool, len(r.gramList))
			used := make(map[uint64]int, len(r.gramList))
			for k, g := range r.gramList {
				if used[g] < fileGrams[g] {
					used[g]++
					matched[k] = true
				}
			}
			for i := range r.words {
				ok := false
				for s := max(0, i-shingle+1); s <= i && s < len(matched); s++ {
					if matched[s] {
						ok = true
						break
					}
				}
				miss[i] = !ok
				if ok && !r.optional[i] {
					held++
				}
				if ok && r.appendix[i] {
					inAppendix++
				}
			}
			share := 1.0
			if r.needed > 0 {
				share = float64(held) / float64(r.needed)
			}
			if share > bestHeld {
				best, bestHeld, bestMiss = r, share, miss
				notice = share < noticeHeld && inAppendix > held
			}
			for i, g := range grams {
				if r.grams[g] {
					for k := i; k < i+shingle; k++ {
						covered[k] = true
					}
				}
			}
		}
		f.Texts = append(f.Texts, best.name)
		f.Held = min(f.Held, round(bestHeld, 4))
		if notice {
			notices++
			continue // what a notice lacks is the licence, not a change
		}
		f.Removed = append(f.Removed, removedHunks(best, bestMiss)...)
	}
	n := 0
	first, last := -1, -1
	for i, c := range covered {
		if c {
			n++
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if len(ws) > 0 {
		f.Coverage = round(float64(n)/float64(len(ws)), 4)
	}
	f.Added = addedHunks(text, ws, covered, first, last, lines)
	f.Verdict = FidelityVerbatim
	harmA, harmR := f.Harmful()
	switch {
	case notices == len(cands) && len(harmA) == 0:
		f.Verdict = FidelityNotice
	case f.Held < minHeld:
		f.Verdict = FidelityIncomplete
	case len(harmA) > 0 || len(harmR) > 0:
		f.Verdict = FidelityModified
	}
	f.Added = capHunks(f.Added)
	f.Removed = capHunks(f.Removed)
	return f
}

// capHunks keeps the harmful hunks first, then the others, up to maxHunks.
func capHunks(hs []Hunk) []Hunk {
	if len(hs) <= maxHunks {
		return hs
	}
	sort.SliceStable(hs, func(i, j int) bool { return len(hs[i].Legal) > 0 && len(hs[j].Legal) == 0 })
	hs = hs[:maxHunks]
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].StartLine < hs[j].StartLine })
	return hs
}

// runs returns the [i, j) stretches of true in flags, joining stretches
// separated by fewer than shingle words (a sentence split by a common
// phrase that happens to be in the licence).
func runs(flags []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(flags); {
		if !flags[i] {
			i++
			continue
		}
		j := i
		for j < len(flags) && flags[j] {
			j++
		}
		if k := len(out) - 1; k >= 0 && i-out[k][1] < shingle {
			out[k][1] = j
		} else {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

func addedHunks(text string, ws []word, covered []bool, first, last int, lines lineIndex) []Hunk {
	unc := make([]bool, len(ws))
	for i := range ws {
		unc[i] = !covered[i]
	}
	// Words of URLs ("why-not-lgpl.html") say nothing of the terms.
	inURL := make([]bool, len(ws))
	for _, m := range urlPattern.FindAllStringIndex(text, -1) {
		k := sort.Search(len(ws), func(k int) bool { return ws[k].start >= m[0] })
		for ; k < len(ws) && ws[k].end <= m[1]; k++ {
			inURL[k] = true
		}
	}
	var out []Hunk
	for _, r := range runs(unc) {
		i, j := r[0], r[1]
		var terms []word
		for k := i; k < j; k++ {
			if !inURL[k] {
				terms = append(terms, ws[k])
			}
		}
		// Rejoined stretches may hold covered words; the quote is the text.
		s := text[ws[i].start:ws[j-1].end]
		h := Hunk{StartLine: lines.at(ws[i].start), EndLine: lines.at(ws[j-1].start), Words: j - i,
			Inside: first >= 0 && i > first && j-1 < last}
		h.Text = quote(s)
		if !harmlessAddition(s) {
			// Around the licence, only words that restrict or except count:
			// "see the LICENSE file, you may also read it at …" is a note.
			// Inside it, any legal word changes the terms.
			if h.Inside {
				h.Legal = legalWords(terms, legalStems)
			} else {
				h.Legal = legalWords(terms, strongStems)
			}
			if len(h.Legal) == 0 && h.Inside && h.Words > maxInsideWords {
				h.Legal = []string{"…"}
			}
		}
		out = append(out, h)
	}
	return out
}

func removedHunks(r *refText, miss []bool) []Hunk {
	need := make([]bool, len(miss))
	for i := range miss {
		need[i] = miss[i] && !r.optional[i]
	}
	var out []Hunk
	for _, rr := range runs(need) {
		i, j := rr[0], rr[1]
		h := Hunk{StartLine: r.lines.at(r.words[i].start), EndLine: r.lines.at(r.words[j-1].start), Words: j - i, Inside: true, Official: r.name}
		h.Text = quote(r.text[r.words[i].start:r.words[j-1].end])
		h.Legal = legalWords(r.words[i:j], legalStems)
		out = append(out, h)
	}
	return out
}

func quote(s string) string { return clip(s, 240, " …") }

// clip folds s onto one line and cuts it at a word boundary within n bytes
// (mid-word when the last boundary is in the first half), marking the cut.
func clip(s string, n int, mark string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		cut := strings.LastIndexByte(s[:n], ' ')
		if cut < n/2 {
			cut = n
		}
		s = strings.ToValidUTF8(s[:cut], "") + mark
	}
	return s
}

var urlPattern = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>()"']+`)

// legalStems are words that give a sentence legal effect: restrictions,
// conditions, grants, negations, fields of use (folded, lower-case; a word
// matches a stem it starts with). Names, dates, titles, URLs and
// "licensed under" lines have none.
var legalStems = []string{
	// English
	"restrict", "prohibit", "forbid", "not", "no", "non", "nor", "never", "except", "unless", "only", "solely",
	"exclusive", "commercial", "military", "weapon", "shall", "must", "may", "grant", "patent",
	"terminat", "revok", "revoc", "condition", "provided", "require", "liab", "warrant", "indemn",
	"royalt", "fee", "permi", "limit", "purpose", "field", "sublicens", "distribut", "modif",
	"waive", "disclaim", "damage", "prior", "written", "consent", "approv",
	// French
	"interdi", "ne", "pas", "sauf", "excep", "uniquement", "seulement", "exclusiv", "commercia",
	"militaire", "arme", "doit", "doivent", "peut", "peuvent", "concede", "concession", "brevet",
	"resili", "condition", "reserv", "garanti", "responsab", "redevance", "autoris", "limit",
	"finalit", "usage", "utilis", "interdit", "aucun", "prealable", "accord", "restrein",
}

// strongStems restrict, except or negate: the words that make a sentence
// added around a licence a change of its terms.
var strongStems = []string{
	"restrict", "prohibit", "forbid", "not", "no", "non", "nor", "never", "except", "unless", "only", "solely",
	"exclusive", "commercial", "military", "weapon", "patent", "terminat", "revok", "revoc",
	"interdi", "ne", "pas", "sauf", "excep", "uniquement", "seulement", "exclusiv", "commercia",
	"militaire", "arme", "brevet", "resili", "aucun", "restrein", "must", "shall", "doit", "doivent",
	// fields of use: "reserved to", "for personal use", "internal use"
	"reserv", "purpose", "personal", "internal", "academic", "educational", "evaluation", "interne", "finalit",
}

// legalExact are short stems that must match a whole word.
var legalExact = map[string]bool{"not": true, "no": true, "non": true, "nor": true, "ne": true, "pas": true, "may": true, "fee": true, "arme": true, "n": true, "never": true, "only": true, "must": true, "shall": true}

func legalWords(ws []word, stems []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range ws {
		for _, s := range stems {
			if legalExact[s] {
				if w.w != s {
					continue
				}
			} else if !strings.HasPrefix(w.w, s) {
				continue
			}
			if !seen[w.w] {
				seen[w.w] = true
				out = append(out, w.w)
			}
			break
		}
	}
	return out
}

// harmlessAddition: lines that do not change what a licence grants:
// copyright and authorship lines, SPDX tags, URLs and e-mail addresses,
// "licensed under …" headers and "the full text is in …" notes.
func harmlessAddition(s string) bool {
	for _, ln := range strings.Split(s, "\n") {
		if !harmlessLine(ln) {
			return false
		}
	}
	return true
}

func harmlessLine(ln string) bool {
	l := strings.ToLower(textnorm.Fold(strings.TrimSpace(ln)))
	l = strings.Trim(l, "#*-=_>|/ \t")
	if l == "" {
		return true
	}
	switch {
	case strings.HasPrefix(l, "copyright"), strings.HasPrefix(l, "(c)"), strings.HasPrefix(l, "©"),
		strings.HasPrefix(l, "spdx-"), strings.HasPrefix(l, "all rights reserved"),
		strings.HasPrefix(l, "tous droits reserves"), strings.HasPrefix(l, "author"), strings.HasPrefix(l, "auteur"),
		strings.HasPrefix(l, "contributor"), strings.HasPrefix(l, "contributeur"):
		return !hasAny(l, " except", " sauf", "commerci", "interdi", "prohibit", "restrict")
	}
	// A line that is only URLs, addresses and punctuation.
	rest := l
	for _, f := range strings.Fields(l) {
		if strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.Contains(f, "@") {
			rest = strings.Replace(rest, f, "", 1)
		}
	}
	return len(splitWords(rest)) == 0
}

func hasAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// bestReference finds the official text an unrecognised file holds most
// of (a cut licence licensecheck no longer names); "" when the file is not
// mostly one licence's words.
func bestReference(text string) (id string, share float64) {
	rs, err := references()
	if err != nil {
		return "", 0 // Detect has returned the error (loaded)
	}
	ws := splitWords(text)
	if len(ws) < 40 {
		return "", 0
	}
	count := make([]int, len(rs.texts))
	total := 0
	for i := 0; i+shingle <= len(ws); i++ {
		total++
		seen := map[int]bool{}
		for _, k := range rs.all[gramAt(ws, i)] {
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	best := -1
	for k, c := range count {
		if best < 0 || c > count[best] {
			best = k
		}
	}
	if best < 0 || total == 0 {
		return "", 0
	}
	share = float64(count[best]) / float64(total)
	if share < 0.5 {
		return "", 0
	}
	ids := rs.texts[best].ids
	// The GNU texts stand for -only, as a bare text does (gnuVersions).
	if len(ids) == 3 {
		return ids[1], share
	}
	return ids[0], share
}

// Unsettled reports whether the expression rests on a licence file that
// is not the official text (modified or incomplete): the expression names
// what the file claims to be, which a person must confirm before anything
// is written from it (SPDX headers, publiccode.yml).
func (r *Report) Unsettled() bool {
	for _, p := range r.Basis {
		for _, f := range r.Files {
			if f.Path != p || f.Fidelity == nil {
				continue
			}
			if v := f.Fidelity.Verdict; v == FidelityModified || v == FidelityIncomplete {
				return true
			}
		}
	}
	return false
}
