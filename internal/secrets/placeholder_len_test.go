package secrets

import (
	"strings"
	"testing"
)

// A private key whose random body happens to hold a counting run ("abcde",
// "12345") is still a key: placeholders are judged on short values only.
func TestLongValueIsNoPlaceholder(t *testing.T) {
	s := mustNew(t)
	g := newGen(31)
	for i := 0; i < 20; i++ {
		key := g.pem("RSA PRIVATE KEY")
		lines := strings.Split(key, "\n")
		lines[3] = "abcde12345" + lines[3][10:] // a run that placeholderValue reads as counting
		in := "tls:\n  key: |\n    " + strings.Join(lines, "\n    ")
		var got *Finding
		for _, f := range s.Scan("config/tls.yml", []byte(in)).Findings {
			if f.Rule == "secrets/private-key" {
				got = &f
			}
		}
		if got == nil || got.Confidence != Medium {
			t.Fatalf("key with a counting run in its body: %+v, want a medium private-key finding", got)
		}
	}
}
