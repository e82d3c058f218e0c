package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/atomicfile"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// Options configure Run. Scans are those of ouvert scan: the same catalog,
// each repository's own .ouvert.yml unless Config replaces it, the same
// gate.
type Options struct {
	Catalog *rules.Catalog
	// Config, when set, applies to every repository instead of its own
	// .ouvert.yml.
	Config *config.Config
	// MinLevel and FailOn override the configurations' thresholds when
	// set (FailOnSet tells "none" from "not given").
	MinLevel  finding.Level
	FailOn    finding.Severity
	FailOnSet bool
	// History scans every commit for secrets, not only the tree.
	History bool
	// Jobs is how many repositories are cloned and scanned at once
	// (DefaultJobs when zero).
	Jobs int
	// Timeout bounds each repository, clone and scan (DefaultTimeout when
	// zero).
	Timeout time.Duration
	// CacheDir keeps a bare mirror of each repository there, fetched into
	// on the next audit; "" clones each into a temporary directory removed
	// after its scan.
	CacheDir string
	// TempDir is where temporary clones go ("" for the system's).
	TempDir string
	// Getenv and CABundle are passed to source.Open.
	Getenv   func(string) string
	CABundle []byte
	// Progress is told what happens; nil for nothing.
	Progress *Progress
	// RepoReport, when set, writes a scanned repository's own report and
	// returns where (as the record keeps it). An error stops the audit:
	// it means the disk, not the repository, has a problem.
	RepoReport func(t Target, res *engine.Result, gate engine.Gate) (string, error)
}

// DefaultTimeout bounds one repository, clone and scan.
const DefaultTimeout = 5 * time.Minute

// DefaultJobs is for network-bound work: clones mostly wait, so more of
// them than cores, within what a forge tolerates from one client.
func DefaultJobs() int {
	return min(4*runtime.NumCPU(), 16)
}

// Settings names what makes records comparable: two state files with
// other settings must not be resumed into one another or merged.
func (o *Options) Settings() string {
	cfg := "own"
	if o.Config != nil {
		cfg = o.Config.File
		if o.Config.File != "" {
			if data, err := os.ReadFile(o.Config.File); err == nil {
				sum := sha256.Sum256(data)
				cfg = "sha256:" + hex.EncodeToString(sum[:6])
			}
		}
	}
	failOn := "config"
	if o.FailOnSet {
		failOn = string(o.FailOn)
		if failOn == "" {
			failOn = "none"
		}
	}
	minLevel := string(o.MinLevel)
	if minLevel == "" {
		minLevel = "config"
	}
	return fmt.Sprintf("history=%t config=%s min-level=%s fail-on=%s", o.History, cfg, minLevel, failOn)
}

// Run scans the targets, Jobs at a time, and adds a record for each to w
// as soon as it is done. It returns when every target is done, or when
// ctx is canceled: scans under way then stop, leave no record (a resumed
// audit does them again) and no clone behind. The error is ctx's, or a
// state file or report that could not be written; a repository that
// cannot be scanned is a record with its error, never an error of Run.
func Run(ctx context.Context, targets []Target, w *StateWriter, o Options) error {
	if o.Catalog == nil {
		var err error
		if o.Catalog, err = rules.Default(); err != nil {
			return err
		}
	}
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = DefaultJobs()
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	tmp, err := os.MkdirTemp(o.TempDir, "ouvert-audit-")
	if err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	if o.CacheDir != "" {
		if err := os.MkdirAll(o.CacheDir, 0o755); err != nil {
			return fmt.Errorf("--cache: %w", err)
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan Target)
	var wg sync.WaitGroup
	var mu sync.Mutex // one writer at a time on the state file
	for range min(jobs, max(len(targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				o.Progress.start(t.Name)
				rec, err := scanOne(ctx, t, &o, tmp)
				if ctx.Err() != nil {
					o.Progress.drop(t.Name)
					continue
				}
				if err == nil {
					mu.Lock()
					err = w.Add(rec)
					mu.Unlock()
				}
				if err != nil {
					cancel(err)
					o.Progress.drop(t.Name)
					continue
				}
				o.Progress.finish(t.Name, rec.Error != "")
			}
		}()
	}
feed:
	for _, t := range targets {
		select {
		case work <- t:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

// scanOne clones and scans one repository. Only a report that cannot be
// written is an error; everything the repository does wrong is in the
// record.
func scanOne(parent context.Context, t Target, o *Options, tmp string) (Record, error) {
	rec := Record{
		Key: Key(t.URL), URL: t.URL, Name: t.Name, Web: t.Web, Source: t.Source, Org: t.Org,
		Archived: t.Archived, Fork: t.Fork,
	}
	if rec.Name == "" {
		rec.Name = nameOf(t.URL)
	}
	if !t.LastActivity.IsZero() {
		la := t.LastActivity.UTC()
		rec.LastActivity = &la
	}
	ctx, cancel := context.WithTimeout(parent, o.Timeout)
	defer cancel()
	timedOut := func() bool { return parent.Err() == nil && ctx.Err() != nil }

	so := source.Options{History: o.History, Timeout: o.Timeout, Getenv: o.Getenv, CABundle: o.CABundle, TempDir: tmp}
	var repo source.Repo
	var err error
	if o.CacheDir != "" && !IsLocal(t.URL) {
		repo, err = openCached(ctx, t, filepath.Join(o.CacheDir, mirrorName(rec.Key)), so)
	} else {
		repo, err = source.Open(ctx, t.URL, so)
	}
	if err != nil {
		host, _, _ := strings.Cut(Key(t.URL), "/")
		rec.Error, rec.Detail = cloneReason(err, host)
		if timedOut() && !errors.Is(err, source.ErrTimeout) {
			rec.Error = fmt.Sprintf("timed out after %s", o.Timeout)
		}
		return rec, nil
	}
	defer repo.Close()
	if len(repo.Files()) == 0 {
		rec.Error = "empty repository: nothing to publish"
		return rec, nil
	}
	cfg := o.Config
	if cfg == nil {
		if cfg, err = config.FromRepo(repo, o.Catalog); err != nil {
			rec.Error = oneLine(err.Error())
			return rec, nil
		}
	}
	res, err := engine.Run(ctx, repo, engine.Options{Catalog: o.Catalog, Config: cfg, NoHistory: !o.History})
	if timedOut() {
		rec.Error = fmt.Sprintf("timed out after %s", o.Timeout)
		return rec, nil
	}
	if err != nil {
		rec.Error = oneLine(err.Error())
		return rec, nil
	}
	if parent.Err() != nil {
		return rec, nil
	}
	res.Meta.URL, res.Meta.Path = t.URL, ""

	minLevel, failOn := engine.Thresholds{MinLevel: o.MinLevel, FailOn: o.FailOn, FailOnSet: o.FailOnSet}.Resolve(cfg)
	gate := engine.Decide(res, minLevel, failOn)
	fill(&rec, res, gate)
	if o.RepoReport != nil {
		if rec.Report, err = o.RepoReport(t, res, gate); err != nil {
			return rec, fmt.Errorf("report of %s: %w", rec.Name, err)
		}
	}
	return rec, nil
}

// stampFile, in a mirror, holds the forge's date of last push as the
// listing gave it when the mirror was last brought up to date.
const stampFile = "ouvert-forge-activity"

// openCached opens the repository's mirror in the cache. When the forge's
// API gave a date of last push and the mirror was fetched at that date,
// nothing changed since: the mirror is read without asking the server.
// Otherwise the mirror is brought up to date, fetching what changed.
func openCached(ctx context.Context, t Target, dir string, so source.Options) (source.Repo, error) {
	stamp := ""
	if !t.LastActivity.IsZero() {
		stamp = t.LastActivity.UTC().Format(time.RFC3339Nano)
	}
	if stamp != "" {
		if b, err := os.ReadFile(filepath.Join(dir, stampFile)); err == nil && string(b) == stamp {
			if repo, err := source.OpenCached(t.URL, dir, so); err == nil {
				return repo, nil
			}
		}
	}
	repo, err := source.OpenMirror(ctx, t.URL, dir, so)
	if err == nil && stamp != "" {
		// The mirror holds at least what was pushed by the listing's date.
		// Without the stamp the next audit only asks the server again.
		_ = atomicfile.WriteFile(filepath.Join(dir, stampFile), []byte(stamp), 0o644)
	}
	return repo, err
}

// The catalog entries a record reads (audit's test checks them against
// the catalog): the licence's approval, and the group whose rules' findings
// are secrets (which the next steps also put first).
const (
	approvedRule = "license/approved"
	secretsGroup = "secrets/scan"
)

// fill copies what a report needs of a result into the record.
func fill(rec *Record, res *engine.Result, gate engine.Gate) {
	rec.Commit = res.Meta.Commit
	rec.Level, rec.Confirmed, rec.Provisional = res.Level.ID, res.Level.Confirmed, res.Level.Provisional
	if res.License != nil {
		rec.License = res.License.Expression
	}
	if rr, ok := res.Rule(approvedRule); ok {
		rec.Approved = rr.Outcome == finding.Pass
	}
	rec.Passed = gate.Verdict == engine.Passed
	rec.Blocking = gate.Blocking
	for _, rr := range res.Rules {
		if rr.Outcome == finding.Fail {
			rec.Failing = append(rec.Failing, rr.Rule.ID)
		}
	}
	// A secret is a finding of a rule of the secrets/scan group; that
	// rule's own findings are notes about the scan.
	for _, f := range res.Findings {
		if f.Accepted != nil || res.Catalog == nil {
			continue
		}
		if rule, ok := res.Catalog.Rule(f.Rule); ok && rule.Group == secretsGroup {
			rec.Secrets++
		}
	}
	if lc := res.Meta.LastCommit; !lc.IsZero() {
		lc = lc.UTC()
		rec.LastActivity = &lc
	}
}

// mirrorName is the directory of a repository's mirror in the cache.
func mirrorName(key string) string { return FileName(key) + ".git" }

// FileName names a file after a repository's key: readable, safe on every
// file system, and unique by the hash of the key.
func FileName(key string) string {
	var b strings.Builder
	for _, r := range key {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if len(name) > 80 {
		name = name[:80]
	}
	sum := sha256.Sum256([]byte(key))
	return name + "-" + hex.EncodeToString(sum[:4])
}
