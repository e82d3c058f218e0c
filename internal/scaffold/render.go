package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"text/template"
)

// templates holds the project's own drafts (*.tmpl, text/template) and the
// texts shipped verbatim (the Contributor Covenant), per language.
//
//go:embed templates
var templates embed.FS

// render fills the template templates/LANG/NAME with data.
func render(lang, name string, data any) ([]byte, error) {
	src, err := templates.ReadFile("templates/" + lang + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("scaffold: no template %s/%s: %w", lang, name, err)
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"todo": func(what string) string { return todo(lang, what) },
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("scaffold: template %s/%s: %w", lang, name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("scaffold: template %s/%s: %w", lang, name, err)
	}
	return b.Bytes(), nil
}

// verbatim returns a text shipped as is.
func verbatim(lang, name string) ([]byte, error) {
	b, err := templates.ReadFile("templates/" + lang + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("scaffold: no text %s/%s: %w", lang, name, err)
	}
	return b, nil
}

// words picks the French or the English of a short text.
func words(lang, fr, en string) string {
	if lang == "fr" {
		return fr
	}
	return en
}
