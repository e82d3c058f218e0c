package secrets

import (
	"strings"
	"testing"
)

func TestCompileCustomErrors(t *testing.T) {
	for _, c := range []struct {
		in   Custom
		want string
	}{
		{Custom{Name: "Acme", Regex: `acme_[a-z]{8}`}, "id:"},
		{Custom{Name: "acme", Regex: ``}, "regex: missing"},
		{Custom{Name: "acme", Regex: `acme_[a-z{8}`}, "regex: missing closing ]"},
		{Custom{Name: "acme", Regex: `acme(?=_)`}, "regex: invalid or unsupported Perl syntax"},
		{Custom{Name: "acme", Regex: `x*`}, "matches empty text"},
		{Custom{Name: "acme", Regex: `[a-f0-9]{32}`}, "keywords: none given"},
		{Custom{Name: "acme", Regex: `acme_[a-z]{8}`, Keywords: []string{"ac"}}, "keywords: \"ac\" is shorter"},
		{Custom{Name: "acme", Regex: `acme_[a-z]{8}`, Entropy: 9}, "entropy:"},
	} {
		_, err := CompileCustom(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: error %v, want one line with %q", c.in, err, c.want)
		}
	}
	p, err := CompileCustom(Custom{Name: "acme-key", Regex: `(?i)ACME_KEY\s*=\s*(?P<secret>[a-z0-9]{24})`})
	if err != nil || len(p.Keywords) != 1 || p.Keywords[0] != "acme_key" {
		t.Fatalf("derived keyword: %v %v", p, err)
	}
}

// A team's pattern is found with its name, beside the embedded ones, and
// its entropy threshold holds.
func TestCustomPatternScan(t *testing.T) {
	g := newGen(3)
	s, err := New(Options{Custom: []Custom{{Name: "acme-token", Regex: `\bacme_tok_([a-z0-9]{24})\b`, Entropy: 3.5}}})
	if err != nil {
		t.Fatal(err)
	}
	v := g.str("abcdefghijklmnopqrstuvwxyz0123456789", 24)
	gh := g.github("ghp")
	r := s.Scan("src/app.py", []byte("A = 'acme_tok_"+v+"'\nB = 'acme_tok_"+strings.Repeat("ab", 12)+"'\nC = '"+gh+"'\n"))
	if len(r.Findings) != 2 {
		t.Fatalf("findings %+v, want the custom one and the GitHub token", r.Findings)
	}
	if f := r.Findings[0]; f.Rule != CustomRule || f.Pattern != "acme-token" || f.Line != 1 || f.Confidence != High || strings.Contains(f.Evidence, v) {
		t.Errorf("custom finding %+v", f)
	}
	if f := r.Findings[1]; f.Rule != "secrets/github-token" || f.Pattern != "" {
		t.Errorf("embedded finding %+v", f)
	}
	// The shared scanner is not changed by another one's patterns.
	if r := mustNew(t).Scan("src/app.py", []byte("A = 'acme_tok_"+v+"'\n")); len(r.Findings) != 0 {
		t.Errorf("a scanner without custom patterns found %+v", r.Findings)
	}
}
