package scaffold

import (
	"context"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"

	"github.com/ouvert-dev/ouvert/internal/publiccode"
)

// Publiccode drafts publiccode.yml from what the repository shows: name,
// address, licence, latest tag, a guess of platform and kind, the README's
// first paragraphs, maintainers. The rest is left as [TODO: …] values,
// which fail validation until someone fills them in.
type Publiccode struct{}

func (Publiccode) Name() string    { return "publiccode" }
func (Publiccode) Rules() []string { return []string{"publiccode/file", "publiccode/valid"} }

func (Publiccode) Existing(p *Project) []string {
	var out []string
	for _, f := range p.Repo.Files() {
		if f.Path == "publiccode.yml" || f.Path == "publiccode.yaml" {
			out = append(out, f.Path)
		}
	}
	return out
}

func (Publiccode) Generate(_ context.Context, p *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	f := publiccode.Gather(p.Repo, p.licence())
	if f.URL == "" && strings.HasPrefix(p.Web, "https://") {
		f.URL = p.Web
	}
	if f.Organisation == "" && p.HolderFrom == "publiccode.yml" {
		f.Organisation = p.Holder
	}
	data, _ := publiccode.Draft(f, lang)
	out := &Output{Files: []File{{Path: "publiccode.yml", Content: data}}}
	if f.Guess != "" {
		out.Notes = append(out.Notes, rules.Say(lang, "guess.note", "basis", rules.Say(lang, "guess."+f.Guess)))
	}
	if f.LongDescription != "" {
		out.Notes = append(out.Notes, words(lang,
			"la description reprend les premiers paragraphes du README\u00a0: relisez-la",
			"the description is taken from the README's first paragraphs: read it again"))
	}
	out.Notes = append(out.Notes, words(lang,
		"vérifiez le fichier avec `ouvert publiccode validate`",
		"check the file with `ouvert publiccode validate`"))
	return out, nil
}
