package scaffold

import (
	"context"
	"regexp"
	"strings"
)

// Changelog drafts CHANGELOG.md in the Keep a Changelog form: an
// Unreleased section, and the latest tag as the first version when there
// is one.
type Changelog struct{}

func (Changelog) Name() string                 { return "changelog" }
func (Changelog) Rules() []string              { return []string{"changelog/file"} }
func (Changelog) Existing(p *Project) []string { return documents(p, "changelog/file") }

// semverTag is a tag that names a Semantic Versioning version.
var semverTag = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

func (Changelog) Generate(_ context.Context, p *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	d := struct {
		Name, Tag, Version, Date string
		SemVer                   bool
		Links                    []string
	}{
		Name: orTodo(lang, p.Name, words(lang, "nom du projet", "project name")),
	}
	unreleased := words(lang, "Non publié", "Unreleased")
	if t := p.LatestTag; t != nil {
		d.Tag = t.Name
		d.Version = strings.TrimPrefix(t.Name, "v")
		if m := semverTag.FindStringSubmatch(t.Name); m != nil {
			d.Version, d.SemVer = m[1], true
		}
		d.Date = todo(lang, words(lang, "date de publication", "release date"))
		if !t.Time.IsZero() {
			d.Date = t.Time.UTC().Format("2006-01-02")
		}
		switch {
		case p.Web == "":
		case p.Forge == GitHub:
			d.Links = []string{
				"[" + unreleased + "]: " + p.Web + "/compare/" + t.Name + "...HEAD",
				"[" + d.Version + "]: " + p.Web + "/releases/tag/" + t.Name,
			}
		case p.Forge == GitLab:
			d.Links = []string{
				"[" + unreleased + "]: " + p.Web + "/-/compare/" + t.Name + "...HEAD",
				"[" + d.Version + "]: " + p.Web + "/-/tags/" + t.Name,
			}
		}
	}
	b, err := render(lang, "CHANGELOG.md.tmpl", d)
	if err != nil {
		return nil, err
	}
	out := &Output{Files: []File{{Path: "CHANGELOG.md", Content: b}}}
	if d.Tag != "" {
		out.Notes = append(out.Notes, words(lang,
			"première version reprise de la dernière étiquette, "+d.Tag,
			"first version taken from the latest tag, "+d.Tag))
	}
	return out, nil
}
