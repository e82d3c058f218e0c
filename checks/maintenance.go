package checks

import (
	"context"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/source"
)

// Maintenance looks for someone to reach: a MAINTAINERS or CODEOWNERS file,
// maintenance contacts in publiccode.yml, or a contact in the README.
type Maintenance struct{}

const maintenanceRule = "maintenance/contact"

func (Maintenance) ID() string               { return "maintenance" }
func (Maintenance) Rules() []string          { return []string{maintenanceRule} }
func (Maintenance) Needs() source.Capability { return source.Tree }

var contactHeads = []string{"contact*", "maintainer*", "mainteneur*", "maintenance", "responsable*", "equipe", "team",
	"qui sommes nous", "auteur*", "author*", "support"}

func (Maintenance) Run(_ context.Context, env *Env) (Result, error) {
	files := env.Repo.Files()
	for _, f := range lookup(files, docDirs, "maintainers", "codeowners", "mainteneurs") {
		if text, err := env.Text(f.Path); err == nil && hasContact(text) {
			return passOnly(maintenanceRule, finding.Msg("found", "path", f.Path)), nil
		}
	}
	if pc := readPubliccode(env); len(pc.contacts) > 0 || pc.contract {
		return passOnly(maintenanceRule, finding.Msg("found", "path", pc.path)), nil
	}
	if readme := findReadme(files); readme != "" {
		text, _ := env.Text(readme)
		for _, s := range sections(readme, text) {
			if s.Heading != "" && hasWord(norm(s.Heading), contactHeads...) && hasContact(s.Body) {
				return passOnly(maintenanceRule, finding.Msg("found", "path", readme)), nil
			}
		}
		// An e-mail address anywhere in the README is a way to reach someone.
		if emailRe.MatchString(text) {
			return passOnly(maintenanceRule, finding.Msg("found", "path", readme)), nil
		}
	}
	var res Result
	res.fail(maintenanceRule, finding.Msg("missing"))
	res.find(maintenanceRule, "", "", 0, finding.Msg("missing"))
	return res, nil
}

// hasContact: an e-mail, a forge handle (@team in CODEOWNERS) or a URL.
func hasContact(s string) bool {
	if emailRe.MatchString(s) || urlRe.MatchString(s) {
		return true
	}
	for _, w := range strings.Fields(s) {
		if len(w) > 1 && w[0] == '@' {
			return true
		}
	}
	return false
}
