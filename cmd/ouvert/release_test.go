package main

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// root is the repository's root, where the release files live.
var root = filepath.Join("..", "..")

// goDirective is the Go version go.mod asks for.
func goDirective(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return string(m[1])
}

// dockerInstr is one instruction of a Dockerfile, continuation lines joined.
type dockerInstr struct {
	op, args string
	stage    int // index of the FROM it belongs to
}

func parseDockerfile(t *testing.T, b []byte) []dockerInstr {
	t.Helper()
	var out []dockerInstr
	stage := -1
	var cur strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		op, args, _ := strings.Cut(cur.String(), " ")
		cur.Reset()
		op = strings.ToUpper(op)
		if op == "FROM" {
			stage++
		}
		out = append(out, dockerInstr{op: op, args: strings.TrimSpace(args), stage: stage})
	}
	return out
}

// TestDockerfile checks what the image promises (a static binary, no git,
// not root) in the Dockerfile itself, since no Docker engine runs here;
// with one, it builds the image and runs it.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	ins := parseDockerfile(t, b)
	last := ins[len(ins)-1].stage
	var build, final []dockerInstr
	for _, in := range ins {
		switch in.stage {
		case -1:
			if in.op == "ARG" && strings.HasPrefix(in.args, "GO_VERSION=") && in.args != "GO_VERSION="+goDirective(t) {
				t.Errorf("ARG %s: go.mod says go %s", in.args, goDirective(t))
			}
		case last:
			final = append(final, in)
		default:
			build = append(build, in)
		}
	}
	if len(build) == 0 || !strings.HasPrefix(build[0].args, "golang:${GO_VERSION}-") {
		t.Errorf("the build stage must start FROM golang:${GO_VERSION}-…: %+v", build)
	}
	var compiled bool
	for _, in := range build {
		if in.op == "RUN" && strings.Contains(in.args, "go build") {
			compiled = true
			for _, want := range []string{"CGO_ENABLED=0", "-X main.version=${VERSION}", "./cmd/ouvert"} {
				if !strings.Contains(in.args, want) {
					t.Errorf("go build lacks %s: %s", want, in.args)
				}
			}
		}
	}
	if !compiled {
		t.Error("no go build in the build stage")
	}
	if final[0].args != "scratch" {
		t.Errorf("final stage FROM %s, want scratch: nothing but the binary", final[0].args)
	}
	var user, entry string
	var copied []string
	for _, in := range final {
		switch in.op {
		case "RUN":
			t.Errorf("the final stage runs %q: it has no shell", in.args)
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entry = in.args
		case "COPY":
			f := strings.Fields(in.args)
			copied = append(copied, f[len(f)-1])
		}
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || uid == "root" {
		t.Errorf("USER %q: the image must not run as root", user)
	}
	var argv []string
	if err := json.Unmarshal([]byte(entry), &argv); err != nil || len(argv) == 0 || !slices.Contains(copied, argv[0]) {
		t.Errorf("ENTRYPOINT %q: want the exec form naming the copied binary (copied %q)", entry, copied)
	}
	for _, want := range []string{"/etc/ssl/certs/ca-certificates.crt", "/tmp"} {
		if !slices.Contains(copied, want) {
			t.Errorf("the image lacks %s (copied %q)", want, copied)
		}
	}
	if ig, err := os.ReadFile(filepath.Join(root, ".dockerignore")); err != nil || !regexp.MustCompile(`(?m)^\.git$`).Match(ig) {
		t.Error(".dockerignore must leave .git out of the build context")
	}

	if exec.Command("docker", "info").Run() != nil {
		t.Log("no Docker engine: the image is not built")
		return
	}
	tag := "ouvert-test:" + strings.ToLower(t.Name())
	if out, err := exec.Command("docker", "build", "-q", "--build-arg", "VERSION=v0.0.0-image", "-t", tag, root).CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	defer exec.Command("docker", "rmi", "-f", tag).Run()
	out, err := exec.Command("docker", "run", "--rm", tag, "version").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ouvert v0.0.0-image" {
		t.Errorf("docker run version: %v, %q", err, out)
	}
}

// TestStaticBinaryNeedsNoGit builds ouvert as the image and the release
// archives do, then runs it where no git command exists.
func TestStaticBinaryNeedsNoGit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "ouvert")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=v9.8.7-test", "-o", exe, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary asks for a dynamic loader: not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary links %q: not static", libs)
	}

	r := stagedRepo(t)
	key := freshKey(t)
	r.Write("deploy/id_rsa", key)
	r.Add("deploy/id_rsa")
	noGit := t.TempDir() // PATH with nothing in it
	run := func(args ...string) outcome {
		return runExe(t, exe, r.Dir(), []string{"PATH=" + noGit, "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, args...)
	}
	if o := run("version"); o.stdout != "ouvert v9.8.7-test\n" {
		t.Errorf("version = %q, want the stamped one", o.stdout)
	}
	if o := run("scan", "--staged"); o.code != 1 || !strings.Contains(o.stdout, "deploy/id_rsa:1") {
		t.Errorf("scan --staged without git: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	o := run("scan", "--format", "json", "--min-level", "none")
	var j jsonOut
	if err := json.Unmarshal([]byte(o.stdout), &j); err != nil || len(j.Target.Commit) != 40 {
		t.Errorf("scan without git: exit %d, commit %q, %v\n%s", o.code, j.Target.Commit, err, o.stderr)
	}
}

// goreleaserConfig holds the parts of .goreleaser.yaml that the release
// promises rest on.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
}

// TestGoreleaserConfig checks the release configuration; where goreleaser
// is installed (scripts/release-snapshot.sh installs it) it also runs
// goreleaser check.
func TestGoreleaserConfig(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if c.Version != 2 || len(c.Builds) != 1 {
		t.Fatalf("want a version 2 configuration with one build: %+v", c)
	}
	bld := c.Builds[0]
	if bld.Main != "./cmd/ouvert" || bld.Binary != "ouvert" || !slices.Contains(bld.Env, "CGO_ENABLED=0") {
		t.Errorf("build = %+v: want ./cmd/ouvert, static (CGO_ENABLED=0)", bld)
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(bld.Goos, goos) {
			t.Errorf("no %s build", goos)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(bld.Goarch, arch) {
			t.Errorf("no %s build", arch)
		}
	}
	if !strings.Contains(strings.Join(bld.Ldflags, " "), "-X main.version=v{{ .Version }}") {
		t.Errorf("ldflags %q do not stamp main.version as v<version>", bld.Ldflags)
	}
	if c.Checksum.NameTemplate == "" || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum = %+v, want a sha256 checksums file", c.Checksum)
	}
	zip := false
	for _, a := range c.Archives {
		for _, o := range a.FormatOverrides {
			zip = zip || o.Goos == "windows" && slices.Equal(o.Formats, []string{"zip"})
		}
	}
	if !zip {
		t.Error("Windows archives should be zip files")
	}
	// ci/install.sh downloads archives by name: the two must agree.
	install, err := os.ReadFile(filepath.Join(root, "ci", "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Archives) != 1 || c.Archives[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" ||
		!strings.Contains(string(install), `archive="ouvert_${version#v}_${os}_${arch}.tar.gz"`) {
		t.Errorf("archive names: .goreleaser.yaml %+v and ci/install.sh disagree", c.Archives)
	}

	gr := os.Getenv("GORELEASER")
	if gr == "" {
		gr, _ = exec.LookPath("goreleaser")
	}
	if gr == "" {
		if p := filepath.Join(root, ".ci", "bin", "goreleaser"); fileExists(p) {
			gr = p
		}
	}
	if gr == "" {
		t.Log("goreleaser not installed: goreleaser check not run (scripts/release-snapshot.sh runs it)")
		return
	}
	cmd := exec.Command(gr, "check")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestReleaseDocs keeps the documented commands in step
// with the files they use.
func TestReleaseDocs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	hooks, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range regexp.MustCompile(`(?m)^- id: (\S+)$`).FindAllStringSubmatch(string(hooks), -1) {
		if !strings.Contains(readme, "id: "+id[1]) {
			t.Errorf("README does not show the %s hook", id[1])
		}
	}
	for _, want := range []string{"docker build", "scripts/release-snapshot.sh", "ouvert scan --staged"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not mention %q", want)
		}
	}
}
