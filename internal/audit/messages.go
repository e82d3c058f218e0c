package audit

import "fmt"

// Message is a line the audit command prints for a person, in English and
// French; Msg picks the language and fills it in.
type Message func(lang string, args ...any) string

func msg(en, fr string) Message {
	return func(lang string, args ...any) string {
		if lang == "fr" {
			return fmt.Sprintf(fr, args...)
		}
		return fmt.Sprintf(en, args...)
	}
}

// The audit command's messages.
var (
	// MsgNamed: the repositories named one by one (lists, arguments) that
	// a dry run does not show as accounts.
	MsgNamed = Message(func(lang string, args ...any) string {
		n := args[0].(int)
		if lang == "fr" {
			return fmt.Sprintf("et %s un par un (--list, arguments)", count("fr", n, "dépôt nommé", "dépôts nommés"))
		}
		return fmt.Sprintf("and %s one by one (--list, arguments)", count("en", n, "repository named", "repositories named"))
	})
	MsgWarning = msg("warning: %s", "attention\u00a0: %s")
	MsgListed  = Message(func(lang string, args ...any) string {
		listed, todo, shard := args[0].(int), args[1].(int), args[2].(string)
		if lang == "fr" {
			in := ""
			if shard != "" {
				in = " dans la part " + shard
			}
			return fmt.Sprintf("%s%s, %d à analyser", count("fr", listed, "dépôt listé", "dépôts listés"), in, todo)
		}
		if shard != "" {
			return fmt.Sprintf("%d listed in shard %s, %d to scan", listed, shard, todo)
		}
		return fmt.Sprintf("%d listed, %d to scan", listed, todo)
	})
	MsgReplaces = msg("a new state file replaces %s, which held %d (--resume continues an audit)",
		"un nouveau fichier d'état remplace %s, qui en contenait %d (--resume poursuit un audit)")
	MsgAccountFailed = msg("could not list the account: %s", "compte non listé\u00a0: %s")
	MsgNeedsRepos    = msg("audit needs repositories: give --github-org, --gitlab-group, --list, --accounts or URLs",
		"l'audit a besoin de dépôts\u00a0: donnez --github-org, --gitlab-group, --list, --accounts ou des URL")
	MsgInterruptedListing = msg("audit interrupted while listing repositories", "audit interrompu pendant la liste des dépôts")
	MsgInterrupted        = msg("audit interrupted: run it again with --resume to go on (state in %s)",
		"audit interrompu\u00a0: relancez-le avec --resume pour le poursuivre (état dans %s)")
	MsgJobs          = msg("--jobs: want at least 1, not %d", "--jobs\u00a0: au moins 1, pas %d")
	MsgTimeout       = msg("--timeout: want a positive duration such as 5m, not %s", "--timeout\u00a0: une durée positive comme 5m, pas %s")
	MsgCSVSep        = msg("--csv-sep: want , or ; or tab, not %q", "--csv-sep\u00a0: , ou ; ou tab, pas %q")
	MsgFormat        = msg("--format: unknown format %q (want %s)", "--format\u00a0: format inconnu %q (au choix\u00a0: %s)")
	MsgNoState       = msg("--resume: no state file %s (--state names it)", "--resume\u00a0: pas de fichier d'état %s (--state le nomme)")
	MsgOtherSettings = msg("--resume: %s was made with other settings (%s, now %s): use the same flags, or start again without --resume",
		"--resume\u00a0: %s a été fait avec d'autres réglages (%s, maintenant %s)\u00a0: reprenez les mêmes options, ou recommencez sans --resume")
	MsgOtherShard    = msg("--resume: %s is of shard %q, not %q", "--resume\u00a0: %s est de la part %q, pas %q")
	MsgMergeNeeds    = msg("audit merge needs state files", "audit merge a besoin de fichiers d'état")
	MsgDiffNeeds     = msg("audit diff needs two audits: OLD NEW (state files or JSON reports)", "audit diff a besoin de deux audits\u00a0: ANCIEN NOUVEAU (fichiers d'état ou rapports JSON)")
	MsgDiffFormat    = msg("--format: audit diff writes markdown or json, not %q", "--format\u00a0: audit diff écrit du markdown ou du json, pas %q")
	MsgShardsMissing = msg("warning: shards missing from the merge: %s", "attention\u00a0: parts absentes de la fusion\u00a0: %s")
)
