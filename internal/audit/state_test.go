package audit_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/audit"
)

func rec(key, level string) audit.Record {
	return audit.Record{Key: key, URL: "https://" + key + ".git", Name: key, Level: finding.Level(level), Passed: level != "none"}
}

func TestStateSurvivesACrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	h := audit.Header{State: audit.StateVersion, Tool: "ouvert test", Settings: "history=false"}
	w, err := audit.CreateState(path, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []audit.Record{rec("h/b", "B"), rec("h/a", "C")} {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	// A crash in the middle of a write leaves half a line.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"key":"h/c","url":"https://h/c.git","na`)
	f.Close()

	st, err := audit.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st.Header, h) || len(st.Records) != 2 || st.Records[0].Key != "h/a" || st.Records[1].Key != "h/b" {
		t.Fatalf("state = %+v", st)
	}
	if done := st.Done(); !done["h/a"] || !done["h/b"] || done["h/c"] {
		t.Errorf("done = %v", done)
	}
	// Resuming cuts the half line before appending; a repository done
	// again takes its latest record.
	w, err = audit.ResumeState(path, st)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(rec("h/c", "A"))
	w.Add(rec("h/a", "B"))
	w.Close()
	st, err = audit.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Records) != 3 || st.Lines != 4 || st.Records[0].Level != "B" || st.Records[2].Level != "A" {
		t.Errorf("after resuming: %+v", st.Records)
	}
	data, _ := os.ReadFile(path)
	if strings.Count(string(data), "\n") != 5 || strings.Contains(string(data), `"na{`) {
		t.Errorf("file:\n%s", data)
	}
}

func TestStateRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":     "",
		"report":    `{"schemaVersion":1,"tool":{"name":"ouvert"}}` + "\n",
		"noheader":  `{"key":"h/a","url":"x"}` + "\n",
		"garbage":   `{"ouvertAuditState":1,"settings":""}` + "\nnot json\n",
		"newer":     `{"ouvertAuditState":99,"settings":""}` + "\n",
		"truncated": `{"ouvertAuditState":1,"sett`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		if _, err := audit.ReadState(p); !errors.Is(err, audit.ErrInput) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func writeState(t *testing.T, h audit.Header, recs ...audit.Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.jsonl")
	w, err := audit.CreateState(path, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		w.Add(r)
	}
	w.Close()
	return path
}

func TestMerge(t *testing.T) {
	h := audit.Header{State: 1, Settings: "history=false", Shard: "1/3"}
	s1 := writeState(t, h, rec("h/b", "B"), rec("h/a", "C"))
	h.Shard = "3/3"
	s3 := writeState(t, h, rec("h/c", "A"), rec("h/a", "A"))
	recs, _, missing, err := audit.Merge([]string{s1, s3})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].Key != "h/a" || recs[0].Level != "A" || recs[2].Key != "h/c" {
		t.Errorf("merged = %+v", recs)
	}
	if len(missing) != 1 || missing[0] != "2/3" {
		t.Errorf("missing = %v", missing)
	}
	other := writeState(t, audit.Header{State: 1, Settings: "history=true", Shard: "2/3"}, rec("h/d", "C"))
	if _, _, _, err := audit.Merge([]string{s1, other}); !errors.Is(err, audit.ErrInput) || !strings.Contains(err.Error(), "history=true") {
		t.Errorf("other settings: %v", err)
	}
	four := writeState(t, audit.Header{State: 1, Settings: "history=false", Shard: "2/4"})
	if _, _, _, err := audit.Merge([]string{s1, four}); !errors.Is(err, audit.ErrInput) {
		t.Errorf("shards of different splits: %v", err)
	}
}
