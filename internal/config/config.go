// Package config loads and validates a repository's .ouvert.yml: the gate
// thresholds, rules turned off or given another severity, and paths left out
// of the scan. Errors name the file, the line and the key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/reworded"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/rules"
)

// FileName is the configuration file read at the root of a scanned repository.
const FileName = ".ouvert.yml"

// Config is a validated configuration. The zero value is the default.
type Config struct {
	// File is where the configuration came from ("" for the defaults).
	File string
	// MinLevel and FailOn are the gate's thresholds; "" means the caller's
	// defaults (flags win over the file).
	MinLevel finding.Level
	FailOn   finding.Severity
	// Off lists the rules turned off; Severity the rules given another one.
	Off      map[string]bool
	Severity map[string]finding.Severity
	// Exceptions accept findings, with a reason and maybe an end date.
	Exceptions []Exception
	// SecretsMaxFileSize: files and history blobs larger than this many
	// bytes are not scanned for secrets (and the report says so); 0 means
	// the default.
	SecretsMaxFileSize int64
	// SecretsRedact is how much evidence of a secret shows ("" is the
	// default, partial).
	SecretsRedact finding.Redaction
	// FingerprintKey keys the fingerprints of secrets (secrets.
	// fingerprint-key); "" for none. See finding.SecretFingerprint.
	FingerprintKey string
	// SecretPatterns are the team's own secret formats (secrets.patterns),
	// each checked when the file is read.
	SecretPatterns []secrets.Custom
	exclude        []*regexp.Regexp
}

// MinFingerprintKey is the shortest fingerprint key accepted: 32
// characters, 128 bits when they are hex digits.
const MinFingerprintKey = 32

// Exception accepts the findings of a rule at a path (a glob) or with a
// fingerprint, for a reason, until a date (inclusive) if one is given.
type Exception struct {
	Rule        string
	Path        string
	Fingerprint string
	Reason      string
	Until       string // YYYY-MM-DD, "" for no end
	Line        int    // where it is written, for messages
	path        *regexp.Regexp
}

// Matches reports whether the exception covers a finding, whatever its date.
func (e *Exception) Matches(f finding.Finding) bool {
	if e.Rule != f.Rule && !(strings.HasSuffix(e.Rule, "/*") && strings.HasPrefix(f.Rule, strings.TrimSuffix(e.Rule, "*"))) {
		return false
	}
	if e.Fingerprint != "" && e.Fingerprint != f.Fingerprint {
		return false
	}
	if e.path != nil && !e.path.MatchString(f.Path) {
		return false
	}
	return true
}

// Expired reports whether the exception's end date is before today.
func (e *Exception) Expired(today time.Time) bool {
	return e.Until != "" && e.Until < today.Format("2006-01-02")
}

type raw struct {
	MinLevel   string            `yaml:"min-level"`
	FailOn     string            `yaml:"fail-on"`
	Rules      map[string]string `yaml:"rules"`
	Exclude    []string          `yaml:"exclude"`
	Exceptions []rawException    `yaml:"exceptions"`
	Secrets    rawSecrets        `yaml:"secrets"`
}

type rawSecrets struct {
	MaxFileSize    string       `yaml:"max-file-size"`
	Redact         string       `yaml:"redact"`
	FingerprintKey string       `yaml:"fingerprint-key"`
	Patterns       []rawPattern `yaml:"patterns"`
}

type rawPattern struct {
	ID       string   `yaml:"id"`
	Regex    string   `yaml:"regex"`
	Keywords []string `yaml:"keywords"`
	Entropy  float64  `yaml:"entropy"`
}

type rawException struct {
	Rule        string `yaml:"rule"`
	Path        string `yaml:"path"`
	Fingerprint string `yaml:"fingerprint"`
	Reason      string `yaml:"reason"`
	Until       string `yaml:"until"`
}

// ErrInvalid wraps every configuration error, so callers can tell a bad
// configuration (a usage error) from a failure to read it.
var ErrInvalid = errors.New("invalid configuration")

// Parse decodes and validates a configuration; file names it in errors.
func Parse(file string, data []byte, cat *rules.Catalog) (*Config, error) {
	c := &Config{File: file}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", file, ErrInvalid, reworded.New(strings.TrimPrefix(err.Error(), "yaml: "), err))
	}
	var r raw
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, decodeError(file, err)
	}
	bad := func(key, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %w: %s: %s", file, lineOf(&node, key), ErrInvalid, key, fmt.Sprintf(format, args...))
	}
	if r.MinLevel != "" {
		l, err := finding.ParseLevel(r.MinLevel)
		if err != nil {
			return nil, bad("min-level", "%v", err)
		}
		c.MinLevel = l
	}
	if r.FailOn != "" {
		s, err := finding.ParseSeverity(r.FailOn)
		if err != nil {
			return nil, bad("fail-on", "%v", err)
		}
		c.FailOn = s
	}
	ids := make([]string, 0, len(r.Rules))
	for id := range r.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		v := strings.ToLower(strings.TrimSpace(r.Rules[id]))
		if _, ok := cat.Rule(id); !ok {
			return nil, bad("rules."+id, "unknown rule%s", suggest(id, cat))
		}
		if v == "off" {
			if c.Off == nil {
				c.Off = map[string]bool{}
			}
			c.Off[id] = true
			continue
		}
		s, err := finding.ParseSeverity(v)
		if err != nil || s == "" {
			return nil, bad("rules."+id, "want off, error, warning or note, not %q", r.Rules[id])
		}
		if c.Severity == nil {
			c.Severity = map[string]finding.Severity{}
		}
		c.Severity[id] = s
	}
	for i, x := range r.Exceptions {
		key := fmt.Sprintf("exceptions.%d", i)
		e := Exception{Rule: x.Rule, Path: x.Path, Fingerprint: x.Fingerprint, Reason: strings.TrimSpace(x.Reason), Until: x.Until, Line: lineOfItem(&node, "exceptions", i)}
		lineErr := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %w: %s: %s", file, e.Line, ErrInvalid, key, fmt.Sprintf(format, args...))
		}
		if _, ok := cat.Rule(e.Rule); !ok && !(strings.HasSuffix(e.Rule, "/*") && e.Rule != "/*") {
			return nil, lineErr("unknown rule %q%s", e.Rule, suggest(e.Rule, cat))
		}
		if e.Reason == "" {
			return nil, lineErr("an exception needs a reason")
		}
		if e.Path == "" && e.Fingerprint == "" {
			return nil, lineErr("an exception needs a path or a fingerprint")
		}
		if e.Until != "" {
			if _, err := time.Parse("2006-01-02", e.Until); err != nil {
				return nil, lineErr("until must be a date YYYY-MM-DD, not %q", e.Until)
			}
		}
		if e.Path != "" {
			re, err := Glob(e.Path)
			if err != nil {
				return nil, lineErr("%v", err)
			}
			e.path = re
		}
		c.Exceptions = append(c.Exceptions, e)
	}
	if r.Secrets.MaxFileSize != "" {
		n, err := ParseSize(r.Secrets.MaxFileSize)
		if err != nil {
			return nil, bad("secrets.max-file-size", "%v", err)
		}
		c.SecretsMaxFileSize = n
	}
	if r.Secrets.Redact != "" {
		red, err := finding.ParseRedaction(r.Secrets.Redact)
		if err != nil {
			return nil, bad("secrets.redact", "want partial or full, not %q", r.Secrets.Redact)
		}
		c.SecretsRedact = red
	}
	if k := r.Secrets.FingerprintKey; k != "" {
		if len(k) < MinFingerprintKey || strings.TrimSpace(k) != k {
			return nil, bad("secrets.fingerprint-key", "want at least %d characters with no space around them (make one with: openssl rand -hex 32)", MinFingerprintKey)
		}
		c.FingerprintKey = k
	}
	names := map[string]int{}
	for i, x := range r.Secrets.Patterns {
		cp := secrets.Custom{Name: x.ID, Regex: x.Regex, Keywords: x.Keywords, Entropy: x.Entropy}
		key := fmt.Sprintf("secrets.patterns.%d", i)
		if _, err := secrets.CompileCustom(cp); err != nil {
			field, _, _ := strings.Cut(err.Error(), ":")
			return nil, fmt.Errorf("%s:%d: %w: %s: %w", file, lineOfPath(&node, "secrets", "patterns", i, field), ErrInvalid, key, err)
		}
		if j, ok := names[x.ID]; ok {
			return nil, fmt.Errorf("%s:%d: %w: %s: id: %q is already the id of secrets.patterns.%d", file, lineOfPath(&node, "secrets", "patterns", i, "id"), ErrInvalid, key, x.ID, j)
		}
		names[x.ID] = i
		c.SecretPatterns = append(c.SecretPatterns, cp)
	}
	if err := c.checkFingerprints(); err != nil {
		return nil, err
	}
	for _, g := range r.Exclude {
		re, err := Glob(g)
		if err != nil {
			return nil, bad("exclude", "%v", err)
		}
		c.exclude = append(c.exclude, re)
	}
	return c, nil
}

// checkFingerprints refuses the exceptions whose secret fingerprints can no
// longer match: those of ouvert's first scheme (a plain hash of the value,
// which let anyone holding a report test a guessed secret) and those made
// under another fingerprint key. Matching nothing in silence would turn an
// accepted secret into a failing one with no word of why.
func (c *Config) checkFingerprints() error {
	kid := finding.KeyID([]byte(c.FingerprintKey))
	for _, e := range c.Exceptions {
		if e.Fingerprint == "" || !finding.ValueRule(e.Rule) {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %w: exceptions: fingerprint %s %s", c.File, e.Line, ErrInvalid, e.Fingerprint, fmt.Sprintf(format, args...))
		}
		id, ok := finding.SecretFingerprintKeyID(e.Fingerprint)
		switch {
		case !ok:
			return bad("is of an older ouvert, whose secret fingerprints let anyone test a guessed value; it no longer matches: write the fingerprint a new report gives, or a path")
		case id != kid && c.FingerprintKey == "":
			return bad("was made with a fingerprint key (id %s) and this configuration has none: set secrets.fingerprint-key back, or write the fingerprint a new report gives", id)
		case id != kid:
			return bad("was made with another fingerprint key (id %s, this configuration's is %s): write the fingerprint a new report gives", id, kid)
		}
	}
	return nil
}

// Excluded reports whether a path is left out of the scan.
func (c *Config) Excluded(p string) bool {
	if c == nil {
		return false
	}
	for _, re := range c.exclude {
		if re.MatchString(p) {
			return true
		}
	}
	return false
}

// HasExcludes reports whether any path pattern is configured.
func (c *Config) HasExcludes() bool { return c != nil && len(c.exclude) > 0 }

// Glob compiles a gitignore-like pattern: "*" within a directory, "**"
// across directories, a pattern without "/" matches at any depth, and a
// trailing "/" matches everything below a directory.
func Glob(g string) (*regexp.Regexp, error) {
	g = strings.TrimSpace(g)
	if g == "" {
		return nil, errors.New("empty pattern")
	}
	if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
		return nil, fmt.Errorf("pattern %q: %w", g, err)
	}
	anchored := strings.Contains(strings.TrimSuffix(g, "/"), "/")
	dir := strings.HasSuffix(g, "/")
	g = strings.Trim(g, "/")
	var b strings.Builder
	if anchored {
		b.WriteString("^")
	} else {
		b.WriteString("(^|/)")
	}
	for i := 0; i < len(g); i++ {
		switch c := g[i]; {
		case strings.HasPrefix(g[i:], "**/"):
			b.WriteString("(.*/)?") // "a/**/b" also matches "a/b"
			i += 2
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if dir {
		b.WriteString("/")
	} else {
		b.WriteString("(/|$)")
	}
	return regexp.Compile(b.String())
}

// Size bounds of secrets.max-file-size: below 1 KiB nothing useful is
// scanned, above 1 GiB one file could exhaust the memory of a CI runner.
const (
	MinFileSize = 1 << 10
	MaxFileSize = 1 << 30
)

var sizeRe = regexp.MustCompile(`^(\d+)\s*([A-Za-z]*)$`)

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
}

// ParseSize reads a size: a whole number of bytes, or a whole number with a
// unit, KiB, MiB, GiB (powers of 1024) or KB, MB, GB (powers of 1000), in
// any case ("8MiB", "512 KiB", "10MB", "4194304"), from 1 KiB to 1 GiB.
func ParseSize(s string) (int64, error) {
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("want a size such as 8MiB, 512KiB or 10MB, not %q", s)
	}
	unit, ok := sizeUnits[strings.ToLower(m[2])]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q in %q (want B, KiB, MiB, GiB, KB, MB or GB)", m[2], s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n > MaxFileSize/unit+1 {
		return 0, fmt.Errorf("%q is larger than 1GiB", s)
	}
	n *= unit
	switch {
	case n < MinFileSize:
		return 0, fmt.Errorf("%q is smaller than 1KiB", s)
	case n > MaxFileSize:
		return 0, fmt.Errorf("%q is larger than 1GiB", s)
	}
	return n, nil
}

// FormatSize writes a size the way ParseSize reads it, in the largest
// binary unit that divides it ("4 MiB", "1536 KiB", "1000 B").
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

var fieldNotFound = regexp.MustCompile(`line (\d+): field (\S+) not found in type config\.(\w+)`)

// knownKeys lists, per section, the keys an unknown one is compared with.
var knownKeys = map[string]string{
	"raw":          "min-level, fail-on, rules, exclude, exceptions, secrets",
	"rawException": "rule, path, fingerprint, reason, until",
	"rawSecrets":   "max-file-size, redact, fingerprint-key, patterns",
	"rawPattern":   "id, regex, keywords, entropy",
}

// decodeError turns yaml.v3's multi-line type errors into one line that
// names the first problem without Go type names.
func decodeError(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		if m := fieldNotFound.FindStringSubmatch(te.Errors[0]); m != nil {
			return fmt.Errorf("%s:%s: %w: %w", file, m[1], ErrInvalid, reworded.New(fmt.Sprintf("unknown key %s (known: %s)", m[2], knownKeys[m[3]]), err))
		}
		msg := te.Errors[0]
		if line, rest, ok := strings.Cut(strings.TrimPrefix(msg, "line "), ": "); ok {
			return fmt.Errorf("%s:%s: %w: %w", file, line, ErrInvalid, reworded.New(rest, err))
		}
		return fmt.Errorf("%s: %w: %w", file, ErrInvalid, reworded.New(msg, err))
	}
	return fmt.Errorf("%s: %w: %w", file, ErrInvalid, reworded.New(strings.TrimPrefix(err.Error(), "yaml: "), err))
}

// lineOf finds the line of a dotted key ("rules.license/file") in the
// document, or of its nearest parent that exists.
func lineOf(doc *yaml.Node, key string) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	parts := strings.SplitN(key, ".", 2)
	for len(parts) > 0 && n.Kind == yaml.MappingNode {
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == parts[0] {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found || len(parts) == 1 {
			break
		}
		parts = strings.SplitN(parts[1], ".", 2)
	}
	return line
}

// lineOfPath is the line of a key inside the i-th item of a sequence
// under a mapping (secrets → patterns → item i → field), or of the
// nearest of them that exists.
func lineOfPath(doc *yaml.Node, section, list string, i int, field string) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	child := func(m *yaml.Node, k string) *yaml.Node {
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == k {
				line = m.Content[j].Line
				return m.Content[j+1]
			}
		}
		return nil
	}
	seq := child(child(n, section), list)
	if seq == nil || seq.Kind != yaml.SequenceNode || i >= len(seq.Content) {
		return line
	}
	item := seq.Content[i]
	line = item.Line
	child(item, field)
	return line
}

// lineOfItem is the line of the i-th item of a top-level sequence.
func lineOfItem(doc *yaml.Node, key string, i int) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == key && i < len(n.Content[j+1].Content) {
			return n.Content[j+1].Content[i].Line
		}
	}
	return n.Line
}

// suggest names the closest rule id, for typos.
func suggest(id string, cat *rules.Catalog) string {
	best, bestD := "", 4
	for _, r := range cat.Rules {
		if d := distance(id, r.ID); d < bestD {
			best, bestD = r.ID, d
		}
	}
	if best == "" {
		return " (see `ouvert rules`)"
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// distance is the Levenshtein distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
