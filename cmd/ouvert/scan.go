package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/config"
	"github.com/ouvert-dev/ouvert/engine"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/atomicfile"
	"github.com/ouvert-dev/ouvert/license"
	"github.com/ouvert-dev/ouvert/report"
	"github.com/ouvert-dev/ouvert/rules"
	"github.com/ouvert-dev/ouvert/source"
)

type scanOptions struct {
	target   string
	format   string
	output   string
	lang     string
	minLevel string
	failOn   string
	ref      string
	config   string
	color    string
	baseline string
	history  bool
	since    string
	maxFile  string
	redact   string
	timeout  time.Duration
	online   bool
	reports  []string // FORMAT=FILE
	badge    string
	quiet    bool
	staged   bool
}

func newScanCmd(e *env, runF func(context.Context, *scanOptions) error) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH|URL]",
		Short: "Scan a directory or a repository URL and report its openness level",
		Long: `Scan a directory (default ".") or clone a URL and check it against the rules.

A git work tree is scanned as it would be published: tracked files plus untracked
files that are not ignored. --ref scans a branch, tag or commit instead. URLs
(https://, ssh://, git@host:path, file://) are cloned into a temporary directory
that is always removed; OUVERT_TOKEN (else GITHUB_TOKEN or GITLAB_TOKEN, by host)
authenticates https clones. Nothing from the repository is ever executed.`,
		Example: `  ouvert scan
  ouvert scan --lang fr ../mon-projet
  ouvert scan https://github.com/etalab/example --format json --output report.json
  ouvert scan --ref v1.2.0 --min-level B
  ouvert scan --report sarif=ouvert.sarif --report html=ouvert.html --badge badge.svg
  ouvert scan --format markdown --quiet >> "$GITHUB_STEP_SUMMARY"
  ouvert scan --staged   # before a commit: secrets in what git add staged`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("scan takes one PATH or URL, got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.target = "."
			if len(args) == 1 {
				o.target = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runScan(cmd.Context(), e, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "report format: "+strings.Join(report.FormatNames(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringArrayVar(&o.reports, "report", nil, "also write a report in another format, as `FORMAT=FILE` (FILE - is standard output); repeatable")
	f.StringVar(&o.badge, "badge", "", "also write an SVG badge of the level to `FILE` (same as --report badge=FILE)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on standard error but errors")
	f.StringVar(&o.lang, "lang", "", "language of the report, fr or en (default from LC_ALL/LANG)")
	f.StringVar(&o.minLevel, "min-level", "", "lowest openness level that passes the gate: A, B, C or none (default C)")
	f.StringVar(&o.failOn, "fail-on", "", "also fail on any finding of this severity or worse: error, warning, note or none (default none)")
	f.StringVar(&o.ref, "ref", "", "scan this branch, tag or commit instead of the work tree or the default branch")
	f.StringVar(&o.config, "config", "", "configuration `FILE` (default: .ouvert.yml of the scanned repository)")
	f.BoolVar(&o.history, "history", true, "also scan every commit of every branch and tag for secrets (a URL is then cloned in full)")
	f.StringVar(&o.since, "since", "", "scan only the history after `REF`: the commits it does not reach (what a pull request adds), or, for a date (2026-01-31, RFC 3339), the commits made since; the tree is always scanned whole")
	f.StringVar(&o.maxFile, "max-file-size", "", "skip files and history blobs larger than `SIZE` when looking for secrets, e.g. 8MiB (default 4MiB, or secrets.max-file-size of .ouvert.yml)")
	f.StringVar(&o.redact, "redact", "", "how much of a secret the report shows: partial (a token's format prefix and length; nothing of a password) or full (nothing) (default partial, or secrets.redact of .ouvert.yml)")
	f.StringVar(&o.baseline, "baseline", "", "an earlier JSON report (`FILE`): findings already in it are accepted and do not count")
	f.StringVar(&o.color, "color", "auto", "colours in text output: auto, always or never (NO_COLOR is honoured)")
	f.DurationVar(&o.timeout, "timeout", source.DefaultTimeout, "give up cloning a URL after this long")
	f.BoolVar(&o.online, "online", false, "also check that the URLs of publiccode.yml answer (private addresses are refused)")
	f.BoolVar(&o.staged, "staged", false, "scan only what git add staged, for secrets (the pre-commit case; no level)")
	return cmd
}

// settings are the validated options.
type settings struct {
	lang     string
	outputs  []output
	minLevel finding.Level
	failOn   finding.Severity
	color    bool
	maxFile  int64 // 0: the configuration's or the default
	redact   finding.Redaction
}

func (o *scanOptions) validate(e *env, cfg *config.Config) (settings, error) {
	var s settings
	var err error
	if s.outputs, err = o.parseOutputs(); err != nil {
		return s, err
	}
	if s.lang, err = pickLang(e, o.lang); err != nil {
		return s, err
	}
	var th engine.Thresholds
	if o.minLevel != "" {
		if th.MinLevel, err = finding.ParseLevel(o.minLevel); err != nil {
			return s, usageError{fmt.Errorf("--min-level: %w", err)}
		}
	}
	if o.failOn != "" {
		th.FailOnSet = true
		if th.FailOn, err = finding.ParseSeverity(o.failOn); err != nil {
			return s, usageError{fmt.Errorf("--fail-on: %w", err)}
		}
	}
	s.minLevel, s.failOn = th.Resolve(cfg)
	if o.maxFile != "" {
		if s.maxFile, err = config.ParseSize(o.maxFile); err != nil {
			return s, usageError{fmt.Errorf("--max-file-size: %w", err)}
		}
	}
	s.redact = cfg.SecretsRedact
	if o.redact != "" {
		if s.redact, err = finding.ParseRedaction(o.redact); err != nil {
			return s, usageError{fmt.Errorf("--redact: want partial or full, not %q", o.redact)}
		}
	}
	switch o.color {
	case "always":
		s.color = true
	case "never":
	case "auto":
		s.color = e.getenv("NO_COLOR") == "" && isTerminal(e.stdout)
	default:
		return s, usageError{fmt.Errorf("--color: want auto, always or never, not %q", o.color)}
	}
	// Colours go to text reports on a terminal, or anywhere when asked
	// for with --color always.
	for i, out := range s.outputs {
		s.outputs[i].color = out.format == "text" && s.color && (out.path == "" || o.color == "always")
	}
	return s, nil
}

func runScan(ctx context.Context, e *env, o *scanOptions) error {
	if o.staged {
		return runStaged(ctx, e, o)
	}
	res, s, err := scanTarget(ctx, e, o)
	if err != nil {
		return err
	}
	gate := engine.Decide(res, s.minLevel, s.failOn)
	if err := writeOutputs(e, o.quiet, s.outputs, res, report.Options{Lang: s.lang, Version: ouvertVersion(), Gate: &gate}); err != nil {
		return err
	}
	if gate.Verdict != engine.Passed {
		return gateError{gate.Verdict}
	}
	return nil
}

// scanTarget opens the target, reads its configuration and runs the
// checks: everything a scan does before it reports.
func scanTarget(ctx context.Context, e *env, o *scanOptions) (*engine.Result, settings, error) {
	var s settings
	cat, err := rules.Default()
	if err != nil {
		return nil, s, err
	}
	if o.since != "" && !o.history {
		return nil, s, usageError{fmt.Errorf("--since needs the history: drop --history=false")}
	}
	// Flags are checked before anything slow happens (a clone).
	pre, err := o.validate(e, &config.Config{})
	if err != nil {
		return nil, s, err
	}
	// Building the licence matcher is the largest fixed cost of a scan: let
	// it overlap with opening or cloning the repository.
	license.Prepare()
	var cfg *config.Config
	if o.config != "" {
		data, err := os.ReadFile(o.config)
		if err != nil {
			return nil, s, usageError{fmt.Errorf("--config: %w", err)}
		}
		if cfg, err = config.Parse(o.config, data, cat); err != nil {
			return nil, s, err
		}
	}

	var baseline map[string]bool
	if o.baseline != "" {
		f, err := os.Open(o.baseline)
		if err != nil {
			return nil, s, usageError{fmt.Errorf("--baseline: %w", err)}
		}
		baseline, err = report.ReadBaseline(f)
		f.Close()
		if err != nil {
			return nil, s, usageError{fmt.Errorf("--baseline %s: %w", o.baseline, err)}
		}
	}

	if looksRemote(o.target) {
		e.logf(o.quiet, "cloning %s", source.StripCredentials(o.target))
	}
	progress := &source.Progress{}
	progress.SetPhase(source.PhaseOpen)
	stopProgress := startProgress(e, o.quiet, pre.lang, progress)
	defer stopProgress()
	repo, err := source.Open(ctx, o.target, source.Options{Ref: o.ref, History: o.history, Timeout: o.timeout, Getenv: e.getenv})
	if err != nil {
		return nil, s, err
	}
	defer repo.Close()
	if len(repo.Files()) == 0 {
		return nil, s, usageError{fmt.Errorf("%s: nothing to publish: no file to scan", o.target)}
	}
	if cfg == nil {
		if cfg, err = config.FromRepo(repo, cat); err != nil {
			return nil, s, err
		}
	}
	s, err = o.validate(e, cfg)
	if err != nil {
		return nil, s, err
	}
	if baseline != nil {
		if err := report.CheckBaselineKey(baseline, finding.KeyID([]byte(cfg.FingerprintKey))); err != nil {
			return nil, s, usageError{fmt.Errorf("--baseline %s: %w", o.baseline, err)}
		}
	}

	res, err := engine.Run(ctx, repo, engine.Options{Catalog: cat, Config: cfg, Baseline: baseline, NoHistory: !o.history, Since: o.since, Online: o.online,
		SecretsMaxFileSize: s.maxFile, SecretsRedact: s.redact, Progress: progress})
	if err != nil {
		return nil, s, err
	}
	if ctx.Err() != nil {
		return nil, s, fmt.Errorf("scan %s: interrupted", o.target)
	}
	if res.Meta.URL == "" {
		res.Meta.Path = o.target // as typed: the report does not depend on where it runs
	} else {
		res.Meta.Path = ""
	}
	return res, s, nil
}

// writeReport renders to memory first, then writes the file atomically:
// a failing writer, or an interrupted write, never leaves half a report.
func writeReport(e *env, output string, render func(io.Writer) error) error {
	if output == "" {
		return render(e.stdout)
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}
