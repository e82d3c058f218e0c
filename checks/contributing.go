package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// Contributing checks for a contribution guide (level B) and, for level A,
// that it tells a newcomer how to set up, test and submit a change. Each
// part is decided on evidence the message quotes: a command, a sentence
// that says how, instructions under a heading that names the part, or a
// link to a document that does.
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
	id   string
	part part
}{
	{"part-setup", setupPart},
	{"part-test", testPart},
	{"part-submit", submitPart},
}

func (Contributing) Run(_ context.Context, env *Env) (Result, error) {
	res, f, ok := presence(env, contributingFileRule)
	if !ok {
		res.fail(contributingContentRule, finding.Msg("no-file"))
		return res, nil
	}
	d := env.Doc(f.Path)
	if d == nil {
		res.fail(contributingContentRule, finding.Msg("no-file"))
		return res, nil
	}
	var missing []string
	found := map[string]string{}
	for _, p := range contributingParts {
		e := p.part.find(d)
		if !e.ok() {
			missing = append(missing, p.id)
			res.find(contributingContentRule, "", f.Path, 0, finding.Msg(p.id))
			continue
		}
		found[p.id] = e.arg()
	}
	if len(missing) > 0 {
		res.fail(contributingContentRule, finding.Msg("incomplete", "path", f.Path, "missing", rules.List(missing...)))
		return res, nil
	}
	res.pass(contributingContentRule, finding.Msg("complete", "path", f.Path,
		"setup", found["part-setup"], "test", found["part-test"], "submit", found["part-submit"]))
	return res, nil
}
