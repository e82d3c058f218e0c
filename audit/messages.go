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
)
