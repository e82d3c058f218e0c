package audit

import (
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestRecordRulesInCatalog keeps the rule ids a record reads in step with
// the catalog: a renamed rule must fail here, not leave Approved false and
// Secrets 0 in every audit.
func TestRecordRulesInCatalog(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cat.Rule(approvedRule); !ok {
		t.Errorf("approvedRule %q is not in the catalog", approvedRule)
	}
	if _, ok := cat.Rule(secretsGroup); !ok {
		t.Errorf("secretsGroup %q is not in the catalog", secretsGroup)
	}
	grouped := 0
	for _, r := range cat.Rules {
		if r.Group == secretsGroup {
			grouped++
		}
	}
	if grouped == 0 {
		t.Errorf("no rule of the catalog has group %q", secretsGroup)
	}
}
