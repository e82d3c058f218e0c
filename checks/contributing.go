package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
	"github.com/ouvert-dev/ouvert/source"
)

// Contributing checks for a contribution guide (level B) and, for level A,
// that it tells a newcomer how to set up, test and submit a change.
type Contributing struct{}

const (
	contributingFileRule    = "contributing/file"
	contributingContentRule = "contributing/content"
)

func (Contributing) ID() string { return "contributing" }
func (Contributing) Rules() []string {
	return []string{contributingFileRule, contributingContentRule}
}
func (Contributing) Needs() source.Capability { return source.Tree }

var contributingParts = []struct {
	id      string
	phrases []string
}{
	{"part-setup", []string{"set up", "setup", "install*", "environment", "environnement", "prerequis*", "prerequisite*",
		"development", "developpement", "developper", "getting started", "clone", "build", "compil*", "dependenc*", "dependance*"}},
	{"part-test", []string{"test*", "go test", "npm test", "pytest", "tox", "ci", "integration continue", "continuous integration"}},
	{"part-submit", []string{"pull request*", "merge request*", "pr", "mr", "fork*", "branch*", "branche*", "soumettre", "proposer",
		"submit*", "patch*", "review*", "relecture", "revue", "contribu*"}},
}

func (Contributing) Run(_ context.Context, env *Env) (Result, error) {
	res, f, ok := presence(env, contributingFileRule)
	if !ok {
		res.fail(contributingContentRule, finding.Msg("no-file"))
		return res, nil
	}
	text, _ := env.Text(f.Path)
	n := norm(text)
	var missing []string
	for _, p := range contributingParts {
		if !hasWord(n, p.phrases...) {
			missing = append(missing, p.id)
			res.find(contributingContentRule, "", f.Path, 0, finding.Msg(p.id))
		}
	}
	if len(missing) > 0 {
		res.fail(contributingContentRule, finding.Msg("incomplete", "path", f.Path, "missing", rules.List(missing...)))
	} else {
		res.pass(contributingContentRule, finding.Msg("complete", "path", f.Path))
	}
	return res, nil
}
