package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

func newPubliccodeCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:  "publiccode",
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPubliccodeValidateCmd(e))
	return cmd
}

type validateOptions struct {
	lang, format, repo string
	online             bool
}

func newPubliccodeValidateCmd(e *env) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use: "validate [FILE]",
		Example: `  ouvert publiccode validate
  ouvert publiccode validate --lang fr path/to/publiccode.yml
  ouvert publiccode validate --format json --online publiccode.yml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usage("validate.args", "n", strconv.Itoa(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			file := "publiccode.yml"
			if len(args) == 1 {
				file = args[0]
			}
			return runValidate(cmd, e, o, file)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "lang", "", "")
	f.StringVarP(&o.format, "format", "f", "text", "")
	f.StringVar(&o.repo, "repo", "", "")
	f.BoolVar(&o.online, "online", false, "")
	return cmd
}

func runValidate(cmd *cobra.Command, e *env, o *validateOptions, file string) error {
	lang, err := pickLang(e, o.lang)
	if err != nil {
		return err
	}
	if o.format != "text" && o.format != "json" {
		return e.usage("validate.format", "format", o.format)
	}
	cat, err := rules.Default()
	if err != nil {
		return err
	}
	st, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return e.usage("validate.no-file", "file", file)
	case err != nil:
		return err
	case st.IsDir():
		return e.usage("validate.is-dir", "file", file)
	case st.Size() > publiccode.MaxSize:
		return fmt.Errorf("%s: %d bytes, larger than a publiccode.yml can be (%d)", file, st.Size(), publiccode.MaxSize)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	root := o.repo
	if root == "" {
		root = filepath.Dir(file)
	}
	files, err := openRootFiles(root)
	if err != nil {
		return usageError{fmt.Errorf("--repo: %w", err)}
	}
	defer files.Close()
	res := publiccode.Validate(data, publiccode.Options{Files: files})
	if o.online {
		publiccode.CheckOnline(cmd.Context(), res, publiccode.Online{UserAgent: "ouvert/" + ouvertVersion()})
	}
	if o.format == "json" {
		err = report.PubliccodeJSON(e.stdout, res, cat, lang)
	} else {
		err = report.PubliccodeText(e.stdout, file, res, cat, lang)
	}
	if err != nil {
		return err
	}
	if !res.Valid() {
		return gateError{engine.Failed}
	}
	return nil
}

func pickLang(e *env, lang string) (string, error) {
	switch lang {
	case "":
		return report.LangFromEnv(e.getenv), nil
	case "fr", "en":
		return lang, nil
	}
	return "", e.usage("cli.unknown-lang", "lang", lang)
}

// rootFiles reads files under a directory and never outside it, symlinks
// included (os.Root).
type rootFiles struct{ root *os.Root }

func openRootFiles(dir string) (*rootFiles, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &rootFiles{r}, nil
}

func (r *rootFiles) Close() error { return r.root.Close() }

func (r *rootFiles) Read(p string, limit int64) ([]byte, error) {
	f, err := r.root.Open(filepath.FromSlash(p))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, source.ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("%w: %w", source.ErrOutside, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, source.ErrNotRegular
	}
	return io.ReadAll(io.LimitReader(f, limit))
}
