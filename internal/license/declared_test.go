package license

import (
	"strings"
	"testing"
)

// TestDeclaredLicences: the layouts of issue 15 where the licence is
// declared rather than pasted. Each gives the declared expression, its
// source, and never "no licence".
func TestDeclaredLicences(t *testing.T) {
	cecillNoticeFR := "Copyright Ministère de l'Intérieur (2023)\n\nCe logiciel est régi par la licence CeCILL-B soumise au droit français et\nrespectant les principes de diffusion des logiciels libres. Vous pouvez\nutiliser, modifier et/ou redistribuer ce programme sous les conditions\nde la licence CeCILL-B telle que diffusée par le CEA, le CNRS et l'INRIA\nsur le site \"http://www.cecill.info\".\n"
	cecillNoticeEN := "This software is governed by the CeCILL-B license under French law and\nabiding by the rules of distribution of free software. You can use,\nmodify and/ or redistribute the software under the terms of the CeCILL-B\nlicense as circulated by CEA, CNRS and INRIA at the following URL\n\"http://www.cecill.info\".\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		expr  string
		from  ExprSource
	}{
		{"CeCILL notice in French", map[string]string{"LICENSE": cecillNoticeFR, "main.py": "print(1)\n"}, "CECILL-B", FromStatement},
		{"CeCILL notice in English", map[string]string{"LICENSE": cecillNoticeEN}, "CECILL-B", FromStatement},
		{"Licence Ouverte 1.0 or later", map[string]string{"LICENSE.md": "# Licence\n\nCe jeu de données est publié sous Licence Ouverte 1.0 ou ultérieure.\n"}, "etalab-2.0", FromStatement},
		{"README section Licence : CeCILL-B", map[string]string{"README.md": "# Outil\n\nUn outil.\n\n## Licence\n\nLicence : CeCILL-B\n"}, "CECILL-B", FromStatement},
		{"publiccode.yml legal.license", map[string]string{"publiccode.yml": "publiccodeYmlVersion: \"0\"\nname: x\nlegal:\n  license: EUPL-1.2\n"}, "EUPL-1.2", FromManifest},
		{"package.json without LICENSE", map[string]string{"package.json": `{"name": "x", "license": "MIT"}`, "index.js": "1\n"}, "MIT", FromManifest},
		{"R DESCRIPTION", map[string]string{"DESCRIPTION": "Package: x\nLicense: MIT + file LICENSE\n", "R/x.R": "f <- 1\n"}, "MIT", FromManifest},
		{"R DESCRIPTION GPL (>= 3)", map[string]string{"DESCRIPTION": "Package: x\nLicense: GPL (>= 3)\n"}, "GPL-3.0-or-later", FromManifest},
		{"SPDX headers", map[string]string{"a.go": "// SPDX-License-Identifier: EUPL-1.2\npackage a\n", "b/b.go": "// SPDX-License-Identifier: EUPL-1.2\npackage b\n", "c.go": "package c\n"}, "EUPL-1.2", FromHeaders},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := detect(t, c.files)
			if r.Expression != c.expr || r.Source != c.from {
				t.Fatalf("expression %q from %q, want %q from %q; declarations %+v", r.Expression, r.Source, c.expr, c.from, r.Declarations)
			}
			if r.Confidence == "" || r.Confidence == ConfidenceHigh {
				t.Errorf("confidence %q: a declaration is not a text", r.Confidence)
			}
			if len(r.Basis) == 0 {
				t.Errorf("no basis")
			}
		})
	}
}

// A file holding an unrecognised text is not overruled by a declaration.
func TestDeclarationDoesNotOverruleAnUnknownText(t *testing.T) {
	r := detect(t, map[string]string{
		"LICENSE":      strings.Repeat("Tous droits réservés à la commune, toute reproduction interdite sans accord préalable. ", 40),
		"package.json": `{"name": "x", "license": "MIT"}`,
	})
	if r.Expression != "" {
		t.Errorf("expression %q from %s: the licence file says something else", r.Expression, r.Source)
	}
}

// TestDualDeclaredOverAnIncorporatedText: LICENSE.md says "CeCILL-B or
// MIT" and holds the MIT text; manifests say (CECILL-B OR MIT). The choice
// is the repository's licence, and the manifests agree with it.
func TestDualDeclaredOverAnIncorporatedText(t *testing.T) {
	r := detect(t, map[string]string{
		"LICENSE":      testdata(t, "MIT.txt"),
		"package.json": `{"name": "x", "license": "(CECILL-B OR MIT)"}`,
	})
	if r.Expression != "CECILL-B OR MIT" {
		t.Fatalf("expression %q", r.Expression)
	}
	if d := Consistency(r); len(d) != 0 {
		t.Errorf("disagreements %+v", d)
	}
}

// TestDoubleEncodedText: a French text whose UTF-8 was read as Latin-1 and
// saved again (« Ã© » for « é ») is repaired, recognised and verbatim.
func TestDoubleEncodedText(t *testing.T) {
	var b []byte
	for _, c := range []byte(testdata(t, "CECILL-B.fr.txt")) {
		b = append(b, string(rune(c))...) // each UTF-8 byte as a Latin-1 letter
	}
	if !strings.Contains(string(b), "Ã©") {
		t.Fatal("not double-encoded")
	}
	r := detect(t, map[string]string{"LICENSE": string(b)})
	f := fileOf(t, r, "LICENSE", KindLicenceFile)
	if f.SPDX != "CECILL-B" || f.Fidelity == nil || f.Fidelity.Verdict != FidelityVerbatim || !hasNote(f.Notes, NoteEncoding, doubleEncoded) {
		t.Errorf("spdx %q fidelity %+v notes %+v", f.SPDX, f.Fidelity, f.Notes)
	}
}

// TestBothLicencesStatedAboveALibraryText: "licensed under both CeCILL-B
// and MIT" with the official URLs, above the MIT text of an incorporated
// library, is the choice CECILL-B OR MIT, not MIT.
func TestBothLicencesStatedAboveALibraryText(t *testing.T) {
	text := "# Licence\n\nThis project is licensed under both CeCILL-B (https://cecill.info/licences/Licence_CeCILL-B_V1-en.html) and MIT (https://opensource.org/licenses/MIT), at your option.\n\nIt incorporates the following library:\n\n" +
		strings.Replace(testdata(t, "MIT.txt"), "[year] [fullname]", "2019 Jane Doe", 1)
	r := detect(t, map[string]string{"LICENSE.md": text, "package.json": `{"name": "x", "license": "(CECILL-B OR MIT)"}`})
	if r.Expression != "CECILL-B OR MIT" {
		t.Fatalf("expression %q; declarations %+v", r.Expression, r.Declarations)
	}
	if d := Consistency(r); len(d) != 0 {
		t.Errorf("disagreements %+v", d)
	}
	// The statement alone says so too.
	if r := detect(t, map[string]string{"LICENSE.md": text}); r.Expression != "CECILL-B OR MIT" {
		t.Errorf("statement alone: %q", r.Expression)
	}
}
