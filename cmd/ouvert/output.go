package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/rules"

	"github.com/ouvert-dev/ouvert/internal/atomicfile"
	"github.com/ouvert-dev/ouvert/internal/printable"
)

// output is one report a scan writes: a format, and a file or standard
// output. Every output renders the same result: detection runs once.
type output struct {
	flag   string // how the user asked for it, for messages
	format string
	write  report.Writer
	path   string // "" for standard output
	color  bool   // ANSI colours (text only)
}

// parseOutputs reads --format/--output (the primary report), each
// --report FORMAT=FILE and --badge FILE. At most one goes to standard
// output, and no two to the same file.
func (o *scanOptions) parseOutputs(lang string) ([]output, error) {
	unknown := func(flag, format string) error {
		return usageError{errors.New(rules.Say(lang, "cli.unknown-format", "flag", flag, "format", format, "names", strings.Join(report.FormatNames(), ", ")))}
	}
	w, err := report.Lookup(o.format)
	if err != nil {
		return nil, unknown("--format", o.format)
	}
	outs := []output{{flag: "--output", format: strings.ToLower(o.format), write: w, path: o.output}}
	if o.output == "-" {
		outs[0].path = ""
	}
	for _, spec := range o.reports {
		format, file, ok := strings.Cut(spec, "=")
		if !ok || strings.TrimSpace(format) == "" || file == "" {
			return nil, usageError{errors.New(rules.Say(lang, "cli.report-spec", "spec", spec))}
		}
		w, err := report.Lookup(strings.TrimSpace(format))
		if err != nil {
			return nil, unknown("--report "+spec, strings.TrimSpace(format))
		}
		out := output{flag: "--report " + spec, format: strings.ToLower(strings.TrimSpace(format)), write: w, path: file}
		if file == "-" {
			out.path = ""
		}
		outs = append(outs, out)
	}
	if o.badge != "" {
		outs = append(outs, output{flag: "--badge", format: "badge", write: report.Badge, path: o.badge})
	}
	// The primary report goes to standard output unless --output says
	// otherwise; a --report to "-" takes its place only when it is free.
	toStdout := 0
	for _, out := range outs {
		if out.path == "" {
			toStdout++
		}
	}
	if toStdout > 1 {
		if o.output == "" && len(outs) > 1 {
			return nil, usageError{errors.New(rules.Say(lang, "cli.two-stdout-primary"))}
		}
		return nil, usageError{errors.New(rules.Say(lang, "cli.two-stdout"))}
	}
	seen := map[string]string{}
	for _, out := range outs {
		if out.path == "" {
			continue
		}
		key := filepath.Clean(out.path)
		if abs, err := filepath.Abs(key); err == nil {
			key = abs
		}
		if prev, dup := seen[key]; dup {
			return nil, usageError{errors.New(rules.Say(lang, "cli.same-file", "first", prev, "second", out.flag, "path", out.path))}
		}
		seen[key] = out.flag
	}
	return outs, nil
}

// writeOutputs renders every report to memory first, then writes the files
// through temporary files renamed into place: a writer that fails, or a
// file that cannot be written, leaves no report half-written, and none of
// the files is written unless all could be.
func writeOutputs(e *env, quiet bool, outs []output, res *engine.Result, opts report.Options) error {
	bufs := make([][]byte, len(outs))
	for i, out := range outs {
		o := opts
		o.Color = out.color
		var buf bytes.Buffer
		if err := out.write(&buf, res, o); err != nil {
			return fmt.Errorf("%s: %s report: %w", out.flag, out.format, err)
		}
		bufs[i] = buf.Bytes()
	}
	staged := make([]*atomicfile.Staged, len(outs))
	discard := func() {
		for _, st := range staged {
			if st != nil {
				st.Discard()
			}
		}
	}
	for i, out := range outs {
		if out.path == "" {
			continue
		}
		st, err := stage(out.path, bufs[i])
		if err != nil {
			discard()
			return fmt.Errorf("%s: %w", out.flag, err)
		}
		staged[i] = st
	}
	for i, out := range outs {
		if out.path == "" {
			continue
		}
		err := staged[i].Commit()
		staged[i] = nil
		if err != nil {
			discard()
			return fmt.Errorf("%s: cannot write %s: %w", out.flag, out.path, unwrapPath(err))
		}
		e.logf(quiet, "%s", e.say("cli.report-written", "format", out.format, "path", out.path))
	}
	for i, out := range outs {
		if out.path == "" {
			if _, err := e.stdout.Write(bufs[i]); err != nil {
				return fmt.Errorf("standard output: %w", err)
			}
		}
	}
	return nil
}

// stage writes a report beside path, ready to be renamed into place.
func stage(path string, data []byte) (*atomicfile.Staged, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	st, err := atomicfile.StageFile(path, data, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	return st, nil
}

// unwrapPath drops the temporary file's name from an error: the user
// knows the file by the name they gave.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// logf writes a progress line on standard error, unless --quiet.
func (e *env) logf(quiet bool, format string, a ...any) {
	if quiet {
		return
	}
	fmt.Fprintf(e.stderr, "ouvert: %s\n", printable.String(fmt.Sprintf(format, a...)))
}

var remoteLike = regexp.MustCompile(`^(?i:https|ssh)://|^[^/@:]+@[^/:]+:`)

// looksRemote tells a URL that will be cloned over the network from a path
// (or a URL source.Open refuses: its error is the only line then), so that
// a slow clone is announced.
func looksRemote(target string) bool {
	return remoteLike.MatchString(target)
}
