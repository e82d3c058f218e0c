package scaffold

import (
	"context"
	"strings"
)

// Contributing drafts CONTRIBUTING.md: how to set up the project, run its
// tests (commands guessed from the build files), submit a change, and sign
// off commits (DCO).
type Contributing struct{}

func (Contributing) Name() string { return "contributing" }
func (Contributing) Rules() []string {
	return []string{"contributing/file", "contributing/content"}
}
func (Contributing) Existing(p *Project) []string { return documents(p, "contributing/file") }

func (c Contributing) Generate(_ context.Context, p *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	d := struct {
		Name, Clone, Dir, Branch, Change, Issues, Licence string
		Needs, From                                       string
		Setups, Tests                                     []string
	}{
		Name:    orTodo(lang, p.Name, words(lang, "nom du projet", "project name")),
		Clone:   orTodo(lang, cloneURL(p), words(lang, "adresse de clonage du dépôt", "the repository's clone URL")),
		Dir:     orTodo(lang, firstOf(repoName(p.Remote), p.Name), words(lang, "dossier du dépôt", "the repository's folder")),
		Branch:  orTodo(lang, p.Branch, words(lang, "branche principale", "default branch")),
		Change:  changeWord(lang, p.Forge),
		Licence: p.licence(),
	}
	if p.Web != "" {
		switch p.Forge {
		case GitHub:
			d.Issues = p.Web + "/issues"
		case GitLab:
			d.Issues = p.Web + "/-/issues"
		}
	}
	var needs, from []string
	for _, cmd := range p.Commands {
		if cmd.Setup != "" {
			d.Setups = append(d.Setups, cmd.Setup)
			if cmd.Needs != "" {
				needs = append(needs, cmd.Needs)
			}
		}
		if cmd.Test != "" {
			d.Tests = append(d.Tests, cmd.Test)
			from = append(from, cmd.From)
		}
	}
	d.Needs = strings.Join(dedupe(needs), words(lang, " et ", " and "))
	if d.Needs == "" {
		d.Needs = words(lang, "les outils du projet", "the project's tools")
	}
	d.From = strings.Join(dedupe(from), ", ")
	b, err := render(lang, "CONTRIBUTING.md.tmpl", d)
	if err != nil {
		return nil, err
	}
	out := &Output{Files: []File{{Path: "CONTRIBUTING.md", Content: b}}}
	if len(d.Tests) > 0 {
		out.Notes = append(out.Notes, words(lang,
			"commandes de test devinées d'après "+d.From+"\u00a0: vérifiez-les",
			"test commands guessed from "+d.From+": check them"))
	}
	return out, nil
}

// cloneURL is the https URL anyone can clone from, or the remote as
// configured when it is no forge's.
func cloneURL(p *Project) string {
	if p.Web != "" {
		return p.Web + ".git"
	}
	if host, _ := remoteParts(p.Remote); host != "" {
		return p.Remote
	}
	return ""
}

// changeWord is what the forge calls a proposed change.
func changeWord(lang string, f Forge) string {
	switch f {
	case GitHub:
		return "pull request"
	case GitLab:
		return words(lang, "demande de fusion (merge request)", "merge request")
	}
	return words(lang, "demande de fusion (merge request ou pull request)", "merge request (or pull request)")
}

// orTodo is v, or a marker asking for what.
func orTodo(lang, v, what string) string {
	if v != "" {
		return v
	}
	return todo(lang, what)
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
