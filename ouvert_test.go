package ouvert_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ouvert-dev/ouvert"
)

// Each way a caller can misuse Scan comes back as a typed error that names
// the option or the target, before anything slow is done.
func TestScanErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notReport := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(notReport, []byte(`{"hello": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		target string
		opts   ouvert.Options
		option string // the OptionError's, or "" for another error
		is     error
	}{
		{"config missing", dir, ouvert.Options{ConfigFile: filepath.Join(dir, "nope.yml")}, "config", os.ErrNotExist},
		{"baseline missing", dir, ouvert.Options{BaselineFile: filepath.Join(dir, "nope.json")}, "baseline", os.ErrNotExist},
		{"baseline not a report", dir, ouvert.Options{BaselineFile: notReport}, "baseline", nil},
		{"since without history", dir, ouvert.Options{Since: "main", NoHistory: true}, "since", nil},
		{"empty directory", t.TempDir(), ouvert.Options{}, "", ouvert.ErrNothingToScan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ouvert.Scan(ctx, tc.target, tc.opts)
			if err == nil || res != nil {
				t.Fatalf("Scan = %v, %v; want an error and no result", res, err)
			}
			var oe *ouvert.OptionError
			if got := errors.As(err, &oe); got != (tc.option != "") || (got && oe.Option != tc.option) {
				t.Errorf("error %q: want an OptionError of %q", err, tc.option)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %v", err, tc.is)
			}
		})
	}

	_, err := ouvert.Scan(ctx, filepath.Join(dir, "absent"), ouvert.Options{})
	var te *ouvert.TargetError
	if !errors.As(err, &te) {
		t.Errorf("missing directory: error %v is not a TargetError", err)
	}
}

// The gate reads the thresholds of the scanned repository's .ouvert.yml
// unless the caller gives its own.
func TestDecideThresholds(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"README.md":   "# x\n",
		".ouvert.yml": "min-level: none\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ouvert.Scan(context.Background(), dir, ouvert.Options{NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if g := ouvert.Decide(res, "", ""); len(g.Blocking) != 0 {
		t.Errorf("with min-level none in .ouvert.yml, blocking = %v", g.Blocking)
	}
	if g := ouvert.Decide(res, "C", ""); len(g.Blocking) == 0 {
		t.Error("with min-level C given, nothing blocks a repository without a licence")
	}
}
