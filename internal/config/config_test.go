package config_test

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/rules"
)

func catalog(t *testing.T) *rules.Catalog {
	t.Helper()
	c, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseValid(t *testing.T) {
	c, err := config.Parse(".ouvert.yml", []byte(`
min-level: b
fail-on: warning
rules:
  changelog/file: off
  license/consistent: error
exclude:
  - vendor/
  - "docs/**/*.py"
  - "*.min.js"
`), catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.MinLevel != finding.LevelB || c.FailOn != finding.Warning {
		t.Errorf("thresholds = %q %q", c.MinLevel, c.FailOn)
	}
	if !c.Off["changelog/file"] || c.Severity["license/consistent"] != finding.Error {
		t.Errorf("rules = %v %v", c.Off, c.Severity)
	}
	for p, want := range map[string]bool{
		"vendor/a/b.go": true, "src/vendor/x.go": true, "vendorx/a.go": false,
		"docs/a/b/c.py": true, "docs/c.py": true, "src/docs/c.py": false,
		"app.min.js": true, "web/app.min.js": true, "app.js": false,
	} {
		if got := c.Excluded(p); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestParseErrorsNameFileLineAndKey(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"unknown key":              {"min-level: C\ncolour: red\n", ".ouvert.yml:2: invalid configuration: unknown key colour"},
		"bad level":                {"\nmin-level: D\n", ".ouvert.yml:2: invalid configuration: min-level: unknown level"},
		"bad severity":             {"fail-on: loud\n", ".ouvert.yml:1: invalid configuration: fail-on"},
		"unknown rule":             {"rules:\n  licence/file: off\n", ".ouvert.yml:2: invalid configuration: rules.licence/file: unknown rule (did you mean license/file?)"},
		"bad rule mode":            {"rules:\n  license/file: maybe\n", "want off, error, warning or note"},
		"bad glob":                 {"exclude: ['[']\n", "exclude"},
		"not yaml":                 {"rules: [\n", "invalid configuration"},
		"exception without reason": {"exceptions:\n  - {rule: license/file, path: x}\n", ".ouvert.yml:2: invalid configuration: exceptions.0: an exception needs a reason"},
		"exception without target": {"exceptions:\n  - {rule: license/file, reason: r}\n", "needs a path or a fingerprint"},
		"exception bad date":       {"exceptions:\n  - {rule: license/file, path: x, reason: r, until: 31/12/2026}\n", "until must be a date YYYY-MM-DD"},
		"exception unknown rule":   {"exceptions:\n  - {rule: secret/aws, path: x, reason: r}\n", "unknown rule"},
		"exception unknown key":    {"exceptions:\n  - {rule: license/file, path: x, reason: r, expires: 2026-01-01}\n", "unknown key expires (known: rule, path, fingerprint, reason, until)"},
		"secrets unknown key":      {"secrets:\n  max-size: 8MiB\n", ".ouvert.yml:2: invalid configuration: unknown key max-size (known: max-file-size, redact, fingerprint-key, patterns)"},
		"secrets bad size":         {"min-level: C\nsecrets:\n  max-file-size: big\n", ".ouvert.yml:3: invalid configuration: secrets.max-file-size: want a size such as 8MiB"},
		"secrets bad unit":         {"secrets:\n  max-file-size: 8 MiBs\n", "unknown unit \"MiBs\""},
		"secrets too small":        {"secrets:\n  max-file-size: 100\n", "smaller than 1KiB"},
		"secrets too large":        {"secrets:\n  max-file-size: 2GiB\n", "larger than 1GiB"},
		"secrets huge number":      {"secrets:\n  max-file-size: 99999999999999999999KiB\n", "larger than 1GiB"},
		"secrets not a map":        {"secrets: 8MiB\n", ".ouvert.yml:1: invalid configuration: cannot unmarshal"},
		"wrong type":               {"rules: [a]\n", ".ouvert.yml:1: invalid configuration: cannot unmarshal"},
		"pattern bad regex":        {"secrets:\n  patterns:\n    - id: acme\n      regex: 'acme_[a-z'\n", ".ouvert.yml:4: invalid configuration: secrets.patterns.0: regex: missing closing ]"},
		"pattern bad id":           {"secrets:\n  patterns:\n    - id: Acme Key\n      regex: 'acme_[a-z]{8}'\n", ".ouvert.yml:3: invalid configuration: secrets.patterns.0: id:"},
		"pattern no keyword":       {"secrets:\n  patterns:\n    - id: acme\n      regex: '[a-f0-9]{32}'\n", ".ouvert.yml:3: invalid configuration: secrets.patterns.0: keywords: none given"},
		"pattern short keyword":    {"secrets:\n  patterns:\n    - id: acme\n      regex: '[a-f0-9]{32}'\n      keywords: [ab]\n", ".ouvert.yml:5: invalid configuration: secrets.patterns.0: keywords:"},
		"pattern bad entropy":      {"secrets:\n  patterns:\n    - id: acme\n      regex: 'acme_[a-z]{8}'\n      entropy: 12\n", ".ouvert.yml:5: invalid configuration: secrets.patterns.0: entropy:"},
		"pattern twice":            {"secrets:\n  patterns:\n    - {id: acme, regex: 'acme_[a-z]{8}'}\n    - {id: acme, regex: 'acme-[a-z]{8}'}\n", ".ouvert.yml:4: invalid configuration: secrets.patterns.1: id: \"acme\" is already"},
		"pattern unknown key":      {"secrets:\n  patterns:\n    - id: acme\n      regex: 'acme_[a-z]{8}'\n      keyword: [acme]\n", ".ouvert.yml:5: invalid configuration: unknown key keyword (known: id, regex, keywords, entropy)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := config.Parse(".ouvert.yml", []byte(tc.in), catalog(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if !errors.Is(err, config.ErrInvalid) {
				t.Errorf("err does not wrap ErrInvalid: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// TestParseErrorsKeepTheirCause: the one-line message is reworded from
// yaml.v3's, which stays the cause.
func TestParseErrorsKeepTheirCause(t *testing.T) {
	_, err := config.Parse(".ouvert.yml", []byte("rules: [a]\n"), catalog(t))
	var te *yaml.TypeError
	if !errors.Is(err, config.ErrInvalid) || !errors.As(err, &te) {
		t.Errorf("err = %v (%T): want ErrInvalid and the *yaml.TypeError", err, err)
	}
}

func TestSecretsMaxFileSize(t *testing.T) {
	for in, want := range map[string]int64{
		"8MiB": 8 << 20, "512 KiB": 512 << 10, "1gib": 1 << 30, "10MB": 10_000_000, "4194304": 4 << 20, "2048 B": 2048, "1KiB": 1024,
	} {
		c, err := config.Parse(".ouvert.yml", []byte("secrets:\n  max-file-size: "+in+"\n"), catalog(t))
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if c.SecretsMaxFileSize != want {
			t.Errorf("%q = %d, want %d", in, c.SecretsMaxFileSize, want)
		}
	}
	c, err := config.Parse(".ouvert.yml", []byte("min-level: C\n"), catalog(t))
	if err != nil || c.SecretsMaxFileSize != 0 {
		t.Errorf("default = %d, %v", c.SecretsMaxFileSize, err)
	}
	for n, want := range map[int64]string{4 << 20: "4 MiB", 1536 << 10: "1536 KiB", 1000: "1000 B", 1 << 30: "1 GiB", 10_000_000: "10000000 B"} {
		if got := config.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
		if back, err := config.ParseSize(config.FormatSize(n)); n >= config.MinFileSize && (err != nil || back != n) {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", n, back, err)
		}
	}
}

func TestEmptyIsDefault(t *testing.T) {
	c, err := config.Parse("x", []byte("  \n"), catalog(t))
	if err != nil || c.MinLevel != "" || c.Excluded("a") {
		t.Fatalf("c = %+v, err = %v", c, err)
	}
}

func TestSecretsRedactAndFingerprintKey(t *testing.T) {
	key := strings.Repeat("3f9a", 16)
	c, err := config.Parse(".ouvert.yml", []byte("secrets:\n  redact: FULL\n  fingerprint-key: "+key+"\n"), catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.SecretsRedact != finding.RedactFull || c.FingerprintKey != key {
		t.Errorf("redact %q, key %q", c.SecretsRedact, c.FingerprintKey)
	}
	for name, tc := range map[string]struct{ yml, want string }{
		"redact":    {"secrets:\n  redact: some\n", ".ouvert.yml:2: invalid configuration: secrets.redact: want partial or full"},
		"short key": {"secrets:\n  fingerprint-key: abc123\n", ".ouvert.yml:2: invalid configuration: secrets.fingerprint-key: want at least 32 characters"},
	} {
		if _, err := config.Parse(".ouvert.yml", []byte(tc.yml), catalog(t)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}

// An exception naming a secret by a fingerprint that can no longer match
// (the old plain hash, or one made under another key) is refused with its
// line and what to do, rather than silently matching nothing.
func TestExceptionFingerprintsOfSecrets(t *testing.T) {
	key := strings.Repeat("3f9a", 16)
	old := finding.Fingerprint("secrets/generic-assignment", "made-up value")
	unkeyed := finding.SecretFingerprint(nil, "secrets/generic-assignment", "made-up value")
	keyed := finding.SecretFingerprint([]byte(key), "secrets/generic-assignment", "made-up value")
	exc := func(rule, fp string) string {
		return "exceptions:\n  - rule: " + rule + "\n    fingerprint: " + fp + "\n    reason: revoked\n"
	}
	withKey := "secrets:\n  fingerprint-key: " + key + "\n"
	for name, tc := range map[string]struct {
		yml  string
		want string // "" for accepted
	}{
		"old scheme":              {exc("secrets/*", old), ".ouvert.yml:2: invalid configuration: exceptions: fingerprint " + old + " is of an older ouvert"},
		"old scheme, sensitive":   {exc("sensitive/iban", old), "is of an older ouvert"},
		"not a secret rule":       {exc("readme/file", old), ""},
		"unkeyed, no key":         {exc("secrets/*", unkeyed), ""},
		"keyed, same key":         {withKey + exc("secrets/generic-assignment", keyed), ""},
		"keyed, key gone":         {exc("secrets/*", keyed), "was made with a fingerprint key (id " + finding.KeyID([]byte(key)) + ") and this configuration has none"},
		"unkeyed, key added":      {withKey + exc("secrets/*", unkeyed), "was made with another fingerprint key (id 0000"},
		"keyed under another key": {"secrets:\n  fingerprint-key: " + strings.Repeat("77", 20) + "\n" + exc("secrets/*", keyed), "another fingerprint key"},
	} {
		_, err := config.Parse(".ouvert.yml", []byte(tc.yml), catalog(t))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: refused: %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, config.ErrInvalid)):
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}
