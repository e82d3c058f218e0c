package sourcetest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"
)

// Generated web content for benchmarks: what a front-end build commits
// (minified bundles of one or a few very long lines, source maps of one
// JSON line), with the mix of names, strings, numbers, URLs and inlined
// data of real bundles, so that the keyword density a secret scanner sees
// is a real one (about one hit of a common keyword per kilobyte, as in
// the bundles of public repositories measured for this generator).

// bundleWords are property and variable names of front-end code; some
// hold words that secret and sensitive-data rules look for ("token",
// "sid" in "inside", "social", "10." in version numbers…).
var bundleWords = strings.Fields(`
	props state children className onClick onChange value defaultValue disabled hidden style
	render componentDidMount useEffect useState useMemo useCallback createElement Fragment
	apiKey accessToken refreshToken token tokenType sessionId password passwordConfirm secret
	credentials authorization Authorization inside consider beside residence socialNetwork
	insee siret siren environment lang locale i18n translate format date moment timezone
	fetch then catch finally resolve reject Promise async await headers method body json
	map filter reduce forEach keys values entries assign freeze defineProperty prototype
	length push pop slice splice indexOf includes join split replace match test exec
	window document navigator location history localStorage sessionStorage console error
	user users userId email firstName lastName address city postalCode country phone
	dashboard settings profile admin role roles permission permissions scope scopes
	__esModule default exports module require webpackJsonp chunkId installedModules
`)

var bundleStrings = []string{"submit", "cancel", "loading", "error", "success", "warning", "info", "primary",
	"fr-btn", "fr-input", "fr-label", "fr-card", "fr-grid-row", "fr-col-12 fr-col-md-6", "Connexion", "Déconnexion",
	"Rechercher", "Enregistrer", "Annuler", "Valider", "Retour", "Accueil", "Mentions légales", "application/json",
	"text/html", "utf-8", "GET", "POST", "Bearer ", "X-Requested-With", "Mot de passe", "Identifiant",
	"Adresse électronique", "Numéro de sécurité sociale", "Votre mot de passe doit contenir 12 caractères"}

var bundleHosts = []string{"api.example.gouv.fr", "cdn.example.org", "www.w3.org/2000/svg", "sentry.example.org", "matomo.example.fr"}

type bundleGen struct {
	r *rand.Rand
	b *bytes.Buffer
}

func (g bundleGen) ident() string {
	const a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_"
	if g.r.IntN(10) == 0 {
		return bundleWords[g.r.IntN(len(bundleWords))]
	}
	n := 1 + g.r.IntN(2)
	s := make([]byte, n)
	for i := range s {
		s[i] = a[g.r.IntN(len(a))]
	}
	return string(s)
}

func (g bundleGen) str() string {
	switch g.r.IntN(24) {
	case 0:
		if g.r.IntN(3) != 0 {
			return "/" + g.ident() + "/" + g.ident()
		}
		return fmt.Sprintf("https://%s/%s/%d", bundleHosts[g.r.IntN(len(bundleHosts))], g.ident(), g.r.IntN(1000))
	case 1:
		return fmt.Sprintf("%d.%d.%d", g.r.IntN(20), g.r.IntN(30), g.r.IntN(100))
	case 2:
		h := make([]byte, 32)
		for i := range h {
			h[i] = byte(g.r.IntN(256))
		}
		return fmt.Sprintf("sha256-%s", base64.StdEncoding.EncodeToString(h))
	case 3, 4, 5, 6, 7, 8, 9, 10:
		return bundleStrings[g.r.IntN(len(bundleStrings))]
	}
	return g.ident()
}

// statement writes one minified statement.
func (g bundleGen) statement() {
	b := g.b
	switch g.r.IntN(8) {
	case 0:
		fmt.Fprintf(b, "function %s(%s,%s){var %s=%s.%s||%q;return %s.%s=%s,%s}", g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.str(), g.ident(), g.ident(), g.ident(), g.ident())
	case 1:
		fmt.Fprintf(b, "%s.%s=function(%s){return %s(%q,{%s:%s,%s:%q})}", g.ident(), g.ident(), g.ident(), g.ident(), g.str(), g.ident(), g.ident(), g.ident(), g.str())
	case 2:
		fmt.Fprintf(b, "var %s={%s:%d,%s:%q,%s:!0,%s:void 0}", g.ident(), g.ident(), g.r.IntN(100000), g.ident(), g.str(), g.ident(), g.ident())
	case 3:
		fmt.Fprintf(b, "if(%s.%s===%q)throw new Error(%q)", g.ident(), g.ident(), g.str(), g.str())
	case 4:
		if g.r.IntN(6) == 0 {
			fmt.Fprintf(b, "%s.createElement(%q,{className:%q,onClick:%s},%s)", g.ident(), "div", g.str(), g.ident(), g.ident())
		} else {
			fmt.Fprintf(b, "%s.%s(%s,%d)", g.ident(), g.ident(), g.ident(), g.r.IntN(1000))
		}
	case 5:
		fmt.Fprintf(b, "%s=%s.map(function(%s){return %s.%s*%d.%d})", g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.r.IntN(200), g.r.IntN(100))
	case 6:
		fmt.Fprintf(b, "for(var %s=0;%s<%s.length;%s++)%s[%s]=%s[%s]|%d", g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.ident(), g.r.IntN(255))
	case 7:
		if g.r.IntN(40) == 0 { // an inlined image
			img := make([]byte, 1000+g.r.IntN(6000))
			for i := range img {
				img[i] = byte(g.r.IntN(256))
			}
			fmt.Fprintf(b, "%s.src=\"data:image/png;base64,%s\"", g.ident(), base64.StdEncoding.EncodeToString(img))
		} else {
			fmt.Fprintf(b, "%s(%q)", g.ident(), g.str())
		}
	}
	b.WriteByte(';')
}

// MinifiedJS returns a minified bundle of about size bytes: a licence
// comment, then lines of up to lineLen bytes (a whole megabyte for many
// bundlers), and the source map comment. extra is written in the middle
// (a secret a test plants).
func MinifiedJS(seed uint64, size, lineLen int, extra string) []byte {
	g := bundleGen{r: rand.New(rand.NewPCG(seed, 0x6a5)), b: &bytes.Buffer{}}
	g.b.Grow(size + len(extra) + 256)
	g.b.WriteString("/*! For license information please see main.js.LICENSE.txt */\n")
	line := g.b.Len()
	planted := extra == ""
	for g.b.Len() < size {
		g.statement()
		if !planted && g.b.Len() >= size/2 {
			g.b.WriteString(extra)
			g.b.WriteByte(';')
			planted = true
		}
		if g.b.Len()-line >= lineLen {
			g.b.WriteByte('\n')
			line = g.b.Len()
		}
	}
	g.b.WriteString("\n//# sourceMappingURL=main.js.map\n")
	return g.b.Bytes()
}

// SourceMap returns a source map of about size bytes on one line: the
// sources' original text (JSON-escaped) and the mappings.
func SourceMap(seed uint64, size int) []byte {
	r := rand.New(rand.NewPCG(seed, 0x3a9))
	var b bytes.Buffer
	b.Grow(size + 1024)
	b.WriteString(`{"version":3,"file":"main.js","sources":["webpack:///src/index.js","webpack:///src/api.js"],"sourcesContent":["`)
	g := bundleGen{r: r, b: &bytes.Buffer{}}
	for b.Len() < size/2 {
		fmt.Fprintf(&b, `const %s = %s(\"%s\");\n  return %s.%s;\n`, g.ident(), g.ident(), g.str(), g.ident(), g.ident())
	}
	b.WriteString(`"],"names":["`)
	for i := 0; i < 500; i++ {
		b.WriteString(g.ident() + `","`)
	}
	b.WriteString(`x"],"mappings":"`)
	const vlq = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for b.Len() < size {
		for n := 4 + r.IntN(4); n > 0; n-- {
			b.WriteByte(vlq[r.IntN(len(vlq))])
		}
		if r.IntN(12) == 0 {
			b.WriteByte(';')
		} else {
			b.WriteByte(',')
		}
	}
	b.WriteString("\"}\n")
	return b.Bytes()
}

// Secrets for planting in generated content: well-formed, random, made at
// test time, never a real credential.

// GitHubToken is a classic GitHub token: ghp_, 30 random characters and
// their CRC-32 in base 62, as GitHub checks them.
func GitHubToken(seed uint64) string {
	const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	r := rand.New(rand.NewPCG(seed, 0x617))
	random := make([]byte, 30)
	for i := range random {
		random[i] = base62[r.IntN(62)]
	}
	n := crc32.ChecksumIEEE(random)
	var sum [6]byte
	for i := 5; i >= 0; i-- {
		sum[i] = base62[n%62]
		n /= 62
	}
	return "ghp_" + string(random) + string(sum[:])
}

// PrivateKey is a PEM block labelled RSA PRIVATE KEY around random bytes.
func PrivateKey(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 0x9e3))
	body := make([]byte, 1190)
	for i := range body {
		body[i] = byte(r.IntN(256))
	}
	b64 := base64.StdEncoding.EncodeToString(body)
	var b strings.Builder
	b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n")
	for len(b64) > 64 {
		b.WriteString(b64[:64] + "\n")
		b64 = b64[64:]
	}
	b.WriteString(b64 + "\n-----END RSA PRIVATE KEY-----\n")
	return b.String()
}
