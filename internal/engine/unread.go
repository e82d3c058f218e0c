package engine

import (
	"context"
	"sort"
	"sync"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// A file whose content is not here (a partial clone, an incomplete copy,
// a Git LFS pointer) is listed; reading it is a *source.MissingError. Each
// check reads through its own readLog, so that the engine learns which
// checks needed such a file, whatever they did with the error: the rules
// of those checks that did not pass are "not evaluated", naming the file,
// and the level is provisional. A check that judges the case itself (the
// secrets check: a secret found elsewhere still fails) says so by
// implementing checks.UnreadJudge. A file no check read changes nothing.

// readLog is a Repo that notes the files it could not read for want of
// their content.
type readLog struct {
	source.Repo
	mu      sync.Mutex
	missing map[string]*source.MissingError
}

func (l *readLog) Read(p string, limit int64) ([]byte, error) {
	b, err := l.Repo.Read(p, limit)
	if m, ok := source.IsMissing(err); ok {
		l.mu.Lock()
		if l.missing == nil {
			l.missing = map[string]*source.MissingError{}
		}
		l.missing[m.Path] = m
		l.mu.Unlock()
	}
	return b, err
}

// unread lists what l could not read, by path.
func (l *readLog) unread() []*source.MissingError {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]*source.MissingError, 0, len(l.missing))
	for _, m := range l.missing {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// historyLog keeps the history of a repository readable through its log.
type historyLog struct {
	*readLog
	h source.Historian
}

func (l historyLog) History(ctx context.Context, opts source.HistoryOptions, fn func(source.Blob, []byte) error) ([]source.Problem, error) {
	return l.h.History(ctx, opts, fn)
}

// logReads returns repo read through a new log, and the log.
func logReads(repo source.Repo) (source.Repo, *readLog) {
	l := &readLog{Repo: repo}
	if h, ok := repo.(source.Historian); ok {
		return historyLog{l, h}, l
	}
	return l, l
}

// judgeUnread makes "not evaluated" the rules of a check that read files
// whose content is not here and did not pass, and drops their findings:
// what the check concluded without those files is not known to hold.
// It returns the paths, by rule, of what each rule lacked.
func judgeUnread(c checks.Check, out *checks.Result, unread []*source.MissingError) map[string][]string {
	if len(unread) == 0 {
		return nil
	}
	paths := make([]string, len(unread))
	for i, m := range unread {
		paths[i] = m.Path
	}
	msg := checks.UnreadReason(unread)
	_, judge := c.(checks.UnreadJudge)
	lacked := map[string][]string{}
	for i, r := range out.Rules {
		switch {
		case r.Outcome == finding.Skip && r.Reason.ID == msg.ID:
			lacked[r.Rule] = paths // the check's own judgement
		case judge, r.Outcome == finding.Pass, r.Outcome == finding.Skip:
		default:
			out.Rules[i].Outcome, out.Rules[i].Reason = finding.Skip, msg
			lacked[r.Rule] = paths
		}
	}
	kept := out.Findings[:0]
	for _, f := range out.Findings {
		if _, gone := lacked[f.Rule]; !gone {
			kept = append(kept, f)
		}
	}
	out.Findings = kept
	return lacked
}

// unreadRules maps each file some check could not read (read) to the
// rules it left unevaluated (lacked: rule → files), in catalog order; a
// file whose checks concluded without it maps to none.
func unreadRules(lacked map[string][]string, read map[string]bool, cat *rules.Catalog) map[string][]string {
	if len(read) == 0 {
		return nil
	}
	order := map[string]int{}
	for i, r := range cat.Rules {
		order[r.ID] = i
	}
	out := make(map[string][]string, len(read))
	for p := range read {
		out[p] = nil
	}
	for rule, paths := range lacked {
		for _, p := range paths {
			out[p] = append(out[p], rule)
		}
	}
	for _, rs := range out {
		sort.Slice(rs, func(i, j int) bool { return order[rs[i]] < order[rs[j]] })
	}
	return out
}
