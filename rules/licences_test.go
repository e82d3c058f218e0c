package rules

import (
	"strings"
	"testing"
)

func TestLicencesLoadsTheDecreeList(t *testing.T) {
	l, err := LoadLicences()
	if err != nil {
		t.Fatal(err)
	}
	// data.gouv.fr's list: 13 software licences and 2 for data.
	want := map[string]LicenceScope{
		"Apache-2.0": LicenceSoftware, "BSD-2-Clause": LicenceSoftware, "BSD-3-Clause": LicenceSoftware,
		"CECILL-B": LicenceSoftware, "MIT": LicenceSoftware, "CECILL-2.1": LicenceSoftware,
		"CECILL-C": LicenceSoftware, "GPL-3.0-or-later": LicenceSoftware, "LGPL-3.0-or-later": LicenceSoftware,
		"AGPL-3.0-or-later": LicenceSoftware, "MPL-2.0": LicenceSoftware, "EPL-2.0": LicenceSoftware,
		"EUPL-1.2": LicenceSoftware, "etalab-2.0": LicenceData, "ODbL-1.0": LicenceData,
	}
	got := map[string]bool{}
	for _, lic := range l.Licences {
		if lic.Status != LicenceListed {
			continue
		}
		got[lic.ID] = true
		scope, ok := want[lic.ID]
		if !ok {
			t.Errorf("%s is listed but not on data.gouv.fr's list", lic.ID)
			continue
		}
		if lic.Scope != scope {
			t.Errorf("%s: scope %s, want %s", lic.ID, lic.Scope, scope)
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s missing from the listed licences", id)
		}
	}
	for id, fam := range map[string]LicenceFamily{"MIT": LicencePermissive, "CECILL-B": LicencePermissive, "CECILL-C": LicenceReciprocal, "EUPL-1.2": LicenceReciprocal} {
		if lic, _ := l.Lookup(id); lic.Family != fam {
			t.Errorf("%s: family %s, want %s", id, lic.Family, fam)
		}
	}
}

func TestLicenceLookupIgnoresCase(t *testing.T) {
	l := Licences()
	for _, id := range []string{"cecill-2.1", "CECILL-2.1", "Etalab-2.0", "gpl-3.0-only"} {
		lic, ok := l.Lookup(id)
		if !ok {
			t.Fatalf("Lookup(%q) failed", id)
		}
		if !strings.EqualFold(lic.ID, id) {
			t.Errorf("Lookup(%q) = %s", id, lic.ID)
		}
	}
	if _, ok := l.Lookup("NOT-A-LICENCE"); ok {
		t.Error("Lookup found an unknown id")
	}
	if e, ok := l.Exception("classpath-exception-2.0"); !ok || e != "Classpath-exception-2.0" {
		t.Errorf("Exception = %q, %v", e, ok)
	}
}

func TestLicenceNotesPointAtListedIDs(t *testing.T) {
	l := Licences()
	cases := map[string][2]string{
		"GPL-3.0-only":  {LicenceReasonGNUOnly, "GPL-3.0-or-later"},
		"AGPL-3.0-only": {LicenceReasonGNUOnly, "AGPL-3.0-or-later"},
		"GPL-3.0":       {LicenceReasonDeprecatedID, "GPL-3.0-or-later"},
		"CECILL-2.0":    {LicenceReasonOldVersion, "CECILL-2.1"},
		"CECILL-1.0":    {LicenceReasonOldVersion, "CECILL-2.1"},
		"EUPL-1.1":      {LicenceReasonOldVersion, "EUPL-1.2"},
		"MPL-1.1":       {LicenceReasonOldVersion, "MPL-2.0"},
		"LGPL-2.1-only": {LicenceReasonOldVersion, "LGPL-3.0-or-later"},
	}
	for id, want := range cases {
		lic, ok := l.Lookup(id)
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if lic.Reason != want[0] || lic.Listed != want[1] {
			t.Errorf("%s: reason %q listed %q, want %q %q", id, lic.Reason, lic.Listed, want[0], want[1])
		}
	}
}

func TestLicenceAliases(t *testing.T) {
	l := Licences()
	cases := map[string]string{
		"GPLv3":                           "GPL-3.0-only",
		"GPL v3":                          "GPL-3.0-only",
		"GPL v3+":                         "GPL-3.0-or-later",
		"GPLv3+":                          "GPL-3.0-or-later",
		"GNU GPL v3 or later":             "GPL-3.0-or-later",
		"GPL-3.0+":                        "GPL-3.0-or-later",
		"GNU GPL version 3 ou ultérieure": "GPL-3.0-or-later",
		"Apache 2.0":                      "Apache-2.0",
		"Apache License, Version 2.0":     "Apache-2.0",
		"apache-2":                        "Apache-2.0",
		"CeCILL-B":                        "CECILL-B",
		"cecill b":                        "CECILL-B",
		"CeCILL v2.1":                     "CECILL-2.1",
		"CeCILL 2.1":                      "CECILL-2.1",
		"Licence Ouverte 2.0":             "etalab-2.0",
		"Licence Ouverte / Open Licence":  "etalab-2.0",
		"LICENCE OUVERTE / OPEN LICENCE":  "etalab-2.0",
		"EUPL v1.2":                       "EUPL-1.2",
		"EUPL-1.2":                        "EUPL-1.2",
		"MIT License":                     "MIT",
		"The MIT License (MIT)":           "MIT",
		"mit":                             "MIT",
		"BSD 3-Clause":                    "BSD-3-Clause",
		"BSD-3-Clause":                    "BSD-3-Clause",
		"New BSD License":                 "BSD-3-Clause",
		"Mozilla Public License 2.0":      "MPL-2.0",
		"Licence publique de l'Union européenne v. 1.2":   "EUPL-1.2",
		"GNU Affero General Public License v3.0 or later": "AGPL-3.0-or-later",
		"AGPLv3":           "AGPL-3.0-only",
		"CeCILL v2":        "CECILL-2.0",
		"ODbL":             "ODbL-1.0",
		"GPL-2.0-or-later": "GPL-2.0-or-later",
		"GPLv2+":           "GPL-2.0-or-later",
		"CC0":              "CC0-1.0",
		"MIT-0":            "MIT-0",
	}
	for name, want := range cases {
		got, ok := l.Alias(name)
		if !ok || got != want {
			t.Errorf("Alias(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	// Names that do not say which licence they mean stay unknown.
	for _, name := range []string{"GPL", "BSD", "CeCILL", "General Public License", "proprietary", "", "LGPL"} {
		if got, ok := l.Alias(name); ok {
			t.Errorf("Alias(%q) = %q, want no match", name, got)
		}
	}
}

func TestLicenceNameKey(t *testing.T) {
	cases := map[string]string{
		"GPL-3.0-or-later":                           "gpl 3 +",
		"GNU GPLv3 or any later version":             "gpl 3 +",
		"Apache License, Version 2.0":                "apache 2",
		"CeCILL_V2.1":                                "cecill 2.1",
		"Licence Ouverte / Open Licence version 2.0": "ouverte open 2",
		"BSD 3-Clause":                               "bsd 3 clause",
		"GPL-3.0-only":                               "gpl 3 only",
		"GPL v3 seulement":                           "gpl 3 only",
		"0BSD":                                       "0 bsd",
		"...":                                        "",
	}
	for in, want := range cases {
		if got := LicenceNameKey(in); got != want {
			t.Errorf("LicenceNameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLicencesRejectsBrokenLists(t *testing.T) {
	base := "licences:\n  - id: MIT\n    status: listed\n    scope: software\n    family: permissive\n    name: {fr: a, en: b}\n"
	bad := map[string]string{
		"empty":           "licences: []\n",
		"unknown field":   base + "    colour: red\n",
		"duplicate":       base + "  - id: mit\n    status: listed\n    scope: software\n    family: permissive\n    name: {fr: a, en: b}\n",
		"no family":       "licences:\n  - id: MIT\n    status: listed\n    scope: software\n    name: {fr: a, en: b}\n",
		"no name":         "licences:\n  - id: MIT\n    status: listed\n    scope: software\n    family: permissive\n    name: {fr: a}\n",
		"bad status":      "licences:\n  - id: MIT\n    status: maybe\n    scope: software\n    name: {fr: a, en: b}\n",
		"bad scope":       "licences:\n  - id: MIT\n    status: unlisted\n    scope: music\n    name: {fr: a, en: b}\n",
		"bad id":          "licences:\n  - id: \"MIT License\"\n    status: unlisted\n    scope: software\n    name: {fr: a, en: b}\n",
		"accepted reason": base + "  - id: X-1\n    status: accepted\n    reason: old-version\n    listed: MIT\n    scope: software\n    name: {fr: a, en: b}\n",
		"dangling listed": base + "  - id: X-1\n    status: unlisted\n    reason: old-version\n    listed: Y-2\n    scope: software\n    name: {fr: a, en: b}\n",
		"alias clash":     base + "    aliases: [Foo]\n  - id: X-1\n    status: unlisted\n    scope: software\n    name: {fr: a, en: b}\n    aliases: [foo]\n",
		"bad exception":   base + "exceptions: [\"not an id\"]\n",
	}
	for name, data := range bad {
		if _, err := ParseLicences([]byte(data)); err == nil {
			t.Errorf("%s: ParseLicences accepted it", name)
		}
	}
	if _, err := ParseLicences([]byte(base)); err != nil {
		t.Errorf("minimal list rejected: %v", err)
	}
}
