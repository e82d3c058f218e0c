package secrets

import (
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// plantedBundle is a generated minified bundle holding a GitHub token and
// a private key compiled into it (JSON-escaped newlines, as a bundler
// writes a string), on lines of lineLen bytes.
func plantedBundle(t testing.TB, lineLen int) ([]byte, string) {
	g := newGen(21)
	tok := g.github("ghp")
	key := strings.ReplaceAll(strings.TrimSuffix(g.pem("RSA PRIVATE KEY"), "\n"), "\n", `\n`)
	extra := `var cfg={githubToken:"` + tok + `",signingKey:"` + key + `"}`
	return sourcetest.MinifiedJS(5, 3<<20, lineLen, extra), tok
}

// Secrets compiled into a minified bundle are found, whatever the length
// of its lines and whether its path says it is minified; generic
// assignments are not run there.
func TestSecretsInMinifiedBundles(t *testing.T) {
	s := mustNew(t)
	for _, lineLen := range []int{500, 64 << 10, 4 << 20} {
		data, _ := plantedBundle(t, lineLen)
		for _, p := range []string{"dist/app.min.js", "static/js/main.3f2a91c4.js"} {
			r := s.Scan(p, data)
			got := map[string]int{}
			for _, f := range r.Findings {
				got[f.Rule]++
			}
			if got["secrets/github-token"] != 1 || got["secrets/private-key"] != 1 {
				t.Errorf("%s, lines of %d bytes: findings %v, want the token and the key once each", p, lineLen, got)
			}
			if strings.HasPrefix(p, "dist/") && got["secrets/generic-assignment"] > 0 {
				t.Errorf("%s: generic assignments in a minified file: %v", p, got)
			}
		}
	}
}

// BenchmarkMinified is the cost of generated front-end content per byte:
// a bundle of megabyte lines and its source map. It stays flat as the
// lines grow (linear time); compare with BenchmarkInflate in source, the
// floor of reading the same bytes from a pack.
func BenchmarkMinified(b *testing.B) {
	s := mustNew(b)
	bundle, _ := plantedBundle(b, 1<<20)
	short, _ := plantedBundle(b, 400)
	smap := sourcetest.SourceMap(9, 3<<20)
	for _, c := range []struct {
		name, path string
		data       []byte
	}{
		{"bundle-dist", "dist/main.js", bundle},
		{"bundle-assets", "assets/js/main.1e2873ca.js", bundle},
		{"bundle-short-lines", "assets/js/vendor.js", short},
		{"sourcemap", "assets/js/main.1e2873ca.js.map", smap},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				s.Scan(c.path, c.data)
			}
		})
	}
}
