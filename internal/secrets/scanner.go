// Package secrets is the secret detection engine: a library over bytes that
// finds credentials (secrets/<kind>) and sensitive data (sensitive/<kind>) in
// the content of one file. Patterns are data (rules/secrets.yaml); one pass of
// an Aho–Corasick keyword prefilter decides which regexes run, and only on the
// lines (or, on very long lines, the windows) around the keyword hits, so a
// scan stays linear in the size of the content.
//
// No API returns a secret in clear: a Finding carries a redacted evidence and
// a keyed, stretched fingerprint of the rule and the value (redact.go).
package secrets

import (
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/sniff"
	"github.com/ouvert-dev/ouvert/rules"
)

// Options tunes a Scanner.
type Options struct {
	// DisableSensitive drops the sensitive/<kind> rules (IBAN, NIR, private
	// addresses, agents' e-mail addresses).
	DisableSensitive bool
	// Redact is how much evidence shows (finding.RedactPartial when "").
	Redact finding.Redaction
	// Fingerprints fills Finding.Fingerprint. Each distinct value costs one
	// argon2id stretch (milliseconds), so a caller that does not read them
	// (a test over thousands of generated values) leaves it off.
	Fingerprints bool
	// FingerprintKey keys the fingerprints (finding.SecretFingerprint);
	// nil means no key. The key itself is never reported as a secret.
	FingerprintKey []byte
	// Custom are the team's own formats (.ouvert.yml secrets.patterns),
	// reported as CustomRule with their name.
	Custom []Custom
}

// Finding is one secret or sensitive value found in the content.
type Finding struct {
	Rule          string // "secrets/github-token", "sensitive/iban"
	Line, EndLine int    // 1-based in the content given
	Column        int    // 1-based byte column of the value's start
	Evidence      string // redacted (see Redaction)
	Fingerprint   string // finding.SecretFingerprint(key, rule, value) with Options.Fingerprints, else ""
	// Confidence is High, Medium or Low (see judge); Reason says why a
	// low one is low (ReasonTest, ReasonDevDefault…), "" otherwise.
	Confidence, Reason string
	// Encoding is EncodingBase64 when the value was found in the text a
	// base64 blob decodes to; the place is then the blob's.
	Encoding string
	// Pattern is the name of the custom pattern (Options.Custom) that
	// found the value, "" for the embedded ones.
	Pattern string
}

// Result is what Scan found in one content.
type Result struct {
	Findings []Finding
	// Skipped is "" or why the content was not scanned: "binary",
	// "lockfile", "minified", "vendored".
	Skipped string
}

// Limits of the scan.
const (
	maxLineLen    = 4 << 10  // longer lines are "long": no generic rule, windows only
	windowRadius  = 512      // bytes either side of a keyword on a long line
	multilineSpan = 32 << 10 // bytes after a keyword that multiline patterns see
	// contextSlack: on a long line, a pattern whose longest match is
	// known looks that far and this much more either side of a keyword,
	// enough for the key next to its value (minified code writes
	// accountSid:"AC…"); a keyword inside the match needs no more.
	contextSlack = 64
)

type pattern struct {
	*rules.SecretPattern
	secret, key, quote int // submatch indexes; key and quote are -1 when absent
	sensitive          bool
	name               string // a custom pattern's name (Options.Custom)
	// anchored is the regex of a generic pattern matched at one start
	// only (see starts); quick is how much text it is first given.
	anchored *regexp.Regexp
	quick    int
	// gate is the part of the anchored regex before the secret (the key
	// and the separator): a smaller program, tried first, that most
	// starts fail. It is given only the run of bytes it can match
	// (gateSet), so that the matcher's cost follows the key, not the line.
	gate    *regexp.Regexp
	gateSet *[256]bool
	// reach is how far from a keyword a match is looked for on a long
	// line. A window is given to the regex only when it can hold a match:
	// it holds the literals every match holds (lits), and a run of at
	// least runMin bytes that the secret can be made of (run; nil when
	// that says nothing).
	reach  int
	lits   []literal
	run    *[256]bool
	runMin int
}

type compiled struct {
	pats   []*pattern
	m      *matcher
	kwPats [][]int // keyword index -> pattern indexes
	// joinable: keyword index -> whether a structural pattern has it,
	// so that a literal chain holding it is worth joining (layouts.go)
	joinable []bool
	ids      []string
}

// compile builds the matcher over the embedded patterns once.
var compile = sync.OnceValues(func() (*compiled, error) {
	l, err := rules.SecretPatterns()
	if err != nil {
		return nil, err
	}
	return build(l.Patterns, nil)
})

// build compiles a set of patterns; names gives the team's name of each
// custom pattern (Options.Custom).
func build(list []*rules.SecretPattern, names map[*rules.SecretPattern]string) (*compiled, error) {
	c := &compiled{}
	kwIndex := map[string]int{}
	var keywords []string
	seen := map[string]bool{}
	for _, sp := range list {
		re := sp.Compiled
		p := &pattern{SecretPattern: sp, secret: 1, key: re.SubexpIndex("key"), quote: re.SubexpIndex("q"),
			sensitive: strings.HasPrefix(sp.ID, "sensitive/"), name: names[sp]}
		if i := re.SubexpIndex("secret"); i > 0 {
			p.secret = i
		}
		if sp.Generic {
			expr := `^(?:` + re.String() + `)`
			var err error
			if p.anchored, err = regexp.Compile(expr); err != nil {
				return nil, fmt.Errorf("secrets: %s: %w", sp.ID, err)
			}
			p.quick = backtrackLen(expr)
			p.gate, p.gateSet = gateOf(re.String(), p.secret)
		}
		p.reach = windowRadius
		if tree, err := syntax.Parse(re.String(), syntax.Perl); err == nil {
			if n := maxLen(tree); n != unbounded {
				p.reach = min(windowRadius, n+contextSlack)
			}
			p.lits = requiredLiterals(tree, 3)
			if c := capture(tree, p.secret); c != nil && minLen(c) >= 8 {
				var set [256]bool
				alphabet(c, &set)
				n := 0
				for _, ok := range set[:128] {
					if ok {
						n++
					}
				}
				if n <= 64 {
					p.run, p.runMin = &set, minLen(c)
				}
			}
		}
		pi := len(c.pats)
		c.pats = append(c.pats, p)
		for _, k := range sp.Keywords {
			ki, ok := kwIndex[k]
			if !ok {
				ki = len(keywords)
				kwIndex[k] = ki
				keywords = append(keywords, k)
				c.kwPats = append(c.kwPats, nil)
			}
			c.kwPats[ki] = append(c.kwPats[ki], pi)
		}
		if !seen[sp.ID] {
			seen[sp.ID] = true
			c.ids = append(c.ids, sp.ID)
		}
	}
	c.m = newMatcher(keywords)
	c.joinable = make([]bool, len(keywords))
	for ki, pis := range c.kwPats {
		for _, pi := range pis {
			p := c.pats[pi]
			c.joinable[ki] = c.joinable[ki] || !p.Generic && !p.Multiline
		}
	}
	for _, id := range []string{CustomRule, DumpRule} {
		if !seen[id] {
			c.ids = append(c.ids, id)
		}
	}
	sort.Strings(c.ids)
	return c, nil
}

// Scanner scans contents; it is safe for concurrent use.
type Scanner struct {
	c    *compiled
	opts Options
	fps  *fingerprints
	// scratch holds *scratch values, reused from one Scan to the next.
	scratch *sync.Pool
}

// scratch is one Scan's windows and starts per pattern. Made anew for
// each content, the two tables (a slice header per pattern) were most of
// what a tree scan allocated: 19 MB for beta.gouv.fr's 5,366 files.
type scratch struct {
	wins   [][]window
	starts [][]startRange
}

// maxScratch bounds the windows or starts a pooled scratch keeps per
// pattern: a long content's are dropped, not held for the next one.
const maxScratch = 1024

// New returns a Scanner; the embedded patterns are compiled once per process.
func New(opts Options) (*Scanner, error) {
	c, err := compile()
	if err != nil {
		return nil, err
	}
	if err := opts.Redact.Valid(); err != nil {
		return nil, err
	}
	if len(opts.Custom) > 0 {
		// A team's own patterns join the embedded ones in one prefilter:
		// the content is still read once.
		embedded, err := rules.SecretPatterns()
		if err != nil {
			return nil, err
		}
		list := append([]*rules.SecretPattern(nil), embedded.Patterns...)
		names := map[*rules.SecretPattern]string{}
		for _, cp := range opts.Custom {
			sp, err := CompileCustom(cp)
			if err != nil {
				return nil, fmt.Errorf("secrets: custom pattern %s: %w", cp.Name, err)
			}
			names[sp] = cp.Name
			list = append(list, sp)
		}
		if c, err = build(list, names); err != nil {
			return nil, err
		}
	}
	n := len(c.pats)
	pool := &sync.Pool{New: func() any {
		return &scratch{wins: make([][]window, n), starts: make([][]startRange, n)}
	}}
	return &Scanner{c: c, opts: opts, fps: newFingerprints(opts.FingerprintKey), scratch: pool}, nil
}

// Rules returns every rule id the scanner may emit, sorted.
func (s *Scanner) Rules() []string {
	var out []string
	for _, id := range s.c.ids {
		if s.opts.DisableSensitive && strings.HasPrefix(id, "sensitive/") {
			continue
		}
		out = append(out, id)
	}
	return out
}

// Skip returns why a file is never scanned, from its path alone, or "":
// a format that is always binary ("binary", sniff.BinaryName), a lockfile,
// a vendored directory, a source map ("minified"). Readers use it to
// leave such files unread; Scan says the same once it has the content.
func (s *Scanner) Skip(path string) string {
	if sniff.BinaryName(path) {
		return "binary"
	}
	return classify(path).skip
}

type window struct{ start, end int }

// match is a candidate before redaction; value stays inside this package.
type match struct {
	p          *pattern
	start, end int // the secret's span in the content
	value      string
	near       int // bytes between the value and its closest context word
	conf       string
	reason     string
	encoding   string // "base64": value decoded from the blob at start:end
}

// Scan scans one content; path (slash-separated) gives the context: file
// kind, lockfiles, vendored directories, test fixtures.
//
// Text in UTF-16 with its byte-order mark (as Windows editors and
// PowerShell write it) is decoded first: lines and columns are then those
// of the decoded text.
func (s *Scanner) Scan(path string, content []byte) Result {
	if m, ok := byName(path, content); ok {
		return Result{Findings: s.finish(content, []match{m})}
	}
	if utf16BOM(content) {
		t, _ := document.DecodeBytes(content)
		content = []byte(t)
	}
	if sniff.Binary(content) {
		return Result{Skipped: "binary"}
	}
	fc := classify(path)
	if fc.skip != "" {
		return Result{Skipped: fc.skip}
	}
	ms := s.matches(content, fc)
	if !fc.minified {
		ms = s.decoded(content, fc, ms)
	}
	if !fc.fixture {
		ms = append(ms, s.dump(path, content, fc)...)
	}
	return Result{Findings: s.finish(content, ms)}
}

// matches runs the patterns over one text.
func (s *Scanner) matches(content []byte, fc fileClass) []match {
	sc := s.scratch.Get().(*scratch)
	defer s.scratch.Put(sc)
	wins, starts := sc.wins, sc.starts
	defer func() {
		for i := range wins {
			if cap(wins[i]) > maxScratch {
				wins[i] = nil
			}
			wins[i] = wins[i][:0]
			if cap(starts[i]) > maxScratch {
				starts[i] = nil
			}
			starts[i] = starts[i][:0]
		}
	}()
	if fc.notebook {
		content = unescapeJSON(content)
	}
	ends := &lineEnds{b: content, next: -1}
	var joins []int
	s.c.m.scan(content, func(kw, at, ls int) {
		if (fc.kind == kindCode || fc.notebook) && s.c.joinable[kw] && len(joins) < maxJoins {
			joins = append(joins, at)
		}
		for _, pi := range s.c.kwPats[kw] {
			p := s.c.pats[pi]
			if !s.applies(p, fc) {
				continue
			}
			if p.anchored != nil {
				if r, ok := startsFor(content, at, ls, ends); ok {
					if fc.yaml {
						r.lineEnd = blockScalar(content, r.lineEnd)
					}
					r.lineEnd = envPair(content, ls, r.lineEnd) // also in Helm templates (.gotmpl, .tpl)
					starts[pi] = addStarts(starts[pi], r)
				}
				continue
			}
			w := windowFor(content, at, ls, ends, p)
			ws := wins[pi]
			if n := len(ws); n > 0 && w.start < ws[n-1].end {
				if w.end > ws[n-1].end {
					ws[n-1].end = w.end
				}
				continue
			}
			wins[pi] = append(ws, w)
		}
	})
	var ms []match
	for pi, ws := range wins {
		p := s.c.pats[pi]
		for _, w := range ws {
			if !p.holds(content[w.start:w.end]) {
				continue
			}
			for _, sm := range p.Compiled.FindAllSubmatchIndex(content[w.start:w.end], -1) {
				if m, ok := s.candidate(content, p, w.start, sm, fc); ok {
					ms = append(ms, m)
				}
			}
		}
	}
	for pi, rs := range starts {
		p := s.c.pats[pi]
		for _, r := range rs {
			for at := r.from; at <= r.to; at++ {
				sm := p.matchAt(content, at, min(r.lineEnd, at+genericReach))
				if sm == nil {
					continue
				}
				if m, ok := s.candidate(content, p, at, sm, fc); ok {
					ms = append(ms, m)
				}
				at += max(0, sm[1]-1) // matches do not overlap, as with FindAll
			}
		}
	}
	ms = append(ms, s.joined(content, joins, fc)...)
	return ms
}

// utf16BOM reports content that starts with a UTF-16 byte-order mark.
func utf16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// candidate turns a regex match at offset off of the content into a
// match, or says why not (a filter, a missing context word, an ignore
// marker).
func (s *Scanner) candidate(content []byte, p *pattern, off int, sm []int, fc fileClass) (match, bool) {
	a, b := sm[2*p.secret], sm[2*p.secret+1]
	if a < 0 {
		return match{}, false
	}
	m := match{p: p, start: off + a, end: off + b, value: string(content[off+a : off+b])}
	var key string
	quoted := true
	if p.key > 0 && sm[2*p.key] >= 0 {
		ks := off + sm[2*p.key]
		key = string(content[ks : off+sm[2*p.key+1]])
		if ks > 0 && (content[ks-1] == '?' || content[ks-1] == '&') && badgeLine(content, ks) {
			return match{}, false // a public badge token in a URL (codecov, …)
		}
		if ke := off + sm[2*p.key+1]; attrValue(content, ks, ke) {
			return match{}, false // <rng:value type="token">File</rng:value>: an element's text after an attribute
		}
	}
	if p.quote > 0 {
		quoted = sm[2*p.quote+1] > sm[2*p.quote]
	}
	if p.Generic && p.key > 0 && sm[2*p.key] >= 0 {
		// A URL's query parameter: its value ends at the next one
		// (token_auth=anonymous&period=day).
		ks := off + sm[2*p.key]
		if i := strings.IndexByte(m.value, '&'); i >= 0 && ks > 0 && (content[ks-1] == '?' || content[ks-1] == '&') {
			m.value, m.end = m.value[:i], m.start+i
		}
	}
	if !accept(p, m.value, key, quoted, content[m.end:min(len(content), m.end+256)], fc) {
		return match{}, false
	}
	if p.sensitive && notSensitive(p.ID, m.value, content, m.start, fc) {
		return match{}, false
	}
	if len(p.Context) > 0 {
		if m.near = contextDistance(content, m.start, m.end, p.Context); m.near < 0 {
			return match{}, false
		}
	}
	if ignored(content, m.start, p.ID) {
		return match{}, false
	}
	judge(content, p, &m, key, sm, off, fc)
	return m, true
}

func (s *Scanner) applies(p *pattern, fc fileClass) bool {
	if p.sensitive && (s.opts.DisableSensitive || fc.fixture) {
		return false
	}
	// Generic rules run in test fixtures too: judge lowers what they find
	// there (reason test), so that it shows as a note instead of vanishing.
	if p.Generic && (fc.minified || fc.noAssign) {
		return false
	}
	switch p.Files {
	case "config":
		return fc.kind == kindConfig || fc.kind == kindNetrc
	case "code":
		return fc.kind == kindCode
	case "netrc":
		return fc.kind == kindNetrc
	case "pgpass":
		return fc.kind == kindPgpass
	case "htpasswd":
		return fc.kind == kindHtpasswd
	}
	return true
}

// lineEnds finds line ends forward from a keyword hit, remembering the last
// one, so that a 5 MB line is searched once, not once per hit.
type lineEnds struct {
	b    []byte
	next int // offset of the newline ending the current line, or len(b)
}

func (l *lineEnds) at(pos int) int {
	if l.next >= pos {
		return l.next
	}
	if i := bytes.IndexByte(l.b[pos:], '\n'); i >= 0 {
		l.next = pos + i
	} else {
		l.next = len(l.b)
	}
	return l.next
}

// windowFor is the span a pattern's regex runs on for a keyword at `at` on
// the line starting at ls: the line, a bounded window of a long line, or the
// lines after it for multiline patterns.
func windowFor(b []byte, at, ls int, ends *lineEnds, p *pattern) window {
	if p.Multiline {
		return window{max(ls, at-windowRadius), min(len(b), at+multilineSpan)}
	}
	le := ends.at(at)
	if le-ls > maxLineLen {
		return window{max(ls, at-p.reach), min(le, at+p.reach)}
	}
	return window{ls, le}
}

// holds reports whether a window can hold a match of p: cheap necessary
// conditions, checked at the speed of memory, that spare the regex most
// windows of generated content.
func (p *pattern) holds(w []byte) bool {
	for _, l := range p.lits {
		if !l.in(w) {
			return false
		}
	}
	if p.run != nil {
		n := 0
		for _, c := range w {
			if !p.run[c] {
				n = 0
			} else if n++; n >= p.runMin {
				return true
			}
		}
		return false
	}
	return true
}

// in reports whether w holds the literal.
func (l literal) in(w []byte) bool {
	if !l.fold {
		return bytes.Contains(w, l.b)
	}
	// Look for both cases of the first byte, compare the rest folded.
	first := l.b[0]
	for i := 0; i+len(l.b) <= len(w); {
		j := indexEither(w[i:len(w)-len(l.b)+1], first, upper(first))
		if j < 0 {
			return false
		}
		i += j
		if equalFold(w[i:i+len(l.b)], l.b) {
			return true
		}
		i++
	}
	return false
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// indexEither is the first offset of a or b in w, or -1.
func indexEither(w []byte, a, b byte) int {
	i := bytes.IndexByte(w, a)
	if a == b {
		return i
	}
	end := len(w)
	if i >= 0 {
		end = i
	}
	if j := bytes.IndexByte(w[:end], b); j >= 0 {
		return j
	}
	return i
}

// equalFold compares w with a lowercase ASCII literal, ignoring case.
func equalFold(w, lit []byte) bool {
	for k := range lit {
		if lower(w[k]) != lit[k] {
			return false
		}
	}
	return true
}

// startRange is where a generic pattern's match may start for a keyword
// hit: from the start of the word holding the keyword to the keyword, on
// a line that ends at lineEnd.
type startRange struct{ from, to, lineEnd int }

// genericReach bounds a generic match (a key, a separator and a value of
// at most a few hundred bytes): the anchored regex sees no more of the
// line, which keeps Go's backtracking matcher, linear in that length,
// rather than its slower NFA.
const genericReach = 1024

// matchAt is p.anchored's match at b[at:end], found at a cost that
// follows the match attempt rather than the text: the gate first, on the
// bytes it can match; then the regex on the text its backtracking matcher
// takes, and on the whole text only when that match reaches the cut.
func (p *pattern) matchAt(b []byte, at, end int) []int {
	if p.gate != nil {
		g := at
		for g < end && p.gateSet[b[g]] {
			g++
		}
		if !p.gate.Match(b[at:g]) {
			return nil
		}
	}
	quick := min(end, at+p.quick)
	sm := p.anchored.FindSubmatchIndex(b[at:quick])
	if sm != nil && at+sm[1] == quick && quick < end {
		sm = p.anchored.FindSubmatchIndex(b[at:end])
	}
	return sm
}

// backtrackLen is the longest text Go's regexp runs expr on with its
// backtracking matcher (256 Kibit of visited states over the program's
// instructions, for programs of at most 500) rather than its NFA,
// several times slower. A match attempt
// first gets that much text; a match that ends at the end of it is tried
// again on the whole reach, so the result is the same as on the whole
// reach: the attempt's paths differ only where they read past the cut,
// and there they can only fail or end at the cut.
func backtrackLen(expr string) int {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return genericReach
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil || len(prog.Inst) == 0 {
		return genericReach
	}
	if len(prog.Inst) > 500 {
		return genericReach // Go runs its NFA whatever the length
	}
	return max(64, min(genericReach, 256*1024/len(prog.Inst)-1))
}

// gateOf is the anchored regex of what a match holds before the group
// secret, when the regex is a sequence whose first parts do not hold it:
// a match at a start implies a match of the gate there.
func gateOf(expr string, secret int) (*regexp.Regexp, *[256]bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat {
		return nil, nil
	}
	k := 0
	for k < len(re.Sub) && capture(re.Sub[k], secret) == nil {
		k++
	}
	if k == 0 || k == len(re.Sub) {
		return nil, nil
	}
	prefix := &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: re.Sub[:k]}
	g, err := regexp.Compile(`^(?:` + prefix.String() + `)`)
	if err != nil {
		return nil, nil
	}
	var set [256]bool
	alphabet(prefix, &set)
	return g, &set
}

// startsFor gives the starts to try for a generic pattern. Generic regexes
// open with the key that holds the keyword: a match that concerns this hit
// starts in the word holding it, at or before the keyword; one that
// starts further on holds another keyword, whose own hit tries it. Each
// start is tried with the regex anchored there, so the cost of a hit is
// the length of one match attempt, not the rest of the line. Long lines
// (minified code) get no generic rule.
func startsFor(b []byte, at, ls int, ends *lineEnds) (startRange, bool) {
	le := ends.at(at)
	if le-ls > maxLineLen {
		return startRange{}, false
	}
	ws := at
	for ws > ls && at-ws < 256 && isKeyChar(b[ws-1]) {
		ws--
	}
	return startRange{ws, at, le}, true
}

// envPair is where a generic match may end on a YAML line from ls to le:
// the end of the next line when this one names an entry of a Kubernetes
// or Helm env list (- name: DB_PASSWORD) and the next gives its value
// (value: …), as the pair is one assignment written on two lines.
func envPair(b []byte, ls, le int) int {
	line := bytes.TrimLeft(b[ls:le], " \t-")
	if !bytes.HasPrefix(line, []byte("name:")) || le >= len(b) {
		return le
	}
	rest := b[le+1 : min(len(b), le+1+maxLineLen)]
	next := bytes.IndexByte(rest, '\n')
	if next < 0 {
		next = len(rest)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(rest[:next], " \t"), []byte("value:")) {
		return le
	}
	return le + 1 + next
}

// blockScalar is where a generic match may end on a YAML line ending at
// le: the end of the next line when this one opens a folded or literal
// block scalar (key: >- or key: |), whose value starts there.
func blockScalar(b []byte, le int) int {
	i := le
	for i > 0 && (b[i-1] == ' ' || b[i-1] == '\t' || b[i-1] == '\r') {
		i--
	}
	for k := 0; k < 2 && i > 0 && (b[i-1] == '-' || b[i-1] == '+' || '1' <= b[i-1] && b[i-1] <= '9'); k++ {
		i--
	}
	if i == 0 || b[i-1] != '>' && b[i-1] != '|' || le >= len(b) {
		return le
	}
	next := bytes.IndexByte(b[le+1:min(len(b), le+1+maxLineLen)], '\n')
	if next < 0 {
		return min(len(b), le+1+maxLineLen)
	}
	return le + 1 + next
}

// addStarts adds r to a pattern's ranges, merging it with the last one it
// overlaps (hits come in content order).
func addStarts(rs []startRange, r startRange) []startRange {
	if n := len(rs); n > 0 && r.from <= rs[n-1].to+1 && r.lineEnd == rs[n-1].lineEnd {
		rs[n-1].to = max(rs[n-1].to, r.to)
		return rs
	}
	return append(rs, r)
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '+'
}

// lineBounds gives the start and end of the line holding offset at, looking
// no further than maxLineLen either way: on a minified file a line has no
// end worth finding, and every match would pay for it.
func lineBounds(b []byte, at int) (start, end int) {
	lo, hi := max(0, at-maxLineLen), min(len(b), at+maxLineLen)
	start, end = lo, hi
	if i := bytes.LastIndexByte(b[lo:at], '\n'); i >= 0 {
		start = lo + i + 1
	}
	if i := bytes.IndexByte(b[at:hi], '\n'); i >= 0 {
		end = at + i
	}
	return start, end
}

// ignored reports an ouvert:ignore marker on the line of offset at, either
// bare (every rule) or followed by rule ids (only those).
func ignored(b []byte, at int, rule string) bool {
	ls, le := lineBounds(b, at)
	line := b[ls:le]
	const marker = "ouvert:ignore"
	i := bytes.Index(line, []byte(marker))
	if i < 0 {
		return false
	}
	rest := strings.Fields(strings.NewReplacer(",", " ", "*/", " ", "-->", " ").Replace(string(line[i+len(marker):])))
	var ids []string
	for _, f := range rest {
		if strings.HasPrefix(f, "secrets/") || strings.HasPrefix(f, "sensitive/") {
			ids = append(ids, f)
		} else {
			break
		}
	}
	if len(ids) == 0 {
		return true
	}
	for _, id := range ids {
		if id == rule {
			return true
		}
	}
	return false
}

// finish drops duplicates and the findings that a more specific one on the
// same value explains, then redacts and positions what is left.
func (s *Scanner) finish(b []byte, ms []match) []Finding {
	if len(ms) == 0 {
		return nil
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		if ri, rj := rank(ms[i].p), rank(ms[j].p); ri != rj {
			return ri > rj
		}
		return ms[i].p.ID < ms[j].p.ID
	})
	var kept []match
	for _, m := range ms {
		dup := false
		for k := len(kept) - 1; k >= 0 && k >= len(kept)-8; k-- {
			o := kept[k]
			if m.start >= o.end || o.start >= m.end {
				continue
			}
			switch {
			case o.p.ID == m.p.ID || explains(o, m):
				dup = true
			case explains(m, o):
				kept = append(kept[:k], kept[k+1:]...)
				continue
			}
			if dup {
				break
			}
		}
		if !dup {
			kept = append(kept, m)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	out := make([]Finding, 0, len(kept))
	line, pos, lineStart := 1, 0, 0
	for _, m := range kept {
		if s.fps.isKey(m.value) {
			continue // the fingerprint key of .ouvert.yml: known, and not a finding
		}
		seg := b[pos:m.start]
		if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
			line += n
			lineStart = pos + bytes.LastIndexByte(seg, '\n') + 1
		}
		pos = m.start
		out = append(out, Finding{
			Rule:        m.p.ID,
			Line:        line,
			EndLine:     line + bytes.Count(b[m.start:m.end], []byte{'\n'}),
			Column:      m.start - lineStart + 1,
			Evidence:    s.evidence(m),
			Fingerprint: s.fingerprint(m),
			Confidence:  m.conf,
			Reason:      m.reason,
			Encoding:    m.encoding,
			Pattern:     m.p.name,
		})
	}
	return out
}

// rank orders the patterns that may report the same value: a structural
// one (prefix, checksum) over a generic one anchored on its service's
// context, over a generic one.
func rank(p *pattern) int {
	switch {
	case !p.Generic:
		return 2
	case len(p.Context) > 0:
		return 1
	}
	return 0
}

// explains reports whether a's finding on a value makes b's on an
// overlapping one redundant: a supersedes b, or b is generic and a ranks
// higher. Between two patterns anchored on context, the one whose context
// word is closer wins (OVH_APPLICATION_SECRET is OVH's even next to a
// Keycloak section); otherwise the first one found stays.
func explains(a, b match) bool {
	for _, id := range a.p.Supersedes {
		if id == b.p.ID {
			return true
		}
	}
	if !b.p.Generic {
		return false
	}
	ra, rb := rank(a.p), rank(b.p)
	if ra == 1 && rb == 1 {
		return a.near <= b.near
	}
	return ra >= rb
}

// contextRadius is how far from a match (bytes, either side) a pattern's
// context words are looked for: the key name, the section or the client
// call that names the service.
const contextRadius = 2048

// contextDistance is the distance in bytes between b[start:end] and the
// closest occurrence, in any case, of one of words (lowercase) within
// contextRadius, words before the value counting as closer than any after
// it; -1 when there is none.
func contextDistance(b []byte, start, end int, words []string) int {
	lo, hi := max(0, start-contextRadius), min(len(b), end+contextRadius)
	region := bytes.ToLower(b[lo:hi])
	best := -1
	for _, w := range words {
		for off := 0; ; {
			i := bytes.Index(region[off:], []byte(w))
			if i < 0 {
				break
			}
			at := lo + off + i
			d := 0
			switch {
			case at+len(w) <= start:
				d = start - (at + len(w))
			case at >= end:
				d = contextRadius + at - end // a word after the value names it less often than the key before it
			}
			if best < 0 || d < best {
				best = d
			}
			off += i + 1
		}
	}
	return best
}

// attrValue reports a key that is the value of an XML attribute giving a
// type or a class, closing its tag (<rng:value type="token">File): the
// element's text is of that type, not a credential. An attribute that
// names the text (<entry key="password">) still counts.
func attrValue(b []byte, ks, ke int) bool {
	if ks < 2 || ke+1 >= len(b) || b[ks-2] != '=' || (b[ks-1] != '"' && b[ks-1] != '\'') {
		return false
	}
	if b[ke] != b[ks-1] || b[ke+1] != '>' {
		return false
	}
	i := ks - 2
	for i > 0 && isKeyChar(b[i-1]) {
		i--
	}
	switch strings.ToLower(string(b[i : ks-2])) {
	case "type", "datatype", "class", "role", "kind", "format":
		return true
	}
	return false
}

// badgeLine reports a line showing a badge image, whose URL tokens are public.
func badgeLine(b []byte, at int) bool {
	lo, hi := max(0, at-512), min(len(b), at+512)
	return bytes.Contains(b[lo:hi], []byte("badge"))
}
