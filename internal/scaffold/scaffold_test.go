package scaffold

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/publiccode/publiccodetest"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

// now fixes the clock of every generation in the tests.
var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// noHome is an environment with no user git configuration.
func noHome(string) string { return "" }

// repoWith commits files into a fresh repository.
func repoWith(t *testing.T, files map[string]string) *sourcetest.Repo {
	t.Helper()
	r := sourcetest.New(t)
	for p, c := range files {
		r.Write(p, c)
	}
	r.Commit("import", sourcetest.Epoch)
	return r
}

// inspect opens dir and inspects it, with no user git configuration.
func inspect(t *testing.T, dir string) *Project {
	t.Helper()
	repo, err := source.Open(context.Background(), dir, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	p, err := Inspect(repo, InspectOptions{Getenv: noHome})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func generate(t *testing.T, g Generator, p *Project, lang string, args ...string) *Output {
	t.Helper()
	out, err := Generate(context.Background(), g, p, Options{Lang: lang, Now: now, Args: args})
	if err != nil {
		t.Fatalf("%s %s: %v", g.Name(), lang, err)
	}
	if len(out.Files) == 0 {
		t.Fatalf("%s %s: no file", g.Name(), lang)
	}
	return out
}

func content(out *Output, path string) string {
	for _, f := range out.Files {
		if f.Path == path {
			return string(f.Content)
		}
	}
	return ""
}

// scan writes the output into the repository and scans it as ouvert scan
// would.
func scan(t *testing.T, dir string, out *Output) *engine.Result {
	t.Helper()
	if _, err := Write(dir, out.Files, false); err != nil {
		t.Fatal(err)
	}
	repo, err := source.Open(context.Background(), dir, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := engine.Run(context.Background(), repo, engine.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRegistry(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, g := range All() {
		if seen[g.Name()] {
			t.Errorf("generator %s twice", g.Name())
		}
		seen[g.Name()] = true
		if got, ok := Lookup(g.Name()); !ok || got.Name() != g.Name() {
			t.Errorf("Lookup(%s) failed", g.Name())
		}
		if len(g.Rules()) == 0 {
			t.Errorf("%s helps no rule", g.Name())
		}
		for _, id := range g.Rules() {
			if _, ok := cat.Rule(id); !ok {
				t.Errorf("%s names rule %s, which the catalog lacks", g.Name(), id)
			}
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup found an unknown generator")
	}
	if strings.Join(Names(), ",") != "license,contributing,security,code-of-conduct,changelog,publiccode" {
		t.Errorf("Names() = %v", Names())
	}
}

var todoAddress = regexp.MustCompile(`\[TODO ?: [^\]]*(address|adresse)[^\]]*\]`)

// TestEveryGeneratorPassesItsRules: in a repository that has only code,
// each generator's files make its rules pass, in both languages.
func TestEveryGeneratorPassesItsRules(t *testing.T) {
	for _, lang := range rules.Languages() {
		for _, g := range All() {
			t.Run(lang+"/"+g.Name(), func(t *testing.T) {
				r := repoWith(t, map[string]string{"main.go": "package main\n\nfunc main() {}\n", "go.mod": "module x\n\ngo 1.26\n"})
				var args []string
				if g.Name() == "license" {
					args = []string{"MIT"}
				}
				out := generate(t, g, inspect(t, r.Dir()), lang, args...)
				if g.Name() == "security" {
					// A policy without an address gives no private channel:
					// security/policy passes once a person writes one in.
					for i := range out.Files {
						out.Files[i].Content = todoAddress.ReplaceAll(out.Files[i].Content, []byte("securite@ville-exemple.fr"))
					}
				}
				if g.Name() == "publiccode" {
					// Its TODOs fail validation until a person fills them.
					for i := range out.Files {
						out.Files[i].Content = publiccodetest.FillTodos(out.Files[i].Content)
					}
				}
				res := scan(t, r.Dir(), out)
				for _, id := range g.Rules() {
					if rr, _ := res.Rule(id); rr.Outcome != finding.Pass {
						t.Errorf("%s = %s (%s %v)", id, rr.Outcome, rr.Reason.ID, rr.Reason.Args)
					}
				}
			})
		}
	}
}

func TestGeneratorsTakeNoArguments(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	for _, g := range All() {
		if _, ok := g.(Arguments); ok {
			continue
		}
		_, err := Generate(context.Background(), g, p, Options{Args: []string{"extra"}})
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "extra") {
			t.Errorf("%s with an argument: %v", g.Name(), err)
		}
	}
}

func TestTodos(t *testing.T) {
	files := []File{
		{Path: "B.md", Content: []byte("one\n" + todo("fr", "adresse") + " and " + todo("fr", "délai") + "\n")},
		{Path: "A.md", Content: []byte(todo("en", "contact") + "\n[not a todo]\n")},
	}
	got := Todos(files)
	want := []Todo{{"A.md", 1, "contact"}, {"B.md", 2, "adresse"}, {"B.md", 2, "délai"}}
	if len(got) != len(want) {
		t.Fatalf("Todos = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("todo %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestWriteNeverReplacesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "target")
	os.WriteFile(outside, []byte("keep me"), 0o644)
	os.WriteFile(filepath.Join(dir, "CONTRIBUTING.md"), []byte("mine"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "LICENSE"))
	os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "SECURITY.md")) // dangling

	for _, name := range []string{"CONTRIBUTING.md", "LICENSE", "SECURITY.md"} {
		done, err := Write(dir, []File{{Path: name, Content: []byte("new")}}, false)
		if !errors.Is(err, fs.ErrExist) || len(done) != 0 {
			t.Errorf("%s: written %v, err %v; want ErrExist", name, done, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "CONTRIBUTING.md")); string(b) != "mine" {
		t.Errorf("CONTRIBUTING.md replaced: %q", b)
	}

	// --force replaces the symlink itself, never what it points to.
	if _, err := Write(dir, []File{{Path: "LICENSE", Content: []byte("new")}, {Path: "CONTRIBUTING.md", Content: []byte("new")}}, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me" {
		t.Errorf("a symlink was followed: target now %q", b)
	}
	for _, name := range []string{"LICENSE", "CONTRIBUTING.md"} {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s: %v %v", name, fi, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "new" {
			t.Errorf("%s = %q", name, b)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*ouvert-tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteStaysInsideDir(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"../escape.md", "/etc/escape.md"} {
		if _, err := Write(dir, []File{{Path: p, Content: []byte("x")}}, true); err == nil {
			t.Errorf("%s: written outside the directory", p)
		}
	}
	if _, err := Write(dir, []File{{Path: ".github/SECURITY.md", Content: []byte("x")}}, false); err != nil {
		t.Errorf("a file in a new subdirectory: %v", err)
	}
}

func TestConflictsFindVariants(t *testing.T) {
	r := repoWith(t, map[string]string{
		"docs/CONTRIBUTING.rst": "Contributing\n============\n\nOpen an issue first.\n",
		"COPYING":               "GNU GENERAL PUBLIC LICENSE\n",
		".github/SECURITY.md":   "Write to security@example.org\n",
		"HISTORY.md":            "# History\n",
		"CODE_OF_CONDUCT.txt":   "Be kind.\n",
		"main.go":               "package main\n",
	})
	p := inspect(t, r.Dir())
	want := map[string]string{
		"contributing":    "docs/CONTRIBUTING.rst",
		"license":         "COPYING",
		"security":        ".github/SECURITY.md",
		"changelog":       "HISTORY.md",
		"code-of-conduct": "CODE_OF_CONDUCT.txt",
	}
	for _, g := range All() {
		var args []string
		if g.Name() == "license" {
			args = []string{"MIT"}
		}
		out := generate(t, g, p, "en", args...)
		got, err := Conflicts(r.Dir(), p, g, out)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != want[g.Name()] {
			t.Errorf("%s: conflicts %v, want %s", g.Name(), got, want[g.Name()])
		}
	}
	// An ignored file at the path is no variant the scan sees, but it is
	// there and must not be replaced.
	r.Write(".gitignore", "CHANGELOG.md\n")
	r.Write("CHANGELOG.md", "mine\n")
	out := generate(t, Changelog{}, p, "en")
	got, _ := Conflicts(r.Dir(), p, Changelog{}, out)
	if strings.Join(got, ",") != "CHANGELOG.md,HISTORY.md" {
		t.Errorf("conflicts = %v", got)
	}
}
