package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// TestUsageErrorsInFrench: the errors a user fixes by typing something
// else are one line in the user's language (--lang or LANG), exit 2.
func TestUsageErrorsInFrench(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "absent")
	file := filepath.Join(dir, "fichier.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		fr, en string
	}{
		{args: []string{"scan", missing}, fr: missing + "\u00a0: ce dossier n'existe pas", en: missing + ": no such directory"},
		{args: []string{"scan", file}, fr: file + "\u00a0: ce n'est pas un dossier", en: file + ": not a directory"},
		{args: []string{"scan", "--staged", dir}, fr: "pas dans un dépôt git", en: "not in a git repository"},
		{args: []string{"scan", "--ref", "main", dir}, fr: "--ref main demande un dépôt git", en: "--ref main needs a git repository"},
		{args: []string{"rules", "frobnicate/x"}, fr: "règle inconnue «\u00a0frobnicate/x\u00a0»", en: `unknown rule "frobnicate/x"`},
		{args: []string{"fix", "--dir", missing}, fr: missing + "\u00a0: ce dossier n'existe pas", en: missing + ": no such directory"},
	} {
		for lang, want := range map[string]string{"fr": c.fr, "en": c.en} {
			o := ouvert(t, dir, nil, append(c.args, "--lang", lang)...)
			line := strings.TrimSpace(o.stderr)
			if o.code != 2 || !strings.Contains(line, want) || strings.Count(line, "\n") != 0 {
				t.Errorf("%v --lang %s: exit %d, stderr %q, want one line with %q", c.args, lang, o.code, o.stderr, want)
			}
		}
		// LANG alone chooses French too.
		if o := ouvert(t, dir, []string{"LANG=fr_FR.UTF-8"}, c.args...); !strings.Contains(o.stderr, c.fr) {
			t.Errorf("%v with LANG=fr_FR.UTF-8: %q", c.args, o.stderr)
		}
	}
}

// TestEveryTargetProblemInFrench: a problem source can name and the CLI
// cannot say in French would reach a French user in English; in English
// the line is source's own.
func TestEveryTargetProblemInFrench(t *testing.T) {
	for _, p := range []source.TargetProblem{source.ProblemEmpty, source.ProblemNotFound, source.ProblemNotDir,
		source.ProblemRefNeedsRepo, source.ProblemNoIndex, source.ProblemBareNoIndex} {
		err := &source.TargetError{Target: "x", Problem: p, Ref: "main"}
		fr, en := errorLine(err, "fr"), errorLine(err, "en")
		if fr == en || strings.Contains(fr, "{") {
			t.Errorf("%s: fr %q, en %q", p, fr, en)
		}
		// The catalog's English is source's sentence, kept in step.
		if cat := rules.Say("en", "target."+string(p), "target", "x", "ref", "main"); !strings.HasPrefix(en, cat+": ") {
			t.Errorf("%s: catalog says %q, source %q", p, cat, en)
		}
	}
}
