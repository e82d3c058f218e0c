package engine

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

func licenceText(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile("../scaffold/licences/" + id + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const readme = "# Budget\n\nOutil de suivi du budget de la commune, publié sous licence Apache-2.0.\n\n## Installation\n\nmake install\n\n## Licence\n\nApache-2.0, voir LICENSE.\n"

// scanPartial makes a partial clone (blobs over 2 KiB left on the server)
// of a repository holding files, and scans it with every check.
func scanPartial(t *testing.T, files map[string]string, extra ...string) *Result {
	t.Helper()
	r := sourcetest.New(t)
	for p, c := range files {
		r.Write(p, c)
	}
	r.Commit("one", time.Now().Add(-24*time.Hour))
	dir := sourcetest.PartialClone(t, r, "blob:limit=2k", append([]string{"--bare"}, extra...)...)
	repo, err := source.Open(context.Background(), dir, source.Options{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	res, err := Run(context.Background(), repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func outcome(t *testing.T, res *Result, id string) RuleResult {
	t.Helper()
	rr, ok := res.Rule(id)
	if !ok {
		t.Fatalf("no rule %s", id)
	}
	return rr
}

// The licence is not downloaded: the licence rules are not evaluated and
// say why, the others are, and the level is provisional rather than none.
func TestPartialCloneLeavesNeedingRulesUnevaluated(t *testing.T) {
	res := scanPartial(t, map[string]string{
		"LICENSE":       licenceText(t, "Apache-2.0"),
		"README.md":     readme,
		"img/logo.png":  "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x01", 3000),
		"data/big.json": "{\"rows\": [" + strings.Repeat("1,", 2000) + "1]}\n",
	})
	for _, id := range []string{"license/file", "license/approved"} {
		rr := outcome(t, res, id)
		if rr.Outcome != finding.Skip || rr.Reason.ID != "unread-partial" || rr.Reason.Args["path"] != "LICENSE" {
			t.Errorf("%s = %s %+v, want not evaluated for LICENSE", id, rr.Outcome, rr.Reason)
		}
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "license/") {
			t.Errorf("finding of a rule not evaluated: %+v", f)
		}
	}
	// big.json may hold a secret: the secrets rule cannot pass.
	if rr := outcome(t, res, "secrets/scan"); rr.Outcome != finding.Skip || rr.Reason.ID != "unread-partial" {
		t.Errorf("secrets/scan = %s %+v", rr.Outcome, rr.Reason)
	}
	if rr := outcome(t, res, "readme/file"); rr.Outcome != finding.Pass {
		t.Errorf("readme/file = %s %+v", rr.Outcome, rr.Reason)
	}
	if !res.Level.Provisional || res.Level.ID != finding.LevelC || res.Level.Confirmed != finding.LevelNone {
		t.Errorf("level = %+v, want C provisional", res.Level)
	}
	if !slices.Contains(res.Level.Unevaluated, "license/file") {
		t.Errorf("unevaluated = %q", res.Level.Unevaluated)
	}

	rr := outcome(t, res, "repository/complete")
	if rr.Outcome != finding.Fail || rr.Reason.ID != "partial-needed" || rr.Reason.Args["count"] != "3" {
		t.Fatalf("repository/complete = %s %+v", rr.Outcome, rr.Reason)
	}
	if got := rr.Reason.Args["rules"]; got != "license/file, license/approved, secrets/scan" {
		t.Errorf("rules = %q", got)
	}
	byPath := map[string]finding.Finding{}
	for _, f := range res.Findings {
		if f.Rule == "repository/complete" {
			byPath[f.Path] = f
		}
	}
	if f := byPath["LICENSE"]; f.Message.ID != "missing-needed" || f.Severity != finding.Warning ||
		f.Message.Args["rules"] != "license/file, license/approved, secrets/scan" {
		t.Errorf("LICENSE finding = %+v", f)
	}
	if f := byPath["data/big.json"]; f.Message.ID != "missing-needed" || f.Message.Args["rules"] != "secrets/scan" {
		t.Errorf("big.json finding = %+v", f)
	}
	if f := byPath["img/logo.png"]; f.Message.ID != "missing-unneeded" || f.Severity != finding.Note {
		t.Errorf("logo.png finding = %+v", f)
	}
}

// Only an image is missing: no rule reads it, nothing is provisional, and
// the report says so.
func TestPartialCloneMissingImageChangesNothing(t *testing.T) {
	res := scanPartial(t, map[string]string{
		"LICENSE":      licenceText(t, "MIT"),
		"README.md":    readme,
		"img/logo.png": "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x01", 3000),
	})
	for _, id := range []string{"license/file", "license/approved", "secrets/scan", "readme/file"} {
		if rr := outcome(t, res, id); rr.Outcome != finding.Pass {
			t.Errorf("%s = %s %+v", id, rr.Outcome, rr.Reason)
		}
	}
	if res.Level.Provisional && slices.ContainsFunc(res.Level.Unevaluated, func(id string) bool {
		return strings.HasPrefix(id, "license/") || id == "secrets/scan"
	}) {
		t.Errorf("level = %+v", res.Level)
	}
	rr := outcome(t, res, "repository/complete")
	if rr.Outcome != finding.Pass || rr.Reason.ID != "partial-unneeded" || rr.Reason.Args["count"] != "1" {
		t.Errorf("repository/complete = %s %+v", rr.Outcome, rr.Reason)
	}
}

// A repository with everything: repository/complete passes quietly.
func TestCompleteRepository(t *testing.T) {
	res := scanPartial(t, map[string]string{"LICENSE": licenceText(t, "MIT"), "README.md": readme})
	if rr := outcome(t, res, "repository/complete"); rr.Outcome != finding.Pass || rr.Reason.ID != "complete" {
		t.Errorf("repository/complete = %s %+v", rr.Outcome, rr.Reason)
	}
}

// Git LFS pointers are not read as text: no secret in their ids, nothing
// provisional, and the report names them.
func TestLFSFilesNotRead(t *testing.T) {
	r := sourcetest.New(t)
	r.Write("LICENSE", licenceText(t, "MIT"))
	r.Write("README.md", readme)
	r.Write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
	r.Write("model.bin", "version https://git-lfs.github.com/spec/v1\n"+
		"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 5000000\n")
	r.Commit("one", time.Now().Add(-time.Hour))
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := Run(context.Background(), repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rr := outcome(t, res, "secrets/scan"); rr.Outcome != finding.Pass {
		t.Errorf("secrets/scan = %s %+v", rr.Outcome, rr.Reason)
	}
	rr := outcome(t, res, "repository/complete")
	if rr.Outcome != finding.Pass || rr.Reason.ID != "lfs-unneeded" {
		t.Errorf("repository/complete = %s %+v", rr.Outcome, rr.Reason)
	}
	found := false
	for _, f := range res.Findings {
		if f.Rule == "repository/complete" && f.Path == "model.bin" && f.Message.ID == "lfs-file" && f.Message.Args["size"] != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("model.bin not named as an LFS file: %+v", res.Findings)
	}
}

// reader is a check that reads one file, then reports what the test asks.
type reader struct {
	fake
	path string
}

func (r reader) Run(ctx context.Context, env *checks.Env) (checks.Result, error) {
	env.Repo.Read(r.path, 0)
	return r.fake.Run(ctx, env)
}

// judge reads a file and judges the outcome itself.
type judge struct{ reader }

func (judge) JudgesUnread() {}

// gone is a repository whose gone.txt has no content here.
type gone struct{ source.Repo }

func (g gone) Read(p string, limit int64) ([]byte, error) {
	if p == "gone.txt" {
		return nil, &source.MissingError{Path: p, Cause: source.NotDownloaded}
	}
	return g.Repo.Read(p, limit)
}

// The engine, not each check, turns a read of a missing file into "not
// evaluated": a rule that failed or broke is not trusted, one that passed
// is kept, and the findings of the rules not evaluated go; a check that
// judges for itself is left alone, and one that read nothing missing too.
func TestUnreadMakesRulesUnevaluated(t *testing.T) {
	cat := testCatalogParsed(t)
	fs, err := source.NewFS(fstest.MapFS{"a.txt": {Data: []byte("a")}, "gone.txt": {Data: []byte("?")}}, source.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	finds := []finding.Finding{{Rule: "c/one", Path: "gone.txt", Message: finding.Msg("not-evaluated")}}
	list := []checks.Check{
		reader{fake{id: "c", rules: map[string]finding.Outcome{"c/one": finding.Fail, "c/two": finding.Pass}, finds: finds}, "gone.txt"},
		judge{reader{fake{id: "b", rules: map[string]finding.Outcome{"b/one": finding.Fail}}, "gone.txt"}},
		reader{fake{id: "a", rules: map[string]finding.Outcome{"a/one": finding.Fail}}, "a.txt"},
	}
	res, err := Run(context.Background(), gone{fs}, Options{Checks: list, Catalog: cat, Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	c1, _ := res.Rule("c/one")
	if c1.Outcome != finding.Skip || c1.Reason.ID != "unread-partial" || c1.Reason.Args["path"] != "gone.txt" {
		t.Errorf("c/one = %s %+v", c1.Outcome, c1.Reason)
	}
	for id, want := range map[string]finding.Outcome{"c/two": finding.Pass, "b/one": finding.Fail, "a/one": finding.Fail} {
		if got := outcomeOf(res, id); got != want {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
	for _, f := range res.Findings {
		if f.Rule == "c/one" {
			t.Errorf("finding kept for a rule not evaluated: %+v", f)
		}
	}
}

func testCatalogParsed(t *testing.T) *rules.Catalog {
	t.Helper()
	cat, err := rules.Parse([]byte(strings.Replace(testCatalog, "common:\n", "common:\n  unread-partial: {fr: \"{path} {count}\", en: \"{path} {count}\"}\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
