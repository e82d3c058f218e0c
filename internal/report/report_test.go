package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// scan runs the engine over a fixture repository with a fixed clock, so the
// report is the same on every machine and every day.
func scan(t *testing.T, fixture string) *engine.Result {
	t.Helper()
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", fixture+".txtar"))
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := engine.Run(context.Background(), repo, engine.Options{Now: sourcetest.Epoch.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	res.Meta.Path = "."
	return res
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; rerun with -update and read the diff.\n--- got ---\n%s", name, got)
	}
}

func TestTextGolden(t *testing.T) {
	for _, fixture := range []string{"none", "c", "b"} {
		res := scan(t, fixture)
		gate := engine.Decide(res, finding.LevelC, "")
		for _, lang := range []string{"fr", "en"} {
			var buf bytes.Buffer
			if err := report.Text(&buf, res, report.Options{Lang: lang, Version: "test", Gate: &gate}); err != nil {
				t.Fatal(err)
			}
			golden(t, fixture+"."+lang+".txt", buf.Bytes())
		}
	}
}

func TestTextColour(t *testing.T) {
	res := scan(t, "c")
	var plain, col bytes.Buffer
	report.Text(&plain, res, report.Options{Lang: "en"})
	report.Text(&col, res, report.Options{Lang: "en", Color: true})
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(col.String(), "\x1b[32m") {
		t.Fatal("colour codes must appear only when asked for")
	}
	strip := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[31m", "", "\x1b[32m", "", "\x1b[33m", "", "\x1b[34m", "", "\x1b[35m", "")
	if strip.Replace(col.String()) != plain.String() {
		t.Error("the coloured report says something else than the plain one")
	}
}

func TestJSONSchema(t *testing.T) {
	res := scan(t, "b")
	gate := engine.Decide(res, finding.LevelB, finding.Warning)
	var buf bytes.Buffer
	if err := report.JSON(&buf, res, report.Options{Lang: "en", Version: "test", Gate: &gate}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// The field names of schema version 1 are a promise: never renamed.
	for _, key := range []string{"schemaVersion", "tool", "target", "level", "license", "rules", "findings"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("top-level field %q is missing", key)
		}
	}
	has := func(obj any, keys ...string) {
		t.Helper()
		m, _ := obj.(map[string]any)
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("field %q missing in %v", k, m)
			}
		}
	}
	has(doc["tool"], "name", "version")
	has(doc["target"], "path", "url", "ref", "commit")
	has(doc["level"], "id", "provisional", "next")
	has(doc["level"].(map[string]any)["next"], "id", "missing")
	has(doc["license"], "expression", "source", "confidence", "approved", "files")
	has(doc["license"].(map[string]any)["files"].([]any)[0], "path", "spdx", "coverage", "fidelity")
	has(doc["rules"].([]any)[0], "id", "level", "outcome", "severity", "reason")
	has(doc["findings"].([]any)[0], "rule", "severity", "path", "line", "endLine", "commit", "message", "evidence", "fingerprint")
	if doc["schemaVersion"].(float64) != 1 {
		t.Errorf("schemaVersion = %v", doc["schemaVersion"])
	}
	var again bytes.Buffer
	report.JSON(&again, res, report.Options{Lang: "en", Version: "test", Gate: &gate})
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("JSON output is not deterministic")
	}
}

func TestLangFromEnv(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "fr_FR.UTF-8"}, "fr"},
		{map[string]string{"LANG": "fr_CA"}, "fr"},
		{map[string]string{"LANG": "en_GB.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "fr_BE.UTF-8", "LANG": "C"}, "fr"},
		{map[string]string{}, "en"},
	}
	for _, tc := range cases {
		if got := report.LangFromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("%v → %s, want %s", tc.env, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	if _, err := report.Lookup("JSON"); err != nil {
		t.Error(err)
	}
	if _, err := report.Lookup("xml"); err == nil || !strings.Contains(err.Error(), "codequality, html, json, junit, markdown, sarif, text") {
		t.Errorf("err = %v", err)
	}
}
