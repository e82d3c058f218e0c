package main

import (
	"errors"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// errorText holds the usage errors the command line says itself, in both
// languages.
var errorText = map[string]rules.Text{
	"unknown-rule": {FR: "règle inconnue «\u00a0{id}\u00a0» (voir ouvert rules)",
		EN: "unknown rule \"{id}\" (see ouvert rules)"},
	"fix-no-dir": {FR: "{dir}\u00a0: ce dossier n'existe pas", EN: "{dir}: no such directory"},
	"fix-not-dir": {FR: "{dir}\u00a0: ce n'est pas un dossier (ouvert fix répare un dossier local)",
		EN: "{dir}: not a directory (ouvert fix repairs a local directory)"},
}

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
	return rules.ExpandIn(lang, errorText[key].In(lang), args)
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
	return err.Error()
}
