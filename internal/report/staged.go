package report

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/rules"
)

// StagedCommitted is the Acceptance.By of findings that HEAD already holds
// in the files a staged change touches: the caller marks them so, and the
// staged report counts them without listing them.
const StagedCommitted = "committed"

// Staged writes the report of a scan of staged changes (ouvert scan
// --staged, the pre-commit case) for people: the findings, and whether the
// commit may go on. r holds only the secrets rules; there is no level.
// files is how many staged files bring new content.
func Staged(w io.Writer, r *engine.Result, files int, opts Options) error {
	r = shown(r)
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, lang: opts.Lang, color: opts.Color, cat: r.Catalog}
	say := func(key string, args map[string]string) string {
		return rules.CLI().Say(p.lang, "staged-report."+key, args)
	}
	// A broken check errs on each of its rules for the same reason: say it
	// once, with the first rule.
	var errored []string
	said := map[string]bool{}
	for _, rr := range r.Rules {
		if why := p.cat.Text(rr.Rule.ID, rr.Reason, p.lang); rr.Outcome == finding.Errored && !said[why] {
			said[why] = true
			errored = append(errored, rr.Rule.ID+p.colon()+why)
		}
	}
	if files == 0 && len(errored) == 0 && len(r.Findings) == 0 {
		p.printf("%s\n", say("staged-nothing", nil))
		return bw.Flush()
	}
	p.printf("%s\n", p.c(bold, say("staged-head", map[string]string{"files": strconv.Itoa(files)})))
	p.printf("%s\n", p.c(dim, say("staged-scope", nil)))

	secrets, committed := 0, 0
	var listed []finding.Finding
	var withSecret []string // for the command that unstages them
	for _, f := range r.Findings {
		switch {
		case f.Accepted != nil && f.Accepted.By == StagedCommitted:
			committed++
			continue
		case f.Accepted == nil && isSecret(r, f.Rule) && f.Severity != finding.Note:
			// An uncertain secret (a test key, an example) is a note: it is
			// listed with its reason and does not block the commit.
			secrets++
			if f.Path != "" && !slices.Contains(withSecret, f.Path) {
				withSecret = append(withSecret, f.Path)
			}
		}
		listed = append(listed, f)
	}
	if len(listed) > 0 {
		p.printf("\n")
		for _, f := range listed {
			p.finding(f, true)
		}
	}
	if committed > 0 {
		p.printf("\n%s\n", p.c(dim, say("staged-committed", map[string]string{"count": strconv.Itoa(committed)})))
	}

	p.printf("\n")
	switch g := opts.Gate; {
	case len(errored) > 0 || g != nil && g.Verdict == engine.Broken:
		p.printf("%s\n", p.c(mag, say("staged-broken", map[string]string{"reason": strings.Join(errored, "; ")})))
	case secrets > 0:
		p.printf("%s\n", p.c(red, wrap(say("staged-blocked", map[string]string{"count": strconv.Itoa(secrets),
			"unstage": unstageCommand(r.Meta.Commit != "", withSecret, p.lang)}), 78, "")))
	case g != nil && g.Verdict == engine.Failed:
		p.printf("%s\n", p.c(red, say("staged-fail-on", map[string]string{"sev": string(g.FailOn), "rules": strings.Join(g.Blocking, ", ")})))
	default:
		p.printf("%s\n", p.c(green, say("staged-clean", nil)))
	}
	return bw.Flush()
}

// isSecret reports whether a finding is a secret (a kind of secrets/scan)
// rather than sensitive data or a note about the scan itself.
func isSecret(r *engine.Result, id string) bool {
	rule, ok := r.Catalog.Rule(id)
	return ok && rule.Group == "secrets/scan"
}

// unstageCommand is the git command that takes files out of the index and
// leaves them in the work tree: git restore --staged needs a HEAD to
// restore from, so before the first commit it is git rm --cached. Paths
// are quoted for a POSIX shell; one that cannot be written on one line is
// left as FILE.
func unstageCommand(hasHead bool, files []string, lang string) string {
	cmd := "git rm --cached --"
	if hasHead {
		cmd = "git restore --staged --"
	}
	const most = 5
	var args []string
	for _, f := range files {
		if len(args) == most || strings.ContainsFunc(f, unicode.IsControl) {
			args = nil
			break
		}
		args = append(args, shellQuote(f))
	}
	if len(args) == 0 {
		return cmd + " " + map[string]string{"fr": "FICHIER", "en": "FILE"}[lang]
	}
	return cmd + " " + strings.Join(args, " ")
}
