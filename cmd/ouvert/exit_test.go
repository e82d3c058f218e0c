package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// TestExitCodes: the one table that turns what a command returned into
// the exit code, wrapped or not.
func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"usage", usageError{errors.New("bad flag")}, exitUsage},
		{"wrapped usage", fmt.Errorf("scan: %w", usageError{errors.New("bad flag")}), exitUsage},
		{"configuration", fmt.Errorf(".ouvert.yml: %w", config.ErrInvalid), exitUsage},
		{"gate failed", gateError{engine.Failed}, exitPolicy},
		{"gate broken", gateError{engine.Broken}, exitRuntime},
		{"anything else", errors.New("disk full"), exitRuntime},
		{"interrupted", context.Canceled, exitRuntime},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exit code %d, want %d", c.name, got, c.want)
		}
	}
}
