package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
)

type badgeOptions struct {
	scan   scanOptions
	format string
	from   string
}

func newBadgeCmd(e *env) *cobra.Command {
	o := &badgeOptions{}
	cmd := &cobra.Command{
		Use: "badge [PATH|URL]",
		Example: `  ouvert badge
  ouvert badge --format markdown
  ouvert badge --format svg --output badge.svg
  ouvert scan --format json --output report.json && ouvert badge --from report.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usage("badge.args", "n", strconv.Itoa(len(args)))
			}
			if len(args) == 1 && o.from != "" {
				return e.usage("badge.both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.scan.target = "."
			if len(args) == 1 {
				o.scan.target = args[0]
			}
			return runBadge(cmd.Context(), e, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "url", "")
	f.StringVarP(&o.scan.output, "output", "o", "", "")
	f.StringVar(&o.from, "from", "", "")
	f.StringVar(&o.scan.lang, "lang", "", "")
	f.StringVar(&o.scan.ref, "ref", "", "")
	f.StringVar(&o.scan.config, "config", "", "")
	f.BoolVar(&o.scan.history, "history", true, "")
	f.DurationVar(&o.scan.timeout, "timeout", source.DefaultTimeout, "")
	f.BoolVarP(&o.scan.quiet, "quiet", "q", false, "")
	return cmd
}

func runBadge(ctx context.Context, e *env, o *badgeOptions) error {
	switch o.format {
	case "url", "markdown", "svg":
	default:
		return e.usage("badge.format", "format", o.format)
	}
	o.scan.format, o.scan.color = "text", "never"
	var res *engine.Result
	var lang string
	if o.from != "" {
		level, err := levelFromReport(e, o.from)
		if err != nil {
			return err
		}
		s, err := o.scan.validate(e, &config.Config{})
		if err != nil {
			return err
		}
		lang = s.lang
		res = &engine.Result{Level: engine.Level{ID: level}}
	} else {
		var s settings
		var err error
		if res, s, err = scanTarget(ctx, e, &o.scan); err != nil {
			return err
		}
		lang = s.lang
	}

	var text string
	switch o.format {
	case "svg":
		out := output{flag: "--output", format: "badge", write: report.Badge, path: o.scan.output}
		return writeOutputs(e, true, []output{out}, res, report.Options{Lang: lang})
	case "url":
		text, _ = report.BadgeURL(res.Level.ID)
	case "markdown":
		text = report.BadgeMarkdown(res.Level.ID)
	}
	if text == "" {
		// Not an error: the scan worked, and says the repository is not
		// ready to publish; scripts read an empty line.
		e.logf(o.scan.quiet, "%s", e.say("badge.none"))
		return nil
	}
	return writeOutputs(e, true, []output{{flag: "--output", format: o.format, path: o.scan.output,
		write: func(w io.Writer, _ *engine.Result, _ report.Options) error {
			_, err := fmt.Fprintln(w, text)
			return err
		}}}, res, report.Options{})
}

// levelFromReport reads the level of an earlier JSON report.
func levelFromReport(e *env, path string) (finding.Level, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", usageError{fmt.Errorf("--from: %w", err)}
	}
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Level         struct {
			ID string `json:"id"`
		} `json:"level"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.SchemaVersion != engine.SchemaVersion {
		return "", e.usage("badge.not-report", "path", path, "version", strconv.Itoa(engine.SchemaVersion))
	}
	l, err := finding.ParseLevel(doc.Level.ID)
	if err != nil {
		return "", usageError{fmt.Errorf("--from %s: level: %w", path, err)}
	}
	return l, nil
}
