package textnorm

import "testing"

func TestDecode(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		out  string
		enc  Encoding
	}{
		{"utf-8", []byte("Licence état"), "Licence état", UTF8},
		{"bom", []byte("\xEF\xBB\xBFLicence"), "Licence", UTF8BOM},
		{"latin-1", []byte("Licence \xe9tat \xe0 \xe7a"), "Licence état à ça", Latin1},
		{"windows-1252", []byte("l\x92\x9cuvre \x80"), "l’œuvre €", Latin1},
		{"undefined 1252 byte", []byte("a\x81b\xff"), "a\u0081bÿ", Latin1},
		{"bom then latin-1", []byte("\xEF\xBB\xBF\xe9"), "é", Latin1},
		{"utf-16le", []byte{0xFF, 0xFE, 'M', 0, 'I', 0, 'T', 0, 0xE9, 0}, "MITé", UTF16LE},
		{"utf-16be", []byte{0xFE, 0xFF, 0, 'M', 0, 'I', 0, 'T', 0}, "MIT", UTF16BE},
		{"odd utf-16", []byte{0xFF, 0xFE, 'M', 0, 'I'}, "M", UTF16LE},
		{"empty", nil, "", UTF8},
	}
	for _, c := range cases {
		out, enc := Decode(c.in)
		if out != c.out || enc != c.enc {
			t.Errorf("%s: Decode = %q, %s; want %q, %s", c.name, out, enc, c.out, c.enc)
		}
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"plain ascii\n":              "plain ascii\n",
		"a\r\nb\rc":                  "a\nb\nc",
		"Être à l'œuvre, Ça ÉTÉ":     "Etre a l'oeuvre, Ca ETE",
		"conformément à la présente": "conformement a la presente",
		"« guillemets » – tiret":     "« guillemets » – tiret",
		"ﬁn Straße":                  "fin Strasse",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnifyNewlines(t *testing.T) {
	if got := UnifyNewlines("é\r\nb\rc\n"); got != "é\nb\nc\n" {
		t.Errorf("UnifyNewlines = %q", got)
	}
}
