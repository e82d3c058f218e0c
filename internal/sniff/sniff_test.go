package sniff

import (
	"bytes"
	"testing"
	"unicode/utf16"
)

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func utf16be(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func TestBinary(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00")
	late := bytes.Repeat([]byte("a"), Len+100)
	late[Len+50] = 0
	text := "password = \"hunter2\"\r\nLicence publique de l'Union européenne\n"
	cases := []struct {
		name string
		b    []byte
		want bool
	}{
		{"empty", nil, false},
		{"text", []byte(text), false},
		{"png", png, true},
		{"pdf with a NUL", []byte("%PDF-1.4\n%\x00\x01\x02"), true},
		{"NUL past the sniffed part", late, false},
		{"UTF-16LE with BOM", append([]byte{0xFF, 0xFE}, utf16le(text)...), false},
		{"UTF-16BE with BOM", append([]byte{0xFE, 0xFF}, utf16be(text)...), false},
		{"UTF-16LE without BOM", utf16le(text), false},
		{"UTF-16BE without BOM", utf16be(text), false},
		{"NULs on both sides", []byte("ab\x00\x00cd\x00\x00ef\x00\x00gh\x00\x00"), true},
		{"one NUL in text", []byte("some text\x00 and more text here"), true},
		{"short", []byte("a\x00"), true},
	}
	for _, c := range cases {
		if got := Binary(c.b); got != c.want {
			t.Errorf("%s: Binary = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBinaryName(t *testing.T) {
	for p, want := range map[string]bool{
		"img/logo.png": true, "IMG/PHOTO.JPG": true, "doc/guide.pdf": true, "fonts/marianne.woff2": true,
		"dist/app.tar.gz": true, "data.xlsx": true, "lib.so": true,
		"img/logo.svg": false, "dump.sql": false, "data.csv": false, "app.js": false, "Makefile": false,
		".env": false, "README": false, "archive.": false, "x.verylongextension": false,
	} {
		if got := BinaryName(p); got != want {
			t.Errorf("BinaryName(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzBinary(f *testing.F) {
	f.Add([]byte("text"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.IndexByte(b[:min(len(b), Len)], 0) < 0 && Binary(b) {
			t.Fatal("binary without a NUL byte")
		}
	})
}
