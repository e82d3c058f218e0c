package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPubliccodeValidate(t *testing.T) {
	good, err := os.ReadFile("../../publiccode/testdata/valid.yml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "img/logo.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`)
	// capture.png is missing: one error, on the screenshot's line.
	writeFile(t, filepath.Join(dir, "publiccode.yml"), string(good))

	o := ouvert(t, dir, nil, "publiccode", "validate")
	if o.code != 1 || !strings.Contains(o.stdout, "publiccode.yml:69:9: error: description.fr.screenshots[0]: \"img/capture.png\": no such file in the repository") {
		t.Errorf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if !strings.Contains(o.stdout, "warning: description[en-GB].features:") {
		t.Errorf("warnings are listed too:\n%s", o.stdout)
	}

	o = ouvert(t, dir, []string{"LANG=fr_FR.UTF-8"}, "publiccode", "validate", "publiccode.yml")
	if o.code != 1 || !strings.Contains(o.stdout, "aucun fichier de ce nom dans le dépôt") {
		t.Errorf("French: code %d\n%s", o.code, o.stdout)
	}

	o = ouvert(t, dir, nil, "publiccode", "validate", "--format", "json", "publiccode.yml")
	var probs []struct{ Key, Description, Type, ID string }
	if err := json.Unmarshal([]byte(o.stdout), &probs); err != nil || o.code != 1 {
		t.Fatalf("json: code %d, %v\n%s", o.code, err, o.stdout)
	}
	if len(probs) != 3 || probs[0].Type != "error" || probs[0].Key != "description.fr.screenshots[0]" {
		t.Errorf("json problems: %+v", probs)
	}

	writeFile(t, filepath.Join(dir, "img/capture.png"), string(pngFile(t)))
	if o = ouvert(t, dir, nil, "publiccode", "validate"); o.code != 0 {
		t.Errorf("valid file: code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	// --repo points the file checks at another directory.
	other := t.TempDir()
	writeFile(t, filepath.Join(other, "publiccode.yml"), string(good))
	if o = ouvert(t, other, nil, "publiccode", "validate", "--repo", dir); o.code != 0 {
		t.Errorf("--repo: code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
}

func TestPubliccodeValidateBadInput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "huge.yml"), "name: "+strings.Repeat("x", 10<<20)+"\n")
	writeFile(t, filepath.Join(dir, "broken.yml"), "name: [x\n")
	writeFile(t, filepath.Join(dir, "latin1.yml"), "name: R\xe9gie\n")
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "logo.png")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "outside.yml"), "logo: logo.png\n")
	cases := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"missing.yml"}, 2, "", "ouvert: missing.yml: no such file\n"},
		{[]string{"."}, 2, "", "ouvert: .: is a directory, not a publiccode.yml\n"},
		{[]string{"huge.yml"}, 3, "", "larger than a publiccode.yml can be"},
		{[]string{"--lang", "de", "broken.yml"}, 2, "", "--lang"},
		{[]string{"--format", "xml", "broken.yml"}, 2, "", "--format"},
		{[]string{"broken.yml"}, 1, "broken.yml:1: error: unreadable YAML", ""},
		{[]string{"latin1.yml"}, 1, "latin1.yml:1:8: error: the file is not UTF-8 encoded", ""},
		{[]string{"outside.yml"}, 1, "logo: \"logo.png\" points outside the repository", ""},
	}
	for _, c := range cases {
		o := ouvert(t, dir, nil, append([]string{"publiccode", "validate"}, c.args...)...)
		if o.code != c.code || !strings.Contains(o.stdout, c.stdout) || !strings.Contains(o.stderr, c.stderr) ||
			strings.Count(o.stderr, "\n") > 1 {
			t.Errorf("%v: code %d, stdout %q, stderr %q", c.args, o.code, o.stdout, o.stderr)
		}
	}
}

func pngFile(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
