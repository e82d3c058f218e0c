package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/source"
)

// Governance accepts a GOVERNANCE or ROADMAP file, a roadmap URL in
// publiccode.yml, or a governance/roadmap section of the README.
type Governance struct{}

const governanceRule = "governance/file"

func (Governance) ID() string               { return "governance" }
func (Governance) Rules() []string          { return []string{governanceRule} }
func (Governance) Needs() source.Capability { return source.Tree }

func (Governance) Run(_ context.Context, env *Env) (Result, error) {
	res, _, ok := presence(env, governanceRule)
	if ok {
		return res, nil
	}
	if pc := readPubliccode(env); pc.path != "" && pc.roadmap != "" {
		return passOnly(governanceRule, finding.Msg("found-publiccode", "path", pc.path, "url", pc.roadmap)), nil
	}
	if readme := findReadme(env.Repo.Files()); readme != "" {
		if s, ok := findSection(env, readme, "gouvernance", "governance", "roadmap", "feuille de route"); ok {
			return passOnly(governanceRule, finding.Msg("found-readme", "path", readme, "heading", s.Heading)), nil
		}
	}
	return res, nil
}

// passOnly is a Result with a single passing rule.
func passOnly(rule string, m finding.Message) Result {
	var r Result
	r.pass(rule, m)
	return r
}

// findSection returns the first section of a document whose heading holds
// one of the phrases.
func findSection(env *Env, path string, phrases ...string) (section, bool) {
	text, err := env.Text(path)
	if err != nil {
		return section{}, false
	}
	for _, s := range sections(path, text) {
		if s.Heading != "" && hasWord(norm(s.Heading), phrases...) {
			return s, true
		}
	}
	return section{}, false
}
