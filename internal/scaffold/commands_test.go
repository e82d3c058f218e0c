package scaffold

import (
	"testing"
)

func TestGuessCommands(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []Command
	}{
		{"go", map[string]string{"go.mod": "module x\n\ngo 1.26.2\n"},
			[]Command{{From: "go.mod", Needs: "Go 1.26", Setup: "go build ./...", Test: "go test ./..."}}},
		{"makefile first", map[string]string{"Makefile": "all: build\n\nbuild:\n\tgo build\n\ntest:\n\tgo test ./...\n", "go.mod": "module x\n"},
			[]Command{{From: "Makefile", Setup: "make", Test: "make test"}, {From: "go.mod", Needs: "Go", Setup: "go build ./...", Test: "go test ./..."}}},
		{"npm with tests", map[string]string{"package.json": `{"scripts": {"test": "vitest run"}}`, "package-lock.json": "{}"},
			[]Command{{From: "package.json", Needs: "Node.js", Setup: "npm ci", Test: "npm test"}}},
		{"npm placeholder test", map[string]string{"package.json": `{"scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}`},
			[]Command{{From: "package.json", Needs: "Node.js", Setup: "npm install"}}},
		{"yarn", map[string]string{"package.json": `{"scripts": {"test": "jest"}}`, "yarn.lock": ""},
			[]Command{{From: "package.json", Needs: "Node.js", Setup: "yarn install", Test: "yarn test"}}},
		{"python", map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n"},
			[]Command{{From: "pyproject.toml", Needs: "Python 3", Setup: "python3 -m pip install -e .", Test: "python3 -m pytest"}}},
		{"python tox", map[string]string{"setup.cfg": "[metadata]\n", "tox.ini": "[tox]\n"},
			[]Command{{From: "setup.cfg", Needs: "Python 3", Setup: "python3 -m pip install -e .", Test: "tox"}}},
		{"maven", map[string]string{"pom.xml": "<project/>"},
			[]Command{{From: "pom.xml", Needs: "Java, Maven", Setup: "mvn -B compile", Test: "mvn -B test"}}},
		{"gradle wrapper", map[string]string{"build.gradle.kts": "", "gradlew": "#!/bin/sh\n"},
			[]Command{{From: "build.gradle.kts", Needs: "Java", Setup: "./gradlew assemble", Test: "./gradlew test"}}},
		{"composer", map[string]string{"composer.json": `{"scripts": {"test": "phpunit"}}`},
			[]Command{{From: "composer.json", Needs: "PHP, Composer", Setup: "composer install", Test: "composer test"}}},
		{"rust", map[string]string{"Cargo.toml": "[package]\n"},
			[]Command{{From: "Cargo.toml", Needs: "Rust", Setup: "cargo build", Test: "cargo test"}}},
		{"ruby", map[string]string{"Gemfile": "", "Rakefile": ""},
			[]Command{{From: "Gemfile", Needs: "Ruby, Bundler", Setup: "bundle install", Test: "bundle exec rake test"}}},
		{"nested files do not count", map[string]string{"tools/go.mod": "module y\n", "README.md": "# x\n"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := inspect(t, repoWith(t, tc.files).Dir())
			if len(p.Commands) != len(tc.want) {
				t.Fatalf("commands = %+v, want %+v", p.Commands, tc.want)
			}
			for i := range tc.want {
				if p.Commands[i] != tc.want[i] {
					t.Errorf("command %d = %+v, want %+v", i, p.Commands[i], tc.want[i])
				}
			}
		})
	}
}
