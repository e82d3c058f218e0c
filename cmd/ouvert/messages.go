package main

import (
	"errors"

	"github.com/spf13/pflag"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// sayError is one of the command line's usage errors (error.* in
// rules/cli.yaml).
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

// errorLine is an error as the user reads it: a target the user can fix,
// and a clone that failed (a short reason, git's own text behind it), are
// said in the user's language; any other error in its own words.
func errorLine(err error, lang string) string {
	var te *source.TargetError
	if lang == "fr" && errors.As(err, &te) && rules.CLI().Messages["target."+string(te.Problem)].FR != "" {
		return rules.Say(lang, "target."+string(te.Problem), "target", te.Target, "ref", te.Ref)
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
