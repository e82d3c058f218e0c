package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestPropose: every generator whose rules are missing is proposed, in the
// order of All, with the missing rules it answers; those that need no
// argument come with their draft; the rules no generator answers are left
// for a person, in their order.
func TestPropose(t *testing.T) {
	r := repoWith(t, map[string]string{"README.md": "# Budget\n\nThis tool exports the budget of the city.\n"})
	p := inspect(t, r.Dir())
	var missing []string
	for _, g := range All() {
		missing = append(missing, g.Rules()...)
	}
	missing = append([]string{"by-hand/first"}, append(missing, "by-hand/second")...)
	props, byHand, err := Propose(context.Background(), p, missing, Options{Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != len(All()) {
		t.Fatalf("%d proposals, want one per generator (%d)", len(props), len(All()))
	}
	for i, g := range All() {
		pr := props[i]
		if pr.Generator.Name() != g.Name() || !slices.Equal(pr.Rules, g.Rules()) {
			t.Errorf("proposal %d: %s for %v, want %s for %v", i, pr.Generator.Name(), pr.Rules, g.Name(), g.Rules())
		}
		_, needsArgs := g.(Arguments)
		if needsArgs != (pr.Output == nil) {
			t.Errorf("%s: draft %v, needs an argument %v", g.Name(), pr.Output != nil, needsArgs)
		}
		if pr.Output != nil && len(pr.Output.Files) == 0 {
			t.Errorf("%s: a draft with no file", g.Name())
		}
	}
	if !slices.Equal(byHand, []string{"by-hand/first", "by-hand/second"}) {
		t.Errorf("by hand %v", byHand)
	}

	// One missing rule: its generator alone.
	one := Contributing{}.Rules()[0]
	props, byHand, err = Propose(context.Background(), p, []string{one}, Options{Lang: "fr", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 1 || props[0].Generator.Name() != (Contributing{}).Name() || !slices.Equal(props[0].Rules, []string{one}) || len(byHand) != 0 {
		t.Errorf("for %s: %d proposals %v, by hand %v", one, len(props), props, byHand)
	}
	if props, byHand, err = Propose(context.Background(), p, nil, Options{}); err != nil || len(props) != 0 || len(byHand) != 0 {
		t.Errorf("nothing missing: %v %v %v", props, byHand, err)
	}
}

func TestPlanUnattended(t *testing.T) {
	r := repoWith(t, map[string]string{
		"README.md":  "# Budget\n\nThis tool exports the budget of the city.\n",
		".gitignore": "CHANGELOG.md\n",
	})
	// A changelog git ignores: no check counts it, init does not replace it.
	if err := os.WriteFile(filepath.Join(r.Dir(), "CHANGELOG.md"), []byte("local notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := inspect(t, r.Dir())
	var missing []string
	for _, g := range All() {
		missing = append(missing, g.Rules()...)
	}
	props, _, err := Propose(context.Background(), p, missing, Options{Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	u, err := PlanUnattended(r.Dir(), p, props)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Skipped) != 1 || u.Skipped[0].Generator.Name() != (Changelog{}).Name() || !slices.Equal(u.Skipped[0].Paths, []string{"CHANGELOG.md"}) {
		t.Errorf("skipped %+v, want the changelog for CHANGELOG.md", u.Skipped)
	}
	if u.Choices != 1 {
		t.Errorf("%d proposals wait for a choice, want 1 (the licence)", u.Choices)
	}
	for _, f := range u.Files {
		if f.Path == "CHANGELOG.md" || f.Path == "LICENSE" {
			t.Errorf("%s planned", f.Path)
		}
	}
	for _, id := range append(Changelog{}.Rules(), License{}.Rules()...) {
		if slices.Contains(u.Rules, id) {
			t.Errorf("rule %s counted as answered", id)
		}
	}
	if !slices.Contains(u.Rules, Contributing{}.Rules()[0]) || len(u.Files) == 0 || len(u.Notes) == 0 {
		t.Errorf("planned %d files, %d notes for %v", len(u.Files), len(u.Notes), u.Rules)
	}
}
