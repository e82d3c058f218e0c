package secrets

import (
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"strings"
	"time"
)

// Confidence tiers of a finding: how sure ouvert is that the value is a
// credential someone must revoke. Only high and medium findings fail
// secrets/scan; a low one is a note that says why it is low.
const (
	// High: a provider's format whose structure is checked (prefix,
	// length, alphabet, checksum), wherever it is.
	High = "high"
	// Medium: a generic credential (or a structural format that belongs to
	// no provider: a PEM key, a JWT) whose value looks like one, in code or
	// configuration that ships.
	Medium = "medium"
	// Low: a medium finding that the file's role, its section or the
	// value's shape explains (Reason says which).
	Low = "low"
)

// Reasons of a low confidence (Finding.Reason).
const (
	ReasonTest        = "test"        // in a test, fixture, mock, story or snapshot
	ReasonExample     = "example"     // in an example, sample or dist file
	ReasonDocs        = "docs"        // in documentation
	ReasonDevDefault  = "dev-default" // the application's own key in a development or CI file or section
	ReasonLocalCert   = "local-cert"  // a private key beside certificates made for local hosts only
	ReasonLocalHost   = "local-host"  // credentials of a host that only exists locally
	ReasonPlaceholder = "placeholder" // the value reads like a documented placeholder
	ReasonPublic      = "public"      // a key meant for browsers: search-only, anonymous, read-only
	ReasonHash        = "hash"        // a password hash (argon2, bcrypt, sha…), not the password
	ReasonLocalFile   = "local-file"  // in a file whose every host is local (a local stack's)
	ReasonExpired     = "expired"     // a short-lived token (a session's) that has expired
)

// judge gives a match its confidence and, when low, the reason. A role
// lowers a finding; it never hides it. A high-confidence format stays high
// in any file: a live provider token in a test is still a live token.
func judge(content []byte, p *pattern, m *match, key string, sm []int, off int, fc fileClass) {
	if p.sensitive {
		return // tiers say how sure a secret is; sensitive data is advice
	}
	m.conf = p.Confidence
	if m.conf == "" {
		m.conf = High
	}
	if m.conf == High {
		return
	}
	low := func(r string) { m.conf, m.reason = Low, r }
	decoded, _ := printableB64(m.value)
	switch {
	case len(m.value) <= maxPlaceholder && (placeholderValue(m.value) || decoded != "" && placeholderValue(decoded)):
		low(ReasonPlaceholder)
	case passwordHash(tokenAt(content, m.start, m.end)) || passwordHash(m.value):
		low(ReasonHash)
	case fc.role == roleTest || fakeKey(key):
		low(ReasonTest) // also FAKE_ACCESS_TOKEN, mockApiKey: the name says the value is not a real one
	case publicKey(key) || publicContext(content, m.start) || p.ID == "secrets/jwt" && anonJWT(m.value):
		low(ReasonPublic)
	case downloadToken(content, key, m.start):
		low(ReasonPublic) // a Firebase Storage download link (GitBook images): made to be shared
	case p.ID == "secrets/sentry-dsn":
		low(ReasonPublic) // a DSN's public key, sent by every browser of a page that reports to Sentry
	case fc.base == "nx.json" && nxToken(key):
		low(ReasonPublic) // Nx Cloud's access token in nx.json: read-only, documented to be committed
	case fc.role == roleExample:
		low(ReasonExample)
	case fc.role == roleDocs || fc.i18n:
		low(ReasonDocs) // a translation file's text quotes a value for readers
	case p.ID == "secrets/url-credentials" && localHost(urlHost(content, off+sm[1])):
		low(ReasonLocalHost)
	case p.ID == "secrets/curl-basic-auth" && localHost(curlHost(content, m.end)):
		low(ReasonLocalHost)
	case strings.HasPrefix(m.value, "django-insecure-") || devValue(m.value):
		low(ReasonDevDefault) // Django's own mark of a key made for development, or a value that says so
	case fc.role == roleLocal:
		low(ReasonDevDefault) // a local stack (docker/, .devcontainer/…)
	case p.ID == "secrets/jwt" && expiredSession(m.value, time.Now()):
		low(ReasonExpired)
	case realmExport(fc.base, content):
		low(ReasonDevDefault) // a Keycloak realm exported to seed a local server
	case fc.ci && serviceKey(key):
		low(ReasonDevDefault) // the password of a CI service container
	case weakDefault(m.value):
		low(ReasonDevDefault)
	case shellDefault(content, m.start):
		low(ReasonDevDefault) // ${DB_PASSWORD:-…}: what runs when the environment sets nothing
	case (fc.dev || devSection(content, m.start) || commented(content, m.start) && p.Generic) && ownKey(p.ID, key):
		low(ReasonDevDefault) // also a generator's commented-out default (Devise's secret_key)
	case ownKey(p.ID, key) && (importsEnvConfig(fc.base, content) || devComment(content, m.start)):
		low(ReasonDevDefault)
	case (p.Generic && len(p.Context) == 0 && localKey(key) || ownKeyRules[p.ID] && p.ID != "secrets/private-key") &&
		(fc.compose || fc.ci || fc.dev || fc.apiClient) && localOnly(content, fc):
		// Only in files made for a local stack or a tool: an application's
		// own settings.py may name localhost for a database it shares the
		// host with, in production too.
		low(ReasonLocalFile)
	}
}

type fileRole int

const (
	roleShip    fileRole = iota // code or configuration that ships
	roleTest                    // tests, fixtures, mocks, stories, snapshots
	roleExample                 // example, sample and dist files
	roleDocs                    // documentation
	roleLocal                   // a local development stack
)

var testDirs = map[string]bool{
	"test": true, "tests": true, "spec": true, "specs": true, "__tests__": true, "__test__": true,
	"__snapshots__": true, "__mocks__": true, "mocks": true, "mock": true, "fixtures": true, "fixture": true,
	"testdata": true, "test-data": true, "test_data": true, "e2e": true, "cypress": true, "integration-tests": true,
	"integration_tests": true, "wiremock": true, "stories": true, ".storybook": true, "storybook": true,
	"factories": true,                 // factory_boy, FactoryBot: the objects tests build
	"k6":        true, "locust": true, // load tests (also any directory named *load-test*, see role)
}

// localDirs hold a local stack or the data seeded into a development
// database.
var localDirs = map[string]bool{"docker": true, "local": true, ".local": true, "localhost": true, ".devcontainer": true, "devcontainer": true,
	"vagrant": true, ".vagrant": true, // a Vagrant box: virtual machines on the developer's own host
	"seed": true, "seeds": true}

var devWords = map[string]bool{"dev": true, "development": true, "local": true, "test": true, "testing": true, "ci": true}

var exampleWords = map[string]bool{"example": true, "examples": true, "sample": true, "samples": true, "dist": true, "template": true}

var docExts = map[string]bool{".md": true, ".markdown": true, ".rst": true, ".adoc": true, ".txt": true, ".mdx": true}

var testFileRe = regexp.MustCompile(`(^|[._-])(spec|test|tests|stories|story|mock|mocks|fixture|fixtures|snap)([._-]|$)|^conftest\.py$|^test_|(test|tests|it|itest|spec)\.(java|kt|kts|scala|groovy|cs|php|swift)$|^cypress[.-]|^jest\.setup|^setuptests\.|^(playwright|vitest|jest|karma|wdio)\.conf|^factories\.py$|^factory\.py$|^factories\.rb$`)

// role tells what a file is for, from its path: a role lowers the
// confidence of medium findings (see judge). dev reports a development,
// test or CI file (.env.development, settings/dev.py, config/test.exs,
// CI workflows), where the application's own keys are defaults.
func role(lp, base string) (r fileRole, dev bool) {
	segs := strings.Split(lp, "/")
	dirs := segs[:len(segs)-1]
	for _, d := range dirs {
		if testDirs[d] || strings.HasSuffix(d, "fixtures") || strings.HasSuffix(d, "_tests") || strings.HasSuffix(d, "-tests") ||
			strings.Contains(strings.NewReplacer("-", "", "_", "").Replace(d), "loadtest") {
			return roleTest, true
		}
	}
	if testFileRe.MatchString(base) {
		return roleTest, true
	}
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(c rune) bool { return c == '.' || c == '-' || c == '_' })
	}
	local := false
	for _, w := range split(base) {
		if exampleWords[w] {
			return roleExample, true
		}
		dev = dev || devWords[w]
		local = local || w == "local" || w == "localhost"
	}
	if local {
		return roleLocal, true // .env.local, docker-compose.local.yml, application-local.properties
	}
	for _, d := range dirs {
		for _, w := range split(d) {
			if exampleWords[w] {
				return roleExample, true // api-samples/, examples/
			}
		}
		if localDirs[d] {
			return roleLocal, true
		}
		for _, w := range split(d) {
			dev = dev || w == "dev" || w == "development" // dev/, dev-secrets/, development_keys/
		}
		switch d {
		case ".circleci", ".github", ".gitlab", ".gitlab-ci":
			dev = true
		case "swagger", "swaggers", "openapi", "api-docs", "apidocs":
			return roleDocs, dev
		}
	}
	if base == ".gitlab-ci.yml" || base == ".travis.yml" || base == "jenkinsfile" {
		dev = true
	}
	if strings.Contains(base, "openapi") || strings.Contains(base, "swagger") {
		return roleDocs, dev // an API description: its examples are documentation
	}
	if docExts[path.Ext(base)] || base == "readme" || (len(dirs) > 0 && (dirs[0] == "docs" || dirs[0] == "doc" || dirs[0] == "documentation")) {
		return roleDocs, dev
	}
	return roleShip, dev
}

// devSection reports a value under a development or test section of a
// YAML text (Rails config/secrets.yml, config/database.yml), at any depth:
// the text may be nested in a heredoc of a script that writes the file.
func devSection(b []byte, at int) bool {
	lo := max(0, at-16<<10)
	region := b[lo:at]
	ls := bytes.LastIndexByte(region, '\n') + 1
	indent := indentOf(region[ls:])
	region = region[:max(0, ls-1)]
	for indent > 0 && len(region) > 0 {
		i := bytes.LastIndexByte(region, '\n')
		line := region[i+1:]
		region = region[:max(0, i)]
		t := bytes.TrimSpace(line)
		if n := indentOf(line); len(t) > 0 && t[0] != '#' && n < indent {
			if t[len(t)-1] != ':' {
				return false // a parent that is no YAML key: not a section
			}
			switch string(t[:len(t)-1]) {
			case "development", "dev", "test", "local":
				return true
			}
			indent = n
		}
		if i < 0 {
			break
		}
	}
	return false
}

// indentOf is the count of spaces and tabs that start line.
func indentOf(line []byte) int {
	n := 0
	for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		n++
	}
	return n
}

// ownKeyRules are formats that are the application's own key (sessions,
// signatures): in a development file or section they are its defaults.
var ownKeyRules = map[string]bool{
	"secrets/django-secret-key": true, "secrets/rails-secret-key-base": true, "secrets/laravel-app-key": true,
	"secrets/symfony-app-secret": true, "secrets/private-key": true, "secrets/jwt": true,
}

var ownKeyWords = map[string]bool{"jwt": true, "session": true, "cookie": true, "fernet": true, "signing": true,
	"encryption": true, "hmac": true, "base": true, "app": true, "application": true, "django": true, "flask": true,
	"rails": true, "phoenix": true, "symfony": true, "laravel": true, "master": true, "salt": true, "cipher": true,
	"nextauth": true}

var cryptoWords = map[string]bool{"store": true, "storage": true, "refresh": true, "crypt": true, "crypto": true,
	"encrypt": true, "encryption": true, "cipher": true, "sign": true, "signing": true, "secret": true}

var objectWords = map[string]bool{"config": true, "settings": true, "self": true, "this": true, "conf": true, "cfg": true}

// ownKey reports a key that names the application's own secret (a session
// or signing key), not a credential of another service.
func ownKey(rule, key string) bool {
	if ownKeyRules[rule] {
		return true
	}
	toks := keyTokens(key)
	for len(toks) > 1 && objectWords[toks[0]] {
		toks = toks[1:] // config.secret_key, self.secret_key
	}
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if ownKeyWords[t] {
			return true
		}
	}
	j := strings.Join(toks, "_")
	if j == "secret" || j == "secret_key" || j == "secretkey" || j == "key" {
		return true
	}
	if toks[len(toks)-1] == "key" {
		for _, t := range toks {
			if cryptoWords[t] {
				return true // OIDC_STORE_REFRESH_TOKEN_KEY: the key the application encrypts with
			}
		}
	}
	return false
}

// urlHost is the host that follows the credentials of a URL, whose '@'
// ends at end.
func urlHost(b []byte, end int) string {
	i := end
	if i > 0 && i <= len(b) {
		j := i
		for j > 0 && b[j-1] != '@' && i-j < 256 {
			j--
		}
		k := j
		for k < len(b) && (isKeyChar(b[k]) && b[k] != '+') {
			k++
		}
		return strings.ToLower(string(b[j:k]))
	}
	return ""
}

// curlHost is the host of the first URL after a curl's credentials.
func curlHost(b []byte, at int) string {
	end := at + bytes.IndexByte(b[at:], '\n')
	if end < at {
		end = len(b)
	}
	line := b[at:end]
	i := bytes.Index(line, []byte("://"))
	if i < 0 {
		return ""
	}
	rest := line[i+3:]
	k := 0
	for k < len(rest) && isKeyChar(rest[k]) && rest[k] != '+' {
		k++
	}
	return strings.ToLower(string(rest[:k]))
}

// localHost reports a host that exists only on a developer's machine or
// inside a compose network: localhost, loopback, a name without a dot (a
// compose service), host.docker.internal, *.local, *.localhost, *.nip.io
// on 127.0.0.1, reserved example domains.
func localHost(h string) bool {
	h = strings.TrimSuffix(h, ".")
	switch {
	case h == "":
		return false
	case !strings.Contains(h, "."):
		return true
	case strings.HasPrefix(h, "127.") || h == "0.0.0.0" || h == "host.docker.internal":
		return true
	}
	for _, s := range []string{".local", ".localhost", ".test", ".example", ".invalid", ".internal", "127.0.0.1.nip.io", "example.com", "example.org", "example.net"} {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

var placeholderWords = map[string]bool{"here": true, "your": true, "change": true, "changeit": true, "generate": true,
	"replace": true, "must": true, "put": true, "some": true, "with": true, "secret": true, "key": true, "password": true,
	"token": true, "example": true, "insecure": true, "not": true, "dev": true, "test": true, "local": true,
	"default": true, "todo": true, "unique": true, "random": true, "long": true, "string": true, "this": true, "my": true,
	"is": true, "the": true, "for": true, "be": true, "to": true, "a": true, "and": true, "only": true, "use": true,
	"shared": true, "api": true, "very": true, "super": true, "strong": true, "new": true, "same": true,
	// French, as French teams write theirs (CeciEstUnFauxMotDePasse, votre-cle-ici)
	"ceci": true, "est": true, "un": true, "une": true, "faux": true, "fausse": true, "mot": true, "de": true,
	"passe": true, "cle": true, "votre": true, "ici": true, "mettre": true, "remplacer": true, "changer": true,
	"exemple": true, "pas": true, "ne": true, "jeton": true, "secrete": true}

// maxPlaceholder bounds the values placeholderValue judges: a documented
// placeholder is short, and in a long random text (a PEM key's 1,600
// characters of base64) a counting run of five comes by chance about once
// in a thousand keys, which made a real key a "placeholder".
const maxPlaceholder = 256

// placeholderValue spots the values documentation and templates put in
// place of a secret: counting runs (12345, abcdef, a1b2c3d4), and
// self-describing phrases (put-some-unique-key-here, ThisIsNotSecret).
func placeholderValue(v string) bool {
	if ascendingRun(strings.ToLower(v)) >= 5 { // 12345, abcde, AbCdE
		return true
	}
	if pairRun(v) >= 10 { // …-1A1A1A1A1A1A, a template's filler (i18n-tasks' DeepL key)
		return true
	}
	var letters, digits []byte
	for i := 0; i < len(v); i++ {
		c := lower(v[i])
		switch {
		case c >= 'a' && c <= 'z':
			letters = append(letters, c)
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		}
	}
	if rl, rd := ascendingRun(string(letters)), ascendingRun(string(digits)); rl >= 5 && rd >= 5 || rl >= 8 || rd >= 8 ||
		rl >= 5 && rl == len(letters) && len(digits) <= 2 { // AbC-dEf5: the letters only count
		return true // a1b2c3d4e5, interleaved counting
	}
	words := wordsOf(v)
	if len(words) < 3 {
		return false
	}
	hints, long := 0, 0
	for _, w := range words {
		if len(w) >= 3 {
			long++
			if placeholderWords[w] {
				hints++
			}
		}
	}
	return hints >= 2 && long >= 3 && hints*3 >= len(words)
}

// ascendingRun is the length of the longest run of consecutive ascending
// characters (1234, abcd).
func ascendingRun(v string) int {
	best, run := 0, 0
	for i := 0; i < len(v); i++ {
		if i > 0 && v[i] == v[i-1]+1 && isAlnum(v[i]) {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// wordsOf splits a value into lowercase words of letters, at separators,
// digits and camelCase boundaries.
func wordsOf(v string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(v); i++ {
		var c byte
		if i < len(v) {
			c = v[i]
		}
		isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		boundary := !isLetter || (start >= 0 && c >= 'A' && c <= 'Z' && v[i-1] >= 'a' && v[i-1] <= 'z')
		if boundary && start >= 0 {
			out = append(out, strings.ToLower(v[start:i]))
			start = -1
		}
		if isLetter && start < 0 {
			start = i
		}
	}
	return out
}

var publicKeyWords = map[string]bool{"anon": true, "search": true, "searchonly": true, "readonly": true, "publishable": true}

// publicKey reports a key name that says the key is meant to be public: a
// search-only key, an anonymous role's key, a read-only one.
func publicKey(key string) bool {
	for _, t := range keyTokens(key) {
		if publicKeyWords[t] {
			return true
		}
	}
	return false
}

// publicContext reports a value near a search service whose browser keys
// are search-only by design (Algolia, DocSearch).
func publicContext(b []byte, at int) bool {
	lo, hi := max(0, at-512), min(len(b), at+512)
	r := bytes.ToLower(b[lo:hi])
	return bytes.Contains(r, []byte("algolia")) || bytes.Contains(r, []byte("docsearch"))
}

// anonJWT reports a JWT whose role is the anonymous one (a Supabase or
// PostgREST anon key: it ships to browsers).
func anonJWT(v string) bool {
	var body struct {
		Role string `json:"role"`
	}
	return jwtClaims(v, &body) && (body.Role == "anon" || body.Role == "anonymous")
}

// jwtClaims decodes a JWT's payload into claims; false when v is no JWT.
func jwtClaims(v string, claims any) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	b, err := decodeB64URL(parts[1])
	return err == nil && json.Unmarshal(b, claims) == nil
}

// maxSession is the longest life of a token that expiredSession takes for
// a session's: a copy of one (a Postman environment, a debugging page)
// stops opening anything within days, where a token issued to a client
// application lives months or years and may still be honoured.
const maxSession = 7 * 24 * time.Hour

// expiredSession reports a JWT whose claims say it lived at most
// maxSession (exp - iat) and expired before now.
func expiredSession(v string, now time.Time) bool {
	var c struct {
		Exp, Iat json.Number
	}
	if !jwtClaims(v, &c) {
		return false
	}
	exp, e1 := c.Exp.Float64()
	iat, e2 := c.Iat.Float64()
	if e1 != nil || e2 != nil || exp <= iat {
		return false
	}
	life := time.Duration(exp-iat) * time.Second
	return life <= maxSession && time.Unix(int64(exp), 0).Before(now)
}

// commented reports a value on a commented-out line.
func commented(b []byte, at int) bool {
	ls := bytes.LastIndexByte(b[max(0, at-maxLineLen):at], '\n') + 1 + max(0, at-maxLineLen)
	pre := strings.TrimSpace(string(b[ls:at]))
	for _, c := range []string{"#", "//", "--", "/*", "*", "<!--", ";", "%"} {
		if strings.HasPrefix(pre, c) {
			return true
		}
	}
	return false
}

var serviceWords = map[string]bool{"postgres": true, "postgresql": true, "pg": true, "mysql": true, "mariadb": true,
	"db": true, "database": true, "redis": true, "mongo": true, "mongodb": true, "rabbitmq": true, "minio": true,
	"elastic": true, "elasticsearch": true, "opensearch": true, "smtp": true, "mail": true, "s3": true,
	"hasura": true, "keycloak": true, "nextcloud": true, "garage": true}

// serviceKey reports a key naming a database, cache or broker: in a CI
// file, the password of a service container that lives for one job.
func serviceKey(key string) bool {
	for _, t := range keyTokens(key) {
		if serviceWords[t] {
			return true
		}
	}
	return false
}

// localKeyWords are the words a key of a local stack's credential is made
// of: a database, cache or broker, the application's own keys, an account.
var localKeyWords = map[string]bool{"password": true, "passwd": true, "pass": true, "pwd": true, "pw": true, "secret": true,
	"token": true, "key": true, "auth": true, "api": true, "access": true, "admin": true, "root": true, "user": true,
	"default": true, "initial": true, "local": true, "dev": true, "test": true, "host": true, "web": true, "hook": true,
	"webhook": true, "client": true, "server": true, "superuser": true, "login": true, "account": true, "env": true}

// localKey reports a key that names a credential of the local stack
// itself (POSTGRES_PASSWORD, MINIO_ROOT_PASSWORD, AUTH_SECRET, password),
// not of another organisation's service (MAILJET_API_SECRET,
// SENTRY_AUTH_TOKEN): a file that talks only to local hosts may still hold
// the key of a hosted service it calls.
func localKey(key string) bool {
	toks := keyTokens(key)
	for len(toks) > 1 && objectWords[toks[0]] {
		toks = toks[1:]
	}
	for _, t := range toks {
		if !localKeyWords[t] && !serviceWords[t] && !ownKeyWords[t] && !cryptoWords[t] {
			return false
		}
	}
	return true
}

var weakDefaults = map[string]bool{"postgres": true, "postgresql": true, "mysql": true, "mariadb": true, "root": true,
	"admin": true, "administrator": true, "guest": true, "user": true, "redis": true, "minio": true, "minioadmin": true,
	"rabbitmq": true, "elastic": true, "keycloak": true, "pass": true, "passw0rd": true, "secret": true, "test": true}

// weakDefault reports the default password of a database or service image
// (postgres, root, minioadmin…), in clear or base64.
func weakDefault(v string) bool {
	l := strings.ToLower(v)
	if weakDefaults[l] {
		return true
	}
	if d, ok := printableB64(v); ok && weakDefaults[strings.ToLower(d)] {
		return true
	}
	return false
}

// tokenAt widens a match to the whole token around it (a hash's scheme
// prefix such as "argon2:" or "$2b$" may lie before the matched value).
func tokenAt(b []byte, start, end int) string {
	stop := func(c byte) bool {
		return c == '"' || c == '\'' || c == '`' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '=' || c == ',' || c == ';'
	}
	lo, hi := start, end
	for lo > 0 && !stop(b[lo-1]) {
		lo--
	}
	for hi < len(b) && !stop(b[hi]) {
		hi++
	}
	return string(b[lo:hi])
}

var hashRe = regexp.MustCompile(`^(?:argon2:\$argon2|\$argon2(?:id|i|d)\$v=|\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]+\$|\$apr1\$|\$[PHS]\$[./0-9A-Za-z]{31,52}$|pbkdf2[_:$]|\$pbkdf2|(?:sha1|sha256|sha512):[0-9a-f]{4,}:[0-9a-f]{32,}$|\{(?:SSHA|SHA|SSHA256|SSHA512|BCRYPT|ARGON2|PBKDF2[^}]*)\}|scrypt:|\$scrypt\$)`)

// passwordHash reports a value with a password hashing scheme's prefix
// (argon2, bcrypt, crypt, Apache's $apr1$, phpass and Drupal's $P$/$H$/$S$
// as WordPress and Drupal store them, PBKDF2, salted SHA, LDAP {SSHA}): it stores the
// hash that checks a password, not a credential that opens anything.
func passwordHash(v string) bool {
	return hashRe.MatchString(v)
}

// nxToken reports Nx Cloud's access token key of nx.json: Nx documents it
// as read-only and meant to be committed (writes need NX_CLOUD_ACCESS_TOKEN
// in the CI environment).
func nxToken(key string) bool {
	k := strings.ToLower(key)
	return k == "accesstoken" || k == "nxcloudaccesstoken"
}

// realmExport reports a Keycloak realm export (realm-export.json,
// myrealm-realm.json): the realm imported into a local server, whose
// client secrets are made for it.
func realmExport(base string, b []byte) bool {
	if path.Ext(base) != ".json" || !strings.Contains(base, "realm") {
		return false
	}
	head := b[:min(len(b), 4<<10)]
	return bytes.Contains(head, []byte(`"realm"`)) && (bytes.Contains(b, []byte(`"clients"`)) || bytes.Contains(b, []byte(`"users"`)))
}

// importsEnvConfig reports Elixir's shared configuration (config.exs) that
// imports the environment's own file at its end (import_config
// "#{Mix.env()}.exs", or "#{config_env()}.exs"): Phoenix generators put a
// secret_key_base there for development and test, and prod.exs or
// runtime.exs, read after it, sets the production one.
func importsEnvConfig(base string, b []byte) bool {
	if base != "config.exs" {
		return false
	}
	return bytes.Contains(b, []byte(`import_config "#{Mix.env`)) || bytes.Contains(b, []byte(`import_config "#{config_env()`))
}

// devMarks are what a comment says of a value made for development only.
var devMarks = [][]byte{[]byte("dev only"), []byte("development only"), []byte("only for dev"), []byte("for development"),
	[]byte("for local dev"), []byte("dev purpose"), []byte("development purpose"), []byte("not for production"),
	[]byte("not used in production"), []byte("développement"), []byte("developpement"), []byte("pas en production"),
	[]byte("pas utiliser en prod")}

// devComment reports a value whose line, or one of the two lines before
// it, holds a comment saying it is for development only ("# dev only",
// "// pour le développement").
func devComment(b []byte, at int) bool {
	lo := at
	for n := 0; n < 3 && lo > 0; n++ {
		i := bytes.LastIndexByte(b[max(0, lo-maxLineLen):lo-1], '\n')
		if i < 0 {
			lo = max(0, lo-maxLineLen)
			break
		}
		lo = max(0, lo-maxLineLen) + i + 1
	}
	hi := at + bytes.IndexByte(b[at:min(len(b), at+maxLineLen)], '\n')
	if hi < at {
		hi = min(len(b), at+maxLineLen)
	}
	region := bytes.ToLower(b[lo:hi])
	if c := commentAfter(b[at:hi]); c != nil && (bytes.Contains(c, []byte("example")) || bytes.Contains(c, []byte("exemple"))) {
		return true // cookie_secret = "…", # example: the real key lives elsewhere
	}
	if !bytes.Contains(region, []byte("#")) && !bytes.Contains(region, []byte("//")) && !bytes.Contains(region, []byte("/*")) &&
		!bytes.Contains(region, []byte("<!--")) && !bytes.Contains(region, []byte("--")) {
		return false
	}
	for _, m := range devMarks {
		if bytes.Contains(region, m) {
			return true
		}
	}
	return false
}

var fakeKeyWords = map[string]bool{"fake": true, "dummy": true, "mock": true, "mocked": true, "stub": true}

// fakeKey reports a key whose name says its value is not a real one
// (FAKE_ACCESS_TOKEN, mockApiKey).
func fakeKey(key string) bool {
	for _, t := range keyTokens(key) {
		if fakeKeyWords[t] {
			return true
		}
	}
	return false
}

// downloadToken reports the token of a Firebase Storage download link
// (…appspot.com/o/…?alt=media&token=…, URL-encoded or not): GitBook and
// others embed it in public pages to show an image; it opens that one file.
func downloadToken(b []byte, key string, at int) bool {
	if !strings.HasSuffix(strings.ToLower(key), "token") { // token, or 26token after an encoded '&' (%26)
		return false
	}
	before := b[max(0, at-96):at]
	return bytes.Contains(before, []byte("alt=media"))
}

var devValueMarks = []string{"devonly", "dev_only", "dev-only", "fordev", "for_dev", "for-dev", "localonly", "local_only",
	"local-only", "notsecret", "not_secret", "not-secret", "notasecret", "nonsecret", "insecure"}

// devValue reports a value that says it is made for development
// (secretfordevonly, not-secret-at-all, insecure-key).
func devValue(v string) bool {
	l := strings.ToLower(v)
	for _, m := range devValueMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// commentAfter is the trailing comment of a line from a value on, in
// lower case, or nil.
func commentAfter(rest []byte) []byte {
	for _, m := range []string{" #", "\t#", " //", "\t//", "/*"} {
		if i := bytes.Index(rest, []byte(m)); i >= 0 {
			return bytes.ToLower(rest[i:])
		}
	}
	return nil
}

// pairRun is the longest run of v made of one pair of bytes repeated
// (1A1A1A…, 000000…): random values do not hold one of 10.
func pairRun(v string) int {
	best, n := 0, 0
	for i := 2; i < len(v); i++ {
		if v[i] == v[i-2] {
			if n == 0 {
				n = 3
			} else {
				n++
			}
		} else {
			n = 0
		}
		best = max(best, n)
	}
	return best
}

// shellDefault reports a value that is the fallback of a shell or Compose
// parameter expansion (${DB_PASSWORD:-value}, ${TOKEN-value}): the value a
// local run gets when the environment does not set one; a deployment sets it.
func shellDefault(b []byte, at int) bool {
	ls, _ := lineBounds(b, at)
	open := bytes.LastIndex(b[ls:at], []byte("${"))
	if open < 0 {
		return false
	}
	expr := b[ls+open+2 : at]
	if bytes.IndexByte(expr, '}') >= 0 {
		return false
	}
	name := bytes.TrimRight(expr, ":-")
	if len(name) == len(expr) || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
