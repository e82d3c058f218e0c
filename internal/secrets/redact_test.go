package secrets

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
)

func findOne(t *testing.T, s *Scanner, path, content, rule string) Finding {
	t.Helper()
	for _, f := range s.Scan(path, []byte(content)).Findings {
		if f.Rule == rule {
			return f
		}
	}
	t.Fatalf("no %s in %q", rule, content)
	return Finding{}
}

// cheapDigests are what anyone can compute from a guess in microseconds:
// plain hashes of the value, alone or with the rule, as ouvert computed its
// fingerprints before (finding.Fingerprint), in hex and base64.
func cheapDigests(rule, value string) []string {
	var out []string
	for _, in := range []string{value, rule + "\x00" + value + "\x00", rule + value} {
		s256, s1, m5 := sha256.Sum256([]byte(in)), sha1.Sum([]byte(in)), md5.Sum([]byte(in))
		for _, d := range [][]byte{s256[:], s1[:], m5[:]} {
			out = append(out, hex.EncodeToString(d)[:10], base64.StdEncoding.EncodeToString(d)[:10])
		}
	}
	return append(out, finding.Fingerprint(rule, value)[:10])
}

// A person's password shows nothing in its evidence, neither letters nor
// length; a token shows its format's prefix; full redaction shows nothing
// of anything.
func TestRedaction(t *testing.T) {
	g := newGen(71)
	tok, pass := g.github("ghp"), pw(g)
	content := "token: " + tok + "\nDB_PASSWORD = \"" + pass + "\"\n"

	s := mustNew(t)
	if f := findOne(t, s, "config/app.yml", content, "secrets/github-token"); f.Evidence != "ghp_… (40 chars)" {
		t.Errorf("partial, token: evidence %q", f.Evidence)
	}
	f := findOne(t, s, "config/app.yml", content, "secrets/generic-assignment")
	if f.Evidence != finding.Hidden || strings.Contains(f.Evidence, pass[:2]) || strings.Contains(f.Evidence, "18") {
		t.Errorf("partial, password: evidence %q shows something of it", f.Evidence)
	}

	full, err := New(Options{Redact: finding.RedactFull})
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range []string{"secrets/github-token", "secrets/generic-assignment"} {
		if f := findOne(t, full, "config/app.yml", content, rule); f.Evidence != finding.Hidden {
			t.Errorf("full, %s: evidence %q", rule, f.Evidence)
		}
	}
	if _, err := New(Options{Redact: "some"}); err == nil {
		t.Error("an unknown redaction is accepted")
	}
	if r, err := finding.ParseRedaction(" FULL "); err != nil || r != finding.RedactFull {
		t.Errorf("finding.ParseRedaction(FULL) = %q, %v", r, err)
	}
}

// The fingerprint of a password cannot be checked against a guess with a
// cheap computation: no plain hash of the value (as the fingerprint was
// before) matches it, only the stretched one does, and under a key not even
// that.
func TestFingerprintCannotConfirmACheapGuess(t *testing.T) {
	g := newGen(72)
	pass := pw(g)
	content := "DB_PASSWORD = \"" + pass + "\"\n"
	rule := "secrets/generic-assignment"

	plain, _ := New(Options{Fingerprints: true})
	f := findOne(t, plain, "settings.py", content, rule)
	for _, d := range cheapDigests(rule, pass) {
		if strings.Contains(f.Fingerprint, d) || strings.Contains(f.Evidence, d) {
			t.Errorf("the finding carries %q, a cheap digest of the value", d)
		}
	}
	if want := finding.SecretFingerprint(nil, rule, pass); f.Fingerprint != want {
		t.Errorf("fingerprint %q, want the stretched %q", f.Fingerprint, want)
	}
	if id, ok := finding.SecretFingerprintKeyID(f.Fingerprint); !ok || id != "0000" {
		t.Errorf("fingerprint %q: key id %q, %v", f.Fingerprint, id, ok)
	}

	key := []byte(g.str(hexa, 64))
	ks, err := New(Options{Fingerprints: true, FingerprintKey: key})
	if err != nil {
		t.Fatal(err)
	}
	kf := findOne(t, ks, "settings.py", content, rule)
	if kf.Fingerprint == f.Fingerprint || kf.Fingerprint != finding.SecretFingerprint(key, rule, pass) {
		t.Errorf("keyed fingerprint %q (unkeyed %q)", kf.Fingerprint, f.Fingerprint)
	}
	if id, _ := finding.SecretFingerprintKeyID(kf.Fingerprint); id != finding.KeyID(key) || id == "0000" {
		t.Errorf("keyed fingerprint %q names key %q, want %q", kf.Fingerprint, id, finding.KeyID(key))
	}
	// A wrong guess under the right key, or the right guess under another
	// key, gives another fingerprint.
	if finding.SecretFingerprint(key, rule, pass+"x") == kf.Fingerprint || finding.SecretFingerprint([]byte("another key, as long"), rule, pass) == kf.Fingerprint {
		t.Error("the fingerprint does not depend on both the value and the key")
	}
	// Stable: the same value under the same key, in another Scanner and at
	// another place, has the same fingerprint (baselines match across runs).
	again, _ := New(Options{Fingerprints: true, FingerprintKey: key})
	if o := findOne(t, again, "other/conf.env", "\n\nDB_PASSWORD="+pass+"\n", rule); o.Fingerprint != kf.Fingerprint {
		t.Errorf("the fingerprint moved: %q then %q", kf.Fingerprint, o.Fingerprint)
	}
}

// The fingerprint key that .ouvert.yml holds on purpose is not a finding.
func TestFingerprintKeyIsNotAFinding(t *testing.T) {
	g := newGen(73)
	key := g.str(alnum, 40)
	content := "secrets:\n  fingerprint-key: " + key + "\npassword: " + key + "\n"
	s, _ := New(Options{FingerprintKey: []byte(key)})
	if r := s.Scan(".ouvert.yml", []byte(content)); len(r.Findings) != 0 {
		t.Errorf("the key is reported: %+v", r.Findings)
	}
	if r := mustNew(t).Scan(".ouvert.yml", []byte(content)); len(r.Findings) == 0 {
		t.Error("without the key configured, the same value is not found: the test proves nothing")
	}
}
