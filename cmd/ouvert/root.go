package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/internal/printable"
	"github.com/ouvert-dev/ouvert/rules"
)

// version is stamped at release time (-ldflags "-X main.version=v1.2.3");
// a go install'ed binary reports its module version instead.
var version = ""

func ouvertVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// env is what the commands get from the process: streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// helpLang is the language of --help, from the arguments and the
	// environment (commands that have their help in French use it).
	helpLang string
}

// run is the whole program: it builds the commands, runs them and turns the
// outcome into an exit code. main only calls os.Exit on its result.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, helpLang: helpLang(args, getenv)}
	root := newRootCmd(e)
	root.SetArgs(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// Cobra's own errors are typed where they are made: bad flags by the
	// flag error function, unknown commands by the root's Args.
	err := root.ExecuteContext(ctx)
	if err != nil {
		var ge gateError
		if !errors.As(err, &ge) {
			fmt.Fprintf(stderr, "ouvert: %s\n", oneLine(errorLine(err, e.helpLang)))
		}
	}
	return exitCode(err)
}

// oneLine is an error as printed on standard error: one line, and the
// control characters that git, a server or a file name put in it escaped.
func oneLine(s string) string {
	// Only ASCII white space folds: the no-break spaces of French
	// typography (« : », « » ») stay.
	return printable.String(strings.Join(strings.FieldsFunc(s, asciiSpace), " "))
}

func asciiSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:          "ouvert",
		SilenceUsage: true,
		// The language of the command line's own messages, for the
		// functions that see only the command.
		Annotations:   map[string]string{"lang": e.helpLang},
		SilenceErrors: true,
		Version:       ouvertVersion(),
		Args:          unknownCommand,
		// Cobra's own suggestion distance.
		SuggestionsMinimumDistance: 2,
		// Without a command, the help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetIn(e.stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{flagError(err, e.helpLang)} })
	// Every command takes --lang, for its help and messages; those that
	// write a report or files define their own, which takes precedence.
	root.PersistentFlags().String("lang", "", "")
	_ = root.PersistentFlags().MarkHidden("lang")
	root.AddCommand(newScanCmd(e, nil), newBadgeCmd(e), newInitCmd(e), newFixCmd(e), newRulesCmd(e), newPubliccodeCmd(e), newVersionCmd(e))
	root.AddCommand(newAuditCmd(e), newCommentCmd(e))
	localizeHelp(root, e.helpLang)
	return root
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:  "version",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(e.stdout, "ouvert %s\n", ouvertVersion())
			return err
		},
	}
}

// unknownCommand is the root's argument check: any argument left once
// cobra found no command in it is an unknown command.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	lang := cmd.Root().Annotations["lang"]
	msg := rules.Say(lang, "cli.unknown-command", "name", args[0], "path", cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg = rules.Say(lang, "cli.did-you-mean", "error", msg, "names", strings.Join(s, rules.Say(lang, "cli.or")))
	}
	return usageError{errors.New(msg)}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{errors.New(rules.Say(cmd.Root().Annotations["lang"], "cli.no-args", "path", cmd.CommandPath(), "arg", args[0]))}
	}
	return nil
}
