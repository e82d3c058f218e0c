package checks

import (
	"container/heap"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/rules"
)

// What the secrets check gathers while blobs arrive in no set order: one
// finding per value with every place it lives, and the files it did not
// scan, with why.

// keptPlaces bounds the places held per value while scanning (the first
// ones in the report's order), and keptPaths the distinct paths whose
// first place is held: a value kept through 100,000 commits costs memory
// for these, and a count for the rest. Blobs arrive in no set order, so
// what is kept depends only on the places, never on their arrival.
const (
	keptPlaces = 1024
	keptPaths  = 1 << 16
)

type placeAt struct {
	finding.Place
	when     time.Time
	encoding string // secrets.EncodingBase64 when the value is inside a blob there
}

type value struct {
	rule, evidence, fingerprint string
	pattern                     string // the team's pattern (secrets.Finding.Pattern)
	// conf is the highest confidence of its places (a value found in a
	// test and in shipped code is as sure as the latter); reason is why a
	// low one is low, from its first place found so.
	conf, reason string
	first        placeHeap          // the earliest places, at most keptPlaces
	byPath       map[string]placeAt // each path's earliest place
	total        int
}

// placeHeap is a max-heap of places in the report's order: its top is the
// latest of the places kept, the first to give way to an earlier one.
type placeHeap []placeAt

func (h placeHeap) Len() int           { return len(h) }
func (h placeHeap) Less(i, j int) bool { return before(h[j], h[i]) }
func (h placeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *placeHeap) Push(x any)        { *h = append(*h, x.(placeAt)) }
func (h *placeHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}

func (v *value) add(p placeAt) {
	v.total++
	if q, ok := v.byPath[p.Path]; ok {
		if before(p, q) {
			v.byPath[p.Path] = p
		}
	} else if len(v.byPath) < keptPaths {
		v.byPath[p.Path] = p
	}
	switch {
	case len(v.first) < keptPlaces:
		heap.Push(&v.first, p)
	case before(p, v.first[0]):
		v.first[0] = p
		heap.Fix(&v.first, 0)
	}
}

// sorted is the places kept, each once, in the report's order.
func (v *value) sorted() []placeAt {
	all := append([]placeAt(nil), v.first...)
	in := map[finding.Place]bool{}
	for _, p := range all {
		in[p.Place] = true
	}
	for _, p := range v.byPath {
		if !in[p.Place] {
			all = append(all, p)
		}
	}
	sort.Slice(all, func(i, j int) bool { return before(all[i], all[j]) })
	return all
}

// values gathers the places of each value (fingerprint); safe for
// concurrent use.
type values struct {
	mu    sync.Mutex
	byFP  map[string]*value
	order []string // first seen: the output is sorted anyway
}

func newValues() *values { return &values{byFP: map[string]*value{}} }

// add records the findings of one content: a file of the tree (commit "")
// or a version of a file that commit introduced.
func (vs *values) add(path string, fs []secrets.Finding, commit string, when time.Time) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	for _, f := range fs {
		v, ok := vs.byFP[f.Fingerprint]
		if !ok {
			v = &value{rule: f.Rule, evidence: f.Evidence, fingerprint: f.Fingerprint, pattern: f.Pattern, byPath: map[string]placeAt{},
				conf: f.Confidence, reason: f.Reason}
			vs.byFP[f.Fingerprint] = v
			vs.order = append(vs.order, f.Fingerprint)
		} else if confRank[f.Confidence] > confRank[v.conf] {
			v.conf, v.reason = f.Confidence, f.Reason
		}
		p := placeAt{Place: finding.Place{Path: path, Line: f.Line, EndLine: f.EndLine, Tree: commit == "", Commit: commit}, when: when,
			encoding: f.Encoding}
		if commit != "" {
			p.Date = when.UTC().Format("2006-01-02")
		}
		v.add(p)
	}
}

// findings makes one finding per value, at its first place: the tree's
// before the history's, then the oldest commit (which introduced it).
func (vs *values) findings() []finding.Finding {
	out := make([]finding.Finding, 0, len(vs.order))
	for _, fp := range vs.order {
		v := vs.byFP[fp]
		sorted := v.sorted()
		places, shownPaths := pickPlaces(sorted, finding.MaxPlaces)
		first := places[0]
		// The first place decides how the value is worded: the same value
		// may be in clear in one file and inside a base64 blob in another.
		encoded := sorted[0].encoding != ""
		commit := first.Commit[:min(12, len(first.Commit))]
		m := finding.Msg("found", "evidence", v.evidence)
		if !first.Tree {
			m = finding.Msg("found-history", "evidence", v.evidence, "commit", commit, "date", first.Date)
		}
		if encoded {
			enc := rules.List("encoded-" + sorted[0].encoding)
			m = finding.Msg("found-encoded", "evidence", v.evidence, "encoding", enc)
			if !first.Tree {
				m = finding.Msg("found-encoded-history", "evidence", v.evidence, "encoding", enc, "commit", commit, "date", first.Date)
			}
		}
		var sev finding.Severity
		if v.conf == secrets.Low {
			// An uncertain finding is a note: it stays visible with why it
			// is uncertain and how to settle it, and does not block.
			sev = finding.Note
			why := rules.List("low-" + v.reason)
			if encoded {
				why = rules.List("low-"+v.reason, "encoded-"+sorted[0].encoding)
			}
			m = finding.Msg("found-low", "evidence", v.evidence, "reason", why)
			if !first.Tree {
				m = finding.Msg("found-low-history", "evidence", v.evidence, "reason", why, "commit", commit, "date", first.Date)
			}
		}
		if v.pattern != "" {
			m.Args["pattern"] = v.pattern
		}
		f := finding.Finding{Rule: v.rule, Severity: sev, Confidence: v.conf, Path: first.Path, Line: first.Line, EndLine: first.EndLine, Commit: first.Commit,
			Message: m, Evidence: v.evidence, Fingerprint: v.fingerprint,
			Places: places, MorePlaces: v.total - len(places), OtherPaths: len(v.byPath) - shownPaths}
		out = append(out, f)
	}
	return out
}

// confRank orders the confidence tiers.
var confRank = map[string]int{secrets.Low: 1, secrets.Medium: 2, secrets.High: 3}

// before orders the places of a value: the tree's first (by path and
// line), then the history's oldest first.
func before(a, b placeAt) bool {
	if a.Tree != b.Tree {
		return a.Tree
	}
	if !a.when.Equal(b.when) {
		return a.when.Before(b.when)
	}
	if a.Commit != b.Commit {
		return a.Commit < b.Commit
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Line < b.Line
}

// pickPlaces keeps at most n of the sorted places: the first place of each
// distinct path first, so that the paths to purge are all named when they
// fit, then the others in order; the result stays in order. It returns how
// many distinct paths the kept places name.
func pickPlaces(sorted []placeAt, n int) ([]finding.Place, int) {
	keep := make([]bool, len(sorted))
	seen := map[string]bool{}
	k := 0
	for i, p := range sorted {
		if k < n && !seen[p.Path] {
			seen[p.Path], keep[i] = true, true
			k++
		}
	}
	for i := range sorted {
		if k < n && !keep[i] {
			keep[i] = true
			k++
		}
	}
	out := make([]finding.Place, 0, k)
	for i, p := range sorted {
		if keep[i] {
			out = append(out, p.Place)
		}
	}
	return out, len(seen)
}

// Why a file or a file version was not scanned: the check's own reasons,
// and the scanner's (secrets.Result.Skipped: binary, lockfile, vendored,
// minified…).
const (
	skipTooLarge   = "too-large"
	skipUnreadable = "unreadable"
)

// skipReasons are the reasons the catalog names (reason-<why>); another
// one shows as it is.
var skipReasons = []string{"binary", "lockfile", "vendored", "minified", skipUnreadable}

// namedPaths is how many paths a note names before "…".
const namedPaths = 3

type skipped struct {
	count  int
	paths  []string // the smallest namedPaths+1, sorted
	commit string   // of the first path, in the history
}

// skips counts what was not scanned, per reason; safe for concurrent use.
type skips struct {
	mu    sync.Mutex
	why   map[string]*skipped
	names map[string]map[string]bool // per reason, the distinct paths seen
}

func newSkips() *skips {
	return &skips{why: map[string]*skipped{}, names: map[string]map[string]bool{}}
}

func (s *skips) add(why, path, commit string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.why[why]
	if k == nil {
		k = &skipped{}
		s.why[why] = k
		s.names[why] = map[string]bool{}
	}
	k.count++
	if s.names[why][path] {
		return
	}
	s.names[why][path] = true
	i := sort.SearchStrings(k.paths, path)
	if i > namedPaths {
		return
	}
	k.paths = append(k.paths, "")
	copy(k.paths[i+1:], k.paths[i:])
	k.paths[i] = path
	if i == 0 {
		k.commit = commit
	}
	if len(k.paths) > namedPaths+1 {
		k.paths = k.paths[:namedPaths+1]
	}
}

// notes adds one note per reason to the result: how many, and the first
// paths. A reader must never take "no secret in N files" for the whole
// repository when some files were not read.
func (s *skips) notes(res *Result, history bool, maxText string) {
	whys := make([]string, 0, len(s.why))
	for w := range s.why {
		whys = append(whys, w)
	}
	sort.Strings(whys)
	for _, w := range whys {
		k := s.why[w]
		names := k.paths
		if len(names) > namedPaths {
			names = append(names[:namedPaths:namedPaths], "…")
		}
		args := []string{"count", strconv.Itoa(k.count), "paths", strings.Join(names, ", "), "path", k.paths[0]}
		var m finding.Message
		switch {
		case w == skipTooLarge && history:
			m = finding.Msg("too-large-history", append(args, "max", maxText, "commit", k.commit[:min(12, len(k.commit))])...)
		case w == skipTooLarge:
			m = finding.Msg("too-large", append(args, "max", maxText)...)
		case history:
			m = finding.Msg("not-scanned-history", append(args, "reason", reasonText(w))...)
		default:
			m = finding.Msg("not-scanned", append(args, "reason", reasonText(w))...)
		}
		res.find(secretsRule, finding.Note, k.paths[0], 0, m)
		if history {
			// A history blob's path is from the repository's root: the
			// commit says so (see engine's fromRoot).
			res.Findings[len(res.Findings)-1].Commit = k.commit
		}
	}
}

// reasonText is a reason the catalog words, else the reason as it is.
func reasonText(why string) string {
	for _, r := range skipReasons {
		if r == why {
			return rules.List("reason-" + why)
		}
	}
	return why
}

// certDirs are the tree's directories that hold certificates, and whether
// every certificate there is made for local hosts only; safe for
// concurrent use.
type certDirs struct {
	mu    sync.Mutex
	local map[string]bool
}

func newCertDirs() *certDirs { return &certDirs{local: map[string]bool{}} }

func (c *certDirs) add(p string, content []byte) {
	found, local := secrets.LocalCertificates(content)
	if !found {
		return
	}
	d := path.Dir(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if was, ok := c.local[d]; ok {
		local = local && was
	}
	c.local[d] = local
}

// lowerLocalKeys lowers a private key whose every path lies in a directory
// of the tree whose certificates are all made for local hosts (a
// development CA and the keys it signed for a docker network): the key of
// a local stack, not of a server. One path elsewhere keeps it as it was.
func (vs *values) lowerLocalKeys(c *certDirs) {
	if len(c.local) == 0 {
		return
	}
	for _, v := range vs.byFP {
		if v.rule != "secrets/private-key" || v.conf != secrets.Medium || len(v.byPath) == 0 {
			continue
		}
		all := true
		for p := range v.byPath {
			if !c.local[path.Dir(p)] {
				all = false
				break
			}
		}
		if all {
			v.conf, v.reason = secrets.Low, secrets.ReasonLocalCert
		}
	}
}
