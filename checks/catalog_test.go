package checks

import (
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestChecksAndCatalogAgree keeps the code and rules.yaml in step: every rule
// a check claims is in the catalog, no rule is claimed twice, and every rule
// of the catalog is claimed by a check unless it is marked planned.
func TestChecksAndCatalogAgree(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}
	ids := map[string]bool{}
	for _, c := range All() {
		if ids[c.ID()] {
			t.Errorf("check id %s is used twice", c.ID())
		}
		ids[c.ID()] = true
		for _, id := range c.Rules() {
			if _, ok := cat.Rule(id); !ok {
				t.Errorf("check %s claims %s, which rules.yaml does not define", c.ID(), id)
			}
			if prev, dup := owner[id]; dup {
				t.Errorf("rule %s is claimed by %s and %s", id, prev, c.ID())
			}
			owner[id] = c.ID()
		}
	}
	for _, r := range cat.Rules {
		switch _, claimed := owner[r.ID]; {
		case r.Planned && claimed:
			t.Errorf("rule %s is marked planned but check %s evaluates it: drop planned", r.ID, owner[r.ID])
		case !r.Planned && !claimed:
			t.Errorf("rule %s is in rules.yaml but no check evaluates it", r.ID)
		}
	}
}
