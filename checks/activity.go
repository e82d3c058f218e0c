package checks

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Activity reads the most recent commit over every branch and tag, leaving
// out the branches bots push (dependency updates, generated sites): an
// abandoned repository whose dependabot opens a branch a week is not
// active. A shallow clone knows its head commit, which is enough to say
// "recent"; a plain directory cannot say anything and the rule is skipped.
type Activity struct{}

const activityRule = "activity/recent"

func (Activity) ID() string               { return "activity" }
func (Activity) Rules() []string          { return []string{activityRule} }
func (Activity) Needs() source.Capability { return source.Commits }

// botBranch matches the branches that bots and site generators push.
var botBranch = regexp.MustCompile(`^(dependabot|renovate|greenkeeper|snyk-|whitesource|mend|imgbot|pre-commit-ci|mergify|release-please--|l10n_|crowdin|weblate)|^(gh-pages|pages|pre-commit-ci-update-config)$`)

// IsBotBranch reports whether a branch (short name, remote-tracking
// branches with their remote) is pushed by a bot.
func IsBotBranch(name string) bool {
	if i := strings.IndexByte(name, '/'); i > 0 && !botBranch.MatchString(name) {
		name = name[i+1:] // origin/dependabot/npm/x
	}
	return botBranch.MatchString(name)
}

func (Activity) Run(_ context.Context, env *Env) (Result, error) {
	meta := env.Repo.Meta()
	last, bots := lastActivity(meta)
	var res Result
	if last.IsZero() {
		res.outcome(activityRule, finding.Skip, finding.Msg("needs-commits"))
		return res, nil
	}
	maxDays := int(env.Param(activityRule, "max-days"))
	days := int(env.Now.Sub(last).Hours() / 24)
	if days < 0 {
		days = 0 // a commit dated in the future (clock skew) is recent
	}
	args := []string{"date", last.UTC().Format("2006-01-02"), "days", strconv.Itoa(days), "max", strconv.Itoa(maxDays), "bots", strconv.Itoa(bots)}
	if days <= maxDays {
		res.pass(activityRule, finding.Msg("recent", args...))
		return res, nil
	}
	id := "stale"
	if bots > 0 {
		id = "stale-bots"
	}
	m := finding.Msg(id, args...)
	res.fail(activityRule, m)
	res.find(activityRule, "", "", 0, m)
	return res, nil
}

// lastActivity is the most recent commit of a person: the head, the tags
// and every branch but the bots'. When the source lists no branches (a
// clone by URL) it is what the source says. bots counts the bot branches
// more recent than the answer, which the message mentions.
func lastActivity(meta source.Meta) (last time.Time, bots int) {
	if len(meta.Branches) == 0 {
		last = meta.LastCommit
		if last.Before(meta.HeadTime) {
			last = meta.HeadTime
		}
		return last, 0
	}
	last = meta.HeadTime
	for _, t := range meta.Tags {
		if t.Time.After(last) {
			last = t.Time
		}
	}
	for _, b := range meta.Branches {
		if !IsBotBranch(b.Name) && b.Time.After(last) {
			last = b.Time
		}
	}
	for _, b := range meta.Branches {
		if IsBotBranch(b.Name) && b.Time.After(last) {
			bots++
		}
	}
	return last, bots
}
