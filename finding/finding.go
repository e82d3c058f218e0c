// Package finding holds the plain values every stage of ouvert shares: what a
// check found, how bad it is, and whether a rule passed. It imports nothing of
// ours so that reporters never depend on detection code.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Severity says how much a finding matters to a gate.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// Rank orders severities so that a threshold compares with >=; unknown is 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Note:
		return 1
	}
	return 0
}

// ParseSeverity accepts the three severities; "none" is the empty threshold.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Error, Warning, Note:
		return v, nil
	case "none", "":
		return "", nil
	}
	return "", fmt.Errorf("unknown severity %q (want error, warning, note or none)", s)
}

// Outcome is what became of one rule in one scan.
type Outcome string

const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	// Skip means the rule could not be evaluated on this source (no history,
	// not implemented yet, …); it never counts as passed.
	Skip Outcome = "skip"
	// Errored means the check broke while evaluating the rule.
	Errored Outcome = "error"
)

// Level is an Etalab degré d'ouverture: C publié < B ouvert < A contributif.
type Level string

const (
	LevelNone Level = "none"
	LevelC    Level = "C"
	LevelB    Level = "B"
	LevelA    Level = "A"
)

// Levels lists the openness levels from the lowest to the highest (a new
// slice each call).
func Levels() []Level { return []Level{LevelC, LevelB, LevelA} }

// Rank orders levels: none 0, C 1, B 2, A 3; an unknown level is -1.
func (l Level) Rank() int {
	switch l {
	case LevelNone:
		return 0
	case LevelC:
		return 1
	case LevelB:
		return 2
	case LevelA:
		return 3
	}
	return -1
}

// Name is Etalab's name for the level (the French terms are used in both
// languages): contributif, ouvert, publié; "" for none.
func (l Level) Name() string {
	switch l {
	case LevelA:
		return "contributif"
	case LevelB:
		return "ouvert"
	case LevelC:
		return "publié"
	}
	return ""
}

// ParseLevel accepts A, B, C (any case) and none.
func ParseLevel(s string) (Level, error) {
	v := Level(strings.ToUpper(strings.TrimSpace(s)))
	if v == "NONE" {
		return LevelNone, nil
	}
	if v.Rank() < 1 {
		return "", fmt.Errorf("unknown level %q (want A, B, C or none)", s)
	}
	return v, nil
}

// Message is a localisable text: an id looked up in the rule's messages in
// the catalog, and the values of its {placeholders}. Checks never hold prose.
type Message struct {
	ID   string            `json:"id"`
	Args map[string]string `json:"args,omitempty"`
}

// Msg builds a Message from an id and key/value pairs.
func Msg(id string, kv ...string) Message {
	m := Message{ID: id}
	if len(kv) > 0 {
		m.Args = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[kv[i]] = kv[i+1]
		}
	}
	return m
}

// Finding is one problem at one place.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Path is slash-separated and relative to the repository root; "" for the
	// whole repository.
	Path    string  `json:"path"`
	Line    int     `json:"line"`
	EndLine int     `json:"endLine"`
	Commit  string  `json:"commit"`
	Message Message `json:"-"`
	// Evidence is always redacted: it never carries a secret in clear.
	Evidence string `json:"evidence"`
	// Fingerprint is stable across runs (no line numbers), for baselines.
	// A secret's is SecretFingerprint: keyed and stretched, never a plain
	// hash of the value.
	Fingerprint string `json:"fingerprint"`
	// Confidence is a secret finding's tier: "high" (a provider's format
	// whose structure is checked), "medium" (a generic credential in code
	// or configuration that ships) or "low" (a test, an example, a
	// development default, a placeholder: a note that does not block).
	// Empty for other findings.
	Confidence string `json:"confidence,omitempty"`
	// Places lists where the same value lives, for a secret: the tree's
	// places first, then the history's oldest first; the first is the
	// finding's own Path, Line and Commit. At most MaxPlaces are listed,
	// every distinct path first; MorePlaces counts the places left out and
	// OtherPaths the distinct paths none of the listed places names.
	Places     []Place `json:"places,omitempty"`
	MorePlaces int     `json:"morePlaces,omitempty"`
	OtherPaths int     `json:"otherPaths,omitempty"`
	// Accepted is set when an exception or a baseline accepts the finding:
	// it stays in the report but no longer counts for the level or the gate.
	Accepted *Acceptance `json:"accepted,omitempty"`
}

// MaxPlaces bounds Finding.Places: a value kept through 10,000 commits is
// one finding naming its first places and counting the rest.
const MaxPlaces = 100

// Place is one place a value lives: a file of the tree scanned, or a file
// version of the history, with the commit that introduced it.
type Place struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	EndLine int    `json:"endLine"`
	// Tree: a file of the tree scanned (what would be published as it
	// stands); otherwise Commit introduced this version of the file.
	Tree   bool   `json:"tree"`
	Commit string `json:"commit,omitempty"`
	Date   string `json:"date,omitempty"` // the commit's author date, YYYY-MM-DD (UTC)
}

// Acceptance says why a finding no longer counts.
type Acceptance struct {
	By     string `json:"by"` // "exception" or "baseline"
	Reason string `json:"reason,omitempty"`
	Until  string `json:"until,omitempty"` // YYYY-MM-DD, for exceptions
}

// RuleResult is the outcome of one rule, with the reason in a message.
type RuleResult struct {
	Rule    string  `json:"id"`
	Outcome Outcome `json:"outcome"`
	Reason  Message `json:"-"`
}

// Fingerprint hashes its parts into a short stable id. Callers pass the rule
// and what identifies the problem (path, value), never a line number, so that
// moving code does not change it.
func Fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
