// Package checks holds one file per check. A check reads the repository
// through source.Repo and returns rule outcomes and findings as plain data;
// it never prints and never knows about output formats or levels.
package checks

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
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

// UnreadJudge is implemented by checks that judge for themselves what a
// file they could not read (its content is not in the repository: a
// partial clone, a Git LFS pointer) means for their rules. For the other
// checks, the engine makes every rule that did not pass "not evaluated"
// when the check read such a file (see source.MissingError).
type UnreadJudge interface {
	JudgesUnread()
}

// LicenseReader is implemented by checks that judge the licence
// detection's report (Env.License): when that detection fails, the engine
// makes their rules errored with its error instead of running them, and
// counts the files it could not read as theirs.
type LicenseReader interface {
	ReadsLicense()
}

// ReadsLicense reports whether c declares it judges the licence detection.
func ReadsLicense(c Check) bool {
	_, ok := c.(LicenseReader)
	return ok
}

// UnreadReason is the reason of a rule left unevaluated by files whose
// content is not in the repository (unread, sorted by path): the first one
// is named, with how many more, under the commonest cause.
func UnreadReason(unread []*source.MissingError) finding.Message {
	causes := map[string]int{}
	for _, m := range unread {
		causes[m.Cause]++
	}
	cause := source.NotInStore
	for _, c := range []string{source.InLFS, source.NotDownloaded} {
		if causes[c] > causes[cause] {
			cause = c
		}
	}
	id := map[string]string{source.NotDownloaded: "unread-partial", source.InLFS: "unread-lfs", source.NotInStore: "unread-incomplete"}[cause]
	return finding.Msg(id, "path", unread[0].Path, "count", strconv.Itoa(len(unread)))
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
	// SecretsRedact is how much evidence of a secret shows; FingerprintKey
	// keys the fingerprints of secrets (nil: none).
	SecretsRedact  finding.Redaction
	FingerprintKey []byte
	// SecretPatterns are the team's own secret formats (.ouvert.yml
	// secrets.patterns), validated when the configuration was read.
	SecretPatterns []secrets.Custom
	// Unread maps each file whose content is not in the repository, and
	// that a check tried to read, to the rules it left unevaluated (none
	// when the checks concluded without it). The engine fills it once
	// every check has run, for the checks that review the level.
	Unread map[string][]string
	// Progress, when set, is told how far the long reads have gone (the
	// tree and the history scanned for secrets).
	Progress *source.Progress

	texts *sync.Map // path → textEntry: files several checks read; nil: no cache
	docs  *sync.Map // path → *document.Document; nil: no cache
}

// WithRepo returns a copy of e that reads through repo and shares e's
// caches: the engine gives each check its own view of the repository. It
// must not be called while checks run on e.
func (e *Env) WithRepo(repo source.Repo) *Env {
	if e.texts == nil {
		e.texts = new(sync.Map)
	}
	if e.docs == nil {
		e.docs = new(sync.Map)
	}
	c := *e
	c.Repo = repo
	return &c
}

// Doc returns a document parsed by the shared reader (sections, links,
// commands, contacts), cached for the scan; nil when it cannot be read.
func (e *Env) Doc(path string) *document.Document {
	if e.docs != nil {
		if v, ok := e.docs.Load(path); ok {
			return v.(*document.Document)
		}
	}
	text, err := e.Text(path)
	if err != nil {
		return nil
	}
	d := document.Parse(path, []byte(text))
	if e.docs != nil {
		e.docs.Store(path, d)
	}
	return d
}

type textEntry struct {
	text string
	err  error
}

// textLimit bounds what a check reads of a document (README, CONTRIBUTING…).
const textLimit = 1 << 20

// Text returns a document's text, decoded by document.Decode (BOM removed,
// CRLF folded, Latin-1 transcoded when the bytes are not UTF-8). Results are
// cached for the scan.
func (e *Env) Text(path string) (string, error) {
	if e.texts != nil {
		if v, ok := e.texts.Load(path); ok {
			t := v.(textEntry)
			return t.text, t.err
		}
	}
	b, err := e.Repo.Read(path, textLimit)
	t := textEntry{text: document.Decode(b), err: err}
	// A file whose content is not here is asked again of each check's
	// repository, so that each one is known to have needed it.
	if _, missing := source.IsMissing(err); e.texts != nil && !missing {
		e.texts.Store(path, t)
	}
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
		Complete{},
	}
}
