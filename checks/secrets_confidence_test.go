package checks

import (
	"math/rand/v2"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/secrets"
)

// randomValue is a password-like value made at test time.
func randomValue(seed uint64, n int) string {
	const set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}

// A low-confidence finding (here a password in a spec) is a note that says
// why and how to settle it: it fails neither its kind nor secrets/scan.
func TestSecretsLowConfidenceIsANote(t *testing.T) {
	v := randomValue(1, 20)
	env := envOf(t, map[string]string{
		"spec/models/user_spec.rb": "  let(:user) { create(:user, password: \"" + v + "\") }\n",
		"README.md":                "# app\n",
	})
	env.NoHistory = true
	o, reasons, fs := outcomes(t, Secrets{}, env)
	if o[secretsRule] != finding.Pass {
		t.Fatalf("secrets/scan = %s (%s), want pass: a low finding does not block", o[secretsRule], reasons[secretsRule])
	}
	if o["secrets/generic-assignment"] != finding.Pass || reasons["secrets/generic-assignment"] != "kind-low" {
		t.Errorf("kind rule = %s %s, want pass kind-low", o["secrets/generic-assignment"], reasons["secrets/generic-assignment"])
	}
	var got, note bool
	for _, f := range fs {
		if f.Rule == "secrets/generic-assignment" {
			got = true
			if f.Severity != finding.Note || f.Confidence != secrets.Low || f.Message.ID != "found-low" || f.Message.Args["reason"] != "@low-test" {
				t.Errorf("low finding = %s %s %s %v", f.Severity, f.Confidence, f.Message.ID, f.Message.Args)
			}
		}
		note = note || f.Rule == secretsRule && f.Message.ID == "low-some" && f.Message.Args["count"] == "1"
	}
	if !got || !note {
		t.Errorf("finding %v, note %v: want both (%+v)", got, note, fs)
	}
}

// The same value in a spec and in shipped configuration is one finding, as
// sure as its surest place: it blocks.
func TestSecretsConfidenceIsTheSurestPlace(t *testing.T) {
	v := randomValue(2, 24)
	env := envOf(t, map[string]string{
		"spec/models/user_spec.rb": "  let(:user) { create(:user, password: \"" + v + "\") }\n",
		"config/app.yml":           "password: " + v + "\n",
	})
	env.NoHistory = true
	o, _, fs := outcomes(t, Secrets{}, env)
	if o[secretsRule] != finding.Fail || o["secrets/generic-assignment"] != finding.Fail {
		t.Fatalf("secrets/scan = %s, kind = %s, want both failed", o[secretsRule], o["secrets/generic-assignment"])
	}
	n := 0
	for _, f := range fs {
		if f.Rule == "secrets/generic-assignment" {
			n++
			if f.Confidence != secrets.Medium || f.Severity == finding.Note || len(f.Places) != 2 {
				t.Errorf("finding = %s %s, %d places; want medium, blocking, 2 places", f.Confidence, f.Severity, len(f.Places))
			}
		}
	}
	if n != 1 {
		t.Errorf("%d findings, want 1 value", n)
	}
}
