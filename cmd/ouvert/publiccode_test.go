package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/publiccode/publiccodetest"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
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
	good, err := os.ReadFile("../../internal/publiccode/testdata/valid.yml")
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

// TestPubliccodeValidateDraft: a draft of ouvert init publiccode fails
// validation while a [TODO: …] is left, each placeholder an error on its
// line (also where any text would do: a feature, a contact's name), and
// passes once filled, saying so with the standard's version.
func TestPubliccodeValidateDraft(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	if o := ouvert(t, r.Dir(), nil, "init", "publiccode", "--lang", "en"); o.code != 0 {
		t.Fatalf("init publiccode: %d %s", o.code, o.stderr)
	}
	draft, err := os.ReadFile(filepath.Join(r.Dir(), "publiccode.yml"))
	if err != nil {
		t.Fatal(err)
	}
	todoLines := map[int]bool{}
	for i, l := range strings.Split(string(draft), "\n") {
		if strings.Contains(l, "[TODO") && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			todoLines[i+1] = true
		}
	}
	if len(todoLines) < 5 {
		t.Fatalf("the draft has %d placeholders:\n%s", len(todoLines), draft)
	}
	o := ouvert(t, r.Dir(), nil, "publiccode", "validate", "--lang", "en")
	if o.code != 1 || strings.Contains(o.stdout, "valid, standard") {
		t.Fatalf("draft: code %d\n%s", o.code, o.stdout)
	}
	reported := map[int]bool{}
	for _, m := range regexp.MustCompile(`(?m)^publiccode\.yml:(\d+):\d+: error: `).FindAllStringSubmatch(o.stdout, -1) {
		n, _ := strconv.Atoi(m[1])
		reported[n] = true
	}
	for line := range todoLines {
		if !reported[line] {
			t.Errorf("the placeholder on line %d is not an error:\n%s", line, o.stdout)
		}
	}
	if !strings.Contains(o.stdout, "description.en.features[0]: placeholder left by ouvert init") {
		t.Errorf("a placeholder where any text would do passes:\n%s", o.stdout)
	}
	// ouvert scan agrees: publiccode/valid fails on the draft.
	if j, _ := scanJSON(t, r.Dir(), nil); j.outcome("publiccode/valid") != "fail" {
		t.Errorf("publiccode/valid on the draft: %s", j.outcome("publiccode/valid"))
	}

	writeFile(t, filepath.Join(r.Dir(), "publiccode.yml"), string(publiccodetest.FillTodos(draft)))
	for lang, want := range map[string]string{"en": "publiccode.yml: valid, standard 0.7\n", "fr": "publiccode.yml\u00a0: valide, standard 0.7\n"} {
		o = ouvert(t, r.Dir(), nil, "publiccode", "validate", "--lang", lang)
		if o.code != 0 || o.stdout != want {
			t.Errorf("%s, filled: code %d, %q (want %q)\n%s", lang, o.code, o.stdout, want, o.stderr)
		}
	}
	// An older version is valid with a warning, and says which.
	old := strings.Replace(string(publiccodetest.FillTodos(draft)), `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "0.4"`, 1)
	writeFile(t, filepath.Join(r.Dir(), "publiccode.yml"), old)
	o = ouvert(t, r.Dir(), nil, "publiccode", "validate", "--lang", "en")
	if o.code != 0 || !strings.HasSuffix(o.stdout, "publiccode.yml: valid, standard 0.4 (1 warning)\n") {
		t.Errorf("version 0.4: code %d\n%s", o.code, o.stdout)
	}
}
