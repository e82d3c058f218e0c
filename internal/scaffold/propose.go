package scaffold

import (
	"context"
	"slices"
)

// Proposal is a generator whose rules stand between a repository and its
// next level.
type Proposal struct {
	Generator Generator
	Rules     []string // the missing rules it answers, in their order
	Existing  []string // files of the project that already do its job
	Output    *Output  // its draft; nil when it needs an argument only the user can give
}

// Propose matches the generators, in the order of All, to the rules a
// repository misses for its next level (missing), and drafts those that
// need no argument. byHand lists, in their order, the missing rules that no
// generator answers: they are for a person.
func Propose(ctx context.Context, p *Project, missing []string, opts Options) (props []Proposal, byHand []string, err error) {
	covered := map[string]bool{}
	for _, g := range All() {
		var hit []string
		for _, r := range g.Rules() {
			if slices.Contains(missing, r) {
				hit = append(hit, r)
				covered[r] = true
			}
		}
		if len(hit) == 0 {
			continue
		}
		pr := Proposal{Generator: g, Rules: hit, Existing: g.Existing(p)}
		if _, needsArgs := g.(Arguments); !needsArgs {
			if pr.Output, err = Generate(ctx, g, p, opts); err != nil {
				return nil, nil, err
			}
		}
		props = append(props, pr)
	}
	for _, id := range missing {
		if !covered[id] {
			byHand = append(byHand, id)
		}
	}
	return props, byHand, nil
}
