package checks

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Maintenance looks for someone to reach: a MAINTAINERS or CODEOWNERS file,
// maintenance contacts in publiccode.yml, the maintainer fields of a
// package manifest (package.json, pyproject.toml, an R DESCRIPTION,
// composer.json), or a contact point in the README or the contribution
// guide: an address to write to, a contact form, a discussion channel.
// An address in a clone URL, at an example domain or given as a demo login
// reaches nobody and does not count.
type Maintenance struct{}

const maintenanceRule = "maintenance/contact"

func (Maintenance) ID() string               { return "maintenance" }
func (Maintenance) Rules() []string          { return []string{maintenanceRule} }
func (Maintenance) Needs() source.Capability { return source.Tree }

func (Maintenance) Run(_ context.Context, env *Env) (Result, error) {
	files := env.Repo.Files()
	for _, f := range lookup(files, docDirs, "maintainers", "codeowners", "mainteneurs") {
		if text, err := env.Text(f.Path); err == nil {
			if q := ownersContact(text); q != "" {
				return passOnly(maintenanceRule, finding.Msg("found", "evidence", evidence{path: f.Path, quote: q}.arg())), nil
			}
		}
	}
	if pc := readPubliccode(env); len(pc.contacts) > 0 || pc.contract {
		q := "maintenance.contractors"
		if len(pc.contacts) > 0 {
			q = "maintenance.contacts: " + pc.contacts[0]
		}
		return passOnly(maintenanceRule, finding.Msg("found", "evidence", evidence{path: pc.path, quote: q}.arg())), nil
	}
	for _, m := range manifestReaders {
		for _, f := range files {
			if f.Path != m.path {
				continue
			}
			if text, err := env.Text(f.Path); err == nil {
				if q := m.read(text); q != "" {
					return passOnly(maintenanceRule, finding.Msg("found", "evidence", evidence{path: f.Path, quote: q}.arg())), nil
				}
			}
		}
	}
	for _, p := range proseDocuments(env) {
		d := env.Doc(p)
		if d == nil {
			continue
		}
		for _, c := range d.Contacts {
			if c.Kind == document.Advisories {
				continue
			}
			e := evidence{path: d.Path, line: c.Line, heading: d.Heading(c.Section), quote: c.Value}
			return passOnly(maintenanceRule, finding.Msg("found-"+string(c.Kind), "evidence", e.arg())), nil
		}
	}
	var res Result
	res.fail(maintenanceRule, finding.Msg("missing"))
	res.find(maintenanceRule, "", "", 0, finding.Msg("missing"))
	return res, nil
}

// proseDocuments are the documents a reader looks in for contacts: the
// READMEs, then the contribution guide and a SUPPORT file.
func proseDocuments(env *Env) []string {
	files := env.Repo.Files()
	out := readmes(files)
	for _, f := range lookup(files, docDirs, append(docStems[contributingFileRule], "support")...) {
		out = append(out, f.Path)
	}
	return out
}

// ownersContact: an address, a forge handle (@team in CODEOWNERS) or a URL.
func ownersContact(s string) string {
	for _, w := range strings.Fields(s) {
		switch {
		case strings.HasPrefix(w, "#"):
		case len(w) > 1 && w[0] == '@':
			return w
		case strings.Contains(w, "@") && document.Reachable(strings.Trim(w, "<>(),;"), ""):
			return strings.Trim(w, "<>(),;")
		case strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://"):
			return w
		}
	}
	return ""
}

var emailIn = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// reachable returns the first address in s one can write to.
func reachable(s string) string {
	for _, a := range emailIn.FindAllString(s, -1) {
		if document.Reachable(a, "") {
			return a
		}
	}
	return ""
}

// manifestReaders read the maintainer fields of package manifests.
var manifestReaders = []struct {
	path string
	read func(string) string
}{
	{"DESCRIPTION", rDescription},
	{"package.json", packageJSON},
	{"composer.json", packageJSON},
	{"pyproject.toml", pyproject},
}

var rPerson = regexp.MustCompile(`(?s)person\((.*?)\)\s*[,)]`)

// rDescription reads an R package's DESCRIPTION: "Maintainer: Name
// <address>", or in Authors@R the person() whose role holds "cre".
func rDescription(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, "Maintainer:"); ok {
			if a := reachable(v); a != "" {
				return "Maintainer: " + strings.TrimSpace(v)
			}
		}
	}
	i := strings.Index(text, "Authors@R:")
	if i < 0 {
		return ""
	}
	for _, m := range rPerson.FindAllStringSubmatch(text[i:], -1) {
		if strings.Contains(m[1], `"cre"`) {
			if a := reachable(m[1]); a != "" {
				return `Authors@R: person(…, role = "cre", email = "` + a + `")`
			}
		}
	}
	return ""
}

// packageJSON reads author, maintainers and authors (composer.json) of
// package.json-like manifests: a person with an address counts.
func packageJSON(text string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(text), &m) != nil {
		return ""
	}
	for _, key := range []string{"maintainers", "author", "authors"} {
		raw, ok := m[key]
		if !ok {
			continue
		}
		if a := reachable(string(raw)); a != "" {
			return key + ": " + a
		}
	}
	return ""
}

// pyproject reads [project] maintainers and authors ({name, email}) and
// Poetry's authors ("Name <address>").
func pyproject(text string) string {
	section := ""
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			section = strings.Trim(t, "[] ")
			continue
		}
		if section != "project" && section != "tool.poetry" {
			continue
		}
		for _, key := range []string{"maintainers", "authors"} {
			if strings.HasPrefix(t, key) {
				if a := reachable(t); a != "" {
					return section + "." + key + ": " + a
				}
			}
		}
		// A multi-line array: its items follow on their own lines.
		if strings.HasPrefix(t, "{") || strings.HasPrefix(t, `"`) {
			if a := reachable(t); a != "" {
				return section + ": " + a
			}
		}
	}
	return ""
}
