package scaffold

import (
	"context"
	"strings"
)

// Security drafts SECURITY.md: how to report a vulnerability in private (a
// contact to fill in, and the forge's private channel when there is one),
// what happens next, and which versions get fixes.
type Security struct{}

func (Security) Name() string    { return "security" }
func (Security) Rules() []string { return []string{"security/policy"} }

func (Security) Existing(p *Project) []string {
	out := documents(p, "security/policy")
	for _, f := range p.Repo.Files() {
		// RFC 9116's security.txt says the same to machines.
		if strings.EqualFold(f.Path, ".well-known/security.txt") {
			out = append(out, f.Path)
		}
	}
	return out
}

func (Security) Generate(_ context.Context, p *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	d := struct {
		Contact, Delay, Forge, Web, Tag, Branch string
	}{
		Contact: todo(lang, words(lang, "adresse dédiée aux signalements de sécurité", "a dedicated address for security reports")),
		Delay:   todo(lang, words(lang, "délai, par exemple 5 jours ouvrés", "a delay, for example 5 working days")),
		Forge:   string(p.Forge),
		Web:     p.Web,
		Branch:  orTodo(lang, p.Branch, words(lang, "branche principale", "default branch")),
	}
	if p.Web == "" {
		d.Forge = string(Other)
	}
	if p.LatestTag != nil {
		d.Tag = p.LatestTag.Name
	}
	b, err := render(lang, "SECURITY.md.tmpl", d)
	if err != nil {
		return nil, err
	}
	return &Output{Files: []File{{Path: "SECURITY.md", Content: b}}}, nil
}
