package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/audit"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/rules"

	"github.com/ouvert-dev/ouvert/internal/atomicfile"
	"github.com/ouvert-dev/ouvert/internal/printable"
)

// stateFileName is the state file's name when --state is not given, in
// the directory of --output.
const stateFileName = "ouvert-audit-state.jsonl"

type auditOptions struct {
	urls            []string
	githubOrgs      []string
	githubAPI       string
	gitlabGroups    []string
	gitlabURL       string
	lists           []string
	accounts        string
	includeArchived bool
	includeForks    bool
	match           string
	config          string
	minLevel        string
	failOn          string
	history         bool
	jobs            int
	timeout         time.Duration
	cache           string
	state           string
	resume          bool
	shard           string
	format          string
	output          string
	lang            string
	quiet           bool
	repoReports     string
	repoFormat      string
	dryRun          bool
	csvSep          string
	previous        string
}

func newAuditCmd(e *env) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use: "audit [URL…]",
		Example: `  ouvert audit --github-org etalab --format html --output audit.html
  ouvert audit --gitlab-group dinum --gitlab-url https://gitlab.example.gouv.fr --format csv -o audit.csv
  ouvert audit --list repos.txt --jobs 8 --cache ~/.cache/ouvert-audit
  ouvert audit --accounts comptes-organismes-publics.yml --shard 2/8 --state state-2.jsonl
  ouvert audit merge state-*.jsonl --format html --output audit.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.urls = args
			return runAudit(cmd.Context(), e, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.githubOrgs, "github-org", nil, "")
	f.StringVar(&o.githubAPI, "github-api", audit.DefaultGitHubAPI, "")
	f.StringArrayVar(&o.gitlabGroups, "gitlab-group", nil, "")
	f.StringVar(&o.gitlabURL, "gitlab-url", audit.DefaultGitLab, "")
	f.StringArrayVar(&o.lists, "list", nil, "")
	f.StringVar(&o.accounts, "accounts", "", "")
	f.BoolVar(&o.includeArchived, "include-archived", false, "")
	f.BoolVar(&o.includeForks, "include-forks", false, "")
	f.StringVar(&o.match, "match", "", "")
	f.StringVar(&o.config, "config", "", "")
	f.StringVar(&o.minLevel, "min-level", "", "")
	f.StringVar(&o.failOn, "fail-on", "", "")
	f.BoolVar(&o.history, "history", false, "")
	f.IntVarP(&o.jobs, "jobs", "j", audit.DefaultJobs(), "")
	f.DurationVar(&o.timeout, "timeout", audit.DefaultTimeout, "")
	f.StringVar(&o.cache, "cache", "", "")
	f.StringVar(&o.state, "state", "", "")
	f.BoolVar(&o.resume, "resume", false, "")
	f.StringVar(&o.shard, "shard", "", "")
	f.StringVarP(&o.format, "format", "f", "", "")
	f.StringVarP(&o.output, "output", "o", "", "")
	f.StringVar(&o.lang, "lang", "", "")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "")
	f.StringVar(&o.repoReports, "repo-reports", "", "")
	f.StringVar(&o.repoFormat, "repo-format", "html", "")
	f.StringVar(&o.csvSep, "csv-sep", ",", "")
	f.StringVar(&o.previous, "previous", "", "")
	f.BoolVar(&o.dryRun, "dry-run", false, "")
	cmd.AddCommand(newAuditMergeCmd(e), newAuditDiffCmd(e))
	return cmd
}

// auditSettings are the validated options.
type auditSettings struct {
	csvSep   rune
	previous []audit.Record
	write    audit.Writer
	lang     string
	filter   audit.Filter
	run      audit.Options
	state    string
	repoW    report.Writer
}

func (o *auditOptions) validate(e *env, cat *rules.Catalog) (auditSettings, error) {
	var s auditSettings
	var err error
	if s.write, s.lang, err = outputSettings(e, o.format, o.output, o.lang); err != nil {
		return s, err
	}
	if s.csvSep, err = csvSeparator(o.csvSep, s.lang); err != nil {
		return s, err
	}
	if o.previous != "" && !o.dryRun {
		if s.previous, err = readPrevious(o.previous); err != nil {
			return s, err
		}
	}
	if len(o.urls)+len(o.githubOrgs)+len(o.gitlabGroups)+len(o.lists) == 0 && o.accounts == "" {
		return s, usageError{errors.New(audit.MsgNeedsRepos(s.lang))}
	}
	s.filter = audit.Filter{IncludeArchived: o.includeArchived, IncludeForks: o.includeForks}
	if o.match != "" {
		if s.filter.Match, err = regexp.Compile(o.match); err != nil {
			return s, usageError{fmt.Errorf("--match: %w", err)}
		}
	}
	if o.shard != "" {
		if s.filter.Shard, err = audit.ParseShard(o.shard); err != nil {
			return s, usageError{fmt.Errorf("--shard: %w", err)}
		}
	}
	if o.jobs < 1 {
		return s, usageError{errors.New(audit.MsgJobs(s.lang, o.jobs))}
	}
	if o.timeout <= 0 {
		return s, usageError{errors.New(audit.MsgTimeout(s.lang, o.timeout))}
	}
	r := audit.Options{Catalog: cat, History: o.history, Jobs: o.jobs, Timeout: o.timeout, CacheDir: o.cache, Getenv: e.getenv}
	if o.minLevel != "" {
		if r.MinLevel, err = finding.ParseLevel(o.minLevel); err != nil {
			return s, e.usage("cli.min-level", "value", o.minLevel)
		}
	}
	if o.failOn != "" {
		if r.FailOn, err = finding.ParseSeverity(o.failOn); err != nil {
			return s, e.usage("cli.fail-on", "value", o.failOn)
		}
		r.FailOnSet = true
	}
	if o.config != "" {
		data, err := os.ReadFile(o.config)
		if err != nil {
			return s, usageError{fmt.Errorf("--config: %w", err)}
		}
		if r.Config, err = config.Parse(o.config, data, cat); err != nil {
			return s, err
		}
	}
	if o.repoReports != "" {
		w, err := report.Lookup(o.repoFormat)
		if err != nil {
			return s, usageError{fmt.Errorf("--repo-format: %w", err)}
		}
		s.repoW = w
	}
	s.run = r
	s.state = o.state
	if s.state == "" {
		s.state = filepath.Join(filepath.Dir(outputOrHere(o.output)), stateFileName)
	}
	return s, nil
}

// outputSettings checks --format, --output and --lang, shared with merge.
func outputSettings(e *env, format, output, lang string) (audit.Writer, string, error) {
	if format == "" {
		format = audit.FormatOf(output)
	}
	if format == "" {
		format = "markdown"
	}
	lang, err := pickLang(e, lang)
	if err != nil {
		return nil, "", err
	}
	w, ok := audit.Lookup(format)
	if !ok {
		return nil, "", usageError{errors.New(audit.MsgFormat(lang, format, strings.Join(audit.FormatNames(), ", ")))}
	}
	return w, lang, nil
}

// readPrevious reads the earlier audit of --previous.
func readPrevious(path string) ([]audit.Record, error) {
	recs, err := audit.ReadAudit(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("--previous: %w", err)}
	}
	return recs, nil
}

// csvSeparator reads --csv-sep.
func csvSeparator(s, lang string) (rune, error) {
	switch s {
	case ",", "":
		return ',', nil
	case ";":
		return ';', nil
	case "tab", "\t", "\\t":
		return '\t', nil
	}
	return 0, usageError{errors.New(audit.MsgCSVSep(lang, s))}
}

func outputOrHere(output string) string {
	if output == "" {
		return filepath.Join(".", "report")
	}
	return output
}

func runAudit(ctx context.Context, e *env, o *auditOptions) error {
	cat, err := rules.Default()
	if err != nil {
		return err
	}
	s, err := o.validate(e, cat)
	if err != nil {
		return err
	}
	if o.dryRun {
		return o.dryRunPlan(e, s)
	}
	// A CI runner that times out sends SIGTERM: stop as cleanly as on Ctrl-C.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	license.Prepare()

	var prog *audit.Progress
	if !o.quiet {
		prog = audit.NewProgress(e.stderr, !ciLog(e), 0)
		prog.Lang = s.lang
	}
	header := audit.Header{State: audit.StateVersion, Tool: "ouvert " + ouvertVersion(), Settings: s.run.Settings(), Shard: s.filter.Shard.String(),
		Date: time.Now().UTC().Format(time.DateOnly), Inputs: o.inputs()}
	var prior *audit.State
	if o.resume {
		if prior, err = audit.Resume(s.state, header, s.lang); err != nil {
			return usageError{err}
		}
	}

	targets, problems, err := o.list(ctx, e, prog, s.lang)
	if err != nil {
		if ctx.Err() != nil {
			return errors.New(audit.MsgInterruptedListing(s.lang))
		}
		return err
	}
	targets = audit.Select(targets, s.filter)
	todo := audit.Pending(targets, prior)

	// An audit writes several files (state, report, reports per
	// repository): their directories are made.
	if err := os.MkdirAll(filepath.Dir(outputOrHere(o.output)), 0o755); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	if prior == nil {
		if old, err := audit.ReadState(s.state); err == nil && len(old.Records) > 0 {
			prog.Note(audit.MsgReplaces(s.lang, s.state, len(old.Records)))
		}
	}
	prog.Note(audit.MsgListed(s.lang, len(targets), len(todo), s.filter.Shard.String()))
	w, err := audit.OpenState(s.state, header, prior)
	if err != nil {
		return fmt.Errorf("--state: %w", err)
	}
	defer w.Close()
	added, err := audit.AddProblems(w, problems, s.filter.Shard)
	for _, p := range added {
		prog.Note(audit.MsgAccountFailed(s.lang, audit.ProblemCause(p)))
	}
	if err != nil {
		return err
	}

	if s.repoW != nil {
		s.run.RepoReport = o.repoReporter(s)
	}
	s.run.Progress = prog
	prog.Begin(len(targets), len(targets)-len(todo))
	runErr := audit.Run(ctx, todo, w, s.run)
	prog.End(ctx.Err() != nil)
	if runErr != nil {
		if ctx.Err() != nil {
			return errors.New(audit.MsgInterrupted(s.lang, s.state))
		}
		return runErr
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("--state: %w", err)
	}

	st, err := audit.ReadState(s.state)
	if err != nil {
		return err
	}
	rep := &audit.Report{Records: st.Records, Catalog: cat, Lang: s.lang, Version: ouvertVersion(), CSVSep: s.csvSep, About: st.Header.About()}
	if o.previous != "" {
		rep.Changes = audit.Compare(s.previous, st.Records, o.previous)
	}
	return writeReport(e, o.output, func(w io.Writer) error { return s.write(w, rep) })
}

// list asks every input for its repositories, in a fixed order. An input
// named on the command line that fails stops the audit; an account of the
// accounts file that fails is a problem reported with the results.
func (o *auditOptions) list(ctx context.Context, e *env, prog *audit.Progress, lang string) ([]audit.Target, []audit.Problem, error) {
	api := &audit.API{
		// A page of 100 repositories comes in seconds; a forge that does
		// not answer in 30 s is tried twice more, then reported.
		Client:    &http.Client{Timeout: 30 * time.Second},
		Getenv:    e.getenv,
		UserAgent: "ouvert/" + ouvertVersion(),
		Notify:    prog.Note,
		Lang:      lang,
	}
	var all []audit.Target
	ts, err := audit.Args(o.urls)
	if err != nil {
		return nil, nil, usageError{err}
	}
	all = append(all, ts...)
	for _, l := range o.lists {
		ts, err := readList(e, l)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, ts...)
	}
	for _, org := range o.githubOrgs {
		ts, err := api.GitHubOrg(ctx, o.githubAPI, org)
		if err != nil {
			return nil, nil, inputError(fmt.Errorf("--github-org %s: %w", org, err))
		}
		all = append(all, ts...)
	}
	for _, g := range o.gitlabGroups {
		ts, err := api.GitLabGroup(ctx, o.gitlabURL, g)
		if err != nil {
			return nil, nil, inputError(fmt.Errorf("--gitlab-group %s: %w", g, err))
		}
		all = append(all, ts...)
	}
	var problems []audit.Problem
	if o.accounts != "" {
		accs, err := o.readAccounts(e, lang)
		if err != nil {
			return nil, nil, err
		}
		ts, ps, err := api.ListAccounts(ctx, accs, o.githubAPI)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, ts...)
		problems = ps
	}
	return all, problems, nil
}

// inputs names what the audit lists repositories from, for the top of
// the report.
func (o *auditOptions) inputs() []string {
	var in []string
	if o.accounts != "" {
		in = append(in, "--accounts "+filepath.Base(o.accounts))
	}
	for _, org := range o.githubOrgs {
		in = append(in, "--github-org "+org)
	}
	for _, g := range o.gitlabGroups {
		in = append(in, "--gitlab-group "+g)
	}
	for _, l := range o.lists {
		in = append(in, "--list "+filepath.Base(l))
	}
	if n := len(o.urls); n == 1 {
		in = append(in, "1 URL")
	} else if n > 1 {
		in = append(in, fmt.Sprintf("%d URLs", n))
	}
	return in
}

// readAccounts reads --accounts; the file's quirks are warnings on
// standard error, even with --quiet.
func (o *auditOptions) readAccounts(e *env, lang string) ([]audit.Account, error) {
	data, err := os.ReadFile(o.accounts)
	if err != nil {
		return nil, usageError{fmt.Errorf("--accounts: %w", err)}
	}
	accs, warnings, err := audit.ReadAccounts(data, o.accounts)
	if err != nil {
		return nil, usageError{fmt.Errorf("--accounts: %w", err)}
	}
	for _, w := range warnings {
		fmt.Fprintln(e.stderr, "ouvert: "+audit.MsgWarning(lang, printable.String(w.Text(lang))))
	}
	return accs, nil
}

// dryRunPlan writes the accounts the audit would list, from the command
// line and the accounts file, without a request: a JSON array with
// --format json, else a table. Lists and URLs are read (they are local)
// and counted on standard error.
func (o *auditOptions) dryRunPlan(e *env, s auditSettings) error {
	var accs []audit.Account
	for _, org := range o.githubOrgs {
		accs = append(accs, audit.Account{Forge: "github", Host: audit.HostOf(o.githubAPI), Owner: org})
	}
	for _, g := range o.gitlabGroups {
		accs = append(accs, audit.Account{Forge: "gitlab", Host: audit.HostOf(o.gitlabURL), Owner: strings.Trim(g, "/")})
	}
	if o.accounts != "" {
		more, err := o.readAccounts(e, s.lang)
		if err != nil {
			return err
		}
		accs = append(accs, more...)
	}
	named, err := audit.Args(o.urls)
	if err != nil {
		return usageError{err}
	}
	for _, l := range o.lists {
		ts, err := readList(e, l)
		if err != nil {
			return err
		}
		named = append(named, ts...)
	}
	if len(named) > 0 {
		fmt.Fprintln(e.stderr, "ouvert: "+audit.MsgNamed(s.lang, len(named)))
	}
	plan := audit.Plan(accs)
	format := strings.ToLower(o.format)
	if format == "" {
		format = audit.FormatOf(o.output)
	}
	return writeReport(e, o.output, func(w io.Writer) error {
		if format == "json" {
			return audit.WritePlanJSON(w, plan)
		}
		return audit.WritePlanText(w, plan, s.lang)
	})
}

func readList(e *env, name string) ([]audit.Target, error) {
	if name == "-" {
		ts, err := audit.ReadList(e.stdin, "standard input")
		return ts, inputError(err)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError{fmt.Errorf("--list: %w", err)}
	}
	defer f.Close()
	ts, err := audit.ReadList(f, name)
	return ts, inputError(err)
}

// inputError makes errors in what the user gave usage errors.
func inputError(err error) error {
	if err != nil && errors.Is(err, audit.ErrInput) {
		return usageError{err}
	}
	return err
}

// repoReporter writes each repository's own report into --repo-reports,
// named after its key, and returns its path relative to the report's
// directory, which is how the dashboard links to it.
func (o *auditOptions) repoReporter(s auditSettings) func(audit.Target, *engine.Result, engine.Gate) (string, error) {
	ext := map[string]string{"json": ".json", "sarif": ".sarif", "text": ".txt", "html": ".html"}[strings.ToLower(o.repoFormat)]
	if ext == "" {
		ext = "." + strings.ToLower(o.repoFormat)
	}
	base := filepath.Dir(outputOrHere(o.output))
	return func(t audit.Target, res *engine.Result, gate engine.Gate) (string, error) {
		if err := os.MkdirAll(o.repoReports, 0o755); err != nil {
			return "", err
		}
		path := filepath.Join(o.repoReports, audit.FileName(audit.Key(t.URL))+ext)
		// Rendered whole, then written atomically, as scan's --output:
		// an interrupted audit leaves no half-written report behind.
		var buf bytes.Buffer
		if err := s.repoW(&buf, res, report.Options{Lang: s.lang, Version: ouvertVersion(), Gate: &gate}); err != nil {
			return "", err
		}
		if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return "", err
		}
		return reportLink(base, path), nil
	}
}

// reportLink is the link from a report in dir to the file at path: relative
// whichever of the two was given absolute, so that the dashboard and its
// reports can be moved together or served.
func reportLink(dir, path string) string {
	absDir, err1 := filepath.Abs(dir)
	absPath, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absDir, absPath); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

func newAuditMergeCmd(e *env) *cobra.Command {
	var format, output, lang, csvSep, previous string
	cmd := &cobra.Command{
		Use:     "merge STATE…",
		Example: `  ouvert audit merge state-1.jsonl state-2.jsonl state-3.jsonl --format html --output audit.html`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New(audit.MsgMergeNeeds(e.helpLang))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			write, lang, err := outputSettings(e, format, output, lang)
			if err != nil {
				return err
			}
			sep, err := csvSeparator(csvSep, lang)
			if err != nil {
				return err
			}
			cat, err := rules.Default()
			if err != nil {
				return err
			}
			recs, header, missing, err := audit.Merge(args)
			if err != nil {
				if errors.Is(err, os.ErrNotExist) || errors.Is(err, audit.ErrInput) {
					return usageError{err}
				}
				return err
			}
			if len(missing) > 0 {
				fmt.Fprintln(e.stderr, "ouvert: "+audit.MsgShardsMissing(lang, printable.String(strings.Join(missing, ", "))))
			}
			rep := &audit.Report{Records: recs, Catalog: cat, Lang: lang, Version: ouvertVersion(), CSVSep: sep, About: header.About()}
			if previous != "" {
				prev, err := readPrevious(previous)
				if err != nil {
					return err
				}
				rep.Changes = audit.Compare(prev, recs, previous)
			}
			return writeReport(e, output, func(w io.Writer) error { return write(w, rep) })
		},
	}
	f := cmd.Flags()
	f.StringVarP(&format, "format", "f", "", "")
	f.StringVarP(&output, "output", "o", "", "")
	f.StringVar(&lang, "lang", "", "")
	f.StringVar(&csvSep, "csv-sep", ",", "")
	f.StringVar(&previous, "previous", "", "")
	return cmd
}

func newAuditDiffCmd(e *env) *cobra.Command {
	var format, output, lang string
	cmd := &cobra.Command{
		Use: "diff OLD NEW",
		Example: `  ouvert audit diff last-week/ouvert-audit-state.jsonl ouvert-audit-state.jsonl
  ouvert audit diff old.json new.json --format json --output changes.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError{errors.New(audit.MsgDiffNeeds(e.helpLang))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := pickLang(e, lang)
			if err != nil {
				return err
			}
			if format == "" {
				format = audit.FormatOf(output)
			}
			switch format {
			case "", "markdown", "json":
			default:
				return usageError{errors.New(audit.MsgDiffFormat(lang, format))}
			}
			prev, err := readPrevious(args[0])
			if err != nil {
				return err
			}
			cur, err := audit.ReadAudit(args[1])
			if err != nil {
				return usageError{err}
			}
			c := audit.Compare(prev, cur, args[0])
			return writeReport(e, output, func(w io.Writer) error {
				if format == "json" {
					return audit.WriteChangesJSON(w, c)
				}
				return audit.WriteChanges(w, c, lang)
			})
		},
	}
	f := cmd.Flags()
	f.StringVarP(&format, "format", "f", "", "")
	f.StringVarP(&output, "output", "o", "", "")
	f.StringVar(&lang, "lang", "", "")
	return cmd
}
