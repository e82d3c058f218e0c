package secrets

import (
	"encoding/base64"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

// gen makes well-formed fake secrets at test time, so that none is stored in
// the repository.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

const (
	alnum       = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	alpha       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	hexa        = "0123456789abcdef"
	b64         = alnum + "+/"
	b64url      = alnum + "-_"
	upper32     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	upper36     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerDigits = "0123456789abcdefghijklmnopqrstuvwxyz"
)

// str draws n characters from set, redrawing values that would look like a
// placeholder (long runs, fake words).
func (g *gen) str(set string, n int) string {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = set[g.r.IntN(len(set))]
		}
		// A drawn value of letters only, from a set with digits, may read
		// as a name (camelCase) that the generic filters rightly skip: the
		// examples must not pass or fail by the seed.
		if !looksFake(string(b)) && (n < 8 || !strings.ContainsAny(set, "0123456789") || !strings.ContainsAny(set, "abcdef") || strings.ContainsAny(string(b), "0123456789")) {
			return string(b)
		}
	}
}

func (g *gen) github(prefix string) string {
	r := g.str(alnum, 30)
	return prefix + "_" + r + githubChecksum(r)
}

func (g *gen) jwt() string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	p := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"` + g.str(alnum, 10) + `","iat":` + strconv.Itoa(1700000000+g.r.IntN(1e6)) + `}`))
	return h + "." + p + "." + g.str(b64url, 43)
}

// jwtLife is a JWT issued in 2018 that expired hours hours later.
func (g *gen) jwtLife(hours int) string {
	iat := 1545000000 + g.r.IntN(1e6)
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	p := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"` + g.str(alnum, 10) + `","iat":` + strconv.Itoa(iat) +
		`,"exp":` + strconv.Itoa(iat+hours*3600) + `}`))
	return h + "." + p + "." + g.str(b64url, 43)
}

func (g *gen) pemBody() string {
	raw := make([]byte, 600)
	for i := range raw {
		raw[i] = byte(g.r.IntN(256))
	}
	s := base64.StdEncoding.EncodeToString(raw)
	var lines []string
	for len(s) > 64 {
		lines = append(lines, s[:64])
		s = s[64:]
	}
	return strings.Join(append(lines, s), "\n")
}

func (g *gen) pem(label string) string {
	return "-----BEGIN " + label + "-----\n" + g.pemBody() + "\n-----END " + label + "-----\n"
}

func (g *gen) iban() string {
	bban := g.str("0123456789", 23)
	for ck := 2; ck <= 98; ck++ {
		c := "FR" + strconv.Itoa(ck/10) + strconv.Itoa(ck%10) + bban
		if validIBAN(c) && c != "FR7630006000011234567890189" {
			return c[:4] + " " + c[4:8] + " " + c[8:12] + " " + c[12:16] + " " + c[16:20] + " " + c[20:24] + " " + c[24:]
		}
	}
	panic("no iban")
}

func (g *gen) nir() string {
	body := strconv.Itoa(1+g.r.IntN(2)) + g.str("0123456789", 2) + []string{"01", "05", "11", "12"}[g.r.IntN(4)] +
		[]string{"75", "69", "13", "33"}[g.r.IntN(4)] + g.str("123456789", 3) + g.str("123456789", 3)
	n, _ := strconv.ParseUint(body, 10, 64)
	k := 97 - n%97
	return body + strconv.Itoa(int(k/10)) + strconv.Itoa(int(k%10))
}

var genRe = regexp.MustCompile(`\[\[([a-z0-9]+)(?::([^\]]+))?\]\]`)

// expand replaces the [[kind:arg]] generators of an example.
func (g *gen) expand(s string) string {
	return genRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := genRe.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sm[2])
		switch sm[1] {
		case "alnum":
			return g.str(alnum, n)
		case "b64of":
			return base64.StdEncoding.EncodeToString([]byte(sm[2]))
		case "letters":
			return g.str("abcdefghijklmnopqrstuvwxyz", n)
		case "alpha":
			return g.str(alpha, n)
		case "hex":
			return g.str(hexa, n)
		case "b64":
			return g.str(b64, n)
		case "b64url":
			return g.str(b64url, n)
		case "digits":
			return g.str("0123456789", n)
		case "upper":
			return g.str(alnum[:36], n)
		case "upper32":
			return g.str(upper32, n)
		case "lower":
			return g.str("0123456789abcdefghijklmnopqrstuvwxyz", n)
		case "ghtoken":
			return g.github(sm[2])
		case "jwt":
			return g.jwt()
		case "jwtlife":
			return g.jwtLife(n)
		case "pem":
			return g.pem(sm[2])
		case "pemjson":
			return strings.ReplaceAll(strings.TrimSuffix(g.pem(sm[2]), "\n"), "\n", `\n`)
		case "b64pem":
			return base64.StdEncoding.EncodeToString([]byte(g.pem("RSA PRIVATE KEY")))
		case "b64cert":
			return base64.StdEncoding.EncodeToString([]byte(g.pem("CERTIFICATE")))
		case "iban":
			return g.iban()
		case "nir":
			return g.nir()
		}
		panic("unknown generator " + m)
	})
}
