package secrets

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"sync"

	"github.com/ouvert-dev/ouvert/finding"
)

// evidence is what a finding shows of its value.
func (s *Scanner) evidence(m match) string {
	if s.opts.Redact == finding.RedactFull || m.p.Generic || m.p.sensitive {
		return finding.Hidden
	}
	return redact(m.value)
}

// redact keeps at most 4 leading characters (a quarter of short values) and
// the length.
func redact(v string) string {
	r := []rune(v)
	n := len(r)
	// The shown prefix skips leading white space (a PEM body starts on a new
	// line) and stops at the first control character, so evidence is always
	// one printable line.
	shown := []rune(strings.TrimLeft(v, " \t\r\n"))
	k := min(4, n/4, len(shown))
	for i := 0; i < k; i++ {
		if shown[i] < ' ' {
			k = i
			break
		}
	}
	if k > 0 {
		return string(shown[:k]) + "… (" + strconv.Itoa(n) + " chars)"
	}
	return "… (" + strconv.Itoa(n) + " chars)"
}

func (s *Scanner) fingerprint(m match) string {
	if !s.opts.Fingerprints {
		return ""
	}
	return s.fps.of(m.p.ID, m.value)
}

// fingerprints computes each distinct value's fingerprint once per
// Scanner: the stretch costs milliseconds, and a value kept through a
// thousand versions of a file is met a thousand times. Entries are keyed by
// a hash of rule and value, so the memo holds no value.
type fingerprints struct {
	key  []byte
	memo sync.Map // [32]byte -> *fingerprint
}

type fingerprint struct {
	once sync.Once
	fp   string
}

func newFingerprints(key []byte) *fingerprints {
	return &fingerprints{key: key}
}

func (f *fingerprints) of(rule, value string) string {
	id := sha256.Sum256([]byte(rule + "\x00" + value))
	v, _ := f.memo.LoadOrStore(id, &fingerprint{})
	e := v.(*fingerprint)
	e.once.Do(func() { e.fp = finding.SecretFingerprint(f.key, rule, value) })
	return e.fp
}

// isKey reports whether a value is the fingerprint key itself, which
// .ouvert.yml holds on purpose.
func (f *fingerprints) isKey(value string) bool {
	return len(f.key) > 0 && value == string(f.key)
}
