package checks

import (
	"context"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
	"github.com/ouvert-dev/ouvert/source"
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
	readmeContent(env, p, text, &res)
	return res, nil
}

// readmeContent looks for the three things a reader needs. Each is a loose
// test on purpose: headings or phrases in French or English, because
// READMEs are prose, and a false "missing" costs more than a lenient pass.
func readmeContent(env *Env, p, text string, res *Result) {
	secs := sections(p, text)
	var missing []string
	if !hasDescription(secs, int(env.Param(readmeContentRule, "min-description-words"))) {
		missing = append(missing, "part-description")
	}
	if !hasInstall(secs) {
		missing = append(missing, "part-install")
	}
	if !hasLicenceMention(text) {
		missing = append(missing, "part-licence")
	}
	if len(missing) == 0 {
		res.pass(readmeContentRule, finding.Msg("complete"))
		return
	}
	for _, id := range missing {
		res.find(readmeContentRule, "", p, 0, finding.Msg(id))
	}
	res.fail(readmeContentRule, finding.Msg("incomplete", "missing", rules.List(missing...)))
}

var (
	mdNoise   = regexp.MustCompile(`!?\[[^\]]*\]\([^)]*\)|<[^>]+>|\[!\[.*|^\s*[-*+>|]|https?://\S+`)
	descHeads = []string{"a propos", "about", "description", "presentation", "overview", "introduction", "objectif*", "contexte", "context", "what is", "qu est ce"}
)

// hasDescription: a prose paragraph before the first sub-sections end, or an
// explicit "About" section. Badges, links, HTML and lists are not prose.
func hasDescription(secs []section, minWords int) bool {
	for i, s := range secs {
		if i > 3 && !hasWord(norm(s.Heading), descHeads...) {
			continue
		}
		for _, para := range strings.Split(s.Body, "\n\n") {
			var words int
			for _, line := range strings.Split(para, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "```") {
					words = 0
					break
				}
				words += len(strings.Fields(mdNoise.ReplaceAllString(line, " ")))
			}
			if words >= minWords {
				return true
			}
		}
	}
	return false
}

var (
	installHeads = []string{"install*", "usage", "utilisation", "utiliser", "getting started", "quick start", "quickstart",
		"demarr*", "lancer", "lancement", "deploi*", "deploy*", "build", "compil*", "how to run", "mise en place",
		"prerequis", "prerequisites", "setup", "set up", "run", "pour commencer", "mode d emploi", "execution", "executer"}
	installCommands = regexp.MustCompile(`(?m)(npm (install|ci|run)|yarn( install)?\b|pnpm install|pip3? install|poetry install|uv (sync|pip)|go (install|build|run)|cargo (install|build|run)|docker(-| )compose|docker (run|build)|make\b|mvn |gradlew?\b|composer install|bundle install|gem install|\./configure|cmake |dotnet (run|build)|apt(-get)? install|helm install|kubectl apply)`)
)

func hasInstall(secs []section) bool {
	for _, s := range secs {
		if s.Heading != "" && hasWord(norm(s.Heading), installHeads...) {
			return true
		}
		if installCommands.MatchString(s.Body) {
			return true
		}
	}
	return false
}

func hasLicenceMention(text string) bool {
	return hasWord(norm(text), "licence*", "license*", "licensing", "spdx", "copyleft")
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
