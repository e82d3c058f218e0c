package finding

import "testing"

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{"a": LevelA, " B ": LevelB, "C": LevelC, "none": LevelNone, "NONE": LevelNone} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "D", "AB", "0"} {
		if _, err := ParseLevel(in); err == nil {
			t.Errorf("ParseLevel(%q) accepted", in)
		}
	}
	if !(LevelNone.Rank() < LevelC.Rank() && LevelC.Rank() < LevelB.Rank() && LevelB.Rank() < LevelA.Rank()) {
		t.Error("levels are not ordered none < C < B < A")
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"error": Error, "Warning": Warning, "note": Note, "none": "", "": ""} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) accepted")
	}
	if !(Note.Rank() < Warning.Rank() && Warning.Rank() < Error.Rank()) {
		t.Error("severities are not ordered")
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("rule", "path", "value")
	if a != Fingerprint("rule", "path", "value") || len(a) != 24 {
		t.Errorf("fingerprint %q is not stable or not 24 hex digits", a)
	}
	// Parts are separated, so moving a boundary changes the fingerprint.
	if Fingerprint("ab", "c") == Fingerprint("a", "bc") {
		t.Error("part boundaries are ambiguous")
	}
}

func TestMsg(t *testing.T) {
	m := Msg("id", "k", "v", "dangling")
	if m.ID != "id" || m.Args["k"] != "v" || len(m.Args) != 1 {
		t.Errorf("Msg = %+v", m)
	}
}

func TestSecretFingerprintForm(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	for _, k := range [][]byte{nil, key} {
		fp := SecretFingerprint(k, "secrets/x", "value")
		id, ok := SecretFingerprintKeyID(fp)
		if !ok || id != KeyID(k) || len(fp) != len("s2-0000-")+32 || fp != SecretFingerprint(k, "secrets/x", "value") {
			t.Errorf("key %q: fingerprint %q, key id %q %v", k, fp, id, ok)
		}
	}
	if KeyID(nil) != "0000" || KeyID(key) == "0000" || KeyID(key) == KeyID([]byte("another key")) {
		t.Error("key ids do not tell keys apart")
	}
	// The rule is part of it: one value found by two rules is two findings.
	if SecretFingerprint(nil, "secrets/a", "v") == SecretFingerprint(nil, "secrets/b", "v") {
		t.Error("the rule does not change the fingerprint")
	}
	for _, fp := range []string{Fingerprint("secrets/x", "value"), "s2-0000-zz", "s2-00000-" + Fingerprint("a") + "abcdefgh", ""} {
		if _, ok := SecretFingerprintKeyID(fp); ok {
			t.Errorf("%q taken for a secret fingerprint", fp)
		}
	}
	if !ValueRule("secrets/github-token") || !ValueRule("sensitive/iban") || ValueRule("secrets/scan") || ValueRule("readme/file") {
		t.Error("ValueRule")
	}
}

// What a guess costs: the stretched fingerprint against the plain hash the
// first scheme was (go test -bench Fingerprint ./finding).
func BenchmarkSecretFingerprint(b *testing.B) {
	for i := 0; i < b.N; i++ {
		SecretFingerprint(nil, "secrets/generic-assignment", "Marianne2024!")
	}
}

func BenchmarkPlainFingerprint(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fingerprint("secrets/generic-assignment", "Marianne2024!")
	}
}
