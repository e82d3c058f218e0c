package audit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ResumeError says why an audit cannot continue a state file: there is
// none, or it was made with other settings or for another shard, whose
// records would not compare with the new ones. Its text is in the language
// Resume was given; it is the user's to fix (a usage error).
type ResumeError struct {
	msg string
	err error
}

func (e *ResumeError) Error() string { return e.msg }
func (e *ResumeError) Unwrap() error { return e.err }

// Resume reads the state file at path that an audit starting with h
// continues, and checks it was made with h's settings and shard.
func Resume(path string, h Header, lang string) (*State, error) {
	st, err := ReadState(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &ResumeError{MsgNoState(lang, path), err}
		}
		return nil, &ResumeError{fmt.Sprintf("--resume: %v", err), err}
	}
	if st.Header.Settings != h.Settings {
		return nil, &ResumeError{msg: MsgOtherSettings(lang, path, st.Header.Settings, h.Settings)}
	}
	if st.Header.Shard != h.Shard {
		return nil, &ResumeError{msg: MsgOtherShard(lang, path, st.Header.Shard, h.Shard)}
	}
	return st, nil
}

// Pending keeps the targets that prior (nil for a new audit) holds no
// record of, in their order.
func Pending(targets []Target, prior *State) []Target {
	if prior == nil {
		return targets
	}
	done := prior.Done()
	var todo []Target
	for _, t := range targets {
		if !done[Key(t.URL)] {
			todo = append(todo, t)
		}
	}
	return todo
}

// OpenState opens the state file of an audit: prior's file to append to
// when it resumes one (prior from Resume), else a new file at path that
// starts with h, in a directory made if needed.
func OpenState(path string, h Header, prior *State) (*StateWriter, error) {
	if prior != nil {
		return ResumeState(path, prior)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return CreateState(path, h)
}

// AccountRecord is the record of an account that could not be listed.
// The results show it beside the repositories, as a failure with its
// cause, so that an account that answered nothing is not an account with
// nothing to publish; its key is the account's URL.
func AccountRecord(p Problem) Record {
	return Record{Key: Key(p.Account), URL: p.Account, Name: p.Account, Web: p.Account, Account: true,
		Error: MsgAccountFailed("en", ProblemCause(p))}
}

// ProblemCause is p's error on one line.
func ProblemCause(p Problem) string {
	return strings.Join(strings.Fields(p.Err.Error()), " ")
}

// AddProblems records the accounts of problems that belong to shard, and
// returns them: each shard of an audit records the accounts whose key it
// holds, so that merged shards record each once.
func AddProblems(w *StateWriter, problems []Problem, shard Shard) ([]Problem, error) {
	var added []Problem
	for _, p := range problems {
		rec := AccountRecord(p)
		if !shard.Has(rec.Key) {
			continue
		}
		if err := w.Add(rec); err != nil {
			return added, err
		}
		added = append(added, p)
	}
	return added, nil
}
