package checks

import (
	"context"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Security looks for a way to report a vulnerability in private: an
// address, a form, a vulnerability disclosure programme or the forge's
// private advisories, given in a SECURITY file, a security.txt, or a
// passage of the README or contribution guide about vulnerabilities. A
// SECURITY file that only sends reports to the public issues, a section
// listing the scanners the CI runs, or a chapter on risk analysis give no
// such channel and do not pass.
type Security struct{}

const securityRule = "security/policy"

func (Security) ID() string               { return "security" }
func (Security) Rules() []string          { return []string{securityRule} }
func (Security) Needs() source.Capability { return source.Tree }

func (Security) Run(_ context.Context, env *Env) (Result, error) {
	files := env.Repo.Files()
	var res Result
	// RFC 9116's place: a Contact field is the channel.
	for _, f := range lookup(files, []string{".well-known/", ""}, "security") {
		if strings.HasSuffix(strings.ToLower(f.Path), "security.txt") {
			if text, err := env.Text(f.Path); err == nil && strings.Contains(strings.ToLower(text), "contact:") {
				return passOnly(securityRule, finding.Msg("found-txt", "path", f.Path)), nil
			}
		}
	}
	policies := Documents(files, securityRule)
	for _, f := range policies {
		d := env.Doc(f.Path)
		if d == nil {
			continue
		}
		if e, ok := privateChannel(d, true); ok {
			return passOnly(securityRule, finding.Msg("found", "path", f.Path, "evidence", e.arg())), nil
		}
	}
	for _, p := range proseDocuments(env) {
		d := env.Doc(p)
		if d == nil {
			continue
		}
		if e, ok := privateChannel(d, false); ok {
			return passOnly(securityRule, finding.Msg("found-in", "path", p, "evidence", e.arg())), nil
		}
	}
	if len(policies) > 0 {
		p := policies[0].Path
		m := finding.Msg("no-channel", "path", p)
		if d := env.Doc(p); d != nil && publicOnly(d) {
			m = finding.Msg("public-only", "path", p)
		}
		res.fail(securityRule, m)
		res.find(securityRule, "", p, 0, m)
		return res, nil
	}
	res.fail(securityRule, finding.Msg("missing"))
	res.find(securityRule, "", "", 0, finding.Msg("missing"))
	return res, nil
}

// privateChannel finds a private way to report a vulnerability. In a
// security policy any contact point counts; elsewhere it must stand in a
// passage about vulnerabilities (its sentence or its section's heading),
// or be a link whose text says it leads to the way to report one.
func privateChannel(d *document.Document, policy bool) (evidence, bool) {
	for _, c := range d.Contacts {
		if c.Kind == document.Channel {
			continue // a public discussion space is not private
		}
		if policy || c.Role == document.RoleSecurity {
			return evidence{path: d.Path, line: c.Line, heading: d.Heading(c.Section), quote: c.Value}, true
		}
	}
	for _, l := range d.Links {
		n := document.Norm(l.Text + " " + linkPath(l.Target))
		if document.HasPhrase(n, "signaler une faille", "signaler une vulnerabilite", "report a vulnerability", "reporting a vulnerability",
			"reporting vulnerabilities", "report vulnerabilities", "signalement de vulnerabilite*", "security md") && !strings.HasPrefix(l.Target, "#") {
			return linkEvidence(d, l), true
		}
	}
	return evidence{}, false
}

// publicOnly reports a policy that sends reports to the public tracker.
func publicOnly(d *document.Document) bool {
	for _, s := range d.Sentences {
		n := document.Norm(s.Text)
		if document.HasPhrase(n, "issue", "issues", "ticket", "tickets") && !document.HasPhrase(n, "not", "pas", "ne ", "never", "jamais", "instead") {
			return true
		}
	}
	return false
}
