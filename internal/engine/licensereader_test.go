package engine

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// readsLicense is a fake check that declares it judges the licence
// detection.
type readsLicense struct{ fake }

func (readsLicense) ReadsLicense() {}

// TestLicenceErrorByDeclaration: a failed licence detection errors the
// checks that declare checks.LicenseReader, whatever their id, and no
// other check, even one whose id starts with "license".
func TestLicenceErrorByDeclaration(t *testing.T) {
	repo, err := source.NewFS(fstest.MapFS{"a.txt": {Data: []byte("a")}}, source.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	licErr := errors.New("licence texts unreadable")
	cases := []struct {
		c    checks.Check
		want finding.Outcome
	}{
		{readsLicense{fake{id: "other", rules: map[string]finding.Outcome{"c/one": finding.Pass}}}, finding.Errored},
		{fake{id: "license-like", rules: map[string]finding.Outcome{"c/one": finding.Pass}}, finding.Pass},
	}
	for _, tc := range cases {
		out, usage := runCheck(context.Background(), tc.c, &checks.Env{Repo: repo}, licErr)
		if usage != nil {
			t.Fatalf("%s: %v", tc.c.ID(), usage)
		}
		if len(out.Rules) != 1 || out.Rules[0].Outcome != tc.want {
			t.Errorf("%s: rules = %+v, want one %s", tc.c.ID(), out.Rules, tc.want)
		}
	}
	if !checks.ReadsLicense(checks.License{}) {
		t.Error("checks.License must declare checks.LicenseReader")
	}
}
