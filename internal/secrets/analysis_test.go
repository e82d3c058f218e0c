package secrets

import (
	"bytes"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

func parse(t *testing.T, expr string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	return re
}

func TestRegexAnalysis(t *testing.T) {
	for _, c := range []struct {
		expr      string
		maxLen    int
		lits      []string
		secretMin int
		inSecret  string // bytes a secret holds
		notSecret string // bytes it cannot hold
	}{
		{`\b(ghp_[A-Za-z0-9]{36})\b`, 40, []string{"ghp_"}, 40, "ghpA9z_", "-. \x00é"},
		// A class holding non-ASCII characters counts 4 bytes (UTF-8).
		{`(?:^|[^0-9])([12] ?\d{2} ?\d{2})(?:[^0-9]|$)`, 4 + 1 + 1 + 2 + 1 + 2 + 4, nil, 5, "12 09", "a-.\n"},
		{`(?i)key=(?P<secret>[a-f0-9]{8,})`, unbounded, []string{"key="}, 8, "aF09", "g-"},
		{`AccountKey=(?P<secret>[A-Za-z0-9+/]{4})==`, 17, []string{"accountkey=", "=="}, 4, "+/aZ", "=-"},
		{`(?s)BEGIN(.+?)END`, unbounded, []string{"begin", "end"}, 1, "\x00\n é", ""},
		{`(?:x|yy)z{2,3}(é)`, 2 + 3 + 2, []string{"z"}, 2, "\xc3\xa9", "a"},
	} {
		re := parse(t, c.expr)
		if got := maxLen(re); got != c.maxLen {
			t.Errorf("%s: maxLen = %d, want %d", c.expr, got, c.maxLen)
		}
		var lits []string
		for _, l := range requiredLiterals(re, 3) {
			s := string(l.b)
			if !l.fold {
				s = strings.ToLower(s) // the table lists them lowercase
			}
			lits = append(lits, s)
		}
		if !reflect.DeepEqual(lits, c.lits) && !(len(lits) == 0 && len(c.lits) == 0) {
			t.Errorf("%s: required literals %q, want %q", c.expr, lits, c.lits)
		}
		sec := capture(re, 1)
		if sec == nil {
			if n := capture(re, 0); n != nil {
				t.Errorf("%s: capture 0 found", c.expr)
			}
			continue
		}
		if got := minLen(sec); got != c.secretMin {
			t.Errorf("%s: minLen(secret) = %d, want %d", c.expr, got, c.secretMin)
		}
		var set [256]bool
		alphabet(sec, &set)
		for _, b := range []byte(c.inSecret) {
			if !set[b] {
				t.Errorf("%s: %q not in the secret's alphabet", c.expr, b)
			}
		}
		for _, b := range []byte(c.notSecret) {
			if set[b] {
				t.Errorf("%s: %q in the secret's alphabet", c.expr, b)
			}
		}
	}
}

// The prefilters only ever spare the regex windows where it finds
// nothing, and the fast path of generic patterns (gate, shorter text)
// finds what the anchored regex finds on the whole text, at every start
// of real-looking content: the corpus, the patterns' examples, code and a
// generated bundle.
func TestPrefiltersAreExact(t *testing.T) {
	s := mustNew(t)
	var texts [][]byte
	for _, cf := range buildCorpus(3, 80) {
		texts = append(texts, cf.content)
	}
	g := newGen(5)
	for _, p := range s.c.pats {
		for _, ex := range append(append([]string{}, p.Examples.TP...), p.Examples.FP...) {
			texts = append(texts, []byte(g.expand(ex)))
		}
	}
	texts = append(texts, sourcetest.MinifiedJS(3, 40<<10, 300, ""), sourcetest.SourceMap(3, 20<<10))
	for _, p := range s.c.pats {
		for _, text := range texts {
			if !p.holds(text) && p.Compiled.Match(text) {
				t.Errorf("%s: the prefilter refuses a text the regex matches: %.80q", p.ID, text)
			}
			if p.anchored == nil {
				continue
			}
			for _, line := range bytes.SplitAfter(text, []byte("\n")) {
				for at := range line {
					end := min(len(line), at+genericReach)
					want := p.anchored.FindSubmatchIndex(line[at:end])
					if got := p.matchAt(line, at, end); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s at %d of %.80q: fast path %v, regex %v", p.ID, at, line, got, want)
					}
				}
			}
		}
	}
}
