package main

import (
	"errors"
	"github.com/spf13/pflag"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// targetFR says a source.TargetError in French; its own Error is the
// English.
var targetFR = map[source.TargetProblem]string{
	source.ProblemEmpty:        "cible vide\u00a0: donnez un dossier ou une URL",
	source.ProblemNotFound:     "{target}\u00a0: ce dossier n'existe pas (donnez un dossier ou une URL)",
	source.ProblemNotDir:       "{target}\u00a0: ce n'est pas un dossier",
	source.ProblemRefNeedsRepo: "{target}\u00a0: --ref {ref} demande un dépôt git, et ce dossier n'est dans aucun",
	source.ProblemNoIndex:      "{target}\u00a0: pas dans un dépôt git\u00a0; les changements indexés se lisent dans l'index de git",
	source.ProblemBareNoIndex:  "{target}\u00a0: un dépôt nu n'a pas d'index de changements indexés",
}

func sayError(lang, key string, args map[string]string) string {
	return rules.CLI().Say(lang, "error."+key, args)
}

// say is a message of the command line (rules/cli.yaml) in the user's
// language.
func (e *env) say(id string, kv ...string) string { return rules.Say(e.helpLang, id, kv...) }

// usage is a usage error said in the user's language.
func (e *env) usage(id string, kv ...string) error {
	return usageError{errors.New(e.say(id, kv...))}
}

// localError is an error whose text the command line chose in the user's
// language.
type localError struct {
	key  string
	args map[string]string
	lang string
}

func (e localError) Error() string { return sayError(e.lang, e.key, e.args) }

// errorLine is an error as the user reads it: a target the user can fix is
// said in the user's language, any other error in its own words.
func errorLine(err error, lang string) string {
	var te *source.TargetError
	if lang == "fr" && errors.As(err, &te) && targetFR[te.Problem] != "" {
		return rules.ExpandIn(lang, targetFR[te.Problem], map[string]string{"target": te.Target, "ref": te.Ref})
	}
	var ce *source.CloneError
	if lang == "fr" && errors.As(err, &ce) {
		reason := rules.Say(lang, "clone."+string(ce.Problem), "timeout", ce.Timeout.String())
		line := rules.Say(lang, "clone.line", "url", ce.URL, "reason", reason)
		if ce.Detail != "" {
			line = rules.Say(lang, "clone.detail", "line", line, "detail", ce.Detail)
		}
		return line
	}
	return err.Error()
}

// flagError says an error of the flag parser in the user's language; in
// English, as the parser says it.
func flagError(err error, lang string) error {
	if lang != "fr" {
		return err
	}
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		badValue *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		return errors.New(rules.Say(lang, "cli.unknown-flag", "flag", dashed(notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames())))
	case errors.As(err, &noValue):
		return errors.New(rules.Say(lang, "cli.flag-needs-value", "flag", dashed(noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames())))
	case errors.As(err, &badValue):
		return errors.New(rules.Say(lang, "cli.flag-bad-value", "flag", "--"+badValue.GetFlag().Name, "value", badValue.GetValue()))
	case errors.As(err, &syntax):
		return errors.New(rules.Say(lang, "cli.flag-bad-syntax", "flag", syntax.GetSpecifiedFlag()))
	}
	return err
}

// dashed is a flag as it was typed: -x in a group of shorthands, else --name.
func dashed(name, shorthands string) string {
	if shorthands != "" {
		return "-" + name
	}
	return "--" + name
}
