package scaffold

import (
	"strings"
	"testing"
)

func TestChangelogSeededWithTheLatestTag(t *testing.T) {
	r := repoWith(t, map[string]string{"main.go": "package main\n"})
	r.Tag("v1.2.0")
	r.Git("remote", "add", "origin", "https://github.com/mairie/budget.git")
	p := inspect(t, r.Dir())
	en := content(generate(t, Changelog{}, p, "en"), "CHANGELOG.md")
	for _, want := range []string{
		"# Changelog",
		"Keep a Changelog\n(https://keepachangelog.com/en/1.1.0/); version numbers follow Semantic\nVersioning",
		"## [Unreleased]\n\n## [1.2.0] - 2024-01-02\n\n[TODO: what changed in v1.2.0]\n",
		"[Unreleased]: https://github.com/mairie/budget/compare/v1.2.0...HEAD\n[1.2.0]: https://github.com/mairie/budget/releases/tag/v1.2.0\n",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English changelog lacks %q:\n%s", want, en)
		}
	}
	fr := content(generate(t, Changelog{}, p, "fr"), "CHANGELOG.md")
	for _, want := range []string{"# Journal des modifications", "## [Non publié]\n\n## [1.2.0] - 2024-01-02", "[Non publié]: https://github.com/mairie/budget/compare/v1.2.0...HEAD", "https://keepachangelog.com/fr/1.1.0/"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French changelog lacks %q:\n%s", want, fr)
		}
	}
}

func TestChangelogWithoutTags(t *testing.T) {
	p := inspect(t, repoWith(t, map[string]string{"main.go": "package main\n"}).Dir())
	out := generate(t, Changelog{}, p, "en")
	got := content(out, "CHANGELOG.md")
	if !strings.HasSuffix(got, "## [Unreleased]\n") || strings.Contains(got, "Semantic") || len(Todos(out.Files)) != 0 {
		t.Errorf("changelog without tags:\n%q", got)
	}
	// A tag that is no semantic version is kept as is, and claims nothing.
	r := repoWith(t, map[string]string{"main.go": "package main\n"})
	r.Tag("release-2024")
	got = content(generate(t, Changelog{}, inspect(t, r.Dir()), "en"), "CHANGELOG.md")
	if !strings.Contains(got, "## [release-2024] - 2024-01-02") || strings.Contains(got, "Semantic") {
		t.Errorf("changelog with a plain tag:\n%s", got)
	}
}
