package scaffold

import (
	"bytes"
	"context"
	"fmt"
)

// Conduct writes the Contributor Covenant 2.1, the official English text or
// its official French translation, verbatim but for the contact its authors
// ask adopters to fill in. Its attribution section is part of the text.
type Conduct struct{}

func (Conduct) Name() string                 { return "code-of-conduct" }
func (Conduct) Rules() []string              { return []string{"community/code-of-conduct"} }
func (Conduct) Existing(p *Project) []string { return documents(p, "community/code-of-conduct") }

// covenantContact is the placeholder of each language's text.
var covenantContact = map[string]string{
	"en": "[INSERT CONTACT METHOD]",
	"fr": "[INSÉRER UNE ADRESSE EMAIL]",
}

func (Conduct) Generate(_ context.Context, _ *Project, opts Options) (*Output, error) {
	lang := opts.lang()
	text, err := verbatim(lang, "CODE_OF_CONDUCT.md")
	if err != nil {
		return nil, err
	}
	ph := []byte(covenantContact[lang])
	if bytes.Count(text, ph) != 1 {
		return nil, fmt.Errorf("scaffold: the %s Contributor Covenant lacks its contact placeholder", lang)
	}
	contact := todo(lang, words(lang, "adresse à laquelle signaler un comportement inacceptable", "an address to report unacceptable behaviour to"))
	text = bytes.Replace(text, ph, []byte(contact), 1)
	return &Output{
		Files: []File{{Path: "CODE_OF_CONDUCT.md", Content: text}},
		Notes: []string{words(lang,
			"texte officiel du Contributor Covenant 2.1 (traduction française officielle), sous licence CC BY 4.0\u00a0: gardez sa section «\u00a0Attributions\u00a0»",
			"official text of the Contributor Covenant 2.1, under CC BY 4.0: keep its Attribution section")},
	}, nil
}
