package engine

import (
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
)

// TestThresholdsResolve: a threshold given overrides the configuration's,
// "none" included; without either, level C and no severity.
func TestThresholdsResolve(t *testing.T) {
	cfg := &config.Config{MinLevel: finding.LevelB, FailOn: finding.Warning}
	for _, c := range []struct {
		name   string
		th     Thresholds
		cfg    *config.Config
		level  finding.Level
		failOn finding.Severity
	}{
		{"defaults", Thresholds{}, nil, finding.LevelC, ""},
		{"empty configuration", Thresholds{}, &config.Config{}, finding.LevelC, ""},
		{"configuration", Thresholds{}, cfg, finding.LevelB, finding.Warning},
		{"flags", Thresholds{MinLevel: finding.LevelA, FailOn: finding.Error, FailOnSet: true}, cfg, finding.LevelA, finding.Error},
		{"fail-on none", Thresholds{FailOnSet: true}, cfg, finding.LevelB, ""},
	} {
		level, failOn := c.th.Resolve(c.cfg)
		if level != c.level || failOn != c.failOn {
			t.Errorf("%s: %q %q, want %q %q", c.name, level, failOn, c.level, c.failOn)
		}
	}
}
