package license

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"

	"github.com/ouvert-dev/ouvert/internal/embedded"
	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/rules"
)

//go:generate go run ./internal/gen -src texts -out patterns.gen.txt

// patternsGen holds the segment patterns of the French texts and of the
// CeCILL revisions licensecheck lacks (see internal/gen).
//
//go:embed patterns.gen.txt
var patternsGen string

const segPrefix = "ouvert-seg-"

type patterns struct {
	segs     map[string][]string // synthetic licensecheck id -> licences sharing the segment
	refWords map[string]int      // licence -> words of its shortest reference text
	lres     []licensecheck.License
}

func parsePatterns(data string) (*patterns, error) {
	p := &patterns{segs: map[string][]string{}, refWords: map[string]int{}}
	var cur *licensecheck.License
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.LRE = body.String()
			p.lres = append(p.lres, *cur)
			cur = nil
		}
		body.Reset()
	}
	for n, line := range strings.Split(data, "\n") {
		switch {
		case strings.HasPrefix(line, "%% ref "):
			f := strings.Fields(line[len("%% ref "):])
			if len(f) != 2 {
				return nil, fmt.Errorf("patterns line %d: bad ref", n+1)
			}
			words, err := strconv.Atoi(f[1])
			if err != nil || words <= 0 {
				return nil, fmt.Errorf("patterns line %d: bad ref", n+1)
			}
			p.refWords[f[0]] = words
		case strings.HasPrefix(line, "%% seg "):
			flush()
			id := segPrefix + strconv.Itoa(len(p.lres))
			p.segs[id] = strings.Fields(line[len("%% seg "):])
			cur = &licensecheck.License{ID: id}
		case strings.HasPrefix(line, "%"):
		default:
			if cur == nil {
				if strings.TrimSpace(line) != "" {
					return nil, fmt.Errorf("patterns line %d: text outside a segment", n+1)
				}
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	for id, ids := range p.segs {
		for _, l := range ids {
			if p.refWords[l] == 0 {
				return nil, fmt.Errorf("patterns: %s names %s, which has no ref line", id, l)
			}
		}
	}
	if len(p.lres) == 0 {
		return nil, fmt.Errorf("patterns: no segments")
	}
	return p, nil
}

// matcher is a licensecheck scanner and what its synthetic ids mean.
type matcher struct {
	sc  *licensecheck.Scanner
	pat *patterns
}

// Two scanners, because building licensecheck's DFA is the whole cost of
// detection: the full builtin set takes over a second, while the licences
// of the list, their older versions and a few common others build in a
// sixth of that (0.2 s against 1.3 s on a 2-core test machine). The full set is built only when a licence file holds
// licence-like text the core set leaves unexplained.
var coreBuildDur, fullBuildDur atomic.Int64 // nanoseconds; read by BuildTimes

// coreExtra are common licences outside licences.yaml worth naming without
// the full set. The Creative Commons 4.0 family and CC0 license the
// documentation and content repositories of administrations: without
// them one such file built the full set, 1.3 s and 100 MiB of a scan that
// otherwise takes 0.3 s and 50 MiB (betagouv/beta.gouv.fr's tree); in the
// core set they cost nothing measurable.
var coreExtra = map[string]bool{"CC-BY-SA-3.0": true, "CC-BY-3.0": true, "Artistic-2.0": true, "OFL-1.1": true,
	"CC-BY-4.0": true, "CC-BY-SA-4.0": true, "CC-BY-NC-4.0": true, "CC-BY-NC-SA-4.0": true, "CC-BY-ND-4.0": true,
	"CC-BY-NC-ND-4.0": true, "CC0-1.0": true}

var loadPatterns = embedded.Once("license/patterns.gen.txt", func() (*patterns, error) { return parsePatterns(patternsGen) })

var coreMatcher = sync.OnceValues(func() (*matcher, error) {
	list, err := rules.LoadLicences()
	if err != nil {
		return nil, err
	}
	return buildMatcher(func(id string) bool {
		if _, ok := list.Lookup(id); ok || coreExtra[id] {
			return true
		}
		// Every GNU text and notice, so the version question is answered
		// without the full set.
		return strings.HasPrefix(id, "GPL-") || strings.HasPrefix(id, "LGPL-") || strings.HasPrefix(id, "AGPL-")
	}, &coreBuildDur)
})

var fullMatcher = sync.OnceValues(func() (*matcher, error) {
	return buildMatcher(func(string) bool { return true }, &fullBuildDur)
})

func buildMatcher(keep func(string) bool, dur *atomic.Int64) (*matcher, error) {
	start := time.Now()
	pat, err := loadPatterns()
	if err != nil {
		return nil, err
	}
	var lics []licensecheck.License
	for _, l := range licensecheck.BuiltinLicenses() {
		if keep(l.ID) {
			// The scanned text is folded (see textnorm), so the patterns
			// must be too: builtin LREs keep accents like "être".
			l.LRE = textnorm.Fold(l.LRE)
			lics = append(lics, l)
		}
	}
	for _, l := range extraURLs() {
		if keep(l.ID) {
			lics = append(lics, l)
		}
	}
	lics = append(lics, pat.lres...)
	sc, err := licensecheck.NewScanner(lics)
	if err != nil {
		return nil, fmt.Errorf("license: building the scanner: %w", err)
	}
	dur.Store(int64(time.Since(start)))
	return &matcher{sc: sc, pat: pat}, nil
}

// Prepare starts building the core scanner in the background, so that a
// caller that knows it will detect can overlap the build with other work.
func Prepare() { go func() { _, _ = coreMatcher() }() }

// BuildTimes reports how long the scanners took to build (zero if not
// built), for diagnostics and benchmarks.
func BuildTimes() (core, full time.Duration) {
	return time.Duration(coreBuildDur.Load()), time.Duration(fullBuildDur.Load())
}

// hit is one licensecheck match, in the folded text.
type hit struct {
	start, end int
	lcID       string   // licensecheck's id (a segment id for generated patterns)
	ids        []string // licences the hit can belong to
	segment    bool     // a segment of a generated pattern, not a whole licence
	url        bool
	words      int
	claim      string // the licence the hit was resolved to, "" if none
}

// analysis is what one scanned text says.
type analysis struct {
	words   int
	covered int
	hits    []hit
	ids     []string   // licences found, ordered
	ambig   [][]string // groups of licences the hits could not tell apart
}

func (a *analysis) coverage() float64 {
	if a.words == 0 {
		return 0
	}
	return min(1, float64(a.covered)/float64(a.words))
}

// minShare is how much of a licence's reference text its segments must
// cover before the licence is reported: a paragraph quoted in a README is
// not a licence.
const minShare = 0.25

// analyse scans folded text with the core scanner, and with the full one
// too when tryFull is set and core leaves licence-like text unexplained.
func analyse(text string, tryFull bool) (*analysis, error) {
	m, err := coreMatcher()
	if err != nil {
		return nil, err
	}
	a := m.analyse(text)
	if tryFull && unexplained(text, a) {
		fm, err := fullMatcher()
		if err != nil {
			return nil, err
		}
		a = fm.analyse(text)
	}
	return a, nil
}

func (m *matcher) analyse(text string) *analysis {
	cov := m.sc.Scan([]byte(text))
	a := &analysis{words: countWords(text)}
	last := 0
	for _, lm := range cov.Match {
		// licensecheck widens matches to whole lines, so two matches can
		// share a line; count its words once.
		start := max(lm.Start, last)
		end := max(lm.End, start)
		last = end
		h := hit{start: start, end: end, lcID: lm.ID, url: lm.IsURL, words: countWords(text[start:end])}
		if segs, ok := m.pat.segs[lm.ID]; ok {
			h.ids, h.segment = segs, true
		} else {
			h.ids = []string{lm.ID}
		}
		a.covered += h.words
		a.hits = append(a.hits, h)
	}
	m.resolve(a)
	return a
}

// resolve decides which licences the hits make up. Segments shared by
// several CeCILL versions vote for all of them, so the licence that
// explains the most matched words wins and takes its hits; what is left is
// resolved again (two licences in one file). A segment-only licence must
// cover minShare of its text; a whole-licence pattern counts at once.
func (m *matcher) resolve(a *analysis) {
	pool := make([]int, 0, len(a.hits))
	for i, h := range a.hits {
		if !h.url {
			pool = append(pool, i)
		}
	}
	for len(pool) > 0 {
		score := map[string]int{}
		whole := map[string]bool{}
		for _, i := range pool {
			h := a.hits[i]
			for _, id := range h.ids {
				score[id] += h.words
				if !h.segment {
					whole[id] = true
				}
			}
		}
		var best []string
		bestScore := -1
		for id, s := range score {
			if !whole[id] && float64(s) < minShare*float64(m.pat.refWords[id]) {
				continue
			}
			switch {
			case s > bestScore:
				best, bestScore = []string{id}, s
			case s == bestScore:
				best = append(best, id)
			}
		}
		if len(best) == 0 {
			return
		}
		sort.Strings(best)
		claim := best[0]
		if len(best) > 1 {
			a.ambig = append(a.ambig, best)
			claim = ""
		} else {
			a.ids = append(a.ids, claim)
		}
		rest := pool[:0]
		for _, i := range pool {
			if containsAny(a.hits[i].ids, best) {
				a.hits[i].claim = claim
				continue
			}
			rest = append(rest, i)
		}
		pool = rest
	}
}

func containsAny(list, want []string) bool {
	for _, x := range list {
		for _, w := range want {
			if x == w {
				return true
			}
		}
	}
	return false
}

// legalTerms are words licence texts are made of and prose rarely uses
// together; finding several outside the matches suggests a licence the core
// set does not know.
var legalTerms = map[string]bool{
	"warranty": true, "warranties": true, "liability": true, "liable": true,
	"merchantability": true, "infringement": true, "sublicense": true,
	"redistribution": true, "redistributions": true, "redistribute": true,
	"licensor": true, "licensee": true, "permission": true, "damages": true,
	"fitness": true, "disclaimer": true, "notwithstanding": true, "hereby": true,
	"garantie": true, "responsabilite": true, "concedant": true, "licencie": true,
	"redistribuer": true, "dommages": true, "contrat": true, "stipulations": true,
}

const (
	unexplainedWords = 40
	unexplainedTerms = 4
	unexplainedShare = 0.3
)

func unexplained(text string, a *analysis) bool {
	left := a.words - a.covered
	// A damaged copy of a known licence leaves a few paragraphs unmatched;
	// the full set would not explain them either.
	if left < unexplainedWords || len(a.ids) > 0 && float64(left) < unexplainedShare*float64(a.words) {
		return false
	}
	terms := map[string]bool{}
	last := 0
	check := func(s string) {
		for _, w := range strings.FieldsFunc(s, notWordRune) {
			if w = strings.ToLower(w); legalTerms[w] {
				terms[w] = true
			}
		}
	}
	for _, h := range a.hits {
		if h.start > last {
			check(text[last:h.start])
		}
		last = max(last, h.end)
	}
	check(text[last:])
	return len(terms) >= unexplainedTerms
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// countWords counts words as licensecheck splits them: runs of letters and
// digits.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		var word bool
		if c < utf8.RuneSelf {
			word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
			i += size
		}
		if word && !in {
			n++
		}
		in = word
	}
	return n
}
