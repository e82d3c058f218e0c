package audit

import (
	"fmt"

	"github.com/ouvert-dev/ouvert/rules"
)

// Message is a line the audit command prints for a person, in English and
// French; its text is the catalog's (rules/cli.yaml, audit.*), and Message
// fills it in for a language.
type Message func(lang string, args ...any) string

// say is the catalog's message id, its placeholders named in the order of
// a Message's arguments.
func say(id string, names ...string) Message {
	return func(lang string, args ...any) string {
		kv := make([]string, 0, 2*len(names))
		for i, n := range names {
			if i < len(args) {
				kv = append(kv, n, fmt.Sprint(args[i]))
			}
		}
		return rules.Say(lang, id, kv...)
	}
}

// The audit command's messages.
var (
	// MsgNamed: the repositories named one by one (lists, arguments) that
	// a dry run does not show as accounts.
	MsgNamed   = say("audit.named", "n")
	MsgWarning = say("audit.warning", "text")
	// MsgListed: how many repositories were listed (in the shard, if
	// any), and how many are left to scan.
	MsgListed = Message(func(lang string, args ...any) string {
		if shard := args[2].(string); shard != "" {
			return say("audit.listed-shard", "listed", "todo", "shard")(lang, args...)
		}
		return say("audit.listed", "listed", "todo")(lang, args...)
	})
	MsgReplaces           = say("audit.replaces", "file", "n")
	MsgAccountFailed      = say("audit.account-failed", "error")
	MsgNeedsRepos         = say("audit.needs-repos")
	MsgInterruptedListing = say("audit.interrupted-listing")
	MsgInterrupted        = say("audit.interrupted", "file")
	MsgJobs               = say("audit.jobs", "n")
	MsgTimeout            = say("audit.timeout", "value")
	MsgCSVSep             = say("audit.csv-sep", "value")
	MsgFormat             = say("audit.format", "format", "names")
	MsgNoState            = say("audit.no-state", "file")
	MsgOtherSettings      = say("audit.other-settings", "file", "then", "now")
	MsgOtherShard         = say("audit.other-shard", "file", "then", "now")
	MsgMergeNeeds         = say("audit.merge-needs")
	MsgDiffNeeds          = say("audit.diff-needs")
	MsgDiffFormat         = say("audit.diff-format", "format")
	MsgShardsMissing      = say("audit.shards-missing", "shards")
)
