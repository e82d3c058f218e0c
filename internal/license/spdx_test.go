package license

import (
	"strings"
	"testing"
)

func TestParseExpression(t *testing.T) {
	cases := []struct {
		in, out string
		ids     string // IDs(), comma-separated
	}{
		{"MIT", "MIT", "MIT"},
		{"mit", "MIT", "MIT"},
		{"cecill-2.1", "CECILL-2.1", "CECILL-2.1"},
		{"Etalab-2.0", "etalab-2.0", "etalab-2.0"},
		{"MIT OR Apache-2.0", "MIT OR Apache-2.0", "MIT,Apache-2.0"},
		{"mit or apache-2.0", "MIT OR Apache-2.0", "MIT,Apache-2.0"},
		{"MIT AND etalab-2.0", "MIT AND etalab-2.0", "MIT,etalab-2.0"},
		{"(MIT OR Apache-2.0) AND etalab-2.0", "(MIT OR Apache-2.0) AND etalab-2.0", "MIT,Apache-2.0,etalab-2.0"},
		{"MIT OR Apache-2.0 AND etalab-2.0", "MIT OR Apache-2.0 AND etalab-2.0", "MIT,Apache-2.0,etalab-2.0"},
		{"((MIT))", "MIT", "MIT"},
		{"MIT AND (BSD-2-Clause AND ISC)", "MIT AND BSD-2-Clause AND ISC", "MIT,BSD-2-Clause,ISC"},
		{"GPL-3.0+", "GPL-3.0+", "GPL-3.0-or-later"},
		{"GPL-3.0", "GPL-3.0", "GPL-3.0-only"},
		{"GPL-2.0-only+", "GPL-2.0-only+", "GPL-2.0-or-later"},
		{"Apache-2.0+", "Apache-2.0+", "Apache-2.0+"},
		{"GPL-3.0-or-later WITH Classpath-exception-2.0", "GPL-3.0-or-later WITH Classpath-exception-2.0", "GPL-3.0-or-later"},
		{"gpl-2.0-only with classpath-exception-2.0 or mit", "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT", "GPL-2.0-only,MIT"},
		{"LicenseRef-Proprietaire", "LicenseRef-Proprietaire", "LicenseRef-Proprietaire"},
		{"DocumentRef-spdx:LicenseRef-x", "DocumentRef-spdx:LicenseRef-x", "DocumentRef-spdx:LicenseRef-x"},
		{"  MIT\n", "MIT", "MIT"},
	}
	for _, c := range cases {
		e, err := ParseExpression(c.in)
		if err != nil {
			t.Errorf("ParseExpression(%q): %v", c.in, err)
			continue
		}
		if got := e.String(); got != c.out {
			t.Errorf("ParseExpression(%q) = %q, want %q", c.in, got, c.out)
		}
		if got := strings.Join(e.IDs(), ","); got != c.ids {
			t.Errorf("ParseExpression(%q).IDs() = %q, want %q", c.in, got, c.ids)
		}
		// Printing then parsing is stable.
		again, err := ParseExpression(e.String())
		if err != nil || again.String() != e.String() {
			t.Errorf("round trip of %q: %v %v", c.in, again, err)
		}
	}
}

func TestParseExpressionErrors(t *testing.T) {
	cases := map[string]string{
		"":                                 "empty",
		"   ":                              "empty",
		"Apache 2.0":                       `unknown licence id "Apache"`,
		"MIT OR":                           "missing licence id",
		"OR MIT":                           "OR where a licence id is expected",
		"MIT AND AND ISC":                  "AND where",
		"(MIT":                             "unbalanced (",
		"MIT)":                             "unbalanced )",
		"MIT Apache-2.0":                   `unexpected "Apache-2.0"`,
		"MIT WITH Foo-exception":           `unknown licence exception "Foo-exception"`,
		"(MIT OR ISC) WITH LLVM-exception": "WITH must follow a single licence id",
		"MIT WITH":                         "WITH needs an exception id",
		"+MIT":                             "+ must follow",
		"MIT, Apache-2.0":                  "unexpected character",
		"GPL-3.0 +":                        "+ must follow",
		"LicenseRef-":                      "unknown licence id",
		"DocumentRef-x:MIT":                "bad reference",
		strings.Repeat("(", 100) + "MIT" + strings.Repeat(")", 100): "too deeply nested",
		strings.Repeat("MIT AND ", 1000) + "MIT":                    "too long",
	}
	for in, want := range cases {
		_, err := ParseExpression(in)
		if err == nil {
			t.Errorf("ParseExpression(%q) succeeded", in)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseExpression(%q) error %q, want it to mention %q", in, err, want)
		}
	}
}

func TestExprKeyComparesMeaning(t *testing.T) {
	same := [][2]string{
		{"MIT OR Apache-2.0", "Apache-2.0 OR MIT"},
		{"GPL-3.0+", "GPL-3.0-or-later"},
		{"gpl-3.0", "GPL-3.0-only"},
		{"MIT AND MIT", "MIT"},
		{"(A-1 OR B-1) AND C-1", "C-1 AND (B-1 OR A-1)"},
	}
	for _, p := range same {
		a, b := mustParse(t, p[0]), mustParse(t, p[1])
		if a.Key() != b.Key() {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", p[0], a.Key(), p[1], b.Key())
		}
	}
	differ := [][2]string{
		{"MIT OR Apache-2.0", "MIT AND Apache-2.0"},
		{"GPL-3.0-only", "GPL-3.0-or-later"},
		{"(MIT OR ISC) AND Zlib", "MIT OR (ISC AND Zlib)"},
	}
	for _, p := range differ {
		a, b := mustParse(t, p[0]), mustParse(t, p[1])
		if a.Key() == b.Key() {
			t.Errorf("Key(%q) == Key(%q) = %q; want different", p[0], p[1], a.Key())
		}
	}
}

func mustParse(t *testing.T, s string) *Expr {
	t.Helper()
	// Test-only ids so the key tests do not depend on the known set.
	s = strings.NewReplacer("A-1", "LicenseRef-A", "B-1", "LicenseRef-B", "C-1", "LicenseRef-C").Replace(s)
	e, err := ParseExpression(s)
	if err != nil {
		t.Fatalf("ParseExpression(%q): %v", s, err)
	}
	return e
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"MIT":                            "MIT",
		"(MIT OR Apache-2.0)":            "MIT OR Apache-2.0",
		"MIT/Apache-2.0":                 "MIT OR Apache-2.0",
		"MIT or Apache 2.0":              "MIT OR Apache-2.0",
		"Apache License, Version 2.0":    "Apache-2.0",
		"GPLv3":                          "GPL-3.0-only",
		"GPL v3+":                        "GPL-3.0-or-later",
		"GPL-3.0":                        "GPL-3.0-only",
		"gpl-3.0+":                       "GPL-3.0-or-later",
		"CeCILL-B":                       "CECILL-B",
		"CeCILL v2.1":                    "CECILL-2.1",
		"Licence Ouverte 2.0":            "etalab-2.0",
		"Licence Ouverte / Open Licence": "etalab-2.0",
		"EUPL v1.2":                      "EUPL-1.2",
		"MIT License":                    "MIT",
		"BSD 3-Clause":                   "BSD-3-Clause",
		"MIT et Licence Ouverte 2.0":     "MIT AND etalab-2.0",
		`"MIT"`:                          "MIT",
		"UNLICENSED":                     "",
		"SEE LICENSE IN LICENSE.txt":     "",
		"CeCILL":                         "",
		"GPL":                            "",
		"MIT or something":               "",
		"":                               "",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseExpression(f *testing.F) {
	for _, s := range []string{"MIT", "(MIT OR Apache-2.0) AND etalab-2.0", "GPL-3.0+ WITH Classpath-exception-2.0", "((", "LicenseRef-x", "a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpression(s)
		if err != nil {
			return
		}
		// Whatever parses prints to something that parses the same.
		again, err := ParseExpression(e.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, e.String(), err)
		}
		if again.Key() != e.Key() {
			t.Fatalf("%q: key changed through printing: %q vs %q", s, e.Key(), again.Key())
		}
		_ = Evaluate(s, true)
		_ = Normalize(s)
	})
}

// TestSPDXListIsCurrent: ids and exceptions come from the SPDX License
// List (version SPDXListVersion), not from licensecheck's 2021 list.
func TestSPDXListIsCurrent(t *testing.T) {
	if v := SPDXListVersion(); v < "3.2" {
		t.Errorf("SPDX list version %q", v)
	}
	for _, s := range []string{"Unicode-3.0", "MIT-Modern-Variant", "MIT-0 OR Apache-2.0", "GPL-2.0-or-later WITH Bison-exception-2.2", "Apache-2.0 WITH LLVM-exception", "etalab-2.0", "CECILL-B"} {
		if _, err := ParseExpression(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseExpression("MIT-French"); err == nil {
		t.Error("an id SPDX does not list parsed")
	}
	// Deprecated ids are read as their current meaning.
	e, err := ParseExpression("LGPL-3.0")
	if err != nil || e.Canonical().String() != "LGPL-3.0-only" {
		t.Errorf("LGPL-3.0: %v %v", e, err)
	}
}
