package report

import "testing"

// TestRuleDocURL: the documentation link points at the sources the binary
// was built from — a release tag, a commit, or the commit a Go
// pseudo-version names — and at main when the version says nothing.
func TestRuleDocURL(t *testing.T) {
	for version, want := range map[string]string{
		"v1.2.0":                                   "/blob/v1.2.0/docs/rules.md#licenseapproved",
		"v1.3.0-rc.1":                              "/blob/v1.3.0-rc.1/docs/rules.md#licenseapproved",
		"v0.0.0-20261205203254-9800d1ac34b8":       "/blob/9800d1ac34b8/docs/rules.md#licenseapproved",
		"v1.2.1-0.20261205203254-9800d1ac34b8":     "/blob/9800d1ac34b8/docs/rules.md#licenseapproved",
		"v0.0.0-20261205203254-9800d1ac34b8+dirty": "/blob/9800d1ac34b8/docs/rules.md#licenseapproved",
		"9800d1ac34b8aaaaaaaaaaaaaaaaaaaaaaaaaaaa": "/blob/9800d1ac34b8aaaaaaaaaaaaaaaaaaaaaaaaaaaa/docs/rules.md#licenseapproved",
		"(devel)": "/blob/main/docs/rules.md#licenseapproved",
		"":        "/blob/main/docs/rules.md#licenseapproved",
	} {
		if got := RuleDocURL("license/approved", "en", version); got != informationURI+want {
			t.Errorf("%q: %s, want %s", version, got, informationURI+want)
		}
	}
}
