package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/embedded"
)

//go:embed secrets.yaml
var secretsYAML []byte

// SecretValidators are the names of the structural checks the secrets
// package implements in Go; a pattern may name one of them.
func SecretValidators() []string {
	return []string{"crc32-github", "jwt", "pem", "b64-private-key", "mod97-iban", "nir-key", "private-ip"}
}

// SecretExamples are strings a pattern must flag (TP) or leave alone (FP).
// They may hold generators like [[alnum:36]], expanded at test time, so
// that no well-formed credential is stored in the repository.
type SecretExamples struct {
	TP []string `yaml:"tp"`
	FP []string `yaml:"fp"`
}

// SecretPattern is one detector of secrets.yaml.
type SecretPattern struct {
	// ID is the rule id it emits: secrets/<kind> or sensitive/<kind>.
	ID string `yaml:"id"`
	// Keywords (lowercase) of the prefilter: the regex runs only around them.
	Keywords []string `yaml:"keywords"`
	Regex    string   `yaml:"regex"`
	// MinEntropy is the Shannon entropy (bits per char) the secret needs.
	MinEntropy float64 `yaml:"entropy"`
	Validator  string  `yaml:"validator"`
	// Generic patterns (assignments, URLs) rely on context: they are not run
	// on very long lines, minified files or test fixtures, and their values
	// go through the placeholder filter.
	Generic bool `yaml:"generic"`
	// Multiline patterns see a window of lines after the keyword.
	Multiline bool `yaml:"multiline"`
	// Files restricts the pattern to these kinds of files: "config", "code",
	// or one credential file format by its name ("netrc": .netrc, _netrc,
	// .git-credentials; "pgpass": .pgpass, pgpass.conf; "htpasswd").
	Files string `yaml:"files"`
	// Context words (lowercase): a match counts only when one of them is
	// close to it (the key name, a section, a client call). It anchors
	// formats that have no prefix of their own on the service they belong
	// to; a generic pattern with context outranks one without.
	Context []string `yaml:"context"`
	// Supersedes names rules whose findings on the same value this
	// pattern's finding replaces (a service-account file's private key is
	// reported as the service account, not twice).
	Supersedes []string `yaml:"supersedes"`
	// Confidence is how sure a match of the pattern is a credential, before
	// the file's role and the value's shape lower it: "high" for a format
	// whose structure is checked (a provider's prefix, length, alphabet or
	// checksum), "medium" otherwise. Empty means high for a structural
	// pattern and medium for a generic one.
	Confidence string         `yaml:"confidence"`
	Examples   SecretExamples `yaml:"examples"`

	Compiled *regexp.Regexp `yaml:"-"`
}

// SecretPatternList is the loaded, validated secrets.yaml.
type SecretPatternList struct {
	Patterns []*SecretPattern
}

var loadSecretPatterns = embedded.Once("rules/secrets.yaml", func() (*SecretPatternList, error) {
	return ParseSecretPatterns(secretsYAML)
})

// SecretPatterns returns the embedded patterns, parsed and compiled once,
// or why they could not be.
func SecretPatterns() (*SecretPatternList, error) { return loadSecretPatterns() }

var secretIDPattern = regexp.MustCompile(`^(secrets|sensitive)/[a-z0-9]+(-[a-z0-9]+)*$`)

// ParseSecretPatterns parses, validates and compiles a secrets file.
func ParseSecretPatterns(data []byte) (*SecretPatternList, error) {
	var f struct {
		Patterns []*SecretPattern `yaml:"patterns"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	if len(f.Patterns) == 0 {
		return nil, fmt.Errorf("secrets: no pattern")
	}
	validators := map[string]bool{"": true}
	for _, v := range SecretValidators() {
		validators[v] = true
	}
	for i, p := range f.Patterns {
		if !secretIDPattern.MatchString(p.ID) {
			return nil, fmt.Errorf("secrets: pattern %d: bad id %q", i+1, p.ID)
		}
		if len(p.Keywords) == 0 {
			return nil, fmt.Errorf("secrets: %s: no keyword", p.ID)
		}
		for _, k := range p.Keywords {
			if k == "" || k != strings.ToLower(k) {
				return nil, fmt.Errorf("secrets: %s: keyword %q must be non-empty lowercase", p.ID, k)
			}
		}
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			return nil, fmt.Errorf("secrets: %s: %w", p.ID, err)
		}
		if re.NumSubexp() < 1 {
			return nil, fmt.Errorf("secrets: %s: the regex needs a capture group for the secret", p.ID)
		}
		p.Compiled = re
		if !validators[p.Validator] {
			return nil, fmt.Errorf("secrets: %s: unknown validator %q", p.ID, p.Validator)
		}
		switch p.Confidence {
		case "":
			p.Confidence = "high"
			if p.Generic {
				p.Confidence = "medium"
			}
		case "high", "medium":
		default:
			return nil, fmt.Errorf("secrets: %s: confidence %q is not high or medium", p.ID, p.Confidence)
		}
		switch p.Files {
		case "", "config", "code", "netrc", "pgpass", "htpasswd":
		default:
			return nil, fmt.Errorf("secrets: %s: files %q is not config, code, netrc, pgpass or htpasswd", p.ID, p.Files)
		}
		if p.MinEntropy < 0 || p.MinEntropy > 8 {
			return nil, fmt.Errorf("secrets: %s: entropy %v out of 0..8", p.ID, p.MinEntropy)
		}
		for _, w := range p.Context {
			if w == "" || w != strings.ToLower(w) {
				return nil, fmt.Errorf("secrets: %s: context word %q must be non-empty lowercase", p.ID, w)
			}
		}
		if len(p.Examples.TP) == 0 {
			return nil, fmt.Errorf("secrets: %s: needs at least one true-positive example", p.ID)
		}
	}
	ids := map[string]bool{}
	for _, p := range f.Patterns {
		ids[p.ID] = true
	}
	for _, p := range f.Patterns {
		for _, s := range p.Supersedes {
			if !ids[s] || s == p.ID {
				return nil, fmt.Errorf("secrets: %s: supersedes %q, which is no other rule of the file", p.ID, s)
			}
		}
	}
	return &SecretPatternList{Patterns: f.Patterns}, nil
}

// IDs returns the distinct rule ids of the patterns, in file order.
func (l *SecretPatternList) IDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range l.Patterns {
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p.ID)
		}
	}
	return out
}
