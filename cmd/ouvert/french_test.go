package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// englishWords are words of English that French text never holds; a
// line in French that has one of them was not translated.
var englishWords = regexp.MustCompile(`(?i)\b(the|and|of|to|with|from|every|each|file|files|found|no|error|repository|repositories|report|give|want|default|this|only|when|which|is|are|be|for|flags|available|commands|use|help|done|failed|listed|warning|could|not|needs|written|shard|interrupted|none|cloning|level|written|unknown|missing|cannot|did|you|mean|here|there|would|should|write|run)\b`)

// identifiers are what stays as written in any language: flags, URLs,
// paths and file names, placeholders in capitals, values in quotes, the
// example command lines, rule ids, a flag's values after its colon, and
// the code spans.
var identifiers = regexp.MustCompile("(?m)\\S*:\\d+:\\d+: (?:error|warning)\\b|\\b\\w+(?:\\|\\w+)+\\b|^ {2}[a-z]+ {2,}|aide d(?:e |')\\w+|<!--.*-->|\\s{2}(?:error|warning|note)\\s{2}|défaut (?:none|partial)\\b|Developer Certificate of Origin|détail de git\\x{a0}: « .* »|^\\s+ouvert .*$|^\\s*(?:source|echo) .*$|ouvert [a-z]+(?: [a-z]+)?|(?:, |ou |:\\s|« )(?:none|error|warning|note|csv|jsonl|json|markdown|html|tab|text|url|svg|partial|full|auto|always|never|github|gitlab)(?:\\|\\w+)*\\b|--?[a-z][a-z0-9-]*|https?://\\S+|\\S*[/.]\\S+|\\b[A-Z][A-Z_/…]+\\b|\"[^\"]*\"|`[^`]*`|\\[TODO: …\\]|pull-requests: write|pull request|merge request|Keep a Changelog|Contributor Covenant|comment: true")

// frenchLeaks returns the lines of out that hold English words once the
// identifiers are taken out.
func frenchLeaks(out string) []string {
	var leaks []string
	for _, line := range strings.Split(out, "\n") {
		rest := identifiers.ReplaceAllString(line, " ")
		if w := englishWords.FindString(rest); w != "" {
			leaks = append(leaks, w+": "+line)
		}
	}
	return leaks
}

// TestEveryCommandInFrench runs every command and subcommand with --lang
// fr: its help, its usual output and a usual mistake, and fails on any
// line with English words outside identifiers.
func TestEveryCommandInFrench(t *testing.T) {
	r := fixture(t, "c")
	dir := r.Dir()
	bad := filepath.Join(t.TempDir(), "publiccode.yml")
	if err := os.WriteFile(bad, []byte("publiccodeYmlVersion: \"0.4\"\nname: x\nurl: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "absent")
	// A package manifest: init publiccode says why it takes the project for a library.
	r.Write("go.mod", "module example.org/budget\n")
	r.Add("go.mod")
	r.Commit("go.mod", time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	runs := [][]string{
		{}, {"--help"}, {"nosuch"}, {"scan", "--nosuch"},
		{"scan"}, {"scan", "--output", filepath.Join(t.TempDir(), "r.html")}, {"scan", missing}, {"scan", "--format", "pdf"}, {"scan", "--min-level", "Z"}, {"scan", "--fail-on", "x"}, {"scan", "--max-file-size", "x"}, {"scan", "-Z"}, {"audit", "--jobs", "x"}, {"scan", "--staged"},
		{"scan", "file://" + missing},
		{"init"}, {"init", "--dry-run", "--write"}, {"init", "publiccode", "--dry-run"}, {"init", "contributing", "--dry-run"}, {"init", "nosuch"}, {"init", "license"},
		{"rules"}, {"rules", "license/approved"}, {"rules", "nosuch/rule"},
		{"fix"}, {"fix", "-C", missing},
		{"publiccode", "validate", bad}, {"publiccode", "validate", missing},
		{"badge"}, {"badge", "--format", "pdf"},
		{"comment", "summary.md"},
		{"version"}, {"help", "scan"}, {"completion", "nosuch"},
		{"audit"},
	}
	// Every command's help, cobra's own commands too.
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		runs = append(runs, append(strings.Fields(strings.TrimPrefix(c.CommandPath(), "ouvert")), "--help"))
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(&env{getenv: func(string) string { return "" }}))
	for _, args := range runs {
		o := ouvert(t, dir, nil, append(args, "--lang", "fr")...)
		out := o.stdout + o.stderr
		if strings.TrimSpace(out) == "" && args[0] != "version" {
			t.Errorf("ouvert %s: says nothing", strings.Join(args, " "))
		}
		for _, l := range frenchLeaks(out) {
			t.Errorf("ouvert %s --lang fr: English: %s", strings.Join(args, " "), l)
		}
	}
	// LANG alone is enough.
	o := ouvert(t, dir, []string{"LANG=fr_FR.UTF-8"}, "scan", "--help")
	if !strings.Contains(o.stdout, "Analyse un dossier") {
		t.Errorf("LANG=fr_FR.UTF-8 scan --help: %.200q", o.stdout)
	}
}

// TestFrenchLeaksSeesEnglish: the detector itself finds an untranslated
// line and lets identifiers through.
func TestFrenchLeaksSeesEnglish(t *testing.T) {
	if l := frenchLeaks("ouvert: report written to out.html"); len(l) == 0 {
		t.Error("an English line passed")
	}
	if l := frenchLeaks("  -o, --output FICHIER   écrire le rapport dans FICHIER (voir ouvert scan --help)"); len(l) != 0 {
		t.Errorf("identifiers counted as English: %v", l)
	}
}
