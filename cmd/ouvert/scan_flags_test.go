package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScanFlags: the scan command's flags as parsed, through the runF hook
// (no scan runs), and its defaults.
func TestScanFlags(t *testing.T) {
	parse := func(args ...string) *scanOptions {
		t.Helper()
		var got *scanOptions
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		cmd := newScanCmd(e, func(_ context.Context, o *scanOptions) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return got
	}

	o := parse()
	if o.target != "." || o.format != "text" || !o.history || o.color != "auto" || o.quiet || o.staged || o.timeout <= 0 {
		t.Errorf("defaults: %+v", *o)
	}

	o = parse("../other", "-f", "sarif", "-o", "out.sarif", "--report", "json=r.json", "--report", "html=r.html",
		"--badge", "b.svg", "-q", "--lang", "fr", "--min-level", "B", "--fail-on", "warning", "--history=false",
		"--timeout", "90s", "--redact", "full", "--max-file-size", "8MiB")
	want := scanOptions{target: "../other", format: "sarif", output: "out.sarif", reports: []string{"json=r.json", "html=r.html"},
		badge: "b.svg", quiet: true, lang: "fr", minLevel: "B", failOn: "warning", history: false, timeout: 90 * time.Second,
		redact: "full", maxFile: "8MiB", color: "auto"}
	if o.target != want.target || o.format != want.format || o.output != want.output || !slices.Equal(o.reports, want.reports) ||
		o.badge != want.badge || o.quiet != want.quiet || o.lang != want.lang || o.minLevel != want.minLevel || o.failOn != want.failOn ||
		o.history != want.history || o.timeout != want.timeout || o.redact != want.redact || o.maxFile != want.maxFile || o.color != want.color {
		t.Errorf("parsed %+v\nwant   %+v", *o, want)
	}

	// The outputs they make: the primary report to its file, each --report
	// and the badge to theirs.
	outs, err := o.parseOutputs("en")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, out := range outs {
		got = append(got, out.format+"="+out.path)
	}
	if w := []string{"sarif=out.sarif", "json=r.json", "html=r.html", "badge=b.svg"}; !slices.Equal(got, w) {
		t.Errorf("outputs %v, want %v", got, w)
	}
}
