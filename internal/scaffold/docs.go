package scaffold

import (
	"github.com/ouvert-dev/ouvert/checks"
)

// documents lists the paths the check of rule would read as its document:
// what a generator must not write a second copy of.
func documents(p *Project, rule string) []string {
	var out []string
	for _, f := range checks.Documents(p.Repo.Files(), rule) {
		out = append(out, f.Path)
	}
	return out
}
