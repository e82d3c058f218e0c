package fix

import (
	"errors"

	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// ErrNoPubliccode: the repository has no publiccode.yml to repair.
var ErrNoPubliccode = errors.New("no publiccode.yml at the root of the repository (ouvert init publiccode drafts one)")

// PubliccodePath is the repository's publiccode.yml (or .yaml), "" when
// there is none.
func PubliccodePath(repo source.Repo) string {
	found := ""
	for _, f := range repo.Files() {
		switch f.Path {
		case "publiccode.yml":
			return f.Path
		case "publiccode.yaml":
			found = f.Path
		}
	}
	return found
}

// Publiccode plans the repairs of the repository's publiccode.yml:
// mechanical ones, and values inferred from the repository (licence is
// the detected licence expression, "" when none). What remains after the
// repairs is left for a person, with an example when there is one; lines
// are those of the repaired file.
func Publiccode(repo source.Repo, licence string) (*Result, error) {
	p := PubliccodePath(repo)
	if p == "" {
		return nil, ErrNoPubliccode
	}
	data, err := repo.Read(p, publiccode.MaxSize+1)
	if err != nil {
		return nil, err
	}
	facts := publiccode.Gather(repo, licence)
	fixed := publiccode.Fix(data, publiccode.FixOptions{Files: repo, Facts: &facts})
	res := &Result{}
	if fixed.Changed() {
		f := File{Path: p, Old: data, New: fixed.Data}
		for _, c := range fixed.Changes {
			f.Changes = append(f.Changes, Change{Rule: publiccode.Rule, Review: c.Review, Message: c.Message})
		}
		res.Files = append(res.Files, f)
	}
	for _, pr := range fixed.Result.Problems {
		res.Todos = append(res.Todos, Todo{Rule: publiccode.Rule, Path: p, Line: pr.Line, Severity: pr.Severity,
			Message: pr.Message, Example: publiccode.Example(pr.Key)})
	}
	return res, nil
}
