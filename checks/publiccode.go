package checks

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Publiccode checks that publiccode.yml is where catalogues read it: at the
// root, named with .yml, and readable as YAML. Validating its content against
// the standard is the publiccode/valid rule's job.
type Publiccode struct{}

const publiccodeRule = "publiccode/file"

func (Publiccode) ID() string               { return "publiccode" }
func (Publiccode) Rules() []string          { return []string{publiccodeRule} }
func (Publiccode) Needs() source.Capability { return source.Tree }

func (Publiccode) Run(_ context.Context, env *Env) (Result, error) {
	var res Result
	pc := readPubliccode(env)
	switch {
	case pc.path == "":
		if elsewhere := findAnywhere(env.Repo.Files(), "publiccode.yml", "publiccode.yaml"); elsewhere != "" {
			m := finding.Msg("not-root", "path", elsewhere)
			res.fail(publiccodeRule, m)
			res.find(publiccodeRule, "", elsewhere, 0, m)
			return res, nil
		}
		res.fail(publiccodeRule, finding.Msg("missing"))
		res.find(publiccodeRule, "", "", 0, finding.Msg("missing"))
	case pc.err != nil:
		m := finding.Msg("invalid-yaml", "path", pc.path, "error", pc.err.Error())
		res.fail(publiccodeRule, m)
		res.find(publiccodeRule, "", pc.path, pc.errLine, m)
	default:
		res.pass(publiccodeRule, finding.Msg("found", "path", pc.path))
		if pc.path != "publiccode.yml" {
			res.find(publiccodeRule, finding.Warning, pc.path, 0, finding.Msg("yaml-extension", "path", pc.path))
		}
	}
	return res, nil
}

// publiccode is what the community checks need from publiccode.yml; full
// parsing and validation belong to the publiccode package.
type pcFacts struct {
	path     string
	err      error
	errLine  int
	roadmap  string
	contacts []string // names and e-mails of maintenance.contacts
	contract bool     // maintenance.type is contract with contractors
}

func readPubliccode(env *Env) pcFacts {
	var pc pcFacts
	for _, name := range []string{"publiccode.yml", "publiccode.yaml"} {
		for _, f := range env.Repo.Files() {
			if f.Path == name {
				pc.path = name
				break
			}
		}
		if pc.path != "" {
			break
		}
	}
	if pc.path == "" {
		return pc
	}
	text, err := env.Text(pc.path)
	if err != nil {
		pc.err = err
		return pc
	}
	var doc struct {
		Roadmap     string `yaml:"roadmap"`
		Maintenance struct {
			Type     string `yaml:"type"`
			Contacts []struct {
				Name  string `yaml:"name"`
				Email string `yaml:"email"`
			} `yaml:"contacts"`
			Contractors []struct {
				Name string `yaml:"name"`
			} `yaml:"contractors"`
		} `yaml:"maintenance"`
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(text), &node); err != nil {
		pc.err = err
		pc.errLine = publiccode.YAMLErrorLine(err)
		return pc
	}
	// A type mismatch (roadmap: [a, b]) is a validation problem, not a
	// parse failure: keep what decodes.
	_ = node.Decode(&doc)
	pc.roadmap = strings.TrimSpace(doc.Roadmap)
	for _, c := range doc.Maintenance.Contacts {
		// A drafted file's "[TODO: …]" is a contact still to find.
		if v := strings.TrimSpace(c.Name + " " + c.Email); v != "" && !strings.HasPrefix(v, "[TODO") {
			pc.contacts = append(pc.contacts, v)
		}
	}
	pc.contract = doc.Maintenance.Type == "contract" && len(doc.Maintenance.Contractors) > 0
	return pc
}

// findAnywhere returns the first file at any depth with one of the names.
func findAnywhere(files []source.File, names ...string) string {
	for _, f := range files {
		for _, n := range names {
			if path.Base(f.Path) == n {
				return f.Path
			}
		}
	}
	return ""
}
