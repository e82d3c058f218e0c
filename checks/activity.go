package checks

import (
	"context"
	"strconv"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/source"
)

// Activity reads the most recent commit over every branch and tag. A shallow
// clone knows its head commit, which is enough to say "recent"; a plain
// directory cannot say anything and the rule is skipped.
type Activity struct{}

const activityRule = "activity/recent"

func (Activity) ID() string               { return "activity" }
func (Activity) Rules() []string          { return []string{activityRule} }
func (Activity) Needs() source.Capability { return source.Commits }

func (Activity) Run(_ context.Context, env *Env) (Result, error) {
	meta := env.Repo.Meta()
	last := meta.LastCommit
	if last.Before(meta.HeadTime) {
		last = meta.HeadTime
	}
	var res Result
	if last.IsZero() {
		res.outcome(activityRule, finding.Skip, finding.Msg("needs-commits"))
		return res, nil
	}
	max := int(env.Param(activityRule, "max-days"))
	days := int(env.Now.Sub(last).Hours() / 24)
	if days < 0 {
		days = 0 // a commit dated in the future (clock skew) is recent
	}
	args := []string{"date", last.UTC().Format("2006-01-02"), "days", strconv.Itoa(days), "max", strconv.Itoa(max)}
	if days <= max {
		res.pass(activityRule, finding.Msg("recent", args...))
		return res, nil
	}
	m := finding.Msg("stale", args...)
	res.fail(activityRule, m)
	res.find(activityRule, "", "", 0, m)
	return res, nil
}
