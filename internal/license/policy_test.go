package license

import (
	"reflect"
	"testing"
)

func TestEvaluate(t *testing.T) {
	cases := []struct {
		expr     string
		software bool
		status   Status
		reason   Reason
		ids      []string
	}{
		{"MIT", true, Approved, "", nil},
		{"CECILL-2.1", true, Approved, "", nil},
		{"cecill-b", true, Approved, "", nil},
		{"EUPL-1.2", true, Approved, "", nil},
		{"GPL-3.0-or-later", true, Approved, "", nil},
		{"GPL-3.0-only", true, ApprovedWithNote, ReasonGNUOnly, []string{"GPL-3.0-only"}},
		{"AGPL-3.0-only", true, ApprovedWithNote, ReasonGNUOnly, []string{"AGPL-3.0-only"}},
		{"GPL-3.0", true, ApprovedWithNote, ReasonDeprecatedID, []string{"GPL-3.0"}},
		{"GPL-3.0+", true, ApprovedWithNote, ReasonDeprecatedID, []string{"GPL-3.0+"}},
		{"GPL-3.0-only+", true, Approved, "", nil},
		{"MPL-2.0+", true, Approved, "", nil},
		{"GPL-3.0-or-later WITH Classpath-exception-2.0", true, ApprovedWithNote, ReasonWithException, []string{"GPL-3.0-or-later"}},
		{"etalab-2.0", true, Warning, ReasonDataOnly, []string{"etalab-2.0"}},
		{"etalab-2.0", false, Approved, "", nil},
		{"ODbL-1.0 AND etalab-2.0", true, Warning, ReasonDataOnly, []string{"ODbL-1.0", "etalab-2.0"}},
		{"MIT AND etalab-2.0", true, Approved, "", nil},
		{"MIT OR etalab-2.0", true, Approved, "", nil},
		{"MIT OR GPL-2.0-only", true, Approved, "", nil},
		{"GPL-2.0-only OR MIT", true, Approved, "", nil},
		{"GPL-3.0-only OR MIT", true, Approved, "", nil}, // the plain approval wins
		{"MIT AND GPL-2.0-only", true, NotApproved, ReasonOldVersion, []string{"GPL-2.0-only"}},
		{"CECILL-2.0", true, NotApproved, ReasonOldVersion, []string{"CECILL-2.0"}},
		{"CECILL-1.0", true, NotApproved, ReasonOldVersion, []string{"CECILL-1.0"}},
		{"CECILL-1.1", true, NotApproved, ReasonOldVersion, []string{"CECILL-1.1"}},
		{"GPL-2.0+", true, NotApproved, ReasonOldVersion, []string{"GPL-2.0+"}},
		{"GPL-2.0-or-later", true, NotApproved, ReasonOldVersion, []string{"GPL-2.0-or-later"}},
		{"LGPL-2.1-only", true, NotApproved, ReasonOldVersion, []string{"LGPL-2.1-only"}},
		{"EPL-1.0", true, NotApproved, ReasonOldVersion, []string{"EPL-1.0"}},
		{"EUPL-1.1", true, NotApproved, ReasonOldVersion, []string{"EUPL-1.1"}},
		{"MPL-1.1", true, NotApproved, ReasonOldVersion, []string{"MPL-1.1"}},
		{"ISC", true, NotApproved, ReasonNotListed, []string{"ISC"}},
		{"Artistic-2.0", true, NotApproved, ReasonNotListed, []string{"Artistic-2.0"}},
		{"CC-BY-4.0", false, NotApproved, ReasonNotListed, []string{"CC-BY-4.0"}},
		{"LicenseRef-Proprietaire", true, NotApproved, ReasonNotListed, []string{"LicenseRef-Proprietaire"}},
		{"EPL-1.0 OR GPL-2.0-only", true, NotApproved, ReasonOldVersion, []string{"EPL-1.0", "GPL-2.0-only"}},
		{"EPL-1.0 OR ISC", true, NotApproved, ReasonNotListed, []string{"EPL-1.0", "ISC"}},
		{"etalab-2.0 AND ISC", true, NotApproved, ReasonNotListed, []string{"ISC"}},
		{"Apache 2.0", true, Invalid, ReasonInvalid, nil},
		{"", true, NoLicence, ReasonNoLicence, nil},
	}
	for _, c := range cases {
		v := Evaluate(c.expr, c.software)
		if v.Status != c.status || v.Reason != c.reason || !reflect.DeepEqual(v.IDs, c.ids) {
			t.Errorf("Evaluate(%q, %v) = %s %s %v, want %s %s %v", c.expr, c.software, v.Status, v.Reason, v.IDs, c.status, c.reason, c.ids)
		}
		if len(v.Notes) > 0 && (v.Notes[0].Reason != v.Reason || !reflect.DeepEqual(v.Notes[0].IDs, v.IDs)) {
			t.Errorf("Evaluate(%q): Notes[0] %+v differs from Reason/IDs", c.expr, v.Notes[0])
		}
	}
}

func TestEvaluateKeepsEveryNote(t *testing.T) {
	v := Evaluate("GPL-3.0-only AND LGPL-3.0 AND etalab-2.0", true)
	if v.Status != ApprovedWithNote {
		t.Fatalf("status %s", v.Status)
	}
	want := []Note{{ReasonGNUOnly, []string{"GPL-3.0-only"}}, {ReasonDeprecatedID, []string{"LGPL-3.0"}}}
	if !reflect.DeepEqual(v.Notes, want) {
		t.Errorf("notes %+v, want %+v", v.Notes, want)
	}
	if v.Expression != "GPL-3.0-only AND LGPL-3.0 AND etalab-2.0" {
		t.Errorf("expression %q", v.Expression)
	}
}
