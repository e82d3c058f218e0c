package scaffold

import (
	"context"
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/embedded"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/rules"
)

// License writes the official text of a licence of the decree list (CRPA
// art. D323-2-1), in French or English where both are official. Texts are
// shipped verbatim; only the year and holder lines that MIT and BSD leave
// to fill are filled, and the GNU licences get their "or any later
// version" notice on top, which is what makes them -or-later.
type License struct{}

func (License) Name() string      { return "license" }
func (License) ArgsUsage() string { return "SPDX" }
func (License) Rules() []string   { return []string{"license/file", "license/approved"} }

func (License) Existing(p *Project) []string {
	var out []string
	for _, f := range p.Repo.Files() {
		if license.IsLicenceFile(f.Path) {
			out = append(out, f.Path)
		}
	}
	return out
}

// licenceTexts are the official texts (SOURCES.md says where each comes
// from), by listed SPDX id and language.
//
//go:embed licences/*.txt
var licenceTexts embed.FS

var licenceFiles = map[string]map[string]string{
	"Apache-2.0":        {"en": "Apache-2.0.txt"},
	"BSD-2-Clause":      {"en": "BSD-2-Clause.txt"},
	"BSD-3-Clause":      {"en": "BSD-3-Clause.txt"},
	"CECILL-B":          {"fr": "CECILL-B.fr.txt", "en": "CECILL-B.en.txt"},
	"MIT":               {"en": "MIT.txt"},
	"CECILL-2.1":        {"fr": "CECILL-2.1.fr.txt", "en": "CECILL-2.1.en.txt"},
	"CECILL-C":          {"fr": "CECILL-C.fr.txt", "en": "CECILL-C.en.txt"},
	"GPL-3.0-or-later":  {"en": "GPL-3.0.txt"},
	"LGPL-3.0-or-later": {"en": "LGPL-3.0.txt"},
	"AGPL-3.0-or-later": {"en": "AGPL-3.0.txt"},
	"MPL-2.0":           {"en": "MPL-2.0.txt"},
	"EPL-2.0":           {"en": "EPL-2.0.txt"},
	"EUPL-1.2":          {"fr": "EUPL-1.2.fr.txt", "en": "EUPL-1.2.en.txt"},
	"etalab-2.0":        {"fr": "etalab-2.0.fr.txt", "en": "etalab-2.0.en.txt"},
	"ODbL-1.0":          {"en": "ODbL-1.0.txt"},
}

// Licences lists the SPDX ids License can write: the decree list, in its
// order.
func Licences() []string {
	var out []string
	for _, l := range rules.Licences().Licences {
		if l.Status == rules.LicenceListed {
			out = append(out, l.ID)
		}
	}
	return out
}

// LicenceLanguages lists the languages License has the text of id in.
func LicenceLanguages(id string) []string {
	var out []string
	for _, lang := range rules.Languages() {
		if _, ok := licenceFiles[id][lang]; ok {
			out = append(out, lang)
		}
	}
	return out
}

func (g License) Generate(_ context.Context, p *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	id, err := pickLicence(lang, opts.Args)
	if err != nil {
		return nil, err
	}
	textLang := lang
	if _, ok := licenceFiles[id][lang]; !ok {
		textLang = "en"
	}
	text, err := licenceText(id, textLang)
	if err != nil {
		return nil, err
	}
	year := strconv.Itoa(opts.now().Year())
	holder := orTodo(lang, p.Holder, words(lang, "titulaire des droits", "copyright holder"))
	out := &Output{}
	note := func(fr, en string) { out.Notes = append(out.Notes, words(lang, fr, en)) }

	holderUsed := true
	switch id {
	case "MIT":
		if text, err = fill(text, "[year] [fullname]", year+" "+holder); err != nil {
			return nil, err
		}
	case "BSD-2-Clause", "BSD-3-Clause":
		if text, err = fill(text, "[year], [fullname]", year+", "+holder); err != nil {
			return nil, err
		}
	case "GPL-3.0-or-later", "AGPL-3.0-or-later", "LGPL-3.0-or-later":
		name := orTodo(lang, p.Name, words(lang, "nom du programme", "program name"))
		n, err := gnuNotice(id, name, year, holder)
		if err != nil {
			return nil, err
		}
		text = n + "\n\n" + text
		note("l'avis placé en tête de LICENSE (tiré de l'annexe de la licence) accorde les versions ultérieures\u00a0: c'est ce qui en fait une licence «\u00a0or-later\u00a0»",
			"the notice on top of LICENSE (from the licence's own appendix) grants later versions: that is what makes it -or-later")
	default:
		holderUsed = false
	}
	out.Files = append(out.Files, File{Path: "LICENSE", Content: []byte(text)})
	if id == "LGPL-3.0-or-later" {
		gpl, err := licenceText("GPL-3.0-or-later", "en")
		if err != nil {
			return nil, err
		}
		// The LGPL is a set of permissions on top of the GPL, and asks that
		// both texts be given.
		out.Files = append(out.Files, File{Path: "COPYING", Content: []byte(gpl)})
		note("la LGPL complète la GPL et demande de fournir les deux textes\u00a0: COPYING contient la GPL",
			"the LGPL adds permissions to the GPL and asks for both texts: COPYING holds the GPL")
	}

	if textLang != lang {
		note("pas de texte officiel français de "+id+"\u00a0: le texte anglais est écrit", "")
	}
	switch {
	case strings.HasPrefix(id, "CECILL"):
		note("les versions française et anglaise du contrat CeCILL font également foi (article 11.5)\u202f; il est régi par le droit français",
			"the French and English versions of the CeCILL agreement are equally authentic (article 11.5); it is governed by French law")
	case id == "EUPL-1.2":
		note("toutes les versions linguistiques de l'EUPL ont la même valeur\u202f; la mise en page du texte français n'est pas celle du fichier officiel",
			"every language version of the EUPL has the same value")
	}
	if l, ok := rules.Licences().Lookup(id); ok && l.Scope == rules.LicenceData {
		note(id+" est sur la liste pour les données et les documents, pas pour le code\u00a0: pour du code source, choisissez une licence de logiciel",
			id+" is on the list for data and documents, not for code: for source code, choose a software licence")
	}
	if holderUsed && p.HolderFrom == "git" {
		note("titulaire des droits repris de user.name de la configuration git\u00a0: le code écrit par des agents publics appartient d'ordinaire à leur administration, corrigez-le si c'est le cas",
			"copyright holder taken from user.name of the git configuration: code written by public agents usually belongs to their administration, change it if so")
	}
	note("ajoutez «\u00a0SPDX-License-Identifier: "+id+"\u00a0» en tête des fichiers source (règle license/headers)",
		"add \"SPDX-License-Identifier: "+id+"\" at the top of source files (rule license/headers)")
	out.Notes = dropEmpty(out.Notes)
	return out, nil
}

func dropEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func licenceText(id, lang string) (string, error) {
	b, err := licenceTexts.ReadFile("licences/" + licenceFiles[id][lang])
	if err != nil {
		return "", fmt.Errorf("scaffold: no %s text of %s: %w", lang, id, err)
	}
	return string(b), nil
}

// fill replaces a template's placeholder, which must be there once.
func fill(text, placeholder, value string) (string, error) {
	if n := strings.Count(text, placeholder); n != 1 {
		return "", &embedded.Error{Name: "scaffold/licences", Err: fmt.Errorf("the licence text holds %q %d times, not once", placeholder, n)}
	}
	return strings.Replace(text, placeholder, value, 1), nil
}

// gnuNotice is the notice the GNU licences' appendix ("How to Apply These
// Terms") asks to attach, filled in. The LGPL has none of its own: the FSF
// asks for the GPL's with "Lesser" before "General".
func gnuNotice(id, name, year, holder string) (string, error) {
	src := "GPL-3.0-or-later"
	if id == "AGPL-3.0-or-later" {
		src = id
	}
	text, err := licenceText(src, "en")
	if err != nil {
		return "", err
	}
	const first = "    <one line to give the program's name and a brief idea of what it does.>\n"
	const last = "<https://www.gnu.org/licenses/>.\n"
	i := strings.Index(text, first)
	if i < 0 {
		return "", fmt.Errorf("scaffold: no notice in the %s text", src)
	}
	j := strings.Index(text[i:], last)
	if j < 0 {
		return "", fmt.Errorf("scaffold: unterminated notice in the %s text", src)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(text[i+len(first):i+j+len(last)], "\n"), "\n") {
		b.WriteString(strings.TrimPrefix(line, "    ") + "\n")
	}
	n := name + "\n" + b.String()
	n = strings.Replace(n, "Copyright (C) <year>  <name of author>", "Copyright (C) "+year+"  "+holder, 1)
	if id == "LGPL-3.0-or-later" {
		n = strings.ReplaceAll(n, "GNU General Public License", "GNU Lesser General Public License")
	}
	return strings.TrimSuffix(n, "\n"), nil
}

// pickLicence reads the SPDX argument: an id of the decree list, in any
// case. Anything else is a usage error that says what to choose.
func pickLicence(lang string, args []string) (string, error) {
	list, err := rules.LoadLicences()
	if err != nil {
		return "", err
	}
	if len(args) == 0 {
		return "", usagef("%s", words(lang,
			"init license\u00a0: donnez l'identifiant SPDX d'une licence de la liste du décret (CRPA art. D323-2-1) — "+licenceChoices(lang)+
				". Permissive\u00a0: tout le monde peut réutiliser le code, y compris dans un logiciel fermé\u202f; à réciprocité\u00a0: les versions modifiées restent sous la même licence. Voir ouvert rules license/approved",
			"init license: give the SPDX id of a licence from the decree list (CRPA art. D323-2-1) — "+licenceChoices(lang)+
				". Permissive: anyone may reuse the code, closed software included; reciprocal: modified versions stay under the same licence. See ouvert rules license/approved"))
	}
	if len(args) > 1 {
		return "", usagef("%s", words(lang, "init license prend un seul identifiant SPDX, pas ", "init license takes one SPDX id, got ")+strconv.Itoa(len(args)))
	}
	arg := args[0]
	l, ok := list.Lookup(arg)
	if !ok {
		if id, found := list.Alias(arg); found {
			l, ok = list.Lookup(id)
		}
	}
	switch {
	case ok && l.Status == rules.LicenceListed:
		return l.ID, nil
	case ok && l.Status == rules.LicenceAccepted:
		return "", usagef("%s", words(lang,
			fmt.Sprintf("init license\u00a0: %q est accepté, mais ouvert écrit les licences sous l'identifiant de la liste\u00a0: ouvert init license %s", arg, l.Listed),
			fmt.Sprintf("init license: %q is accepted, but ouvert writes licences under the list's id: ouvert init license %s", arg, l.Listed)))
	case ok && l.Listed != "":
		return "", usagef("%s", words(lang,
			fmt.Sprintf("init license\u00a0: %q n'est pas sur la liste du décret, qui a la version en vigueur\u00a0: ouvert init license %s", arg, l.Listed),
			fmt.Sprintf("init license: %q is not on the decree list, which has the version in force: ouvert init license %s", arg, l.Listed)))
	}
	return "", usagef("%s", words(lang,
		fmt.Sprintf("init license\u00a0: %q n'est pas une licence de la liste du décret\u202f; choisissez — %s", arg, licenceChoices(lang)),
		fmt.Sprintf("init license: %q is not a licence of the decree list; choose — %s", arg, licenceChoices(lang))))
}

// licenceChoices lists the ids by the decree's families.
func licenceChoices(lang string) string {
	groups := []struct {
		fr, en string
		keep   func(*rules.Licence) bool
	}{
		{"permissives (logiciel)\u00a0: ", "permissive (software): ", func(l *rules.Licence) bool { return l.Family == rules.LicencePermissive }},
		{"à réciprocité (logiciel)\u00a0: ", "reciprocal (software): ", func(l *rules.Licence) bool { return l.Family == rules.LicenceReciprocal }},
		{"données et documents\u00a0: ", "data and documents: ", func(l *rules.Licence) bool { return l.Scope == rules.LicenceData }},
	}
	var parts []string
	for _, g := range groups {
		var ids []string
		for i := range rules.Licences().Licences {
			l := &rules.Licences().Licences[i]
			if l.Status == rules.LicenceListed && g.keep(l) {
				ids = append(ids, l.ID)
			}
		}
		parts = append(parts, words(lang, g.fr, g.en)+strings.Join(ids, ", "))
	}
	return strings.Join(parts, words(lang, "\u202f; ", "; "))
}
