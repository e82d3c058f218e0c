package checks

import (
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// minDocBytes: below this a community document says nothing (a title, a
// "TODO"): it is reported as empty rather than present.
const minDocBytes = 40

// docStems are the names (see stem) a presence rule accepts, best first.
// They are data shared with `ouvert init`, which must recognise the same
// files as existing before it writes one.
var docStems = map[string][]string{
	contributingFileRule:        {"contributing", "contribuer", "contribution", "contributions"},
	securityRule:                {"security", "securite"},
	"community/code-of-conduct": {"code_of_conduct", "code_de_conduite", "conduct", "charte_de_conduite"},
	"changelog/file":            {"changelog", "changes", "history", "news", "releases", "release_notes", "journal_des_modifications"},
	governanceRule:              {"governance", "gouvernance", "roadmap", "feuille_de_route"},
}

// Documents returns the files that rule's check would read as its
// document (CONTRIBUTING.md, docs/CONTRIBUTING.rst, .github/SECURITY.md…),
// best first; nil for a rule that reads no such document.
func Documents(files []source.File, rule string) []source.File {
	stems, ok := docStems[rule]
	if !ok {
		return nil
	}
	return lookup(files, docDirs, stems...)
}

// presence is the shared shape of "this document exists and says
// something": it looks for the rule's documents in the community
// directories, and reports the first match, or why there is none.
func presence(env *Env, rule string) (Result, source.File, bool) {
	var res Result
	found := Documents(env.Repo.Files(), rule)
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
