package checks

import (
	"context"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// Readme checks that a README exists, says what the project is, how to
// install or run it and under which licence; and that the code.gouv.fr badge
// it may carry does not claim more than the evidence.
type Readme struct{}

const (
	readmeFileRule    = "readme/file"
	readmeContentRule = "readme/content"
	readmeBadgeRule   = "readme/badge"
)

func (Readme) ID() string { return "readme" }
func (Readme) Rules() []string {
	return []string{readmeFileRule, readmeContentRule, readmeBadgeRule}
}
func (Readme) Needs() source.Capability { return source.Tree }

func (Readme) Run(_ context.Context, env *Env) (Result, error) {
	var res Result
	p := findReadme(env.Repo.Files())
	if p == "" {
		res.fail(readmeFileRule, finding.Msg("missing"))
		res.find(readmeFileRule, "", "", 0, finding.Msg("missing"))
		res.fail(readmeContentRule, finding.Msg("no-readme"))
		return res, nil
	}
	text, err := env.Text(p)
	if err != nil {
		return res, err
	}
	if n := len(strings.TrimSpace(text)); float64(n) < env.Param(readmeFileRule, "min-bytes") {
		m := finding.Msg("empty", "path", p, "bytes", strconv.Itoa(n))
		res.fail(readmeFileRule, m)
		res.find(readmeFileRule, "", p, 0, m)
	} else {
		res.pass(readmeFileRule, finding.Msg("found", "path", p))
		if strings.Contains(p, "/") {
			res.find(readmeFileRule, finding.Note, p, 0, finding.Msg("not-root", "path", p))
		}
	}
	readmeContent(env, p, &res)
	return res, nil
}

// readmeContent looks for the three things a reader needs, in every README
// of the directory (README.md and README.fr.md, README.rst and
// README.en.rst are one document in two languages): a description, how to
// install or run the project (a command, a section, a sentence, or a link
// whose words say it leads there), and the licence in the sense of the
// terms of reuse (a name or a link to the licence file, not "l'achat d'une
// licence").
func readmeContent(env *Env, p string, res *Result) {
	var docs []*document.Document
	for _, r := range readmes(env.Repo.Files()) {
		if d := env.Doc(r); d != nil {
			docs = append(docs, d)
		}
	}
	found := map[string]evidence{}
	for _, d := range docs {
		if _, ok := found["part-description"]; !ok {
			if e := description(d, int(env.Param(readmeContentRule, "min-description-words"))); e.ok() {
				found["part-description"] = e
			}
		}
		if _, ok := found["part-install"]; !ok {
			if e := installPart.find(d); e.ok() {
				found["part-install"] = e
			}
		}
		if _, ok := found["part-licence"]; !ok {
			if e := licenceMention(d); e.ok() {
				found["part-licence"] = e
			}
		}
	}
	var missing []string
	for _, id := range []string{"part-description", "part-install", "part-licence"} {
		if _, ok := found[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		res.pass(readmeContentRule, finding.Msg("complete", "install", found["part-install"].arg(), "licence", found["part-licence"].arg()))
		return
	}
	for _, id := range missing {
		res.find(readmeContentRule, "", p, 0, finding.Msg(id))
	}
	res.fail(readmeContentRule, finding.Msg("incomplete", "missing", rules.List(missing...)))
}

var descHeads = []string{"a propos", "about", "description", "presentation", "overview", "introduction", "objectif*", "contexte",
	"context", "what is", "qu est ce", "finalite"}

// description: a sentence of prose among the first sections, or under an
// "About" heading: badges, links alone and lists of links are not prose.
func description(d *document.Document, minWords int) evidence {
	for _, s := range d.Sentences {
		if s.Section > 3 && !document.HasPhrase(document.Norm(d.Heading(s.Section)), descHeads...) {
			continue
		}
		if len(strings.Fields(mdNoise.ReplaceAllString(s.Text, " "))) >= minWords {
			return sentenceEvidence(d, s)
		}
	}
	return evidence{}
}

var mdNoise = regexp.MustCompile(`https?://\S+|[|>]`)

var installPart = part{
	commands: regexp.MustCompile(`(?i)^(sudo )?(npm (install|ci|i)\b|npm run (start|dev|build)|yarn( install)?$|yarn (install|start|dev|build)|pnpm (install|i|dev|start|build)|pip3? install|pipx install|poetry install|uv (sync|pip|tool install)|go (install|build|run)|cargo (install|build|run)|docker[- ]compose|docker (run|build|pull)|make\b|just\b|mvn |\./mvnw|gradlew?\b|\./gradlew|composer (install|create-project|require)|bundle (install|exec)|gem install|\./configure|cmake |dotnet (run|build)|apt(-get)? install|helm install|kubectl apply|install\.packages|remotes::install|devtools::install|r cmd install|java -jar|ng serve|php bin/console|python3? (-m \S+|manage\.py|setup\.py install))`),
	sentences: sentenceWith([]string{"install*", "compilation", "compiler", "se compile", "s installe", "deploi*", "deploy*", "lancer l application", "run the app*",
		"telecharge*", "download*"}, []string{"via", "avec", "with", "using", "en suivant", "following", "commande", "command", "depuis", "from", "sur", "on", "section", "release*"}),
	headings: []string{"install*", "usage", "utilisation", "utiliser", "getting started", "get started", "quick start", "quickstart",
		"demarr*", "lancer", "lancement", "deploi*", "deploy*", "build", "compil*", "how to run", "how to start", "mise en place", "mise en route",
		"prerequis", "prerequisites", "setup", "set up", "run", "pour commencer", "mode d emploi", "execution", "executer",
		"prise en main", "configuration", "self host*", "developpement", "development", "pour le developpeur", "for developers"},
	links: []string{"install*", "setup", "set up", "getting started", "get started", "quick start", "prise en main", "demarrage",
		"mise en route", "deploi*", "deploy*", "onboarding", "parametrage", "compilation", "self host*"},
}

var licenceNames = regexp.MustCompile(`(?i)\b(MIT|Apache|A?GPL|LGPL|EUPL|CeCILL|BSD|MPL|ISC|Etalab|Licence Ouverte|Open Licen[cs]e|Creative Commons|CC[- ]BY|CC0|Unlicense|Mozilla Public|GNU|Affero|European Union Public|Eclipse Public|EPL|WTFPL|Artistic|Zlib|BSL)\b`)

// licenceNear: a licence word with a licence name a few words away, the
// way a statement reads ("publié sous licence MIT", "MIT License",
// "licensed under the EUPL").
var licenceNear = regexp.MustCompile(`(?i)licen[cs]\w*\W+(?:\S+\W+){0,4}?` + licenceNames.String() + `|` + licenceNames.String() + `\W+(?:\S+\W+){0,3}?licen[cs]`)

// licenceMention: the licence named in a sentence about it, a licence
// section with something under it, a badge that names it, or a link to the
// licence file.
func licenceMention(d *document.Document) evidence {
	// The most precise first: a sentence naming the licence, under a
	// licence heading when there is one (a README may name licences
	// elsewhere, in a passage about something else).
	licenceSection := func(i int) bool {
		return i > 0 && document.HasPhrase(document.Norm(d.Sections[i].Heading), "licence*", "license*", "licensing", "droits d utilisation", "copyright")
	}
	// A statement ("published under", "publié sous") says more than a
	// sentence that only names a licence.
	best, bestScore := -1, -1
	for i, s := range d.Sentences {
		n := document.Norm(s.Text)
		if !document.HasPhrase(n, "licence*", "license*", "licensed", "licensing", "spdx") || !licenceNear.MatchString(s.Text) {
			continue
		}
		score := 0
		if licenceSection(s.Section) {
			score += 2
		}
		if document.HasPhrase(n, "under", "sous") {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		return sentenceEvidence(d, d.Sentences[best])
	}
	for _, l := range d.Links {
		n := document.Norm(l.Text + " " + l.Sentence)
		target := strings.ToLower(linkPath(l.Target))
		if document.HasPhrase(n, "licence*", "license*", "licensing") &&
			(licenceNames.MatchString(l.Text) || strings.HasPrefix(target, "licen") || strings.HasPrefix(target, "copying")) {
			return linkEvidence(d, l)
		}
	}
	for i := range d.Sections {
		if !licenceSection(i) {
			continue
		}
		for _, sen := range d.Sentences {
			if d.Within(sen.Section, i) {
				return sentenceEvidence(d, sen)
			}
		}
		for _, l := range d.Links {
			if d.Within(l.Section, i) {
				return linkEvidence(d, l)
			}
		}
	}
	return evidence{}
}

// badgeRe matches the code.gouv.fr level badges of the documentation:
// img.shields.io/badge/code.gouv.fr-contributif-blue.svg and the like.
var badgeRe = regexp.MustCompile(`(?i)img\.shields\.io/badge/code\.gouv\.fr-(contributif|ouvert|publi(?:%C3%A9|é|e))-`)

var badgeLevels = map[string]finding.Level{"contributif": finding.LevelA, "ouvert": finding.LevelB}

// levelName gives "A (contributif)".
func levelName(l finding.Level) string {
	if l.Name() == "" {
		return string(finding.LevelNone)
	}
	return string(l) + " (" + l.Name() + ")"
}

// ReviewLevel compares the README's declared badge with the level reached.
func (Readme) ReviewLevel(env *Env, level finding.Level) Result {
	var res Result
	p := findReadme(env.Repo.Files())
	text, _ := env.Text(p)
	m := badgeRe.FindStringSubmatchIndex(text)
	if p == "" || m == nil {
		res.pass(readmeBadgeRule, finding.Msg("none"))
		return res
	}
	declared, ok := badgeLevels[strings.ToLower(text[m[2]:m[3]])]
	if !ok {
		declared = finding.LevelC
	}
	line := strings.Count(text[:m[0]], "\n") + 1
	args := []string{"declared", levelName(declared), "level", levelName(level)}
	switch {
	case declared.Rank() > level.Rank():
		msg := finding.Msg("too-high", args...)
		res.fail(readmeBadgeRule, msg)
		res.Findings = append(res.Findings, finding.Finding{Rule: readmeBadgeRule, Path: path.Clean(p), Line: line, EndLine: line, Message: msg})
	case declared.Rank() < level.Rank():
		res.pass(readmeBadgeRule, finding.Msg("could-raise", args...))
		res.Findings = append(res.Findings, finding.Finding{Rule: readmeBadgeRule, Severity: finding.Note, Path: p, Line: line, EndLine: line, Message: finding.Msg("could-raise", args...)})
	default:
		res.pass(readmeBadgeRule, finding.Msg("consistent", args...))
	}
	return res
}
