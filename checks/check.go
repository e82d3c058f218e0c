// Package checks holds one file per check. A check reads the repository
// through source.Repo and returns rule outcomes and findings as plain data;
// it never prints and never knows about output formats or levels.
package checks

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/license"
	"github.com/ouvert-dev/ouvert/rules"
	"github.com/ouvert-dev/ouvert/source"
)

// Check evaluates a few rules of the catalog.
type Check interface {
	// ID names the check; its rules' ids start with it or share its topic.
	ID() string
	// Rules lists the rule ids the check evaluates; a test keeps this list
	// and rules.yaml in step.
	Rules() []string
	// Needs says what the source must offer; the engine skips the check's
	// rules, with a reason, when the source lacks it.
	Needs() source.Capability
	// Run returns an outcome for each rule of Rules, and the findings.
	Run(ctx context.Context, env *Env) (Result, error)
}

// LevelReviewer is implemented by checks that judge the openness level
// itself once it is computed (the README's declared badge).
type LevelReviewer interface {
	ReviewLevel(env *Env, level finding.Level) Result
}

// Result is what a check returns.
type Result struct {
	Rules    []finding.RuleResult
	Findings []finding.Finding
}

func (r *Result) outcome(rule string, o finding.Outcome, m finding.Message) {
	r.Rules = append(r.Rules, finding.RuleResult{Rule: rule, Outcome: o, Reason: m})
}

func (r *Result) pass(rule string, m finding.Message) { r.outcome(rule, finding.Pass, m) }
func (r *Result) fail(rule string, m finding.Message) { r.outcome(rule, finding.Fail, m) }

// find adds a finding; severity "" means the rule's own severity.
func (r *Result) find(rule string, sev finding.Severity, path string, line int, m finding.Message) {
	r.Findings = append(r.Findings, finding.Finding{Rule: rule, Severity: sev, Path: path, Line: line, Message: m})
}

// Env is what every check is given: the repository, the catalog, the
// licence detection (done once for all checks) and the clock.
type Env struct {
	Repo    source.Repo
	Catalog *rules.Catalog
	// License is the licence detection report; nil when detection failed.
	License *license.Report
	Now     time.Time
	// NoHistory limits secret scanning to the tree; Since skips the history
	// reachable from a ref (only what a pull request adds is read).
	NoHistory bool
	Since     string
	// Online: checks may check URLs the repository names (publiccode.yml).
	Online bool
	// SecretsMaxFileSize caps the files and history blobs scanned for
	// secrets; 0 means DefaultSecretsMaxFileSize.
	SecretsMaxFileSize int64
	// Progress, when set, is told how far the long reads have gone (the
	// tree and the history scanned for secrets).
	Progress *source.Progress

	texts sync.Map // path → textEntry: files several checks read
}

type textEntry struct {
	text string
	err  error
}

// textLimit bounds what a check reads of a document (README, CONTRIBUTING…).
const textLimit = 1 << 20

// Text returns a document's text, decoded: BOM removed, CRLF folded, Latin-1
// transcoded when the bytes are not UTF-8. Results are cached for the scan.
func (e *Env) Text(path string) (string, error) {
	if v, ok := e.texts.Load(path); ok {
		t := v.(textEntry)
		return t.text, t.err
	}
	b, err := e.Repo.Read(path, textLimit)
	t := textEntry{text: decode(b), err: err}
	e.texts.Store(path, t)
	return t.text, t.err
}

// Param returns a numeric parameter of a rule from the catalog.
func (e *Env) Param(rule, name string) float64 {
	r, ok := e.Catalog.Rule(rule)
	if !ok {
		panic("checks: unknown rule " + rule)
	}
	return r.Param(name)
}

func decode(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c) // ISO-8859-1 maps bytes to the first 256 code points
		}
		b = []byte(string(r))
	}
	s := string(b)
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

// All returns every check, in the order they are reported. Adding a check is
// one file and one line here.
func All() []Check {
	return []Check{
		License{},
		Readme{},
		Contributing{},
		Maintenance{},
		Security{},
		Publiccode{},
		PubliccodeValid{},
		PubliccodeConsistent{},
		Conduct{},
		Changelog{},
		Governance{},
		Activity{},
		Headers{},
		Secrets{},
	}
}
