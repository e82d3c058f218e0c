package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/scaffold"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

type initOptions struct {
	dir    string
	lang   string
	force  bool
	dryRun bool
	write  bool
}

func newInitCmd(e *env) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use: "init [GENERATOR [ARGS]]",
		Example: `  ouvert init
  ouvert init --write --lang fr
  ouvert init contributing --dry-run
  ouvert init license CECILL-2.1 --lang fr`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.dir, "dir", "C", ".", "")
	f.StringVar(&o.lang, "lang", "", "")
	f.BoolVar(&o.force, "force", false, "")
	f.BoolVar(&o.dryRun, "dry-run", false, "")
	f.BoolVar(&o.write, "write", false, "")
	return cmd
}

// it is one of init's own texts (rules/cli.yaml, init.*).
func it(lang, key string, args map[string]string) string {
	return rules.CLI().Say(lang, "init."+key, args)
}

func runInit(ctx context.Context, e *env, o *initOptions, args []string) error {
	lang, err := pickLang(e, o.lang)
	if err != nil {
		return err
	}
	var gen scaffold.Generator
	if len(args) > 0 {
		g, ok := scaffold.Lookup(args[0])
		if !ok {
			return usageError{errors.New(it(lang, "unknown-gen", map[string]string{"name": fmt.Sprintf("%q", args[0]), "names": strings.Join(scaffold.Names(), ", ")}))}
		}
		if o.write {
			return usageError{errors.New(it(lang, "write-and-gen", map[string]string{"name": g.Name()}))}
		}
		gen = g
	}
	// Only a local directory: a URL would be cloned into a temporary
	// directory and the files lost.
	fi, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError{errors.New(it(lang, "no-dir", map[string]string{"dir": o.dir}))}
	case err != nil:
		return err
	case !fi.IsDir():
		return usageError{errors.New(it(lang, "not-dir", map[string]string{"dir": o.dir}))}
	}
	license.Prepare()
	repo, err := source.Open(ctx, o.dir, source.Options{Getenv: e.getenv})
	if err != nil {
		return err
	}
	defer repo.Close()
	p, err := scaffold.Inspect(repo, scaffold.InspectOptions{Getenv: e.getenv})
	if err != nil {
		return initErr(err)
	}
	opts := scaffold.Options{Lang: lang}
	if gen != nil {
		return initOne(ctx, e, o, p, gen, scaffold.Options{Lang: lang, Args: args[1:]})
	}
	return initProposals(ctx, e, o, p, opts)
}

// initErr maps the scaffold's usage errors to the CLI's.
func initErr(err error) error {
	if errors.Is(err, scaffold.ErrUsage) {
		return usageError{err}
	}
	return err
}

// initOne runs one generator: refuse conflicts, print or write, re-scan.
func initOne(ctx context.Context, e *env, o *initOptions, p *scaffold.Project, g scaffold.Generator, opts scaffold.Options) error {
	lang := opts.Lang
	out, err := scaffold.Generate(ctx, g, p, opts)
	if err != nil {
		return initErr(err)
	}
	conflicts, err := scaffold.Conflicts(o.dir, p, g, out)
	if err != nil {
		return fmt.Errorf("%s: %w", o.dir, err)
	}
	var others []string // files doing the same job under another name
	for _, c := range conflicts {
		if !slices.ContainsFunc(out.Files, func(f scaffold.File) bool { return f.Path == c }) {
			others = append(others, c)
		}
	}
	if len(conflicts) > 0 && !o.force {
		key, paths := "conflict", conflicts
		if len(others) == len(conflicts) {
			key = "conflict-alt"
		}
		return usageError{errors.New(it(lang, key, map[string]string{"name": g.Name(), "paths": strings.Join(paths, ", "), "path": out.Files[0].Path}))}
	}
	if o.dryRun {
		printPreview(e.stdout, lang, out.Files)
		printNotes(e.stdout, lang, out.Notes, scaffold.Todos(out.Files))
		return nil
	}
	written, err := scaffold.Write(o.dir, out.Files, o.force)
	for _, w := range written {
		fmt.Fprintln(e.stdout, it(lang, "wrote", map[string]string{"path": w}))
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) { // appeared since Conflicts looked
			return usageError{fmt.Errorf("%s: %w", o.dir, err)}
		}
		return fmt.Errorf("%s: %w", o.dir, err)
	}
	if len(others) > 0 {
		fmt.Fprintln(e.stdout, it(lang, "still-there", map[string]string{"paths": strings.Join(others, ", "), "path": out.Files[0].Path}))
	}
	printNotes(e.stdout, lang, out.Notes, scaffold.Todos(out.Files))
	return rescan(ctx, e, o, lang, g.Rules(), written, "")
}

// initProposals scans, proposes the generators for what the next level
// lacks, and with --write (or --dry-run) runs those it can run unattended.
// Proposing is the default: several files appearing unasked, each with
// TODOs, would surprise; --write is the one-step path once read.
func initProposals(ctx context.Context, e *env, o *initOptions, p *scaffold.Project, opts scaffold.Options) error {
	lang := opts.Lang
	res, _, err := scanDir(ctx, e, o.dir)
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintln(w, it(lang, "level", map[string]string{"level": levelText(lang, res.Level.ID)}))
	steps := res.Level.Steps
	if res.Level.Next == "" && len(steps) == 0 {
		fmt.Fprintln(w, it(lang, "top", nil))
		return nil
	}
	fmt.Fprintln(w, it(lang, "missing", map[string]string{"level": levelText(lang, res.Level.Next), "rules": strings.Join(steps, ", ")}))

	props, byHand, err := scaffold.Propose(ctx, p, steps, opts)
	if err != nil {
		return initErr(err)
	}
	if len(props) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, it(lang, "can-draft", nil))
		for _, pr := range props {
			cmd := "ouvert init " + pr.Generator.Name()
			if a, ok := pr.Generator.(scaffold.Arguments); ok {
				cmd += " " + a.ArgsUsage()
			}
			fmt.Fprintf(w, "  %-34s %s\n", cmd, strings.Join(pr.Rules, ", "))
			switch {
			case len(pr.Existing) > 0:
				fmt.Fprintf(w, "  %-34s %s\n", "", it(lang, "exists", map[string]string{"paths": strings.Join(pr.Existing, ", ")}))
			case pr.Output == nil:
				fmt.Fprintf(w, "  %-34s %s\n", "", it(lang, "choose", nil))
			}
		}
	}
	if len(byHand) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, it(lang, "by-hand", nil))
		for _, id := range byHand {
			if r, ok := res.Catalog.Rule(id); ok {
				fmt.Fprintf(w, "  %s%s%s\n", id, colon(lang), r.Fix.In(lang))
			}
		}
	}

	plan, err := scaffold.PlanUnattended(o.dir, p, props)
	if err != nil {
		return fmt.Errorf("%s: %w", o.dir, err)
	}
	if o.write || o.dryRun {
		for _, sk := range plan.Skipped {
			fmt.Fprintln(w, it(lang, "skipped", map[string]string{"name": sk.Generator.Name(), "why": it(lang, "exists", map[string]string{"paths": strings.Join(sk.Paths, ", ")})}))
		}
	}
	files, notes, ruleIDs := plan.Files, plan.Notes, plan.Rules
	fmt.Fprintln(w)
	switch {
	case len(files) == 0 && plan.Choices > 0:
		// Listed above, but not written unattended: say how to write it.
		fmt.Fprintln(w, it(lang, "choose-first", nil))
		return nil
	case len(files) == 0 && len(props) > 0:
		fmt.Fprintln(w, it(lang, "all-exist", nil))
		return nil
	case len(files) == 0:
		fmt.Fprintln(w, it(lang, "nothing", nil))
		return nil
	case o.dryRun:
		printPreview(w, lang, files)
		printNotes(w, lang, notes, scaffold.Todos(files))
		return nil
	case !o.write:
		fmt.Fprintln(w, it(lang, "write-all", nil))
		return nil
	}
	written, err := scaffold.Write(o.dir, files, false)
	for _, f := range written {
		fmt.Fprintln(w, it(lang, "wrote", map[string]string{"path": f}))
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageError{fmt.Errorf("%s: %w", o.dir, err)}
		}
		return fmt.Errorf("%s: %w", o.dir, err)
	}
	printNotes(w, lang, notes, scaffold.Todos(files))
	return rescan(ctx, e, o, lang, ruleIDs, written, levelText(lang, res.Level.ID))
}

// scanDir runs the engine over the directory as ouvert scan would, with
// the repository's own .ouvert.yml.
// It also returns the paths of the files it read: what would be published.
func scanDir(ctx context.Context, e *env, dir string) (*engine.Result, map[string]bool, error) {
	cat, err := rules.Default()
	if err != nil {
		return nil, nil, err
	}
	repo, err := source.Open(ctx, dir, source.Options{Getenv: e.getenv})
	if err != nil {
		return nil, nil, err
	}
	defer repo.Close()
	cfg, err := config.FromRepo(repo, cat)
	if err != nil {
		return nil, nil, err
	}
	res, err := engine.Run(ctx, repo, engine.Options{Catalog: cat, Config: cfg})
	if err != nil {
		return nil, nil, err
	}
	if ctx.Err() != nil {
		return nil, nil, errors.New(e.say("cli.interrupted", "command", "scan", "target", dir))
	}
	published := map[string]bool{}
	for _, f := range repo.Files() {
		published[f.Path] = true
	}
	return res, published, nil
}

// rescan scans again after writing and prints the level reached, the
// generators' rules and what remains for the next level.
func rescan(ctx context.Context, e *env, o *initOptions, lang string, ruleIDs, written []string, before string) error {
	res, published, err := scanDir(ctx, e, o.dir)
	if err != nil {
		return err
	}
	w := e.stdout
	// A file written but ignored by git would not be published: it counts
	// for nothing, and saying so beats a puzzling level.
	for _, f := range written {
		if !published[filepath.ToSlash(f)] {
			fmt.Fprintln(w, it(lang, "ignored", map[string]string{"path": f}))
		}
	}
	var states []string
	for _, id := range dedupeStrings(ruleIDs) {
		if rr, ok := res.Rule(id); ok {
			states = append(states, id+" "+outcomeText(lang, rr.Outcome))
		}
	}
	fmt.Fprintln(w)
	if len(states) > 0 {
		fmt.Fprintln(w, it(lang, "rules-now", map[string]string{"rules": strings.Join(states, ", ")}))
	}
	level := levelText(lang, res.Level.ID)
	if before != "" && before != level {
		fmt.Fprintln(w, it(lang, "level-was", map[string]string{"level": level, "before": before}))
	} else {
		fmt.Fprintln(w, it(lang, "level-now", map[string]string{"level": level}))
	}
	if res.Level.Next != "" && len(res.Level.Steps) > 0 {
		fmt.Fprintln(w, it(lang, "next-missing", map[string]string{"level": levelText(lang, res.Level.Next), "rules": strings.Join(res.Level.Steps, ", ")}))
	}
	return nil
}

func printPreview(w io.Writer, lang string, files []scaffold.File) {
	for _, f := range files {
		fmt.Fprintln(w, it(lang, "would-write", map[string]string{"path": f.Path, "bytes": fmt.Sprint(len(f.Content))}))
		c := string(f.Content)
		fmt.Fprint(w, c)
		if !strings.HasSuffix(c, "\n") {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
}

func printNotes(w io.Writer, lang string, notes []string, todos []scaffold.Todo) {
	if len(notes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, it(lang, "notes", nil))
		for _, n := range notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
	fmt.Fprintln(w)
	if len(todos) == 0 {
		fmt.Fprintln(w, it(lang, "no-todo", nil))
		return
	}
	fmt.Fprintln(w, it(lang, "todos", nil))
	for _, t := range todos {
		fmt.Fprintf(w, "  %s:%d: %s\n", t.Path, t.Line, t.Text)
	}
}

func levelText(lang string, l finding.Level) string {
	if l.Name() == "" {
		return it(lang, "level-none", nil)
	}
	return string(l) + " — " + l.Name()
}

func outcomeText(lang string, o finding.Outcome) string {
	return it(lang, "outcome-"+string(o), nil)
}

// colon follows French typography in French.
func colon(lang string) string {
	if lang == "fr" {
		return "\u00a0: "
	}
	return ": "
}

func dedupeStrings(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
