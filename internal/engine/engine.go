// Package engine runs the checks over a source with a configuration, and
// computes the openness level and the steps to the next one. It formats
// nothing: reporters turn its Result into text.
package engine

import (
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// SchemaVersion is the version of the JSON report's schema.
const SchemaVersion = 1

// Options configure a run. Zero values take the defaults.
type Options struct {
	Checks  []checks.Check // default checks.All()
	Catalog *rules.Catalog // default rules.Default()
	Config  *config.Config // default: no configuration
	Now     time.Time      // default time.Now()
	// Baseline holds the fingerprints of an earlier report: findings with
	// one of them are accepted and do not count for the level or the gate.
	Baseline map[string]bool
	// NoHistory scans the tree only; Since skips the commits reachable
	// from a ref (the CI case: what a pull request adds).
	NoHistory bool
	Since     string
	// Online lets checks reach the network beyond the scanned repository
	// (publiccode.yml's URLs); off by default.
	Online bool
	// NoLicense skips licence detection, for runs whose checks do not read
	// it (a staged scan runs the secrets check alone): building the licence
	// matcher is the largest fixed cost of a scan.
	NoLicense bool
	// SecretsMaxFileSize: larger files and history blobs are not scanned
	// for secrets; 0 means the configuration's, else the default.
	SecretsMaxFileSize int64
	// SecretsRedact: how much evidence of a secret shows; "" means the
	// configuration's, else partial.
	SecretsRedact finding.Redaction
	// Progress, when set, is told the phase of the scan and how far the
	// long reads have gone, for the caller to show (Snapshot).
	Progress *source.Progress
}

// RuleResult is the outcome of one rule of the catalog in this scan.
type RuleResult struct {
	Rule     *rules.Rule
	Outcome  finding.Outcome
	Severity finding.Severity // after configuration overrides
	Reason   finding.Message
}

// Result is a finished scan.
type Result struct {
	Meta     source.Meta
	Level    Level
	License  *license.Report // nil when licence detection failed
	Rules    []RuleResult    // catalog order
	Findings []finding.Finding
	Catalog  *rules.Catalog
	Config   *config.Config
}

// Rule returns the result of one rule.
func (r *Result) Rule(id string) (RuleResult, bool) {
	for _, rr := range r.Rules {
		if rr.Rule.ID == id {
			return rr, true
		}
	}
	return RuleResult{}, false
}

// Run scans repo. It returns an error only when the scan as a whole cannot
// proceed (no catalog); a check that fails becomes an error outcome for its
// rules and the run goes on.
func Run(ctx context.Context, repo source.Repo, opts Options) (*Result, error) {
	cat := opts.Catalog
	if cat == nil {
		var err error
		if cat, err = rules.Default(); err != nil {
			return nil, err
		}
	}
	list := opts.Checks
	if list == nil {
		list = checks.All()
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = &config.Config{}
	}
	if cfg.HasExcludes() {
		repo = newFiltered(repo, cfg)
	}

	env := &checks.Env{Repo: repo, Catalog: cat, Now: now, NoHistory: opts.NoHistory, Since: opts.Since, Online: opts.Online,
		SecretsMaxFileSize: opts.SecretsMaxFileSize, Progress: opts.Progress}
	if env.SecretsMaxFileSize <= 0 {
		env.SecretsMaxFileSize = cfg.SecretsMaxFileSize
	}
	env.SecretsRedact = opts.SecretsRedact
	if env.SecretsRedact == "" {
		env.SecretsRedact = cfg.SecretsRedact
	}
	if cfg.FingerprintKey != "" {
		env.FingerprintKey = []byte(cfg.FingerprintKey)
	}
	env.SecretPatterns = cfg.SecretPatterns
	var licErr error
	licRepo, licLog := logReads(repo)
	if !opts.NoLicense {
		opts.Progress.SetPhase(source.PhaseLicence)
		var lic *license.Report
		if lic, licErr = license.Detect(licRepo); licErr == nil {
			env.License = lic
		}
	}

	outs := make([]checks.Result, len(list))
	errs := make([]error, len(list))
	logs := make([]*readLog, len(list))
	envs := make([]*checks.Env, len(list))
	for i := range list {
		var r source.Repo
		r, logs[i] = logReads(repo)
		envs[i] = env.WithRepo(r)
	}
	var wg sync.WaitGroup
	for i, c := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = runCheck(ctx, c, envs[i], licErr)
		}()
	}
	wg.Wait()
	opts.Progress.SetPhase(source.PhaseDone)
	// What the user asked for cannot be done (an unknown --since ref): that
	// is no broken check, and no report would be right.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	res := &Result{Meta: repo.Meta(), License: env.License, Catalog: cat, Config: cfg}
	got := map[string]finding.RuleResult{}
	owner := map[string]string{}
	lacked := map[string][]string{}
	read := map[string]bool{}
	for i, c := range list {
		for _, id := range c.Rules() {
			owner[id] = c.ID()
		}
		unread := logs[i].unread()
		if checks.ReadsLicense(c) {
			// Licence detection reads for the licence checks (as licErr).
			unread = append(unread, licLog.unread()...)
		}
		for _, m := range unread {
			read[m.Path] = true
		}
		for rule, paths := range judgeUnread(c, &outs[i], unread) {
			lacked[rule] = paths
		}
		collect(outs[i], got, &res.Findings)
	}
	env.Unread = unreadRules(lacked, read, cat)
	res.Rules = assemble(cat, cfg, got, owner)
	res.Findings = finish(res.Findings, res.Rules, cfg)
	expired(res, cfg, now)
	accept(res, cfg, opts.Baseline, now)
	res.Level = computeLevel(res.Rules)

	// Checks that judge the level itself run once it is known; their rules
	// are advisory and cannot change it.
	for _, c := range list {
		rv, ok := c.(checks.LevelReviewer)
		if !ok || !repo.Capabilities().Has(c.Needs()) {
			continue
		}
		out := review(rv, env, res.Level.ID, c.Rules())
		extra := map[string]finding.RuleResult{}
		collect(out, extra, &res.Findings)
		for i, rr := range res.Rules {
			if r, ok := extra[rr.Rule.ID]; ok && !cfg.Off[rr.Rule.ID] {
				res.Rules[i].Outcome, res.Rules[i].Reason = r.Outcome, r.Reason
			}
		}
	}
	res.Findings = finish(res.Findings, res.Rules, cfg)
	accept(res, cfg, opts.Baseline, now) // the reviewers' findings too
	fromRoot(res)
	return res, nil
}

// fromRoot makes the findings' paths relative to the repository's root
// when a subdirectory was scanned (Meta.Dir), so that every report points
// at files that exist in the repository (code scanning, links at the
// commit, merge request widgets). Checks see the scanned directory's files
// and give paths relative to it; a finding with a commit comes from the
// history, whose paths are the root's already. Exceptions and the
// configuration, read from the scanned directory, were applied before.
func fromRoot(res *Result) {
	dir := res.Meta.Dir
	if dir == "" {
		return
	}
	for i, f := range res.Findings {
		if f.Path != "" && f.Commit == "" {
			res.Findings[i].Path = path.Join(dir, f.Path)
		}
		for j, p := range f.Places {
			if p.Tree {
				res.Findings[i].Places[j].Path = path.Join(dir, p.Path)
			}
		}
	}
}

func collect(out checks.Result, got map[string]finding.RuleResult, fs *[]finding.Finding) {
	for _, r := range out.Rules {
		got[r.Rule] = r
	}
	*fs = append(*fs, out.Findings...)
}

// runCheck runs one check, turning a missing capability into skips and an
// error or a panic into error outcomes: one broken check never stops a scan.
func runCheck(ctx context.Context, c checks.Check, env *checks.Env, licErr error) (out checks.Result, usage error) {
	all := func(o finding.Outcome, m finding.Message) checks.Result {
		var r checks.Result
		for _, id := range c.Rules() {
			r.Rules = append(r.Rules, finding.RuleResult{Rule: id, Outcome: o, Reason: m})
		}
		return r
	}
	if missing := lacking(env.Repo.Capabilities(), c.Needs()); missing != "" {
		return all(finding.Skip, finding.Msg(missing)), nil
	}
	if licErr != nil && checks.ReadsLicense(c) {
		return all(finding.Errored, finding.Msg("check-error", "error", licErr.Error())), nil
	}
	defer func() {
		if p := recover(); p != nil {
			out = all(finding.Errored, finding.Msg("check-error", "error",
				fmt.Sprintf("internal error: %v (please report it with this trace: %s)", p, firstFrames(debug.Stack()))))
		}
	}()
	r, err := c.Run(ctx, env)
	if source.IsUsage(err) {
		return checks.Result{}, err
	}
	if err != nil {
		return all(finding.Errored, finding.Msg("check-error", "error", err.Error())), nil
	}
	return r, nil
}

func review(rv checks.LevelReviewer, env *checks.Env, level finding.Level, ids []string) (out checks.Result) {
	defer func() {
		if p := recover(); p != nil {
			out = checks.Result{}
			for _, id := range ids {
				out.Rules = append(out.Rules, finding.RuleResult{Rule: id, Outcome: finding.Errored,
					Reason: finding.Msg("check-error", "error", fmt.Sprintf("internal error: %v", p))})
			}
		}
	}()
	return rv.ReviewLevel(env, level)
}

// firstFrames keeps a panic's trace on one line and short.
func firstFrames(stack []byte) string {
	lines := strings.Split(strings.TrimSpace(string(stack)), "\n")
	var keep []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.Contains(l, "ouvert/") && !strings.Contains(l, "engine.") {
			keep = append(keep, l)
		}
		if len(keep) == 4 {
			break
		}
	}
	return strings.Join(keep, " | ")
}

func lacking(have, need source.Capability) string {
	switch {
	case need&source.Commits != 0 && !have.Has(source.Commits):
		return "needs-commits"
	case need&source.History != 0 && !have.Has(source.History):
		return "needs-history"
	case need&source.Remote != 0 && !have.Has(source.Remote):
		return "needs-remote"
	}
	return ""
}

// assemble gives every catalog rule an outcome, in catalog order: what a
// check said, or why nothing was said.
func assemble(cat *rules.Catalog, cfg *config.Config, got map[string]finding.RuleResult, owner map[string]string) []RuleResult {
	out := make([]RuleResult, 0, len(cat.Rules))
	for _, r := range cat.Rules {
		rr := RuleResult{Rule: r, Severity: r.Severity}
		if s, ok := cfg.Severity[r.ID]; ok {
			rr.Severity = s
		}
		g, ok := got[r.ID]
		switch {
		case cfg.Off[r.ID]:
			rr.Outcome, rr.Reason = finding.Skip, finding.Msg("disabled", "file", cfg.File)
		case ok:
			rr.Outcome, rr.Reason = g.Outcome, g.Reason
		case owner[r.ID] != "":
			rr.Outcome, rr.Reason = finding.Errored, finding.Msg("no-result", "check", owner[r.ID])
		default:
			rr.Outcome, rr.Reason = finding.Skip, finding.Msg("not-evaluated")
		}
		out = append(out, rr)
	}
	return out
}

// finish drops findings of rules turned off, fills severities and
// fingerprints, and sorts, so that the same input gives the same report.
func finish(fs []finding.Finding, rr []RuleResult, cfg *config.Config) []finding.Finding {
	sev := map[string]finding.Severity{}
	def := map[string]finding.Severity{}
	for _, r := range rr {
		sev[r.Rule.ID] = r.Severity
		def[r.Rule.ID] = r.Rule.Severity
	}
	out := fs[:0]
	for _, f := range fs {
		if cfg.Off[f.Rule] {
			continue
		}
		// A finding at the rule's default severity follows the rule's
		// configured one; one the check lowered on purpose (a note) stays.
		if f.Severity == "" || f.Severity == def[f.Rule] {
			f.Severity = sev[f.Rule]
		}
		if f.Fingerprint == "" {
			f.Fingerprint = finding.Fingerprint(f.Rule, f.Path, f.Commit, f.Message.ID, argsKey(f.Message.Args))
		}
		out = append(out, f)
	}
	order := map[string]int{}
	for i, r := range rr {
		order[r.Rule.ID] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Commit != b.Commit {
			return a.Commit < b.Commit
		}
		return a.Line < b.Line // ties keep the check's own order
	})
	return out
}

// volatileArgs are the message arguments left out of fingerprints: counts
// and dates that change with every commit. A test checks each is a
// placeholder of the catalog's texts, so a renamed one fails there.
var volatileArgs = map[string]bool{
	"days": true, "bytes": true, "covered": true, "total": true,
	"percent": true, "date": true, "count": true,
}

// argsKey is a message's arguments in a stable order, minus volatileArgs,
// so that fingerprints survive unrelated edits.
func argsKey(a map[string]string) string {
	keys := make([]string, 0, len(a))
	for k := range a {
		if volatileArgs[k] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + a[k] + ";")
	}
	return b.String()
}
