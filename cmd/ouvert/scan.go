package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	lib "github.com/ouvert-dev/ouvert"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/atomicfile"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
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

// scanTarget runs the library's Scan with the flags, after checking them:
// everything a scan does before it reports.
func scanTarget(ctx context.Context, e *env, o *scanOptions) (*engine.Result, settings, error) {
	// Flags are checked before anything slow happens (a clone).
	s, err := o.validate(e, &config.Config{})
	if err != nil {
		return nil, s, err
	}
	if looksRemote(o.target) {
		e.logf(o.quiet, "%s", e.say("cli.cloning", "url", source.StripCredentials(o.target)))
	}
	progress := &source.Progress{}
	progress.SetPhase(source.PhaseOpen)
	stopProgress := startProgress(e, o.quiet, s.lang, progress)
	defer stopProgress()
	res, err := lib.Scan(ctx, o.target, lib.Options{Ref: o.ref, NoHistory: !o.history, Since: o.since,
		Online: o.online, Timeout: o.timeout, ConfigFile: o.config, BaselineFile: o.baseline,
		MaxFileSize: s.maxFile, Redact: s.redact, Progress: progress, Getenv: e.getenv})
	var oe *lib.OptionError
	switch {
	case errors.As(err, &oe) && oe.Option == "since":
		return nil, s, e.usage("scan.since-history")
	case errors.As(err, &oe):
		return nil, s, usageError{fmt.Errorf("--%w", oe)}
	case errors.Is(err, lib.ErrNothingToScan):
		return nil, s, e.usage("scan.nothing", "target", o.target)
	case errors.Is(err, context.Canceled) || err == nil && ctx.Err() != nil:
		return nil, s, errors.New(e.say("cli.interrupted", "command", "scan", "target", o.target))
	case err != nil:
		return nil, s, err
	}
	// The thresholds and redaction may come from the configuration, which
	// is known now.
	s, err = o.validate(e, res.Config)
	return res, s, err
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
