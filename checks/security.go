package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/source"
)

// Security looks for a way to report a vulnerability in private: a
// SECURITY file, a security.txt, or a security section of the README that
// gives an address.
type Security struct{}

const securityRule = "security/policy"

func (Security) ID() string               { return "security" }
func (Security) Rules() []string          { return []string{securityRule} }
func (Security) Needs() source.Capability { return source.Tree }

func (Security) Run(_ context.Context, env *Env) (Result, error) {
	res, _, ok := presence(env, securityRule)
	if ok {
		return res, nil
	}
	files := env.Repo.Files()
	// RFC 9116's place; presence() already covers SECURITY files elsewhere.
	if f := lookup(files, []string{".well-known/"}, "security"); len(f) > 0 {
		return passOnly(securityRule, finding.Msg("found", "path", f[0].Path)), nil
	}
	if readme := findReadme(files); readme != "" {
		text, _ := env.Text(readme)
		for _, s := range sections(readme, text) {
			if s.Heading != "" && hasWord(norm(s.Heading), "securite", "security", "vulnerabilit*", "faille*") &&
				(emailRe.MatchString(s.Body) || urlRe.MatchString(s.Body)) {
				return passOnly(securityRule, finding.Msg("found-readme", "path", readme)), nil
			}
		}
	}
	return res, nil
}
