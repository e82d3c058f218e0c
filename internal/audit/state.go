package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
)

// StateVersion is the version of the state file's lines.
const StateVersion = 1

// Record is what the audit keeps of one repository: one JSON line of the
// state file, written as soon as the repository is done. It holds no
// timing, so that the same repositories give the same report however the
// audit was interrupted, resumed or sharded.
type Record struct {
	Key  string `json:"key"`
	URL  string `json:"url"`
	Name string `json:"name"`
	Web  string `json:"web,omitempty"`
	// Source is the input that listed the repository.
	Source string `json:"source,omitempty"`
	// Org is the public organisation's identifier (pso_id), when the
	// accounts file gave it.
	Org      string `json:"org,omitempty"`
	Archived bool   `json:"archived,omitempty"`
	Fork     bool   `json:"fork,omitempty"`
	// Error says why the repository could not be scanned; the fields
	// below are then empty.
	Error string `json:"error,omitempty"`
	// Detail is the full text behind a short Error (what git or the
	// network said), for whoever fixes it.
	Detail string `json:"detail,omitempty"`
	// Account is set on the record of an account that could not be listed.
	Account bool `json:"account,omitempty"`

	Commit      string        `json:"commit,omitempty"`
	Level       finding.Level `json:"level,omitempty"`
	Confirmed   finding.Level `json:"confirmed,omitempty"`
	Provisional bool          `json:"provisional,omitempty"`
	License     string        `json:"license,omitempty"`
	Approved    bool          `json:"licenseApproved,omitempty"`
	// Passed is the gate's verdict; Blocking the rules that fail it.
	Passed   bool     `json:"passed,omitempty"`
	Blocking []string `json:"blocking,omitempty"`
	// Failing lists the rules that failed, in catalog order.
	Failing []string `json:"failing,omitempty"`
	// Secrets counts the secrets found and not accepted.
	Secrets int `json:"secrets,omitempty"`
	// LastActivity is the most recent commit's date, else the forge's.
	LastActivity *time.Time `json:"lastActivity,omitempty"`
	// Report is where the repository's own report was written, relative
	// to the audit report's directory, so that the dashboard links to it.
	Report string `json:"report,omitempty"`
}

// OK reports whether the repository was scanned.
func (r *Record) OK() bool { return r.Error == "" }

// Header is the state file's first line: what the records were made with.
// Resuming or merging files made with other settings would mix results
// that do not compare.
type Header struct {
	State    int    `json:"ouvertAuditState"`
	Tool     string `json:"tool"`
	Settings string `json:"settings"`
	Shard    string `json:"shard,omitempty"`
	// Date is the day the audit started (YYYY-MM-DD, UTC); Inputs what it
	// listed repositories from (--accounts FILE, --github-org ORG…).
	Date   string   `json:"date,omitempty"`
	Inputs []string `json:"inputs,omitempty"`
}

// About is what the report says of the audit this header started.
func (h Header) About() About {
	return About{Date: h.Date, Inputs: h.Inputs, Settings: h.Settings}
}

// State is a state file read back.
type State struct {
	Header  Header
	Records []Record // the last record of each key, sorted by key
	// valid is the length of the file's complete lines: a crash can leave
	// half a line, which resuming cuts before appending.
	valid int64
	// Lines counts the records read, repeats included.
	Lines int
}

// Done reports whether a repository already has a record.
func (s *State) Done() map[string]bool {
	done := make(map[string]bool, len(s.Records))
	for _, r := range s.Records {
		done[r.Key] = true
	}
	return done
}

// ReadState reads a state file. A last line cut short by a crash is left
// out; any other line that is not a record is an error naming the line.
func ReadState(path string) (*State, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readState(f, path)
}

func readState(r io.Reader, name string) (*State, error) {
	st := &State{}
	byKey := map[string]Record{}
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			// No newline: a write that a crash cut short.
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		off += int64(len(line))
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			st.valid = off
			continue
		}
		if bytes.Contains(line, []byte(`"ouvertAuditState"`)) {
			var h Header
			if err := json.Unmarshal(line, &h); err != nil || h.State == 0 {
				return nil, fmt.Errorf("%s:%d: not an audit state header: %w", name, n, ErrInput)
			}
			if h.State > StateVersion {
				return nil, fmt.Errorf("%s: state version %d is newer than this ouvert reads (%d): %w", name, h.State, StateVersion, ErrInput)
			}
			st.Header = h
			st.valid = off
			continue
		}
		var rec Record
		if err := json.Unmarshal(line, &rec); err != nil || rec.Key == "" {
			return nil, fmt.Errorf("%s:%d: not an audit record: %w", name, n, ErrInput)
		}
		if st.Header.State == 0 {
			return nil, fmt.Errorf("%s: no header line: not an ouvert audit state file: %w", name, ErrInput)
		}
		byKey[rec.Key] = rec
		st.Lines++
		st.valid = off
	}
	if st.Header.State == 0 {
		return nil, fmt.Errorf("%s: empty, or not an ouvert audit state file: %w", name, ErrInput)
	}
	st.Records = sortRecords(byKey)
	return st, nil
}

func sortRecords(byKey map[string]Record) []Record {
	out := make([]Record, 0, len(byKey))
	for _, r := range byKey {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// StateWriter appends records, each on disk before Add returns.
type StateWriter struct {
	f *os.File
}

// CreateState starts a new state file (replacing one that exists) with h.
func CreateState(path string, h Header) (*StateWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	w := &StateWriter{f: f}
	if err := w.line(h); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// ResumeState opens an existing state file for appending after what st
// read of it, cutting a half-written last line.
func ResumeState(path string, st *State) (*StateWriter, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(st.valid); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(st.valid, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &StateWriter{f: f}, nil
}

// Add appends one record and syncs it to disk: a crash right after loses
// nothing that Add returned for.
func (w *StateWriter) Add(r Record) error { return w.line(r) }

func (w *StateWriter) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := w.f.Write(b); err != nil {
		return fmt.Errorf("state file %s: %w", w.f.Name(), err)
	}
	if err := w.f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("state file %s: %w", w.f.Name(), err)
	}
	return nil
}

// Close closes the file.
func (w *StateWriter) Close() error { return w.f.Close() }

// Merge combines state files (shards, or runs over different inputs) into
// one list of records: the last record of a repository wins, in the order
// the files are given. The files must have been made with the same
// settings. Missing shards are returned so that the caller can warn. The
// header returned has the latest date and every input.
func Merge(paths []string) ([]Record, Header, []string, error) {
	var merged Header
	inputs := map[string]bool{}
	byKey := map[string]Record{}
	var settings, settingsFrom string
	shards := map[string]bool{}
	total := 0
	for _, p := range paths {
		st, err := ReadState(p)
		if err != nil {
			return nil, Header{}, nil, err
		}
		if st.Header.Date > merged.Date {
			merged.Date = st.Header.Date
		}
		for _, in := range st.Header.Inputs {
			if !inputs[in] {
				inputs[in] = true
				merged.Inputs = append(merged.Inputs, in)
			}
		}
		if settingsFrom == "" {
			settings, settingsFrom = st.Header.Settings, p
		} else if st.Header.Settings != settings {
			return nil, Header{}, nil, fmt.Errorf("%s was made with other settings than %s (%s, not %s): %w", p, settingsFrom, st.Header.Settings, settings, ErrInput)
		}
		if sh, err := ParseShard(st.Header.Shard); err == nil {
			shards[sh.String()] = true
			if total == 0 || sh.N == total {
				total = sh.N
			} else {
				return nil, Header{}, nil, fmt.Errorf("%s is shard %s, another file is one of %d: %w", p, sh, total, ErrInput)
			}
		}
		for _, r := range st.Records {
			byKey[r.Key] = r
		}
	}
	var missing []string
	for i := 1; total > 0 && i <= total; i++ {
		if s := (Shard{I: i, N: total}).String(); !shards[s] {
			missing = append(missing, s)
		}
	}
	merged.State, merged.Settings = StateVersion, settings
	return sortRecords(byKey), merged, missing, nil
}
