package checks

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/rules"
)

// evidence is what a document rule found, and where: it becomes a quote in
// the rule's message ("tests: `npm test` under « Tests », CONTRIBUTING.md:12").
type evidence struct {
	path    string
	line    int
	heading string
	quote   string
	// link is set when the evidence is a link to another document.
	link, target string
}

func (e evidence) ok() bool { return e.path != "" }

// arg renders the evidence as a catalog sub-message, so that its words
// ("under", « ») are in the reader's language.
func (e evidence) arg() string {
	place := e.path
	if e.line > 0 {
		place += ":" + strconv.Itoa(e.line)
	}
	if e.link != "" {
		return rules.Sub("evidence-link", "text", clip(e.link, 60), "target", clip(e.target, 80), "place", place)
	}
	q := clip(e.quote, 70)
	if e.heading != "" {
		return rules.Sub("evidence-under", "quote", q, "heading", clip(e.heading, 50), "place", place)
	}
	return rules.Sub("evidence", "quote", q, "place", place)
}

// clip shortens a quote to n characters at a word boundary.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// codeEvidence quotes a command.
func codeEvidence(d *document.Document, c document.Code, cmd string) evidence {
	return evidence{path: d.Path, line: c.Line, heading: d.Heading(c.Section), quote: "`" + cmd + "`"}
}

func sentenceEvidence(d *document.Document, s document.Sentence) evidence {
	return evidence{path: d.Path, line: s.Line, heading: d.Heading(s.Section), quote: s.Text}
}

func linkEvidence(d *document.Document, l document.Link) evidence {
	return evidence{path: d.Path, line: l.Line, link: l.Text, target: l.Target}
}

// A part of what a document must say (how to install, how to run the
// tests…) is found in one of four ways, tried in this order: a command
// that does it, a sentence that says how, a section whose heading names it
// with instructions under it, or a link whose text, target or sentence
// says the linked document does.
type part struct {
	commands  *regexp.Regexp
	sentences func(norm string) bool
	headings  []string
	links     []string
}

func (p part) find(d *document.Document) evidence {
	if p.commands != nil {
		for _, c := range d.Code {
			for _, cmd := range c.Commands() {
				if p.commands.MatchString(cmd) {
					return codeEvidence(d, c, cmd)
				}
			}
		}
	}
	if p.sentences != nil {
		for _, s := range d.Sentences {
			if p.sentences(document.Norm(s.Text)) {
				return sentenceEvidence(d, s)
			}
		}
	}
	if len(p.headings) > 0 {
		for i, sec := range d.Sections {
			if i == 0 || !document.HasPhrase(document.Norm(sec.Heading), p.headings...) {
				continue
			}
			// Instructions under it: a command, or a sentence.
			for _, c := range d.Code {
				if d.Within(c.Section, i) && len(c.Commands()) > 0 {
					return codeEvidence(d, c, c.Commands()[0])
				}
			}
			for _, l := range d.Links {
				if d.Within(l.Section, i) && l.Target != "" && !strings.HasPrefix(l.Target, "#") {
					return linkEvidence(d, l)
				}
			}
			for _, s := range d.Sentences {
				if d.Within(s.Section, i) && len(strings.Fields(s.Text)) >= 2 {
					return sentenceEvidence(d, s)
				}
			}
		}
	}
	if len(p.links) > 0 {
		for _, l := range d.Links {
			if strings.HasPrefix(l.Target, "#") || strings.HasPrefix(strings.ToLower(l.Target), "mailto:") {
				continue
			}
			if document.HasPhrase(document.Norm(l.Text+" "+l.Sentence+" "+linkPath(l.Target)), p.links...) {
				return linkEvidence(d, l)
			}
		}
	}
	return evidence{}
}

// linkPath is the last path element of a link target, with "-" and "_" as
// spaces: docs/onboarding/1-installation.md says "installation".
func linkPath(target string) string {
	t := target
	if i := strings.IndexAny(t, "?#"); i >= 0 {
		t = t[:i]
	}
	t = strings.TrimSuffix(t, "/")
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		t = t[i+1:]
	}
	return strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(t)
}

var installWords = []string{"install*", "setup", "set up", "getting started", "get started", "pour commencer", "prise en main",
	"mise en route", "demarrage", "bootstrap", "onboarding", "environnement de developpement", "development environment",
	"local development", "developpement local", "en local", "locally", "compil*", "build the", "construire"}

// setupPart: how to get a working development copy.
var setupPart = part{
	commands: regexp.MustCompile(`(?i)^(sudo )?((npm|pnpm) (install|i|ci)\b|yarn( install)?$|yarn install|pip3? install|pipenv install|poetry install|uv (sync|pip install)|bundle( install)?$|bundle install|composer install|go (mod download|build|install)|mvn (clean )?(install|package|compile)|\./mvnw|gradlew? (build|assemble)|\./gradlew|make (install|bootstrap|init|setup|dev|start|run|build)\b|just (init|install|setup|bootstrap)|docker[- ]compose( -f \S+)* (up|build)|docker (build|run)|cargo (build|run)|mix deps\.get|bin/setup|npm run (dev|start|build)|yarn (dev|start|build)|pnpm (dev|start|build)|install\.packages|remotes::install|devtools::install|apt(-get)? install|brew install|nvm (install|use))`),
	sentences: func(n string) bool {
		return document.HasPhrase(n, "installer le projet", "install the project", "installer l environnement", "set up your", "setting up your",
			"run it locally", "run locally", "lancer le projet", "lancer l application", "run the app", "prerequis", "prerequisites")
	},
	headings: []string{"install*", "setup", "set up", "setting up", "preparer l environnement", "environnement de travail", "getting started", "get started", "pour commencer", "prise en main",
		"mise en route", "demarrage", "bootstrap", "prerequis", "prerequisite*", "environnement de developpement", "development environment",
		"local development", "developpement local", "lancer", "run locally", "quick start", "quickstart", "demarrer", "build", "compil*"},
	links: installWords,
}

// testPart: how to run the tests. "CI", "tests must pass" and "add tests"
// are not instructions.
var testPart = part{
	commands: regexp.MustCompile(`(?i)(^|\s|/)((npm|yarn|pnpm|bun) (run )?(test|e2e|cypress)\S*|npx (jest|vitest|playwright test|cypress run)|\S*pytest|tox\b|go test|mvn (\S+ )*(test|verify)\b|\./mvnw (\S+ )*(test|verify)|gradlew? (\S+ )*test|make (\S+ )*(test|tests|check)\S*|just (\S+ )*(test|unittest|tests)\b|cargo test|bin/rails test|rails test|rspec|bin/rspec|\S*phpunit|ng (test|e2e)|mix test|nx run \S+:test|python -m (unittest|pytest)|R CMD check|devtools::test|testthat|docker[- ]compose (\S+ )*(run|up) (\S+ )*\S*test\S*|\S*tests?\.sh)`),
	sentences: func(n string) bool {
		return document.HasPhrase(n, "run the tests", "run tests", "run the test suite", "lancer les tests", "lancez les tests",
			"executer les tests", "faire tourner les tests", "jouer les tests", "tests can be run", "les tests peuvent etre lances",
			"les tests unitaires peuvent etre lances", "to run the tests", "pour lancer les tests", "written to be run")
	},
	headings: nil,
	links:    []string{"run the tests", "running tests", "running the tests", "lancer les tests", "executer les tests"},
}

// submitPart: how to propose a change. The word "contribute" is not one:
// every guide's title says it.
var submitPart = part{
	sentences: func(n string) bool {
		if !document.HasPhrase(n, "pull request*", "pull requests", "merge request*", "pr", "prs", "mr", "patch*", "demande de fusion",
			"requete de fusion", "demande d integration") {
			return false
		}
		return document.HasPhrase(n, "open", "opening", "create", "creating", "submit*", "make a", "send", "propose", "ouvrir", "ouvrez",
			"ouvre", "creer", "creez", "soumettre", "soumettez", "proposer", "proposez", "envoyer", "envoyez", "faire une", "faites une",
			"welcome", "bienvenue", "generee", "request a review", "demander une relecture")
	},
	headings: []string{"pull request*", "merge request*", "creer une pr", "proposer une modification", "soumettre une modification",
		"submitting changes", "submit a change", "submitting a pull request", "proposer une contribution"},
	links: []string{"pull request*", "merge request*"},
}

// sentenceWith is a sentence predicate: all groups of phrases present.
func sentenceWith(groups ...[]string) func(string) bool {
	return func(n string) bool {
		for _, g := range groups {
			if !document.HasPhrase(n, g...) {
				return false
			}
		}
		return true
	}
}
