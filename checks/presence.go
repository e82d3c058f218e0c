package checks

import (
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/source"
)

// minDocBytes: below this a community document says nothing (a title, a
// "TODO"): it is reported as empty rather than present.
const minDocBytes = 40

// presence is the shared shape of "this document exists and says something":
// it looks for stems in the community directories, and reports the first
// match, or why there is none.
func presence(env *Env, rule string, stems ...string) (Result, source.File, bool) {
	var res Result
	found := lookup(env.Repo.Files(), docDirs, stems...)
	if len(found) == 0 {
		res.fail(rule, finding.Msg("missing"))
		res.find(rule, "", "", 0, finding.Msg("missing"))
		return res, source.File{}, false
	}
	f := found[0]
	text, err := env.Text(f.Path)
	if err != nil {
		res.fail(rule, finding.Msg("check-error", "error", err.Error()))
		return res, f, false
	}
	if n := len(strings.TrimSpace(text)); n < minDocBytes {
		m := finding.Msg("empty", "path", f.Path, "bytes", strconv.Itoa(n))
		res.fail(rule, m)
		res.find(rule, "", f.Path, 0, m)
		return res, f, false
	}
	res.pass(rule, finding.Msg("found", "path", f.Path))
	return res, f, true
}
