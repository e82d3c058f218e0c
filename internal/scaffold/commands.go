package scaffold

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// Command is how to build and test the project, as guessed from one file
// at its root. Either command may be empty (unknown).
type Command struct {
	From  string // the file the guess comes from: go.mod, package.json…
	Needs string // the tool to install first: "Go 1.26", "Node.js"…
	Setup string
	Test  string
}

var (
	goDirective = regexp.MustCompile(`(?m)^go\s+(\d+\.\d+)`)
	makeTest    = regexp.MustCompile(`(?m)^test\s*:`)
	makeBuild   = regexp.MustCompile(`(?m)^(all|build)\s*:`)
)

// npmPlaceholder is the test script `npm init` writes: it tests nothing.
const npmPlaceholder = `echo "Error: no test specified" && exit 1`

// guessCommands reads the build files at the root. It never runs anything:
// the commands are what the files say, for a person to check.
func guessCommands(repo source.Repo) []Command {
	has := map[string]bool{}
	for _, f := range repo.Files() {
		if !strings.Contains(f.Path, "/") {
			has[f.Path] = true
		}
	}
	read := func(name string) string {
		b, err := repo.Read(name, 1<<20)
		if err != nil {
			return ""
		}
		return string(b)
	}
	var out []Command
	// A Makefile's test target is the project's own entry point: first.
	if has["Makefile"] || has["GNUmakefile"] {
		name := "Makefile"
		if !has[name] {
			name = "GNUmakefile"
		}
		mk := read(name)
		c := Command{From: name}
		if makeTest.MatchString(mk) {
			c.Test = "make test"
		}
		if makeBuild.MatchString(mk) {
			c.Setup = "make"
		}
		if c.Test != "" || c.Setup != "" {
			out = append(out, c)
		}
	}
	if has["go.mod"] {
		c := Command{From: "go.mod", Needs: "Go", Setup: "go build ./...", Test: "go test ./..."}
		if m := goDirective.FindStringSubmatch(read("go.mod")); m != nil {
			c.Needs = "Go " + m[1]
		}
		out = append(out, c)
	}
	if has["package.json"] {
		out = append(out, nodeCommand(has, read("package.json")))
	}
	switch {
	case has["pyproject.toml"], has["setup.cfg"], has["setup.py"]:
		from := "pyproject.toml"
		if !has[from] {
			from = "setup.cfg"
			if !has[from] {
				from = "setup.py"
			}
		}
		c := Command{From: from, Needs: "Python 3", Setup: "python3 -m pip install -e .", Test: "python3 -m pytest"}
		if has["tox.ini"] {
			c.Test = "tox"
		}
		out = append(out, c)
	}
	if has["Cargo.toml"] {
		out = append(out, Command{From: "Cargo.toml", Needs: "Rust", Setup: "cargo build", Test: "cargo test"})
	}
	if has["pom.xml"] {
		out = append(out, Command{From: "pom.xml", Needs: "Java, Maven", Setup: "mvn -B compile", Test: "mvn -B test"})
	}
	for _, g := range []string{"build.gradle", "build.gradle.kts"} {
		if has[g] {
			tool := "gradle"
			if has["gradlew"] {
				tool = "./gradlew"
			}
			out = append(out, Command{From: g, Needs: "Java", Setup: tool + " assemble", Test: tool + " test"})
			break
		}
	}
	if has["composer.json"] {
		c := Command{From: "composer.json", Needs: "PHP, Composer", Setup: "composer install"}
		var doc struct {
			Scripts map[string]any `json:"scripts"`
		}
		if json.Unmarshal([]byte(read("composer.json")), &doc) == nil && doc.Scripts["test"] != nil {
			c.Test = "composer test"
		} else if has["phpunit.xml"] || has["phpunit.xml.dist"] {
			c.Test = "vendor/bin/phpunit"
		}
		out = append(out, c)
	}
	if has["Gemfile"] {
		c := Command{From: "Gemfile", Needs: "Ruby, Bundler", Setup: "bundle install"}
		if has["Rakefile"] {
			c.Test = "bundle exec rake test"
		}
		out = append(out, c)
	}
	return out
}

func nodeCommand(has map[string]bool, pkg string) Command {
	tool := "npm"
	switch {
	case has["pnpm-lock.yaml"]:
		tool = "pnpm"
	case has["yarn.lock"]:
		tool = "yarn"
	}
	c := Command{From: "package.json", Needs: "Node.js", Setup: tool + " install"}
	if tool == "npm" && has["package-lock.json"] {
		c.Setup = "npm ci"
	}
	var doc struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal([]byte(pkg), &doc) == nil {
		if t := strings.TrimSpace(doc.Scripts["test"]); t != "" && t != npmPlaceholder {
			c.Test = tool + " test"
		}
	}
	return c
}
