package audit_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

func TestResumeChecksTheStateFile(t *testing.T) {
	dir := t.TempDir()
	h := audit.Header{State: audit.StateVersion, Settings: "history=false", Shard: "1/2"}
	var re *audit.ResumeError

	_, err := audit.Resume(filepath.Join(dir, "none.jsonl"), h, "en")
	if !errors.As(err, &re) || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no state file") {
		t.Errorf("missing file: %v", err)
	}

	// A new state file in a directory that does not exist yet.
	path := filepath.Join(dir, "deep", "state.jsonl")
	w, err := audit.OpenState(path, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(rec("h/a", "C"))
	w.Close()

	other := h
	other.Settings = "history=true"
	if _, err := audit.Resume(path, other, "fr"); !errors.As(err, &re) || !strings.Contains(err.Error(), "d'autres réglages") {
		t.Errorf("other settings: %v", err)
	}
	other = h
	other.Shard = "2/2"
	if _, err := audit.Resume(path, other, "en"); !errors.As(err, &re) || !strings.Contains(err.Error(), `shard "1/2", not "2/2"`) {
		t.Errorf("other shard: %v", err)
	}

	// The date and inputs of a resumed audit may differ: they do not
	// change what a record means.
	h.Date, h.Inputs = "2026-12-06", []string{"1 URL"}
	prior, err := audit.Resume(path, h, "en")
	if err != nil {
		t.Fatal(err)
	}
	todo := audit.Pending([]audit.Target{{URL: "https://h/b.git"}, {URL: "https://H/a"}, {URL: "https://h/c"}}, prior)
	if len(todo) != 2 || todo[0].URL != "https://h/b.git" || todo[1].URL != "https://h/c" {
		t.Errorf("pending: %+v", todo)
	}
	if all := audit.Pending([]audit.Target{{URL: "https://h/a"}}, nil); len(all) != 1 {
		t.Errorf("a new audit has everything to do, got %+v", all)
	}

	// Resuming appends to the same file, whose header stays.
	w, err = audit.OpenState(path, h, prior)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(rec("h/b", "B"))
	w.Close()
	st, err := audit.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Records) != 2 || st.Header.Date != "" {
		t.Errorf("after resuming: header %+v, %d records", st.Header, len(st.Records))
	}
}

func TestAccountsThatCannotBeListedAreRecords(t *testing.T) {
	var problems []audit.Problem
	for i := range 16 {
		problems = append(problems, audit.Problem{Account: fmt.Sprintf("https://github.com/org%d", i),
			Err: fmt.Errorf("HTTP 502\n  from the forge")})
	}
	seen := map[string]int{}
	for i := 1; i <= 2; i++ {
		shard := audit.Shard{I: i, N: 2}
		path := filepath.Join(t.TempDir(), "state.jsonl")
		w, err := audit.OpenState(path, audit.Header{State: audit.StateVersion, Shard: shard.String()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		added, err := audit.AddProblems(w, problems, shard)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		st, err := audit.ReadState(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Records) != len(added) {
			t.Errorf("shard %s: %d records for %d accounts added", shard, len(st.Records), len(added))
		}
		for _, r := range st.Records {
			seen[r.URL]++
			if !r.Account || r.OK() || r.Error != "could not list the account: HTTP 502 from the forge" || r.Key != audit.Key(r.URL) {
				t.Errorf("record %+v", r)
			}
		}
	}
	// Two shards of one audit record each account once between them.
	if len(seen) != len(problems) {
		t.Errorf("%d accounts recorded, want %d", len(seen), len(problems))
	}
	for u, n := range seen {
		if n != 1 {
			t.Errorf("%s recorded %d times", u, n)
		}
	}
}
