package audit_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

func readAccountsFile(t *testing.T, date string) ([]audit.Account, []audit.Warning) {
	t.Helper()
	name := "comptes-organismes-publics-" + date + ".yml"
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "accounts", name))
	if err != nil {
		t.Fatal(err)
	}
	accs, warnings, err := audit.ReadAccounts(data, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return accs, warnings
}

func account(accs []audit.Account, host, owner string) *audit.Account {
	i := slices.IndexFunc(accs, func(a audit.Account) bool { return a.Host == host && a.Owner == owner })
	if i < 0 {
		return nil
	}
	return &accs[i]
}

// TestAccountsRealFile reads code.gouv.fr's file as it is published
// (testdata/accounts/README.md), in its latest version: 93 forge hosts, 17
// of them ignored; six name their owners (300 accounts), the other 70 are
// forges of one organisation each.
func TestAccountsRealFile(t *testing.T) {
	accs, warnings := readAccountsFile(t, "2025-09-22")
	owned, whole, listable := 0, 0, 0
	for _, a := range accs {
		if a.Owner == "" {
			whole++
			if audit.MultiTenant(a.Host) {
				t.Errorf("%s read as one organisation's whole forge", a.Host)
			}
		} else {
			owned++
		}
		if a.Listable() {
			listable++
		}
	}
	if len(accs) != 370 || owned != 300 || whole != 70 || listable != 369 {
		t.Errorf("%d accounts (%d owners, %d whole forges, %d listable), want 370 (300, 70, 369)", len(accs), owned, whole, listable)
	}
	// The pso_id written twice is a warning naming its line; the last wins.
	if len(warnings) != 1 || warnings[0].Text("en") != "comptes-organismes-publics-2025-09-22.yml:773: pso_id written twice in gitlab.mim-libre.fr (also line 772): the last one is kept" ||
		warnings[0].Text("fr") != "comptes-organismes-publics-2025-09-22.yml:773: pso_id écrit deux fois dans gitlab.mim-libre.fr (aussi ligne 772)\u00a0: la dernière valeur est gardée" {
		t.Errorf("warnings = %+v", warnings)
	}
	if a := account(accs, "gitlab.mim-libre.fr", ""); a == nil || a.PSOID != "3ed2f725-e077-4973-a531-498e13fc7861" {
		t.Errorf("gitlab.mim-libre.fr: %+v", a)
	}
	if a := account(accs, "github.com", "etalab"); a == nil || a.Forge != "github" || a.PSOID != "db2b74d4-4dbc-4d7d-ba1b-5762e2cb06b8" || !a.Listable() {
		t.Errorf("github.com/etalab: %+v", a)
	}
	// Owners without properties take the pso_id written beside owners:.
	if a := account(accs, "forge.apps.education.fr", "drane-lyon"); a == nil || a.PSOID != "3ed2f725-e077-4973-a531-498e13fc7861" || a.Forge != "gitlab" {
		t.Errorf("forge.apps.education.fr/drane-lyon: %+v", a)
	}
	if a := account(accs, "forge.apps.education.fr", ""); a != nil {
		t.Errorf("forge.apps.education.fr names its owners, and is listed whole too: %+v", a)
	}
	if a := account(accs, "gogs.univ-littoral.fr", ""); a == nil || a.Forge != "gogs" || a.Listable() {
		t.Errorf("gogs.univ-littoral.fr: %+v", a)
	}
	if a := account(accs, "gitlab.u-psud.fr", ""); a != nil {
		t.Errorf("an ignored forge is listed: %+v", a)
	}
	if a := account(accs, "gitlab.adullact.net", "socio-connect"); a == nil || a.PSOID != "" {
		t.Errorf("an owner with nothing under it, in an entry without pso_id: %+v", a)
	}
	if !slices.IsSortedFunc(accs, func(a, b audit.Account) int { return strings.Compare(a.URL(), b.URL()) }) {
		t.Error("accounts are not in URL order")
	}

	// January 2025: a sourcehut account, which cannot be listed.
	jan, _ := readAccountsFile(t, "2025-01-13")
	if a := account(jan, "git.sr.ht", "~codegouvfr"); a == nil || a.Forge != "sourcehut" || a.Listable() {
		t.Errorf("git.sr.ht/~codegouvfr: %+v", a)
	}

	// The first version: account URLs with lists of values.
	first, warnings := readAccountsFile(t, "2024-09-03")
	if len(first) != 370 || len(warnings) != 0 {
		t.Errorf("first version: %d accounts, want 370; warnings %+v", len(first), warnings)
	}
	if a := account(first, "github.com", "lias-laboratory"); a == nil || a.PSOID != "d886e04e-b4ad-4f72-8a74-41969fc5fe31" || a.PSOName != "Université de Poitiers" || a.Forge != "github" {
		t.Errorf("github.com/lias-laboratory: %+v", a)
	}
	if a := account(first, "gogs.univ-littoral.fr", ""); a == nil || a.Forge != "gogs" || a.Listable() {
		t.Errorf("first version, gogs: %+v", a)
	}
	if a := account(first, "git.lias-lab.fr", ""); a != nil {
		t.Errorf("first version, an ignored account is listed: %+v", a)
	}
}

// A multi-tenant forge without owners is never the whole forge: it is
// left out with a warning naming the line.
func TestAccountsMultiTenant(t *testing.T) {
	for _, file := range []string{
		"github.com:\n  forge: github\n",
		"gitlab.com:\n  forge: gitlab\n  owners:\n",
		"framagit.org:\n  forge: gitlab\n  owners: {}\n",
		"https://gitlab.com:\n  pso_id: [x]\n",
	} {
		accs, warnings, err := audit.ReadAccounts([]byte(file), "f.yml")
		if err != nil || len(accs) != 0 || len(warnings) != 1 || !strings.Contains(warnings[0].Text("en"), "forge of many organisations") || !strings.HasPrefix(warnings[0].Text("fr"), "f.yml:") {
			t.Errorf("%q: %+v, %+v, %v", file, accs, warnings, err)
		}
	}
	for _, bad := range []string{"", "- a\n- b\n", "github.com: [1, 2]\n", "{{{", "x.fr:\n  owners: [a]\n", "x.fr:\n  owners:\n    a: [1]\n"} {
		if _, _, err := audit.ReadAccounts([]byte(bad), "bad.yml"); !errors.Is(err, audit.ErrInput) {
			t.Errorf("ReadAccounts(%q) = %v", bad, err)
		}
	}
}
