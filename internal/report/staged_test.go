package report_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// brokenSecrets stands for a secrets check that could not read the index.
type brokenSecrets struct{ checks.Secrets }

func (brokenSecrets) Run(context.Context, *checks.Env) (checks.Result, error) {
	return checks.Result{}, errors.New("blob 1234 missing")
}

func stagedResult(t *testing.T, c checks.Check, stage func(*sourcetest.Repo)) (*engine.Result, int) {
	t.Helper()
	r := sourcetest.New(t)
	r.Write("README.md", "# x\n")
	r.Commit("first", sourcetest.Epoch)
	stage(r)
	repo, err := source.OpenStaged(r.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := engine.Run(context.Background(), repo, engine.Options{Checks: []checks.Check{c}, NoLicense: true})
	if err != nil {
		t.Fatal(err)
	}
	return res, len(repo.Files())
}

func TestStagedReport(t *testing.T) {
	write := func(res *engine.Result, files int, lang string) string {
		gate := engine.Decide(res, finding.LevelNone, "")
		var b bytes.Buffer
		if err := report.Staged(&b, res, files, report.Options{Lang: lang, Gate: &gate}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	res, files := stagedResult(t, checks.Secrets{}, func(*sourcetest.Repo) {})
	if got := write(res, files, "en"); got != "ouvert --staged: nothing staged brings new content.\n" {
		t.Errorf("nothing staged: %q", got)
	}

	res, files = stagedResult(t, brokenSecrets{}, func(r *sourcetest.Repo) {
		r.Write("a.txt", "a\n")
		r.Add("a.txt")
	})
	got := write(res, files, "fr")
	if !strings.Contains(got, "Résultat indéterminé, l'analyse a échoué\u00a0: secrets/scan\u00a0: la vérification a échoué\u00a0: blob 1234 missing") ||
		strings.Count(got, "blob 1234 missing") != 1 || strings.Contains(got, "Aucun secret") || strings.Contains(got, "\x1b[") {
		t.Errorf("broken check:\n%s", got)
	}
}
