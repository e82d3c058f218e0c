package secrets

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
)

func mustNew(t testing.TB) *Scanner {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// base62Big is an independent base62 encoder (math/big, most significant
// digit first, left-padded with "0" to 6 digits) to check githubChecksum.
func base62Big(n uint32) string {
	x := new(big.Int).SetUint64(uint64(n))
	var digits []byte
	for _, d := range x.Text(62) {
		// big.Int's base 62 digits are 0-9a-zA-Z; GitHub's are 0-9A-Za-z.
		switch {
		case d >= 'a' && d <= 'z':
			d = d - 'a' + 'A'
		case d >= 'A' && d <= 'Z':
			d = d - 'A' + 'a'
		}
		digits = append(digits, byte(d))
	}
	return strings.Repeat("0", 6-len(digits)) + string(digits)
}

func TestGitHubChecksum(t *testing.T) {
	// CRC-32/IEEE of "123456789" is its standard check value 0xCBF43926.
	if got, want := githubChecksum("123456789"), base62Big(0xCBF43926); got != want {
		t.Fatalf("checksum of the CRC-32 check input = %q, want %q", got, want)
	}
	g := newGen(7)
	padded := false
	for i := 0; i < 400; i++ {
		tok := g.github("ghp")
		random, sum := tok[4:34], tok[34:]
		if want := base62Big(crc32.ChecksumIEEE([]byte(random))); sum != want {
			t.Fatalf("token %q: checksum %q, want %q", tok, sum, want)
		}
		padded = padded || sum[0] == '0'
		if !validGitHub(tok) {
			t.Fatalf("generated token %q fails the checksum", tok)
		}
		// One character of the random part changed, or another checksum:
		// both invalid.
		b := []byte(tok)
		b[10] = alnum[(strings.IndexByte(alnum, b[10])+1)%len(alnum)]
		if validGitHub(string(b)) {
			t.Errorf("altered token %q passes", b)
		}
		wrong := tok[:34] + g.str(alnum, 6)
		if wrong != tok && validGitHub(wrong) {
			t.Errorf("token with a wrong checksum %q passes", wrong)
		}
	}
	if !padded {
		t.Error("no checksum below 62^5 seen: left padding untested")
	}
}

// A token is reported when its checksum holds, and not otherwise, in every
// GitHub prefix that carries one.
func TestGitHubTokenNeedsItsChecksum(t *testing.T) {
	s := mustNew(t)
	g := newGen(8)
	for _, prefix := range []string{"ghp", "gho", "ghu", "ghs", "ghr"} {
		tok := g.github(prefix)
		if !hasRule(s.Scan("ci.env", []byte("GH_TOKEN="+tok)), "secrets/github-token") {
			t.Errorf("%s token with a valid checksum missed", prefix)
		}
		wrong := tok[:len(tok)-6] + githubChecksum(g.str(alnum, 30))
		if wrong == tok {
			continue
		}
		if r := s.Scan("ci.env", []byte("GH_TOKEN="+wrong)); len(r.Findings) != 0 {
			t.Errorf("%s token with a wrong checksum reported: %+v", prefix, r.Findings)
		}
	}
}

// Formats without a prefix of their own count only next to their service's
// name; between two services the closer name wins.
func TestContextAnchors(t *testing.T) {
	s := mustNew(t)
	g := newGen(12)
	rulesOf := func(in string) []string {
		var out []string
		for _, f := range s.Scan("deploy/app.env", []byte(in)).Findings {
			out = append(out, fmt.Sprintf("%s@%d", f.Rule, f.Line))
		}
		return out
	}
	ovh, fc, kc := g.str(alnum, 32), g.str(hexa, 64), g.str(alnum, 32)
	cases := []struct {
		in   string
		want string
	}{
		{"APPLICATION_SECRET=" + ovh + "\n", "secrets/generic-assignment@1"},
		{"OVH_ENDPOINT=ovh-eu\nAPPLICATION_SECRET=" + ovh + "\n", "secrets/ovh-key@2"},
		{"OVH_ENDPOINT=ovh-eu\n" + strings.Repeat("# padding line of a long file\n", 90) + "APPLICATION_SECRET=" + ovh + "\n", "secrets/generic-assignment@92"},
		{"FC_CLIENT_SECRET=" + fc + "\nOVH_APPLICATION_SECRET=" + ovh + "\n", "secrets/franceconnect-secret@1,secrets/ovh-key@2"},
		{"OVH_APPLICATION_SECRET=" + ovh + "\nKEYCLOAK_CLIENT_SECRET=" + kc + "\n", "secrets/ovh-key@1,secrets/keycloak-secret@2"},
		{"# keycloak\nCLIENT_SECRET=" + kc + "\n", "secrets/keycloak-secret@2"},
	}
	for _, c := range cases {
		if got := strings.Join(rulesOf(c.in), ","); got != c.want {
			t.Errorf("%.60q…: %s, want %s", c.in, got, c.want)
		}
	}
}

// A service-account file's private key is one finding, of the service
// account; the same key elsewhere is a private key.
func TestServiceAccountSupersedesPrivateKey(t *testing.T) {
	s := mustNew(t)
	g := newGen(13)
	key := strings.ReplaceAll(strings.TrimSuffix(g.pem("PRIVATE KEY"), "\n"), "\n", `\n`) + `\n`
	sa := "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key_id\": \"" + g.str(hexa, 40) +
		"\",\n  \"private_key\": \"" + key + "\",\n  \"client_email\": \"ci@demo.iam.gserviceaccount.com\"\n}\n"
	r := s.Scan("deploy/sa.json", []byte(sa))
	if len(r.Findings) != 1 || r.Findings[0].Rule != "secrets/gcp-service-account" || r.Findings[0].Line != 5 {
		t.Errorf("service account: %+v", r.Findings)
	}
	other := strings.Replace(sa, "service_account", "authorized_user", 1)
	r = s.Scan("deploy/sa.json", []byte(other))
	if len(r.Findings) != 1 || r.Findings[0].Rule != "secrets/private-key" {
		t.Errorf("other JSON: %+v", r.Findings)
	}
}

func TestFindingShapeAndRedaction(t *testing.T) {
	s, _ := New(Options{Fingerprints: true})
	g := newGen(3)
	tok := g.github("ghp")
	in := "line one\n\n  token: " + tok + "\n"
	r := s.Scan("config/ci.yml", []byte(in))
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %+v", r.Findings)
	}
	f := r.Findings[0]
	if f.Rule != "secrets/github-token" || f.Line != 3 || f.EndLine != 3 || f.Column != 10 {
		t.Errorf("finding = %+v", f)
	}
	if f.Evidence != "ghp_… (40 chars)" {
		t.Errorf("evidence = %q", f.Evidence)
	}
	if f.Fingerprint != finding.SecretFingerprint(nil, "secrets/github-token", tok) {
		t.Errorf("fingerprint is not SecretFingerprint(no key, rule, value)")
	}
	// Same value elsewhere, other path: same fingerprint.
	r2 := s.Scan("other/place.env", []byte("\n\n\n\nGH="+tok))
	if len(r2.Findings) != 1 || r2.Findings[0].Fingerprint != f.Fingerprint || r2.Findings[0].Line != 5 {
		t.Errorf("moved finding = %+v", r2.Findings)
	}
	if got := redact("abcdefgh"); got != "ab… (8 chars)" {
		t.Errorf("redact short = %q", got)
	}
	if got := redact("abc"); got != "… (3 chars)" {
		t.Errorf("redact tiny = %q", got)
	}
}

func TestInlineIgnore(t *testing.T) {
	s := mustNew(t)
	g := newGen(4)
	tok, pass := g.github("ghp"), pw(g)
	line := `token = "` + tok + `"; password = "` + pass + `"`
	cases := map[string][]string{
		line:                       {"secrets/generic-assignment", "secrets/github-token"},
		line + " // ouvert:ignore": nil,
		line + " # ouvert:ignore secrets/github-token":                                 {"secrets/generic-assignment"},
		line + " /* ouvert:ignore secrets/generic-assignment, secrets/github-token */": nil,
		line + " <!-- ouvert:ignore sensitive/iban -->":                                {"secrets/generic-assignment", "secrets/github-token"},
	}
	for in, want := range cases {
		var got []string
		for _, f := range s.Scan("app.conf", []byte(in)).Findings {
			got = append(got, f.Rule)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: rules %v, want %v", in, got, want)
		}
	}
}

func TestSkips(t *testing.T) {
	s := mustNew(t)
	tok := newGen(5).github("ghp")
	bin := append([]byte("GIF89a\x00\x01"), []byte(" token="+tok)...)
	for path, want := range map[string]string{
		"img/logo.gif":            "binary",
		"yarn.lock":               "lockfile",
		"web/package-lock.json":   "lockfile",
		"vendor/a/b.go":           "vendored",
		"web/node_modules/x/i.js": "vendored",
		"static/app.js.map":       "minified",
		"src/ok.go":               "",
	} {
		content := []byte("token = \"" + tok + "\"")
		if want == "binary" {
			content = bin
		}
		r := s.Scan(path, content)
		if r.Skipped != want {
			t.Errorf("%s: skipped %q, want %q", path, r.Skipped, want)
		}
		if want != "" && len(r.Findings) > 0 {
			t.Errorf("%s: skipped content has findings", path)
		}
	}
}

func TestRulesSortedAndComplete(t *testing.T) {
	s := mustNew(t)
	ids := s.Rules()
	if !sort.StringsAreSorted(ids) || len(ids) < 40 {
		t.Fatalf("rules = %v", ids)
	}
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, ok := c.Rule(id); !ok {
			t.Errorf("%s is not in the catalog", id)
		}
	}
	s2, _ := New(Options{DisableSensitive: true})
	for _, id := range s2.Rules() {
		if strings.HasPrefix(id, "sensitive/") {
			t.Errorf("DisableSensitive still lists %s", id)
		}
	}
	g := newGen(9)
	if r := s2.Scan("a.yaml", []byte("iban: "+g.iban())); len(r.Findings) != 0 {
		t.Errorf("DisableSensitive still reports %+v", r.Findings)
	}
}

// A 5 MB minified line with keywords everywhere: provider patterns still
// find a token in the middle, generic rules stay off, and time stays linear.
// longLine is a 5 MB minified line with one token in the middle.
func longLine(tok string) []byte {
	chunk := []byte(`function(e){var t=e.token||"";return t.password=e.secret,t}`)
	var b bytes.Buffer
	for b.Len() < 5<<20 {
		b.Write(chunk)
		if b.Len() > 2<<20 && b.Len() < 2<<20+len(chunk)+1 {
			b.WriteString(`;var k="` + tok + `";`)
		}
	}
	return b.Bytes()
}

func TestLongLine(t *testing.T) {
	s := mustNew(t)
	tok := newGen(11).github("ghp")
	r := s.Scan("dist/app.js", longLine(tok))
	if len(r.Findings) != 1 || r.Findings[0].Rule != "secrets/github-token" || r.Findings[0].Line != 1 {
		t.Errorf("findings = %+v", r.Findings)
	}
}

// BenchmarkLongLine: the cost of a minified line is linear in its length
// (MB/s stays flat as the line grows); no test asserts a time.
func BenchmarkLongLine(b *testing.B) {
	s := mustNew(b)
	data := longLine(newGen(11).github("ghp"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Scan("dist/app.js", data)
	}
}

func TestConcurrentScans(t *testing.T) {
	s := mustNew(t)
	corpus := buildCorpus(1, 60)
	done := make(chan int)
	for w := 0; w < 4; w++ {
		go func() {
			n := 0
			for _, cf := range corpus {
				n += len(s.Scan(cf.path, cf.content).Findings)
			}
			done <- n
		}()
	}
	first := <-done
	for w := 1; w < 4; w++ {
		if n := <-done; n != first {
			t.Errorf("concurrent scans disagree: %d vs %d", n, first)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, cf := range buildCorpus(5, 40) {
		f.Add(cf.path, cf.content)
	}
	f.Add("a.js", []byte(strings.Repeat("token=eyJ", 3000)))
	f.Add(".env", []byte("-----BEGIN RSA PRIVATE KEY-----\\n"+strings.Repeat("A", 5000)))
	s, err := New(Options{Fingerprints: true})
	if err != nil {
		f.Fatal(err)
	}
	// Pathological time shows up under -fuzz as a hung input, which the
	// fuzzing engine reports; the test itself asserts no time.
	f.Fuzz(func(t *testing.T, path string, content []byte) {
		r := s.Scan(path, content)
		for _, f := range r.Findings {
			if f.Line < 1 || f.EndLine < f.Line || f.Column < 1 || f.Fingerprint == "" {
				t.Errorf("bad finding %+v", f)
			}
		}
	})
}

func BenchmarkScan(b *testing.B) {
	s := mustNew(b)
	// Realistic mix: real source, documentation and configuration (this
	// repository), with 10% of secret-dense generated files.
	var mixed []corpusFile
	size := 0
	for _, cf := range buildCorpus(8, 4000) {
		if size >= 100<<10 {
			break
		}
		mixed = append(mixed, cf)
		size += len(cf.content)
	}
	root := ".."
	for pass := 0; pass < 20 && size < 1<<20; pass++ {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || size >= 1<<20 {
				return filepath.SkipAll
			}
			if d.IsDir() {
				if d.Name() == ".git" || d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			c, err := os.ReadFile(p)
			if err == nil && len(c) < 64<<10 {
				rel, _ := filepath.Rel(root, p)
				mixed = append(mixed, corpusFile{path: filepath.ToSlash(rel), content: c})
				size += len(c)
			}
			return nil
		})
	}
	b.Run("mixed-1MB", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, cf := range mixed {
				s.Scan(cf.path, cf.content)
			}
		}
	})
	var minified bytes.Buffer
	chunk := `function(e){var t=e.token||"";return t.password=e.secret,n.apiKey="AIza",t}`
	for minified.Len() < 5<<20 {
		minified.WriteString(chunk)
	}
	b.Run("minified-5MB-line", func(b *testing.B) {
		b.SetBytes(int64(minified.Len()))
		for i := 0; i < b.N; i++ {
			s.Scan("dist/app.min.js", minified.Bytes())
		}
	})
}

// BenchmarkScanFiles scans the files named in OUVERT_BENCH_FILES (separated
// by the OS path list separator; a directory stands for the files in it),
// each under its own name, for profiling on real content (bundles, source
// maps, generated HTML, a sample of a history's blobs):
//
//	OUVERT_BENCH_FILES=/tmp/app.min.js go test -bench ScanFiles -run '^$' -cpuprofile cpu.out ./secrets
func BenchmarkScanFiles(b *testing.B) {
	list := os.Getenv("OUVERT_BENCH_FILES")
	if list == "" {
		b.Skip("set OUVERT_BENCH_FILES to files to scan")
	}
	s := mustNew(b)
	for _, p := range filepath.SplitList(list) {
		var files []corpusFile
		size := 0
		err := filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(f)
			files = append(files, corpusFile{path: filepath.ToSlash(f), content: data})
			size += len(data)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, f := range files {
					s.Scan(f.path, f.content)
				}
			}
		})
	}
}
