// Package ouvert checks a code repository against what French law and
// Etalab's guidance ask of published public-sector source code: a licence
// from the decree list, a README, a contribution guide, publiccode.yml
// metadata, no secret in the files or their history. It places the
// repository at a degree of openness (C publié, B ouvert, A contributif)
// and says what is missing for the next one.
//
// This package is what a Go program may import: Scan runs every check on a
// directory, a git repository (work tree, bare, partial clone…) or a URL,
// and Write renders the result in one of the report formats of the command
// line (text, json, sarif, markdown, html, codequality, junit, badge).
// Result, Finding and the other types are those of the command's own
// reports; the packages behind them live under internal/ and may change.
// The rule catalog (package rules) and the checks (package checks) are
// importable too, for a program that lists or documents the rules.
package ouvert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// Result is a finished scan: the level, every rule's outcome, the findings.
type Result = engine.Result

// RuleResult is the outcome of one rule of the catalog in a scan.
type RuleResult = engine.RuleResult

// Finding is one thing a rule found, at a place of the repository.
type Finding = finding.Finding

// Level is a degree of openness: finding.LevelC, LevelB, LevelA or LevelNone.
type Level = finding.Level

// Severity is how much a finding weighs: error, warning or note.
type Severity = finding.Severity

// Redaction says how much of a secret a report shows.
type Redaction = finding.Redaction

// Progress is told the phase of a scan and how far its long reads have
// gone; read it with Snapshot from another goroutine.
type Progress = source.Progress

// Gate is the verdict of a CI gate on a result (see Decide).
type Gate = engine.Gate

// TargetError says why a target cannot be scanned (no such directory, not
// a repository, a URL that is not a repository…): the caller's mistake,
// not the tool's.
type TargetError = source.TargetError

// DefaultTimeout bounds the clone of a URL when Options.Timeout is zero.
const DefaultTimeout = source.DefaultTimeout

// ErrNothingToScan is returned for a target that holds no file.
var ErrNothingToScan = errors.New("nothing to publish: no file to scan")

// Options configure Scan. The zero value scans the work tree (or the
// default branch of a URL) and every commit of the history, offline, with
// the repository's own .ouvert.yml.
type Options struct {
	// Ref is a branch, tag or commit to scan instead of the work tree or
	// the remote HEAD.
	Ref string
	// NoHistory reads the current files only; a secret removed from them
	// but still in the history is then not seen.
	NoHistory bool
	// Since skips, for secrets, the commits reachable from this ref: what a
	// pull request adds to its base.
	Since string
	// Online lets checks reach the network beyond the scanned repository
	// (the URLs of publiccode.yml; private addresses are refused).
	Online bool
	// Timeout bounds the clone of a URL (DefaultTimeout when zero).
	Timeout time.Duration
	// ConfigFile is a configuration file to use instead of the
	// repository's .ouvert.yml.
	ConfigFile string
	// BaselineFile is an earlier JSON report: findings already in it are
	// accepted and count neither for the level nor for the gate.
	BaselineFile string
	// MaxFileSize: larger files and history blobs are not read for
	// secrets; 0 means the configuration's, else 4 MiB.
	MaxFileSize int64
	// Redact: how much of a secret reports show; "" means the
	// configuration's, else partial.
	Redact Redaction
	// Progress, when set, follows the scan.
	Progress *Progress
	// Getenv looks up the tokens used to clone private URLs
	// (OUVERT_TOKEN, GITHUB_TOKEN, GITLAB_TOKEN); nil means os.Getenv.
	Getenv func(string) string
}

// OptionError is an option of Options that cannot be used: a file that
// cannot be read, a baseline that is no report of ouvert or was made with
// another fingerprint key, Since without the history.
type OptionError struct {
	Option string // "config", "baseline", "since"
	File   string // the file named by the option, when the problem is in it
	Err    error
}

func (e *OptionError) Error() string {
	if e.File != "" {
		return e.Option + " " + e.File + ": " + e.Err.Error()
	}
	return e.Option + ": " + e.Err.Error()
}

func (e *OptionError) Unwrap() error { return e.Err }

// Scan opens target (a directory, a git directory or a URL) and runs every
// check of the catalog on it. An error means no result: the target or an
// option cannot be used (TargetError, OptionError, ErrNothingToScan, a
// configuration file's error), or ctx ended. A check that fails does not
// fail the scan: its rules are errored in the result, with the reason.
func Scan(ctx context.Context, target string, opts Options) (*Result, error) {
	cat, err := rules.Default()
	if err != nil {
		return nil, err
	}
	if opts.Since != "" && opts.NoHistory {
		return nil, &OptionError{Option: "since", Err: errors.New("needs the history")}
	}
	// Building the licence matcher is the largest fixed cost of a scan: let
	// it overlap with opening or cloning the repository.
	license.Prepare()
	var cfg *config.Config
	if opts.ConfigFile != "" {
		data, err := os.ReadFile(opts.ConfigFile)
		if err != nil {
			return nil, &OptionError{Option: "config", Err: err}
		}
		if cfg, err = config.Parse(opts.ConfigFile, data, cat); err != nil {
			return nil, err
		}
	}
	var baseline map[string]bool
	if opts.BaselineFile != "" {
		f, err := os.Open(opts.BaselineFile)
		if err != nil {
			return nil, &OptionError{Option: "baseline", Err: err}
		}
		baseline, err = report.ReadBaseline(f)
		f.Close()
		if err != nil {
			return nil, &OptionError{Option: "baseline", File: opts.BaselineFile, Err: err}
		}
	}
	if opts.Progress != nil {
		opts.Progress.SetPhase(source.PhaseOpen)
	}
	repo, err := source.Open(ctx, target, source.Options{Ref: opts.Ref, History: !opts.NoHistory, Timeout: opts.Timeout, Getenv: opts.Getenv})
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	if len(repo.Files()) == 0 {
		return nil, fmt.Errorf("%s: %w", target, ErrNothingToScan)
	}
	if cfg == nil {
		if cfg, err = config.FromRepo(repo, cat); err != nil {
			return nil, err
		}
	}
	if baseline != nil {
		if err := report.CheckBaselineKey(baseline, finding.KeyID([]byte(cfg.FingerprintKey))); err != nil {
			return nil, &OptionError{Option: "baseline", File: opts.BaselineFile, Err: err}
		}
	}
	res, err := engine.Run(ctx, repo, engine.Options{Catalog: cat, Config: cfg, Baseline: baseline,
		NoHistory: opts.NoHistory, Since: opts.Since, Online: opts.Online,
		SecretsMaxFileSize: opts.MaxFileSize, SecretsRedact: opts.Redact, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scan %s: interrupted: %w", target, err)
	}
	if res.Meta.URL == "" {
		res.Meta.Path = target // as given: the report does not depend on where it runs
	} else {
		res.Meta.Path = ""
	}
	return res, nil
}

// Decide is the CI gate's verdict on r: minLevel is the lowest level that
// passes ("" means the configuration's, else C), failOn a severity at or
// above which any finding fails ("" means the configuration's, else none).
func Decide(r *Result, minLevel Level, failOn Severity) Gate {
	lvl, fail := engine.Thresholds{MinLevel: minLevel, FailOn: failOn, FailOnSet: failOn != ""}.Resolve(r.Config)
	return engine.Decide(r, lvl, fail)
}

// WriteOptions configure Write.
type WriteOptions struct {
	Lang    string // "fr" or "en" (default "en")
	Version string // the producer's version, shown in report headers
	Gate    *Gate  // the gate's verdict, shown when set
}

// Formats lists the report formats Write knows, sorted.
func Formats() []string { return report.FormatNames() }

// Write renders r in a format of Formats to w.
func Write(w io.Writer, r *Result, format string, o WriteOptions) error {
	wr, err := report.Lookup(format)
	if err != nil {
		return err
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
	return wr(w, r, report.Options{Lang: o.Lang, Version: o.Version, Gate: o.Gate})
}
