package license

import (
	"strings"
	"testing"
)

// modified builds the texts of issue 15 from the official ones: each must
// be named (so the report says what it looks like) and never approved.
func fidelityOf(t *testing.T, name, text string) (File, *Report) {
	t.Helper()
	r := detect(t, map[string]string{name: text})
	f := fileOf(t, r, name, KindLicenceFile)
	if f.Fidelity == nil {
		t.Fatalf("%s: no fidelity (spdx %q, notes %+v)", name, f.SPDX, f.Notes)
	}
	return f, r
}

func legalIn(hs []Hunk) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Legal...)
	}
	return out
}

func TestModifiedTextsAreNotVerbatim(t *testing.T) {
	apache := testdata(t, "Apache-2.0.txt")
	cecillB := testdata(t, "CECILL-B.fr.txt")
	cecill21 := testdata(t, "CECILL-2.1.fr.txt")
	bsd3 := testdata(t, "BSD-3-Clause.txt")
	mit := testdata(t, "MIT.txt")

	restriction := "\nRestriction supplémentaire : toute utilisation commerciale de ce logiciel est interdite sans l'accord écrit de l'auteur.\n"
	art53 := "Le Licencié est autorisé à distribuer des copies du Logiciel, modifié ou\nnon, à des tiers dans les conditions ci-après détaillées."
	if !strings.Contains(cecillB, art53) {
		t.Fatal("CeCILL-B article 5.3 not found in the official text")
	}
	cut := strings.Index(cecill21, "Article 2 - OBJET")
	if cut < 0 {
		t.Fatal("CeCILL 2.1 article 2 not found")
	}
	patents := "\nAdditional Grant of Patent Rights\n\nSubject to the terms of this license, each contributor grants you a perpetual, worldwide, royalty-free patent license to make, use and sell the software. This patent license terminates automatically if you initiate patent litigation against any contributor.\n"
	mitNoCommercial := strings.Replace(mit, "to use, copy, modify, merge", "to use (for non-commercial purposes only), copy, modify, merge", 1)

	for _, c := range []struct {
		name, text, id string
		want           FidelityVerdict
		legal          string // a legal word the verdict must quote
	}{
		{"apache + commercial restriction", apache + restriction, "Apache-2.0", FidelityModified, "commerciale"},
		{"cecill-b 5.3 forbids commercial distribution", strings.Replace(cecillB, art53,
			"Le Licencié n'est pas autorisé à distribuer des copies du Logiciel à titre\nonéreux ; toute distribution commerciale est interdite.", 1), "CECILL-B", FidelityModified, "interdite"},
		{"cecill 2.1 cut after article 1", cecill21[:cut], "CECILL-2.1", FidelityIncomplete, ""},
		{"bsd-3 + patents", bsd3 + patents, "BSD-3-Clause", FidelityModified, "patent"},
		{"mit non-commercial", mitNoCommercial, "MIT", FidelityModified, "non"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, r := fidelityOf(t, "LICENSE", c.text)
			if !r.Unsettled() {
				t.Error("a report resting on a changed text is settled")
			}
			if f.SPDX != c.id || f.Fidelity.Verdict != c.want {
				t.Fatalf("got %q %s, want %s %s; fidelity %+v", f.SPDX, f.Fidelity.Verdict, c.id, c.want, f.Fidelity)
			}
			if c.legal != "" {
				a, r := f.Fidelity.Harmful()
				found := false
				for _, w := range legalIn(append(a, r...)) {
					found = found || w == c.legal
				}
				if !found {
					t.Errorf("no hunk quotes %q: added %+v removed %+v", c.legal, a, r)
				}
			}
			if c.want == FidelityIncomplete && (f.Fidelity.Held >= minHeld || len(f.Fidelity.Removed) == 0) {
				t.Errorf("incomplete without what is missing: %+v", f.Fidelity)
			}
		})
	}
}

func TestOfficialTextsAreVerbatim(t *testing.T) {
	apache := testdata(t, "Apache-2.0.txt")
	noAppendix := apache[:strings.Index(apache, "APPENDIX")]
	mit := strings.Replace(testdata(t, "MIT.txt"), "[year] [fullname]", "2024 Direction interministérielle du numérique", 1)
	bsd3 := strings.Replace(testdata(t, "BSD-3-Clause.txt"), "[year], [fullname]", "2019, Etalab", 1)
	both := testdata(t, "CECILL-B.fr.txt") + "\n\n" + testdata(t, "CECILL-B.en.txt")
	for _, c := range []struct{ name, text, id string }{
		{"apache", apache, "Apache-2.0"},
		{"apache without appendix", "Copyright 2023 DINUM\n\n" + noAppendix, "Apache-2.0"},
		{"mit with holder", mit, "MIT"},
		{"bsd-3 with holder", bsd3, "BSD-3-Clause"},
		{"cecill-b fr and en", both, "CECILL-B"},
		{"cecill-2.1 en rewrapped", rewrap(testdata(t, "CECILL-2.1.en.txt"), 60), "CECILL-2.1"},
		{"gpl-3 with a licensed-under header", "Ce projet est publié sous la licence GPL v3, voir https://www.gnu.org/licenses/.\n\n" + testdata(t, "GPL-3.0.txt"), "GPL-3.0-only"},
		{"etalab fr", testdata(t, "etalab-2.0.fr.txt"), "etalab-2.0"},
		{"eupl fr", testdata(t, "EUPL-1.2.fr.txt"), "EUPL-1.2"},
		{"mpl-2.0", testdata(t, "MPL-2.0.txt"), "MPL-2.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, r := fidelityOf(t, "LICENSE", c.text)
			if r.Unsettled() {
				t.Error("a report resting on the official text is unsettled")
			}
			if f.SPDX != c.id || f.Fidelity.Verdict != FidelityVerbatim {
				a, r := f.Fidelity.Harmful()
				t.Fatalf("got %q %s (held %.3f), want %s verbatim; harmful added %+v removed %+v", f.SPDX, f.Fidelity.Verdict, f.Fidelity.Held, c.id, a, r)
			}
		})
	}
}

// TestAddedTextJudged: which added passages change a licence. Around the
// text only restricting, excepting or negating words count; copyright,
// title, URL and "licensed under" lines never do.
func TestAddedTextJudged(t *testing.T) {
	mit := strings.Replace(testdata(t, "MIT.txt"), "[year] [fullname]", "2024 Ville de Lyon", 1)
	for _, c := range []struct {
		name, before, after string
		harmful             bool
	}{
		{"copyright and SPDX lines", "Copyright (c) 2024 Ville de Lyon\nSPDX-License-Identifier: MIT\n\n", "", false},
		{"a URL", "", "\nhttps://opensource.org/licenses/MIT\n", false},
		{"licensed under, full text elsewhere", "This project is licensed under the MIT License; see https://spdx.org/licenses/MIT.html.\n\n", "", false},
		{"project name and title", "Outil de gestion des marchés publics\n\nMIT License\n\n", "", false},
		{"reserved to the administration", "", "\nThis software is reserved to the administrations of the French State.\n", true},
		{"personal use", "", "\nPour un usage personnel et interne uniquement.\n", true},
		{"no military use", "", "\nThe Software shall not be used for military purposes.\n", true},
		{"except", "", "\nAll of the above applies except to the files under data/.\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := fidelityOf(t, "LICENSE", c.before+mit+c.after)
			a, _ := f.Fidelity.Harmful()
			if (len(a) > 0) != c.harmful || (f.Fidelity.Verdict == FidelityModified) != c.harmful {
				t.Errorf("harmful %v (%s), want %v: added %+v", a, f.Fidelity.Verdict, c.harmful, f.Fidelity.Added)
			}
		})
	}
}

// TestQuotesAreAsWritten: a passage is quoted as the file writes it, with
// its accents, at its line.
func TestQuotesAreAsWritten(t *testing.T) {
	apache := testdata(t, "Apache-2.0.txt")
	f, _ := fidelityOf(t, "LICENSE", apache+"\nRestriction supplémentaire : toute utilisation commerciale est interdite.\n")
	a, _ := f.Fidelity.Harmful()
	if len(a) != 1 || !strings.Contains(a[0].Text, "supplémentaire") || a[0].StartLine != strings.Count(apache, "\n")+2 {
		t.Errorf("added %+v", a)
	}
}
