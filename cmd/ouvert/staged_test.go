package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/internal/testrepos"
)

// stagedRepo is a committed repository with nothing staged yet.
func stagedRepo(t *testing.T) *sourcetest.Repo { return testrepos.Staged(t) }

func staged(t *testing.T, dir string, args ...string) outcome {
	t.Helper()
	return ouvert(t, dir, nil, append([]string{"scan", "--staged"}, args...)...)
}

func TestStagedSecretBlocksTheCommit(t *testing.T) {
	key := freshKey(t)
	r := stagedRepo(t)
	r.Write("deploy/id_rsa", key)
	r.Add("deploy/id_rsa")
	o := staged(t, r.Dir())
	if o.code != 1 {
		t.Fatalf("exit %d, want 1; stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{"secrets/private-key", "deploy/id_rsa:1", "chars)", "Commit blocked: 1 secret staged", "openness level is not computed"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, o.stdout)
		}
	}
	if leaks(o.stdout+o.stderr, key) {
		t.Error("the report prints the private key")
	}
	if o.stderr != "" {
		t.Errorf("stderr = %q, want nothing", o.stderr)
	}
	fr := ouvert(t, r.Dir(), []string{"LANG=fr_FR.UTF-8"}, "scan", "--staged")
	if fr.code != 1 || !strings.Contains(fr.stdout, "Commit bloqué : 1 secret indexé") {
		t.Errorf("French: exit %d\n%s", fr.code, fr.stdout)
	}
	out := filepath.Join(t.TempDir(), "staged.txt")
	if o := staged(t, r.Dir(), "--output", out); o.code != 1 || o.stdout != "" {
		t.Errorf("--output: exit %d, stdout %q", o.code, o.stdout)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "deploy/id_rsa:1") {
		t.Errorf("--output file = %q", b)
	}

	// Unstaged with the command the report gives, the file is no longer
	// in what the commit adds.
	if cmd := runUnstage(t, r, o.stdout); cmd != "git restore --staged -- deploy/id_rsa" {
		t.Errorf("unstage command %q", cmd)
	}
	if o := staged(t, r.Dir()); o.code != 0 || !strings.Contains(o.stdout, "nothing staged") {
		t.Errorf("after git restore --staged: exit %d\n%s", o.code, o.stdout)
	}
}

// runUnstage runs, in the repository, the command a blocked commit's
// report says unstages the files, and returns it.
func runUnstage(t *testing.T, r *sourcetest.Repo, report string) string {
	t.Helper()
	m := regexp.MustCompile(`(git (?:rm --cached|restore --staged) -- .+?)\. (?:A secret|Un secret)`).FindStringSubmatch(strings.Join(strings.Fields(report), " "))
	if m == nil {
		t.Fatalf("no command to unstage in:\n%s", report)
	}
	cmd := exec.Command("sh", "-c", m[1])
	cmd.Dir = r.Dir()
	cmd.Env = sourcetest.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: %v\n%s", m[1], err, out)
	}
	return m[1]
}

func TestStagedReadsTheIndex(t *testing.T) {
	key := freshKey(t)
	r := stagedRepo(t)
	// Staged clean, then the secret written to the work tree only; and an
	// untracked file with a secret.
	r.Write("config/app.yml", "name: budget\nport: 9090\n")
	r.Add("config/app.yml")
	r.Write("config/app.yml", "name: budget\nport: 9090\nkey: |\n"+key)
	r.Write("notes/id_rsa", key)
	o := staged(t, r.Dir())
	if o.code != 0 || !strings.Contains(o.stdout, "1 staged file") || !strings.Contains(o.stdout, "No secret in the staged changes") {
		t.Errorf("work tree secret: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}

	// The other way round: the secret staged, then removed from the work
	// tree before committing. The commit would still carry it.
	r.Write("config/app.yml", "name: budget\n\n\nkey: |\n"+key)
	r.Add("config/app.yml")
	r.Write("config/app.yml", "name: budget\n")
	o = staged(t, r.Dir())
	if o.code != 1 || !strings.Contains(o.stdout, "config/app.yml:5") {
		t.Errorf("staged secret, cleaned work tree: exit %d\n%s", o.code, o.stdout)
	}
}

func TestStagedIgnoresWhatIsAlreadyCommitted(t *testing.T) {
	key := freshKey(t)
	r := stagedRepo(t)
	r.Write("deploy/id_rsa", key)
	r.Write("deploy/old.pem", key)
	r.Write("deploy/gone.pem", key)
	r.Commit("an old mistake", sourcetest.Epoch.Add(1))

	// Untouched in the index: not what the commit adds.
	r.Write("docs/guide.md", "# Guide\n")
	r.Add("docs/guide.md")
	if o := staged(t, r.Dir()); o.code != 0 || strings.Contains(o.stdout, "deploy/") {
		t.Errorf("secret in HEAD only: exit %d\n%s", o.code, o.stdout)
	}
	// Deleted, renamed, renamed and edited, edited: the secret was there
	// before; the report counts it without blocking.
	r.Git("rm", "--quiet", "deploy/gone.pem")
	r.Git("mv", "deploy/old.pem", "deploy/moved.pem")
	r.Git("mv", "deploy/id_rsa", "deploy/key.pem")
	r.Write("deploy/key.pem", "# rotated on Monday\n"+key)
	r.Add("deploy/key.pem")
	o := staged(t, r.Dir())
	if o.code != 0 || !strings.Contains(o.stdout, "already committed") || strings.Contains(o.stdout, "secrets/private-key") {
		t.Errorf("rename, edit, delete: exit %d\n%s", o.code, o.stdout)
	}
	if !strings.Contains(o.stdout, "2 staged files") { // guide.md and key.pem; moved.pem adds nothing
		t.Errorf("counted files:\n%s", o.stdout)
	}
	// A new secret beside the old one still blocks.
	other := freshKey(t)
	r.Write("deploy/key.pem", "# rotated on Monday\n"+key+other)
	r.Add("deploy/key.pem")
	if o := staged(t, r.Dir()); o.code != 1 || strings.Count(o.stdout, "secrets/private-key") != 1 || !strings.Contains(o.stdout, "deploy/key.pem:") {
		t.Errorf("new secret beside an old one: exit %d\n%s", o.code, o.stdout)
	}
}

func TestStagedFirstCommitBinaryAndEmpty(t *testing.T) {
	r := sourcetest.New(t)
	if o := staged(t, r.Dir()); o.code != 0 || !strings.Contains(o.stdout, "nothing staged") {
		t.Errorf("empty index, no HEAD: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	key := freshKey(t)
	// A binary file is not read for secrets (it would only give noise).
	r.Write("assets/logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+strings.Repeat("\x00", 64)+key)
	r.Add("assets/logo.png")
	if o := staged(t, r.Dir()); o.code != 0 || !strings.Contains(o.stdout, "1 staged file") {
		t.Errorf("binary file: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	r.Write("server.key", key)
	r.Write("conf/it's secret.pem", freshKey(t))
	r.Add("server.key", "conf/it's secret.pem")
	o := staged(t, r.Dir())
	if o.code != 1 || !strings.Contains(o.stdout, "server.key:1") {
		t.Errorf("first commit with a secret: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	// Without HEAD, git restore --staged fails; git rm --cached works, and
	// the paths are quoted for the shell.
	if cmd := runUnstage(t, r, o.stdout); cmd != `git rm --cached -- 'conf/it'\''s secret.pem' server.key` {
		t.Errorf("unstage command %q", cmd)
	}
	if o := staged(t, r.Dir()); o.code != 0 || !strings.Contains(o.stdout, "1 staged file") {
		t.Errorf("after unstaging: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if _, err := os.Stat(filepath.Join(r.Dir(), "server.key")); err != nil {
		t.Errorf("the file was removed from the work tree: %v", err)
	}
}

func TestStagedSensitiveDataAndExceptions(t *testing.T) {
	r := stagedRepo(t)
	ip := strings.Join([]string{"10", "12", "4", "7"}, ".")
	r.Write("config/app.yml", "name: budget\ndb_host: "+ip+"\n")
	r.Add("config/app.yml")
	o := staged(t, r.Dir())
	if o.code != 0 || !strings.Contains(o.stdout, "sensitive/private-ip") || !strings.Contains(o.stdout, "warning") {
		t.Errorf("sensitive data is a warning: exit %d\n%s", o.code, o.stdout)
	}
	if o := staged(t, r.Dir(), "--fail-on", "warning"); o.code != 1 || !strings.Contains(o.stdout, "sensitive/private-ip") {
		t.Errorf("--fail-on warning: exit %d\n%s", o.code, o.stdout)
	}

	// A key in a test fixture is an uncertain secret: a note that says
	// why, and no blocked commit.
	key := freshKey(t)
	r.Write("test/fixtures/id_rsa", key)
	r.Add("test/fixtures/id_rsa")
	if o := staged(t, r.Dir()); o.code != 0 || !strings.Contains(o.stdout, "uncertain") || strings.Contains(o.stdout, "Commit blocked") {
		t.Errorf("a fixture key is a note: exit %d\n%s", o.code, o.stdout)
	}

	// An exception staged in .ouvert.yml is the one that applies.
	r.Write("deploy/id_rsa", key)
	r.Write(".ouvert.yml", "exceptions:\n  - {rule: \"secrets/*\", path: deploy/, reason: \"test key, never deployed\"}\n")
	r.Add("deploy/id_rsa")
	if o := staged(t, r.Dir()); o.code != 1 || !strings.Contains(o.stdout, "Commit blocked: 1 secret staged") {
		t.Errorf("exception written but not staged: exit %d\n%s", o.code, o.stdout)
	}
	r.Add(".ouvert.yml")
	o = staged(t, r.Dir())
	if o.code != 0 || !strings.Contains(o.stdout, "test key, never deployed") {
		t.Errorf("staged exception: exit %d\n%s", o.code, o.stdout)
	}
}

func TestStagedBadInput(t *testing.T) {
	r := stagedRepo(t)
	bare := r.Clone(true)
	plain := t.TempDir()
	cases := []struct {
		name string
		dir  string
		args []string
		code int
		want string
	}{
		{"plain directory", plain, nil, 2, "not in a git repository"},
		{"bare repository", bare, nil, 2, "bare repository"},
		{"url", ".", []string{"https://example.org/x.git"}, 2, "not a URL"},
		{"ref", r.Dir(), []string{"--ref", "HEAD"}, 2, "--staged cannot be used with --ref"},
		{"since", r.Dir(), []string{"--since", "main"}, 2, "--since"},
		{"min-level", r.Dir(), []string{"--min-level", "B"}, 2, "no level is computed"},
		{"baseline", r.Dir(), []string{"--baseline", "x.json"}, 2, "--baseline"},
		{"format", r.Dir(), []string{"--format", "json"}, 2, "--format json"},
		{"bad fail-on", r.Dir(), []string{"--fail-on", "loud"}, 2, "--fail-on"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := staged(t, tc.dir, tc.args...)
			if o.code != tc.code || !strings.Contains(o.stderr, tc.want) || strings.Count(strings.TrimSpace(o.stderr), "\n") > 0 {
				t.Errorf("exit %d, want %d; stderr %q lacks %q or is not one line", o.code, tc.code, o.stderr, tc.want)
			}
		})
	}
	os.WriteFile(filepath.Join(r.Dir(), ".git", "index"), []byte("DIRC\x00\x00\x00\x02garbage"), 0o644)
	if o := staged(t, r.Dir()); o.code != 3 || !strings.Contains(o.stderr, "index") {
		t.Errorf("broken index: exit %d, stderr %q", o.code, o.stderr)
	}
}

func TestStagedRunsNothingFromTheRepository(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "pwned")
	r := stagedRepo(t)
	for _, h := range []string{"pre-commit", "post-index-change", "fsmonitor-watchman"} {
		os.WriteFile(filepath.Join(r.Dir(), ".git", "hooks", h), []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755)
	}
	r.Write("config/app.yml", "name: budget\nport: 1\n")
	r.Add("config/app.yml")
	f, _ := os.OpenFile(filepath.Join(r.Dir(), ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("[filter \"evil\"]\n\tclean = touch " + marker + "\n\tsmudge = touch " + marker + "\n\trequired = true\n[core]\n\tfsmonitor = touch " + marker + "\n")
	f.Close()
	os.WriteFile(filepath.Join(r.Dir(), ".gitattributes"), []byte("* filter=evil\n"), 0o644)
	os.Remove(marker)
	if o := staged(t, r.Dir()); o.code != 0 {
		t.Errorf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("something from the repository ran")
	}
}

// preCommitHook is one hook of .pre-commit-hooks.yaml, with the fields
// pre-commit reads to run it.
type preCommitHook struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	Entry         string   `yaml:"entry"`
	Language      string   `yaml:"language"`
	Args          []string `yaml:"args"`
	PassFilenames *bool    `yaml:"pass_filenames"`
}

// TestPreCommitHooks runs each hook as pre-commit would: its entry split as
// a shell would, then its args, then the staged file names unless
// pass_filenames is false; the hook's executable is the built binary.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hook defined")
	}
	key := freshKey(t)
	for _, h := range hooks {
		t.Run(h.ID, func(t *testing.T) {
			if h.Name == "" || h.Language != "golang" && h.Language != "system" {
				t.Errorf("hook %+v: want a name and language golang or system", h)
			}
			// The hook reads the index itself: file names would only be
			// taken for a path to scan.
			if h.PassFilenames == nil || *h.PassFilenames {
				t.Fatal("pass_filenames must be false")
			}
			// pre-commit splits the entry as a POSIX shell would; with no
			// quote or escape, that is splitting on spaces.
			if strings.ContainsAny(h.Entry, "'\"\\$`") {
				t.Fatalf("entry %q: keep it free of quotes and escapes", h.Entry)
			}
			argv := strings.Fields(h.Entry)
			if len(argv) == 0 || argv[0] != "ouvert" {
				t.Fatalf("entry %q: want ouvert …", h.Entry)
			}
			args := append(argv[1:], h.Args...)

			r := stagedRepo(t)
			r.Write("README.md", "# Budget\n\nExports the budget, now in CSV.\n")
			r.Add("README.md")
			if o := ouvert(t, r.Dir(), nil, args...); o.code != 0 {
				t.Errorf("clean change: exit %d\n%s%s", o.code, o.stdout, o.stderr)
			}
			r.Write("deploy/id_rsa", key)
			r.Add("deploy/id_rsa")
			o := ouvert(t, r.Dir(), nil, args...)
			if o.code != 1 || !strings.Contains(o.stdout, "deploy/id_rsa:1") || leaks(o.stdout, key) {
				t.Errorf("staged secret: exit %d\n%s%s", o.code, o.stdout, o.stderr)
			}
			// A user's args (here the language) follow the entry.
			fr := ouvert(t, r.Dir(), nil, append(args, "--lang", "fr")...)
			if fr.code != 1 || !strings.Contains(fr.stdout, "Commit bloqué") {
				t.Errorf("with --lang fr: exit %d\n%s", fr.code, fr.stdout)
			}
		})
	}
}

// TestPlainGitHook runs the README's hook for those without pre-commit,
// through a real git commit.
func TestPlainGitHook(t *testing.T) {
	hook := "#!/bin/sh\nexec ouvert scan --staged\n"
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "printf '"+strings.ReplaceAll(hook, "\n", `\n`)+"' > .git/hooks/pre-commit") {
		t.Fatal("README's git hook differs from the one tested here")
	}
	r := stagedRepo(t)
	os.WriteFile(filepath.Join(r.Dir(), ".git", "hooks", "pre-commit"), []byte(hook), 0o755)
	r.Write("deploy/id_rsa", freshKey(t))
	r.Add("deploy/id_rsa")
	// git runs the hook with the caller's PATH: the built binary is there.
	path := "PATH=" + filepath.Dir(exe(t)) + string(os.PathListSeparator) + os.Getenv("PATH")
	commit := exec.Command("git", "commit", "--quiet", "-m", "add the deploy key")
	commit.Dir = r.Dir()
	commit.Env = append(sourcetest.Env(), path)
	out, err := commit.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Commit blocked") {
		t.Fatalf("git commit with a staged secret: %v\n%s", err, out)
	}
	r.Git("restore", "--staged", "deploy/id_rsa")
	r.Write("docs/guide.md", "# Guide\n")
	r.Add("docs/guide.md")
	commit = exec.Command("git", "commit", "--quiet", "-m", "docs")
	commit.Dir = r.Dir()
	commit.Env = append(sourcetest.Env(), path)
	if out, err := commit.CombinedOutput(); err != nil {
		t.Errorf("git commit of a clean change: %v\n%s", err, out)
	}
}

// TestPreCommitTryRepo has pre-commit itself run the hook from this
// checkout, as a user's configuration would (the system hook: the Go one
// only adds pre-commit building ouvert).
func TestPreCommitTryRepo(t *testing.T) {
	pc, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (.ci/run installs it)")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	r := stagedRepo(t)
	env := append(sourcetest.Env(), "PATH="+filepath.Dir(exe(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_HOME="+t.TempDir(), "HOME="+t.TempDir(), "LANG=C.UTF-8")
	try := func() (string, error) {
		cmd := exec.Command(pc, "try-repo", root, "ouvert-secrets-system")
		cmd.Dir = r.Dir()
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	r.Write("deploy/id_rsa", freshKey(t))
	r.Add("deploy/id_rsa")
	out, err := try()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "deploy/id_rsa:1") || !strings.Contains(out, "Failed") {
		t.Fatalf("staged secret: %v\n%s", err, out)
	}
	r.Git("restore", "--staged", "deploy/id_rsa")
	r.Write("docs/guide.md", "# Guide\n")
	r.Add("docs/guide.md")
	if out, err := try(); err != nil || !strings.Contains(out, "Passed") {
		t.Errorf("clean change: %v\n%s", err, out)
	}
}
