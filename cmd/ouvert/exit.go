package main

import (
	"errors"

	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// The exit codes, in one place. README.md documents the same table.
const (
	exitOK      = 0 // the gate passed
	exitPolicy  = 1 // the level is below --min-level, a rule it needs was not evaluated, or a finding crosses --fail-on
	exitUsage   = 2 // bad flags, arguments or configuration
	exitRuntime = 3 // the target could not be read or cloned, or a check needed by the gate broke
)

// usageError marks errors in what the user typed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// gateError carries the gate's verdict as an error, so that commands return
// one value and this table alone turns it into a code.
type gateError struct{ verdict engine.Verdict }

func (gateError) Error() string { return "" }

// exitCode maps what a command returned to the process's exit code.
func exitCode(err error) int {
	var ue usageError
	var ge gateError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ge):
		if ge.verdict == engine.Broken {
			return exitRuntime
		}
		return exitPolicy
	case errors.As(err, &ue), errors.Is(err, config.ErrInvalid), source.IsUsage(err):
		return exitUsage
	}
	return exitRuntime
}
