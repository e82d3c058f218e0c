package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/fix"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

type fixOptions struct {
	dir    string
	lang   string
	write  bool
	dryRun bool
}

// fixers are the rules ouvert fix repairs, by the name on the command line.
var fixers = []struct{ name, rule string }{
	{"publiccode", "publiccode/valid"},
	{"headers", "license/headers"},
}

func newFixCmd(e *env) *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use: "fix [publiccode|headers]",
		Example: `  ouvert fix
  ouvert fix publiccode --lang fr
  ouvert fix --write
  ouvert fix headers -C ../mon-projet --write`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usage("fix.args", "n", strconv.Itoa(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFix(cmd.Context(), e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.dir, "dir", "C", ".", "")
	f.StringVar(&o.lang, "lang", "", "")
	f.BoolVar(&o.write, "write", false, "")
	f.BoolVar(&o.dryRun, "dry-run", false, "")
	return cmd
}

func runFix(ctx context.Context, e *env, o *fixOptions, args []string) error {
	lang, err := pickLang(e, o.lang)
	if err != nil {
		return err
	}
	if o.write && o.dryRun {
		return e.usage("fix.write-dry")
	}
	only := ""
	if len(args) == 1 {
		var names []string
		for _, f := range fixers {
			names = append(names, f.name)
			if f.name == args[0] {
				only = f.name
			}
		}
		if only == "" {
			return e.usage("fix.unknown", "name", args[0], "names", strings.Join(names, e.say("cli.or")))
		}
	}
	// A local directory only: fixes are written where the files are.
	fi, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError{localError{key: "fix-no-dir", args: map[string]string{"dir": o.dir}, lang: lang}}
	case err != nil:
		return err
	case !fi.IsDir():
		return usageError{localError{key: "fix-not-dir", args: map[string]string{"dir": o.dir}, lang: lang}}
	}
	cat, err := rules.Default()
	if err != nil {
		return err
	}
	license.Prepare()
	repo, err := source.Open(ctx, o.dir, source.Options{Getenv: e.getenv})
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := config.FromRepo(repo, cat)
	if err != nil {
		return err
	}
	files := engine.Filtered(repo, cfg)
	lic, err := license.Detect(files)
	if err != nil {
		return err
	}
	// A modified or cut licence text is not the licence it names: nothing
	// is written from its name until a person has looked.
	expr := lic.Expression
	if lic.Unsettled() {
		expr = ""
	}
	res := &fix.Result{}
	for _, f := range fixers {
		if only != "" && f.name != only || only == "" && cfg.Off[f.rule] {
			continue
		}
		var r *fix.Result
		switch f.name {
		case "publiccode":
			r, err = fix.Publiccode(files, expr)
			if errors.Is(err, fix.ErrNoPubliccode) {
				if only != "" {
					return usageError{err}
				}
				continue
			}
		case "headers":
			r, err = fix.Headers(ctx, &checks.Env{Repo: files, Catalog: cat, License: lic}, expr)
		}
		if err != nil {
			return err
		}
		res.Add(r)
	}
	if ctx.Err() != nil {
		return errors.New(e.say("cli.interrupted", "command", "fix", "target", o.dir))
	}

	ci := e.getenv("CI") == "true" || e.getenv("CI") == "1"
	opts := report.FixOptions{Lang: lang, CI: ci && !o.dryRun}
	var werr error
	if o.write && len(res.Files) > 0 {
		opts.Written, werr = fix.Write(o.dir, res.Files)
		if opts.Written == nil {
			opts.Written = []string{}
		}
	}
	if err := report.FixText(e.stdout, res, cat, opts); err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	if res.NeedsPerson() {
		return gateError{engine.Failed}
	}
	return nil
}
