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
