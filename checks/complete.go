package checks

import (
	"context"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Complete says which files of the tree have no content in the repository
// (a partial clone did not download them, an incomplete copy lacks them,
// Git LFS keeps them elsewhere) and what that cost: the rules left
// unevaluated, or nothing. It runs once the other checks have, when the
// engine knows which of them needed those files (Env.Unread).
type Complete struct{}

const completeRule = "repository/complete"

// maxUnreadFindings bounds the files named one by one: a clone made with
// --filter=blob:none can lack thousands.
const maxUnreadFindings = 20

func (Complete) ID() string               { return "repository" }
func (Complete) Rules() []string          { return []string{completeRule} }
func (Complete) Needs() source.Capability { return source.Tree }

// Run passes when every file has its content; otherwise ReviewLevel says
// what the missing ones cost.
func (Complete) Run(_ context.Context, env *Env) (Result, error) {
	var res Result
	res.pass(completeRule, finding.Msg("complete"))
	return res, nil
}

func (Complete) ReviewLevel(env *Env, _ finding.Level) Result {
	var res Result
	var missing, lfs []source.File
	for _, f := range env.Repo.Files() {
		switch {
		case f.LFS:
			lfs = append(lfs, f)
		case f.Missing:
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 && len(lfs) == 0 {
		res.pass(completeRule, finding.Msg("complete"))
		return res
	}
	// The rules left unevaluated, in catalog order.
	left := map[string]bool{}
	for _, rs := range env.Unread {
		for _, r := range rs {
			left[r] = true
		}
	}
	var rules []string
	for _, r := range env.Catalog.Rules {
		if left[r.ID] {
			rules = append(rules, r.ID)
		}
	}
	joined := strings.Join(rules, ", ")

	meta := env.Repo.Meta()
	at := "HEAD"
	if meta.Ref != "" {
		at = meta.Ref
		if len(at) == 40 && strings.Trim(at, "0123456789abcdef") == "" {
			at = at[:12] // a commit given by its hash
		}
	}
	key, count := "lfs", len(lfs)
	if len(missing) > 0 {
		key, count = "incomplete", len(missing)
		if meta.Partial {
			key = "partial"
		}
	}
	if len(rules) > 0 {
		res.fail(completeRule, finding.Msg(key+"-needed", "count", strconv.Itoa(count), "at", at, "rules", joined))
	} else {
		res.pass(completeRule, finding.Msg(key+"-unneeded", "count", strconv.Itoa(count), "at", at))
	}

	// The files one by one: those some rule needed first.
	named := 0
	for _, needed := range []bool{true, false} {
		for _, f := range append(missing, lfs...) {
			rs := env.Unread[f.Path]
			if (len(rs) > 0) != needed || named == maxUnreadFindings {
				continue
			}
			named++
			switch {
			case needed:
				res.find(completeRule, "", f.Path, 0, finding.Msg("missing-needed", "path", f.Path, "rules", strings.Join(rs, ", ")))
			case f.LFS:
				res.find(completeRule, finding.Note, f.Path, 0, finding.Msg("lfs-file", "path", f.Path, "size", config.FormatSize(f.Size)))
			default:
				res.find(completeRule, finding.Note, f.Path, 0, finding.Msg("missing-unneeded", "path", f.Path))
			}
		}
	}
	if rest := len(missing) + len(lfs) - named; rest > 0 {
		res.find(completeRule, finding.Note, "", 0, finding.Msg("more", "count", strconv.Itoa(rest)))
	}
	return res
}
