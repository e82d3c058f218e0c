package secrets

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// accept decides whether a regex match is a finding: entropy, placeholders,
// documented examples, references to secret stores, and the validator.
func accept(p *pattern, v, key string, quoted bool, rest []byte, fc fileClass) bool {
	if p.MinEntropy > 0 && entropy(v) < p.MinEntropy {
		return false
	}
	if p.Validator != "pem" && p.Validator != "b64-private-key" && looksFake(v) {
		return false
	}
	if knownExamples[v] {
		return false
	}
	if d, ok := printableB64(v); ok && (looksFake(d) || genericStopValues[strings.ToLower(d)] || len(d) < 8) {
		return false // base64 of a placeholder (Kubernetes data, Docker auth)
	}
	if p.Generic && !genericValue(v, key, p.key > 0, len(p.Context) == 0, quoted, fc) {
		return false
	}
	if d, ok := printableB64(v); ok && p.Generic && p.key > 0 && !weakDefault(d) && !genericValue(d, key, true, len(p.Context) == 0, true, fc) {
		return false // a Kubernetes Secret's data holding the variable's own name, or a name
	}
	if p.Generic && p.key > 0 && !quoted && prose(rest) {
		return false
	}
	if p.Generic && p.key > 0 && quoted && wordFollows(rest) {
		return false // 'reset-password': 'Instructions pour la…': the quotes hold a sentence
	}
	if p.sensitive {
		if v == "FR7630006000011234567890189" || strings.ReplaceAll(v, " ", "") == "FR7630006000011234567890189" {
			return false // the documented example IBAN
		}
	}
	if f := validators[p.Validator]; f != nil {
		return f(v)
	}
	return true
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			f := float64(c) / n
			h -= f * math.Log2(f)
		}
	}
	return h
}

var fakeWords = []string{"example", "xxxx", "dummy", "sample", "placeholder", "changeme", "change_me", "change-me",
	"changeit", "your_", "your-", "yourtoken", "yourkey", "yourpass", "redacted", "notreal", "not_real", "not-a-real",
	"fake", "foobar", "lorem", "votre", "exemple", "[[", "]]", "insert_", "insert-", "replace_me", "replaceme", "<", ">", "...", "…", "****"}

// looksFake spots placeholders and obviously fake values in any pattern.
func looksFake(v string) bool {
	l := strings.ToLower(v)
	for _, w := range fakeWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	run, prev := 0, byte(0)
	for i := 0; i < len(v); i++ {
		if v[i] == prev {
			run++
			if run >= 7 {
				return true
			}
		} else {
			run, prev = 0, v[i]
		}
	}
	return false
}

var genericStopValues = map[string]bool{
	"password": true, "passwd": true, "secret": true, "token": true, "changeme": true, "todo": true, "tbd": true,
	"dummy": true, "example": true, "test": true, "testing": true, "none": true, "null": true, "nil": true,
	"true": true, "false": true, "undefined": true, "string": true, "required": true, "optional": true,
	"hidden": true, "redacted": true, "default": true, "secret123": true, "password123": true, "p@ssw0rd": true,
	// Values of linters' and type systems' settings (ESLint globals:
	// { secret: 'readonly' }), never credentials.
	"readonly": true, "writable": true, "writeable": true, "boolean": true, "number": true, "integer": true,
	"object": true, "public": true, "private": true, "protected": true,
	"anonymous": true, // Matomo's token_auth for the anonymous user
}

// namesKey reports a value that is a word of its own key's name
// (CONFIRMATION_TOKEN = "confirmation", apiKey: "api_key"): a constant that
// names a field or an event, not a credential. l is the value in lower case.
func namesKey(l, key string) bool {
	var v strings.Builder
	for _, r := range l {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			v.WriteRune(r)
		case r == '_' || r == '-' || r == '.':
		default:
			return false // not a name: a credential has other characters
		}
	}
	var k strings.Builder
	for _, r := range strings.ToLower(key) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			k.WriteRune(r)
		}
	}
	return v.Len() >= 4 && strings.Contains(k.String(), v.String())
}

var secretRefs = []string{"${", "{{", "%(", "#{", "$(", "process.env", "environ", "getenv", "env(", "env.", "env[",
	"secrets.", "vault", "lookup(", "var.", "settings.", "config.", "credentials.", "keyring", "getsecret", "secretkeyref",
	"secretref", "valuefrom", "%env", "!vault", "aws_secretsmanager", "ssm:"}

var (
	uuidRe  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z_.-]*$`)
)

var keyStopTokens = map[string]bool{
	"url": true, "uri": true, "path": true, "file": true, "filename": true, "dir": true, "name": true, "type": true,
	"length": true, "len": true, "min": true, "max": true, "size": true, "field": true, "fields": true, "header": true,
	"label": true, "policy": true, "expires": true, "expiry": true, "expiration": true, "ttl": true, "timeout": true,
	"endpoint": true, "id": true, "format": true, "pattern": true, "regex": true, "reset": true, "hint": true,
	"prompt": true, "placeholder": true, "mode": true, "enabled": true, "required": true, "count": true, "env": true,
	"var": true, "ref": true, "validity": true, "lifetime": true, "algorithm": true, "alg": true, "method": true,
	"prefix": true, "suffix": true, "version": true, "provider": true, "store": true, "manager": true, "input": true,
	"form": true, "kind": true, "class": true, "key_id": true, "arn": true, "location": true, "question": true,
	"message": true, "error": true, "confirm": true, "confirmation": true, "strength": true, "rotation": true,
}

var keyStopWords = []string{"hash", "sha", "digest", "checksum", "integrity", "public", "pubkey", "csrf", "xsrf",
	"commit", "revision", "tokenizer", "next_token", "nexttoken", "page_token", "pagetoken", "cursor"}

// knownExamples are documented values published by vendors.
var knownExamples = map[string]bool{
	"AKIAIOSFODNN7EXAMPLE":                     true,
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true,
	// Azurite, the Azure storage emulator.
	"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==": true,
}

// providerPrefixes start values that a specific pattern judges: a generic
// rule never flags them (an invalid checksum stays invalid).
var providerPrefixes = []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "gldt-", "glrt-",
	"xox", "sk_live_", "rk_live_", "sk_test_", "rk_test_", "pk_", "pk.", "sk.", "pypi-", "npm_", "akia", "asia",
	"aiza", "sg.", "dckr_pat_", "hf_", "sntrys_", "xkeysib-", "eyj", "sk-", "nrak-", "ltai", "rubygems_", "oy2",
	"base64:", "-----begin", "gocspx-", "access_token$"}

// genericValue filters the values of generic patterns: literals only,
// no placeholder, reference, URL, hash or provider-prefixed value. When
// judgeKey, the key name is judged too (a generic pattern matches any key
// with "token" or "secret" in it); patterns with context name their keys
// exactly and skip that.
func genericValue(v, key string, hasKey, judgeKey, quoted bool, fc fileClass) bool {
	if !quoted && fc.kind == kindCode {
		return false // an identifier or expression, not a literal
	}
	l := strings.ToLower(v)
	if genericStopValues[l] || genericStopValues[strings.Trim(l, "_-.")] {
		return false
	}
	if strings.Trim(v, "*xX.#?-_0") == "" {
		return false
	}
	if namesKey(l, key) {
		return false // CONFIRMATION_TOKEN = "confirmation": a name, not a value
	}
	for _, r := range secretRefs {
		if strings.Contains(l, r) {
			return false
		}
	}
	switch v[0] {
	case '$', '%', '@', '&', '/', '~', '!', '#', '.', '+', '*', '=', '?', '|':
		return false
	}
	if strings.HasPrefix(v, "--") {
		return false // a command-line flag
	}
	for _, pre := range []string{"http://", "https://", "file:", "data:", "sha1-", "sha256-", "sha384-", "sha512-", "md5-", "ssh-", "pk_", "arn:", "s3://"} {
		if strings.HasPrefix(l, pre) {
			return false
		}
	}
	if uuidRe.MatchString(v) && !secretName(key) {
		return false // an id; but WEBHOOK_SECRET=<uuid> is how some services shape theirs
	}
	if hasKey && notACredential(v) {
		return false
	}
	for _, pre := range providerPrefixes {
		if strings.HasPrefix(l, pre) && (pre != "eyj" || strings.Contains(v, ".")) {
			return false // a JWT has dots; "Ey…" alone is just a random start
		}
	}
	if hasKey && qualifiedName(v) {
		return false // UserWarning:allauth.headless.tokens.base: a module path, a warning filter
	}
	if hasKey && identRe.MatchString(v) {
		// A quoted literal of letters is a password unless it reads like a
		// dotted or snake-case name; unquoted, camelCase names count too.
		if strings.ContainsAny(v, "._") || (!quoted && looksLikeName(v)) || kebabName(v) {
			return false
		}
	}
	kl := strings.ToLower(key)
	if strings.Contains(l, kl) && kl != "" {
		return false // password: password_value-like echoes of the key
	}
	if toks := keyTokens(key); len(toks) > 0 {
		if last := toks[len(toks)-1]; len(last) >= 5 && strings.Contains(l, last) {
			return false // self.token = 'temporarytoken': the key's word in the value
		}
	}
	if hasKey && (camelName(v) || snakeName(v) || quoted && fc.kind == kindCode && readableCamel(v)) {
		return false // RedisModuleConnectionToken, fc_core_v2_app: names
	}
	if !judgeKey {
		return true
	}
	if hasKey && kl != "" && !credentialKey(kl) {
		return false
	}
	for _, w := range keyStopWords {
		if strings.Contains(kl, w) {
			return false
		}
	}
	if toks := keyTokens(key); len(toks) > 0 {
		last := toks[len(toks)-1]
		if keyStopTokens[last] || (len(toks) > 1 && keyStopTokens[toks[len(toks)-2]+"_"+last]) {
			return false
		}
	}
	return true
}

// qualifiedName: three or more names of letters joined by dots or colons
// (a module path, a qualified class name, a warning filter's fields).
func qualifiedName(v string) bool {
	segs := strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == ':' })
	if len(segs) < 3 {
		return false
	}
	for _, s := range segs {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
				return false
			}
		}
	}
	return true
}

// kebabName: lowercase words joined by hyphens, a name (max-file-size,
// client-secret-ref) rather than a password.
func kebabName(v string) bool {
	return strings.Contains(v, "-") && strings.ToLower(v) == v && !strings.ContainsAny(v, "0123456789")
}

// looksLikeName tells a name (SOME_VAR, settings.secret, dbPassword,
// mysecret) from a random password of letters only.
func looksLikeName(v string) bool {
	if strings.ContainsAny(v, "._") {
		return true
	}
	upper := 0
	for _, r := range v {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper == 0 || upper == len(v) {
		return len(v) < 20 || entropy(v) < 3.8
	}
	return upper*4 <= len(v) && unicode.IsLower(rune(v[0])) && entropy(v) < 3.6
}

// keyTokens splits DB_PASSWORD, dbPassword, db.password into lowercase words.
func keyTokens(k string) []string {
	var toks []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range k {
		switch {
		case r == '_' || r == '.' || r == '-':
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return toks
}

var validators = map[string]func(string) bool{
	"crc32-github":    validGitHub,
	"jwt":             validJWT,
	"pem":             validPEM,
	"b64-private-key": validB64Key,
	"mod97-iban":      validIBAN,
	"nir-key":         validNIR,
	"private-ip":      privateIP,
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// githubChecksum is the 6-character checksum that ends a GitHub token
// (ghp_, gho_, ghu_, ghs_, ghr_). GitHub's "Behind GitHub's new
// authentication token formats" (github.blog, 2021-04-05) gives the parts:
// a prefix, 30 random base62 characters and a 32-bit CRC32 checksum in the
// last six. The encoding is not in that post; it is the one real tokens
// check out with (therootcompany/base62-token.js, whose author checked it
// on revoked tokens, and the example token of its notes): CRC-32/IEEE of
// the 30 random characters only, in base62 with the digits 0-9A-Za-z, most
// significant first, left-padded with "0" to six. A wrong checksum is a
// made-up or mistyped string, not a token: no finding.
func githubChecksum(random string) string {
	n := crc32.ChecksumIEEE([]byte(random))
	var b [6]byte
	for i := 5; i >= 0; i-- {
		b[i] = base62[n%62]
		n /= 62
	}
	return string(b[:])
}

func validGitHub(v string) bool {
	i := strings.IndexByte(v, '_')
	if i < 0 || len(v)-i-1 != 36 {
		return false
	}
	t := v[i+1:]
	return githubChecksum(t[:30]) == t[30:]
}

func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func validJWT(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	h, err := decodeB64URL(parts[0])
	if err != nil {
		return false
	}
	var head map[string]any
	if json.Unmarshal(h, &head) != nil {
		return false
	}
	alg, _ := head["alg"].(string)
	if alg == "" || strings.EqualFold(alg, "none") {
		return false
	}
	b, err := decodeB64URL(parts[1])
	if err != nil {
		return false
	}
	var body map[string]any
	return json.Unmarshal(b, &body) == nil
}

func validPEM(v string) bool {
	v = strings.NewReplacer(`\r`, "\n", `\n`, "\n").Replace(v)
	var body strings.Builder
	for _, line := range strings.Split(v, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, ":") || strings.HasPrefix(line, "-----") {
			continue // Proc-Type, DEK-Info, Comment headers; BEGIN and END lines
		}
		body.WriteString(line)
	}
	b := body.String()
	if len(b) < 64 {
		return false
	}
	good := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' {
			good++
		}
	}
	return good*10 >= len(b)*9 && entropy(b) >= 4.0
}

func validB64Key(v string) bool {
	s := strings.TrimRight(v, "=")
	s = s[:len(s)/4*4]
	d, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	if !bytes.Contains(d[:min(len(d), 80)], []byte("PRIVATE KEY-----")) {
		return false
	}
	if i := bytes.Index(d, []byte("-----\n")); i >= 0 {
		rest := d[i+6:]
		if j := bytes.Index(rest, []byte("-----END")); j >= 0 {
			rest = rest[:j]
		}
		return validPEM(string(rest))
	}
	return false
}

func validIBAN(v string) bool {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	s = s[4:] + s[:4]
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			n := int(c-'A') + 10
			r = (r*100 + n) % 97
		default:
			return false
		}
	}
	return r == 1
}

func validNIR(v string) bool {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) != 15 {
		return false
	}
	body := s[:13]
	switch s[5:7] {
	case "2A":
		body = s[:5] + "19" + s[7:13]
	case "2B":
		body = s[:5] + "18" + s[7:13]
	}
	n, err := strconv.ParseUint(body, 10, 64)
	if err != nil {
		return false
	}
	key, err := strconv.Atoi(s[13:])
	if err != nil {
		return false
	}
	return key >= 1 && key <= 97 && uint64(key) == 97-n%97
}

func privateIP(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 4 {
		return false
	}
	var o [4]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 || (len(p) > 1 && p[0] == '0') {
			return false
		}
		o[i] = n
	}
	return o[0] == 10 || o[0] == 172 && o[1] >= 16 && o[1] <= 31 || o[0] == 192 && o[1] == 168
}

// prose reports words after an unquoted value: "secret: Stripe key" is a
// sentence, while a configuration value runs to the end of its line, a
// comment or a closing tag.
func prose(rest []byte) bool {
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	r := strings.TrimSpace(string(rest))
	if r == "" {
		return false
	}
	for _, ok := range []string{"#", "//", "/*", "<", ";", ",", "}", "]", ")", "\"", "'", "--", "%", `\`, "&"} {
		if strings.HasPrefix(r, ok) {
			return false
		}
	}
	return true
}

// wordFollows reports a quoted value that stops at a space before another
// word inside the same quotes: text, as a credential is one token.
func wordFollows(rest []byte) bool {
	if len(rest) < 2 || rest[0] != ' ' && rest[0] != '\t' {
		return false
	}
	c := rest[1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// printableB64 decodes a standard base64 value whose text is printable ASCII.
func printableB64(v string) (string, bool) {
	if len(v) < 8 || len(v)%4 != 0 {
		return "", false
	}
	d, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return "", false
	}
	d = bytes.TrimSuffix(bytes.TrimSuffix(d, []byte("\n")), []byte("\r")) // `echo postgres | base64` encodes the newline
	for _, c := range d {
		if c < 0x20 || c > 0x7e {
			return "", false
		}
	}
	return string(d), true
}

var (
	emailRe      = regexp.MustCompile(`^[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$`)
	envNameRe    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`)
	dateRe       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?$`)
	pathRe       = regexp.MustCompile(`^[a-z0-9_.@-]+(?:/[a-z0-9_.@-]+)+/?$`)
	fileNameRe   = regexp.MustCompile(`^[\w./-]+\.(?:html?|erb|haml|slim|twig|jinja2?|j2|njk|hbs|mustache|liquid|txt|json|ya?ml|xml|js|ts|py|rb|php|css|scss|svg|png|jpe?g|md|pem|crt|key|p12|pfx|jks|cer|der|csv|sql|sh|env|conf|cfg|ini|properties|toml|lock|log|pdf)$`)
	namespaceRe  = regexp.MustCompile(`^[A-Za-z][A-Za-z_-]*(?::[A-Za-z][A-Za-z_-]*)+$`)
	ruleListRe   = regexp.MustCompile(`^[a-z_]+(?::[\w,.]+)?(?:\|[a-z_]+(?::[\w,.]+)?)+$`)
	routeRe      = regexp.MustCompile(`^[a-z_/]+#[a-z_]+$`)
	secretaryRe  = regexp.MustCompile(`secr[eé]tar\w*`)
	credentialRe = regexp.MustCompile(`password|passwd|pwd|passphrase|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|credential|mot_?de_?passe|motdepasse`)
)

// notACredential spots values of generic assignments that are not
// credentials by their shape: natural language (letters outside ASCII),
// names of environment variables, dates, paths and file names,
// namespaced keys (app:authToken), validation rule lists (required|min:8)
// and route targets (passwords#update).
func notACredential(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return true
		}
	}
	return envNameRe.MatchString(v) || emailRe.MatchString(v) || dateRe.MatchString(v) || pathRe.MatchString(v) || fileNameRe.MatchString(v) ||
		namespaceRe.MatchString(v) || ruleListRe.MatchString(v) || routeRe.MatchString(v)
}

// credentialKey reports a key that names a credential as a word, not as
// part of another word: secretariat, passage and passive are not.
func credentialKey(kl string) bool {
	k := secretaryRe.ReplaceAllString(kl, "")
	if credentialRe.MatchString(k) {
		return true
	}
	for _, t := range keyTokens(k) {
		if t == "pass" || t == "pw" || strings.HasSuffix(t, "pass") && len(t) <= 8 {
			return true // db_pass, dbpass, ansible_become_pass
		}
	}
	return false
}

// camelName: three or more capitalised words of three letters or more
// (RedisModuleConnectionToken, proconnectClientSecret), a name rather than
// a random password.
func camelName(v string) bool {
	for i := 0; i < len(v); i++ {
		if !(v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z') {
			return false
		}
	}
	ws := wordsOf(v)
	if len(ws) < 3 {
		return false
	}
	for _, w := range ws {
		if len(w) < 3 {
			return false
		}
	}
	return true
}

var snakeNameRe = regexp.MustCompile(`^[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}$`)

// snakeName: lowercase words joined by underscores (fc_core_v2_app).
func snakeName(v string) bool {
	if !snakeNameRe.MatchString(v) {
		return false
	}
	for _, w := range strings.Split(v, "_") {
		letters := 0
		for i := 0; i < len(w); i++ {
			if w[i] >= 'a' && w[i] <= 'z' {
				letters++
			}
		}
		if letters == 0 {
			return false // a_1234_5678: not words
		}
	}
	return true
}

// readableCamel: a camelCase identifier of pronounceable words
// (accessControl, isSlug), as code writes its constants' values; a random
// password of letters has words without vowels or long consonant runs.
func readableCamel(v string) bool {
	if len(v) > 40 || !unicode.IsLower(rune(v[0])) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !(v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z') {
			return false
		}
	}
	ws := wordsOf(v)
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		if len(w) < 2 || !strings.ContainsAny(w, "aeiouy") {
			return false
		}
		run := 0
		for i := 0; i < len(w); i++ {
			if strings.IndexByte("aeiouy", w[i]) < 0 {
				if run++; run >= 4 {
					return false
				}
			} else {
				run = 0
			}
		}
	}
	return true
}

// secretName reports a key that names a secret or a key itself
// (WEBHOOK_SECRET, partnerApiKey), not its id or a public half.
func secretName(key string) bool {
	k := strings.ToLower(key)
	if strings.Contains(k, "public") || strings.Contains(k, "publishable") {
		return false
	}
	return strings.HasSuffix(k, "secret") || strings.HasSuffix(k, "_key") || strings.HasSuffix(k, "-key") || strings.HasSuffix(k, "apikey")
}
