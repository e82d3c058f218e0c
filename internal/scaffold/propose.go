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

// Unattended is what ouvert init writes of its proposals without being
// told which: the drafts of generators that need no argument and whose job
// no file of the project already does.
type Unattended struct {
	Files []File
	Notes []string
	Rules []string // the rules of the generators whose drafts are in Files
	// Skipped are drafts left out because something is at their paths
	// that no check counts (a file git ignores, one too short to say
	// anything): it is not replaced either.
	Skipped []Skipped
	// Choices counts the proposals that wait for an argument only the
	// user can give (the licence to choose).
	Choices int
}

// Skipped is a draft left out, with the paths in its way.
type Skipped struct {
	Generator Generator
	Paths     []string
}

// PlanUnattended picks, in their order, the proposals ouvert init may
// write into dir unasked.
func PlanUnattended(dir string, p *Project, props []Proposal) (*Unattended, error) {
	u := &Unattended{}
	for _, pr := range props {
		if pr.Output == nil && len(pr.Existing) == 0 {
			u.Choices++
		}
		if pr.Output == nil || len(pr.Existing) > 0 {
			continue
		}
		conflicts, err := Conflicts(dir, p, pr.Generator, pr.Output)
		if err != nil {
			return nil, err
		}
		if len(conflicts) > 0 {
			u.Skipped = append(u.Skipped, Skipped{Generator: pr.Generator, Paths: conflicts})
			continue
		}
		u.Files = append(u.Files, pr.Output.Files...)
		u.Notes = append(u.Notes, pr.Output.Notes...)
		u.Rules = append(u.Rules, pr.Generator.Rules()...)
	}
	return u, nil
}
