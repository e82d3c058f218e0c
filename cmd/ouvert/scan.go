package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
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
		Use: "scan [PATH|URL]",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usage("scan.args", "n", strconv.Itoa(len(args)))
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
	f.StringVarP(&o.format, "format", "f", "text", "report format: "+strings.Join(report.FormatNames(), ""))
	f.StringVarP(&o.output, "output", "o", "", "")
	f.StringArrayVar(&o.reports, "report", nil, "")
	f.StringVar(&o.badge, "badge", "", "")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "")
	f.StringVar(&o.lang, "lang", "", "")
	f.StringVar(&o.minLevel, "min-level", "", "")
	f.StringVar(&o.failOn, "fail-on", "", "")
	f.StringVar(&o.ref, "ref", "", "")
	f.StringVar(&o.config, "config", "", "")
	f.BoolVar(&o.history, "history", true, "")
	f.StringVar(&o.since, "since", "", "")
	f.StringVar(&o.maxFile, "max-file-size", "", "")
	f.StringVar(&o.redact, "redact", "", "")
	f.StringVar(&o.baseline, "baseline", "", "")
	f.StringVar(&o.color, "color", "auto", "")
	f.DurationVar(&o.timeout, "timeout", source.DefaultTimeout, "")
	f.BoolVar(&o.online, "online", false, "")
	f.BoolVar(&o.staged, "staged", false, "")
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
	if s.outputs, err = o.parseOutputs(e.helpLang); err != nil {
		return s, err
	}
	if s.lang, err = pickLang(e, o.lang); err != nil {
		return s, err
	}
	var th engine.Thresholds
	if o.minLevel != "" {
		if th.MinLevel, err = finding.ParseLevel(o.minLevel); err != nil {
			return s, e.usage("cli.min-level", "value", o.minLevel)
		}
	}
	if o.failOn != "" {
		th.FailOnSet = true
		if th.FailOn, err = finding.ParseSeverity(o.failOn); err != nil {
			return s, e.usage("cli.fail-on", "value", o.failOn)
		}
	}
	s.minLevel, s.failOn = th.Resolve(cfg)
	if o.maxFile != "" {
		if s.maxFile, err = config.ParseSize(o.maxFile); err != nil {
			return s, e.usage("cli.max-file-size", "value", o.maxFile)
		}
	}
	s.redact = cfg.SecretsRedact
	if o.redact != "" {
		if s.redact, err = finding.ParseRedaction(o.redact); err != nil {
			return s, e.usage("scan.redact", "value", o.redact)
		}
	}
	switch o.color {
	case "always":
		s.color = true
	case "never":
	case "auto":
		s.color = e.getenv("NO_COLOR") == "" && isTerminal(e.stdout)
	default:
		return s, e.usage("scan.color", "value", o.color)
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
		return nil, s, e.usage("scan.since-history")
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
		e.logf(o.quiet, "%s", e.say("cli.cloning", "url", source.StripCredentials(o.target)))
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
		return nil, s, e.usage("scan.nothing", "target", o.target)
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
		return nil, s, errors.New(e.say("cli.interrupted", "command", "scan", "target", o.target))
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
