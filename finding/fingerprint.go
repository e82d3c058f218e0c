package finding

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Secret fingerprints.
//
// A fingerprint lets a baseline or an exception recognise a secret from one
// run to the next without holding it. A plain hash of the value would also
// let anyone holding a report (a CI log, a SARIF upload, an audit
// dashboard) test a guessed password offline, at the cost of one SHA-256.
// So the value is first stretched with argon2id (memory-hard: each guess
// costs StretchMemory and a few milliseconds, some ten thousand times a
// hash), and the result is keyed with HMAC-SHA-256 under the repository's
// fingerprint key (.ouvert.yml secrets.fingerprint-key) when there is one:
// without the key, no guess can be tested at all. The key lives in the
// repository, so whoever can read it can read the secrets too; a report
// alone never carries it. docs/architecture.md gives the threat model.
//
// The form is "s2-KKKK-" and 32 hex digits: s2 is this scheme, KKKK the
// key's id (0000 without a key), so that a baseline made under another key
// is told apart from one that simply does not hold a finding.

// Argon2id parameters of the stretch. Changing them changes every secret
// fingerprint: that is a new scheme version, not a tweak.
const (
	StretchTime   = 1
	StretchMemory = 4 << 10 // KiB: 4 MiB
)

const (
	secretScheme = "s2"
	domain       = "ouvert/secret-fingerprint/v2"
	noKeyID      = "0000"
)

// SecretFingerprint is the fingerprint of a secret value found by rule,
// keyed with key (nil or empty: no key). It costs one argon2id evaluation:
// callers compute it once per distinct value.
func SecretFingerprint(key []byte, rule, value string) string {
	salt := sha256.Sum256([]byte(domain + "\x00" + rule))
	stretched := argon2.IDKey([]byte(value), salt[:], StretchTime, StretchMemory, 1, 32)
	k := key
	if len(k) == 0 {
		k = []byte(domain)
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(domain + "\x00" + rule + "\x00"))
	m.Write(stretched)
	return secretScheme + "-" + KeyID(key) + "-" + hex.EncodeToString(m.Sum(nil)[:16])
}

// KeyID names a fingerprint key in four hex digits, "0000" for none: enough
// to tell keys apart in a baseline, far too little to learn the key from.
func KeyID(key []byte) string {
	if len(key) == 0 {
		return noKeyID
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(domain + " key id"))
	id := hex.EncodeToString(m.Sum(nil)[:2])
	if id == noKeyID {
		id = "0001"
	}
	return id
}

// SecretFingerprintKeyID returns the key id of a secret fingerprint of the
// current scheme, and false for anything else (an older scheme, a
// fingerprint of another kind of finding).
func SecretFingerprintKeyID(fp string) (string, bool) {
	rest, ok := strings.CutPrefix(fp, secretScheme+"-")
	if !ok || len(rest) != 4+1+32 || rest[4] != '-' {
		return "", false
	}
	if _, err := hex.DecodeString(rest[:4] + rest[5:]); err != nil {
		return "", false
	}
	return rest[:4], true
}

// ValueRule reports whether a rule's findings are values found in content
// (secrets/<kind>, sensitive/<kind>), whose fingerprints are secret
// fingerprints; secrets/scan's own notes are not.
func ValueRule(rule string) bool {
	return strings.HasPrefix(rule, "sensitive/") || strings.HasPrefix(rule, "secrets/") && rule != "secrets/scan"
}

// Redaction says how much of a value its evidence shows.
type Redaction string

const (
	// RedactPartial, the default: a provider token shows its first
	// characters (at most 4, at most a quarter of it: the format's prefix,
	// "ghp_", "AKIA") and its length, which its format fixes anyway. A
	// value a person chose (a generic assignment, a password in a URL) or
	// personal data shows nothing: its first letters and its length would
	// narrow a guess.
	RedactPartial Redaction = "partial"
	// RedactFull shows nothing of any value.
	RedactFull Redaction = "full"
)

// Hidden is the evidence of a value that shows nothing.
const Hidden = "•••"

// ParseRedaction accepts partial and full ("" is partial).
func ParseRedaction(s string) (Redaction, error) {
	r := Redaction(strings.ToLower(strings.TrimSpace(s)))
	if r == "" {
		r = RedactPartial
	}
	return r, r.Valid()
}

// Valid reports an unknown redaction.
func (r Redaction) Valid() error {
	switch r {
	case "", RedactPartial, RedactFull:
		return nil
	}
	return fmt.Errorf("unknown redaction %q (want partial or full)", string(r))
}
