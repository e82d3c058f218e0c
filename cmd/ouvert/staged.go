package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// runStaged scans what the next commit adds, for secrets only: a level
// needs the whole repository, and a pre-commit hook must answer at once.
// The gate fails (exit 1) when a secret is staged, or a finding crosses
// --fail-on (sensitive data are warnings).
func runStaged(ctx context.Context, e *env, o *scanOptions) error {
	if err := stagedFlags(e, o); err != nil {
		return err
	}
	cat, err := rules.Default()
	if err != nil {
		return err
	}
	if _, err := o.validate(e, &config.Config{}); err != nil {
		return err
	}
	var cfg *config.Config
	if o.config != "" {
		data, err := os.ReadFile(o.config)
		if err != nil {
			return usageError{fmt.Errorf("--config: %w", err)}
		}
		if cfg, err = config.Parse(o.config, data, cat); err != nil {
			return err
		}
	}
	repo, err := source.OpenStaged(o.target)
	if err != nil {
		return err
	}
	defer repo.Close()
	if cfg == nil {
		// .ouvert.yml as it will be committed: the index's version.
		if cfg, err = config.FromRepo(repo, cat); err != nil {
			return err
		}
	}
	s, err := o.validate(e, cfg)
	if err != nil {
		return err
	}

	only := []checks.Check{checks.Secrets{}}
	// Secrets HEAD already holds in the files the commit touches are not
	// what it adds: an edit near an old secret must not block every commit.
	committed := map[string]bool{}
	if len(repo.Files()) > 0 && len(repo.Committed().Files()) > 0 {
		// The same configuration: its fingerprint key makes the fingerprints.
		old, err := engine.Run(ctx, repo.Committed(), engine.Options{Catalog: cat, Config: cfg, Checks: only, NoLicense: true})
		if err != nil {
			return err
		}
		for _, f := range old.Findings {
			if f.Evidence != "" {
				committed[f.Fingerprint] = true
			}
		}
	}
	res, err := engine.Run(ctx, repo, engine.Options{Catalog: cat, Config: cfg, Checks: only, Baseline: committed, NoLicense: true, SecretsRedact: s.redact})
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errors.New(e.say("cli.interrupted", "command", "scan --staged", "target", o.target))
	}
	res.Meta.Path = o.target
	for i := range res.Findings {
		if a := res.Findings[i].Accepted; a != nil && a.By == "baseline" {
			a.By = report.StagedCommitted
		}
	}
	// The other rules were not asked about: they neither pass nor block.
	keep := map[string]bool{}
	for _, id := range (checks.Secrets{}).Rules() {
		keep[id] = true
	}
	rr := res.Rules[:0]
	for _, r := range res.Rules {
		if keep[r.Rule.ID] {
			rr = append(rr, r)
		}
	}
	res.Rules = rr
	gate := engine.Decide(res, finding.LevelC, s.failOn)
	files := len(repo.Files())
	s.outputs[0].write = func(w io.Writer, r *engine.Result, opts report.Options) error {
		return report.Staged(w, r, files, opts)
	}
	if err := writeOutputs(e, o.quiet, s.outputs, res, report.Options{Lang: s.lang, Version: ouvertVersion(), Gate: &gate}); err != nil {
		return err
	}
	if gate.Verdict != engine.Passed {
		return gateError{gate.Verdict}
	}
	return nil
}

// stagedFlags refuses the flags that make no sense on staged changes,
// rather than ignoring them silently.
func stagedFlags(e *env, o *scanOptions) error {
	bad := func(flag, why string) error {
		return e.usage("staged.with", "flag", flag, "why", e.say("staged.why-"+why))
	}
	switch {
	case looksRemote(o.target):
		return e.usage("staged.url", "url", source.StripCredentials(o.target))
	case o.ref != "":
		return bad("--ref", "ref")
	case o.since != "":
		return bad("--since", "since")
	case o.minLevel != "":
		return bad("--min-level", "min-level")
	case o.baseline != "":
		return bad("--baseline", "baseline")
	case o.online:
		return bad("--online", "online")
	case strings.ToLower(o.format) != "text":
		return bad("--format "+o.format, "format")
	case len(o.reports) > 0 || o.badge != "":
		return bad(e.say("cli.report-or-badge"), "report")
	}
	return nil
}
