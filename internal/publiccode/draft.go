package publiccode

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Facts are what a draft is made of; Gather reads them from a repository.
// An empty field becomes a TODO in the draft.
type Facts struct {
	Name        string
	URL         string
	License     string // an SPDX expression
	Version     string // the latest tag, without a leading v
	ReleaseDate string // YYYY-MM-DD
	// Lang is the README's language ("fr" or "en"); the description is
	// written under it.
	Lang             string
	ShortDescription string
	LongDescription  string
	// Platforms and SoftwareType are guessed from the files; Guess names
	// from what (guess.<Guess> in rules/cli.yaml), for the comment that
	// flags them.
	Platforms    []string
	SoftwareType string
	Guess        string
	Contacts     []Contact
	Organisation string
}

// Todo is a value the draft could not infer.
type Todo struct {
	Key  string // "description.fr.features"
	Hint string // what to write, in English (the command prints its own text)
}

// Draft writes a publiccode.yml from facts. It is text, not a marshalled
// value, so that it can carry comments: every guess is marked as one and
// every unknown is a "[TODO: …]" value that fails validation until it is
// filled. lang is the language of the comments and TODO hints ("fr" or
// "en"); the description's language is the README's.
func Draft(f Facts, lang string) ([]byte, []Todo) {
	fr := lang == "fr"
	tr := func(en, frText string) string {
		if fr {
			return frText
		}
		return en
	}
	var b strings.Builder
	var todos []Todo
	descLang := f.Lang
	if descLang == "" {
		descLang = "en"
	}
	todo := func(key, hint string) string {
		todos = append(todos, Todo{Key: key, Hint: hint})
		if fr {
			return "[TODO : " + hint + "]"
		}
		return "[TODO: " + hint + "]"
	}
	val := func(key, v, hint string) string {
		if strings.TrimSpace(v) == "" {
			v = todo(key, hint)
		}
		return q(v)
	}
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("%s", tr("# publiccode.yml drafted by `ouvert init publiccode`. Values marked TODO\n# are to be filled in; `ouvert publiccode validate` lists what remains.\n",
		"# publiccode.yml rédigé par `ouvert init publiccode`. Les valeurs marquées TODO\n# sont à remplir\u202f; `ouvert publiccode validate` liste ce qui reste.\n"))
	w("# Standard: https://github.com/publiccodeyml/publiccode.yml\n")
	w("publiccodeYmlVersion: \"0\"\n\n")
	w("name: %s\n", val("name", f.Name, tr("the name of the software", "le nom du logiciel")))
	w("url: %s\n", val("url", f.URL, tr("the URL of the source repository (https)", "l'adresse du dépôt de code source (https)")))
	if f.Version != "" {
		w("softwareVersion: %s\n", q(f.Version))
	}
	if f.ReleaseDate != "" {
		w("releaseDate: %s\n", q(f.ReleaseDate))
	}
	w("\n")
	if f.Guess != "" {
		w("%s\n", rules.Say(lang, "guess.comment", "basis", rules.Say(lang, "guess."+f.Guess)))
	}
	w("platforms:\n")
	if len(f.Platforms) == 0 {
		w("  - %s\n", q(todo("platforms", tr("web, windows, mac, linux, ios or android", "web, windows, mac, linux, ios ou android"))))
	}
	for _, p := range f.Platforms {
		w("  - %s\n", q(p))
	}
	w("softwareType: %s\n", val("softwareType", f.SoftwareType,
		tr("standalone/web, standalone/backend, standalone/desktop, standalone/mobile, library, addon…",
			"standalone/web, standalone/backend, standalone/desktop, standalone/mobile, library, addon…")))
	w("developmentStatus: %s\n\n", q(todo("developmentStatus", tr("concept, development, beta, stable or obsolete", "concept, development, beta, stable ou obsolete"))))

	dk := join("description", descLang)
	w("description:\n  %s:\n", descLang)
	w("    shortDescription: %s\n", val(dk+".shortDescription", f.ShortDescription,
		tr("one sentence, 150 characters at most", "une phrase, 150 caractères au plus")))
	w("    longDescription: %s\n", val(dk+".longDescription", f.LongDescription,
		tr("what the software does and for whom, 150 to 10,000 characters", "ce que fait le logiciel et pour qui, de 150 à 10 000 caractères")))
	w("    features:\n      - %s\n\n", q(todo(dk+".features", tr("the main features, one per item", "les principales fonctionnalités, une par élément"))))

	w("legal:\n  license: %s\n", val("legal.license", f.License, tr("the SPDX identifier of the licence", "l'identifiant SPDX de la licence")))
	if f.Organisation != "" {
		w("  mainCopyrightOwner: %s\n", q(f.Organisation))
	}
	w("\nmaintenance:\n")
	if len(f.Contacts) > 0 {
		w("  type: internal %s\n  contacts:\n", tr("# or contract (then list contractors), community, none",
			"# ou contract (listez alors les contractors), community, none"))
		for _, c := range f.Contacts {
			w("    - name: %s\n", val("maintenance.contacts.name", c.Name, tr("the full name of a technical contact", "le nom complet d'un contact technique")))
			if c.Email != "" {
				w("      email: %s\n", q(c.Email))
			}
		}
	} else {
		w("  type: %s\n", q(todo("maintenance.type", tr("internal, contract, community or none", "internal, contract, community ou none"))))
		w("  contacts:\n    - name: %s\n", q(todo("maintenance.contacts", tr("the full name of a technical contact", "le nom complet d'un contact technique"))))
	}
	w("\nlocalisation:\n  localisationReady: false\n  availableLanguages:\n    - %s\n", q(descLang))
	return []byte(b.String()), todos
}

// q quotes a scalar: a JSON string is a YAML double-quoted scalar, so no
// value ever changes type or breaks the document.
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// IsTodo reports whether a problem is about a value still marked TODO
// (or inside one).
func (r *Result) IsTodo(p Problem) bool {
	for _, t := range r.Todos {
		if p.Key == t || strings.HasPrefix(p.Key, t+".") || strings.HasPrefix(p.Key, t+"[") {
			return true
		}
	}
	return false
}
