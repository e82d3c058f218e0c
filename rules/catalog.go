// Package rules is the rule catalog as embedded data: ids, openness levels,
// severities, French and English texts, sources and parameters. It holds no
// logic beyond loading, validating and looking up.
package rules

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/embedded"
	"github.com/ouvert-dev/ouvert/internal/printable"
)

// The catalog is rules.yaml plus any rules.*.yaml beside it (one per family
// of rules, e.g. rules.secrets.yaml), read in name order after rules.yaml.
//
//go:embed rules*.yaml
var catalogFS embed.FS

// Languages are the languages every text exists in (a new slice each
// call: the list is not the caller's to change).
func Languages() []string { return []string{"fr", "en"} }

// Text is one text in French and English.
type Text struct {
	FR string `yaml:"fr" json:"fr"`
	EN string `yaml:"en" json:"en"`
}

// In returns the text in lang ("fr" or "en"; anything else is English).
func (t Text) In(lang string) string {
	if lang == "fr" {
		return t.FR
	}
	return t.EN
}

// Source is a document a rule comes from.
type Source struct {
	Name string `yaml:"name" json:"name"`
	URL  string `yaml:"url,omitempty" json:"url,omitempty"`
}

// Rule is one rule of the catalog.
type Rule struct {
	ID string `yaml:"id"`
	// Level is the openness level the rule belongs to; "" for advisory
	// rules, which count for --fail-on only.
	Level    finding.Level    `yaml:"level"`
	Severity finding.Severity `yaml:"severity"`
	// Planned rules belong to the profile but no check evaluates them yet.
	Planned bool `yaml:"planned"`
	// Quiet rules come in large families (one per kind of secret): the text
	// report lists them only when they do not pass.
	Quiet bool `yaml:"quiet"`
	// Group names the rule whose outcome this one's findings decide (each
	// secrets/<kind> belongs to secrets/scan): accepting every finding of a
	// group lets its rule pass.
	Group string `yaml:"group"`
	Title Text   `yaml:"title"`
	// Action is what to do, in a few plain words for a manager ("add a
	// licence file"), in both languages or neither; every rule of the
	// default catalog but the families (Group) has one.
	Action  Text     `yaml:"action"`
	Why     Text     `yaml:"why"`
	Fix     Text     `yaml:"fix"`
	Sources []Source `yaml:"sources"`
	// Commands are the ouvert commands that help pass the rule (a draft
	// from ouvert init, a repair from ouvert fix), for the steps of a
	// report; the fix text says the rest.
	Commands []string           `yaml:"commands"`
	Params   map[string]float64 `yaml:"params"`
	Messages map[string]Text    `yaml:"messages"`
}

// Param returns a numeric parameter of the rule. A missing parameter is a bug
// in a check, caught by the catalog tests, so it panics loudly.
func (r *Rule) Param(name string) float64 {
	v, ok := r.Params[name]
	if !ok {
		panic(fmt.Sprintf("rules: %s has no parameter %q", r.ID, name))
	}
	return v
}

// Catalog is the loaded, validated catalog.
type Catalog struct {
	Rules  []*Rule
	Common map[string]Text
	byID   map[string]*Rule
}

type file struct {
	Common map[string]Text `yaml:"common"`
	Rules  []*Rule         `yaml:"rules"`
}

var loadDefault = embedded.Once("rules/rules*.yaml", func() (*Catalog, error) { return parseFS(catalogFS) })

// Default returns the embedded catalog, parsed once, or why it could not be.
func Default() (*Catalog, error) { return loadDefault() }

func parseFS(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "rules*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i, n := range names { // rules.yaml first: it defines the common messages and the core rules
		if n == "rules.yaml" {
			copy(names[1:i+1], names[:i])
			names[0] = n
		}
	}
	var docs [][]byte
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		docs = append(docs, b)
	}
	return Parse(docs...)
}

// Parse decodes and validates a catalog: unknown keys, duplicate ids, missing
// texts in either language and placeholders that differ between languages
// are all errors, so a broken catalog never ships.
func Parse(docs ...[]byte) (*Catalog, error) {
	c := &Catalog{Common: map[string]Text{}, byID: map[string]*Rule{}}
	for _, data := range docs {
		var f file
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("rules.yaml: %w", err)
		}
		for id, t := range f.Common {
			if _, dup := c.Common[id]; dup {
				return nil, fmt.Errorf("rules.yaml: common.%s: defined twice", id)
			}
			c.Common[id] = t
		}
		c.Rules = append(c.Rules, f.Rules...)
	}
	// Rules are listed level by level (C, B, A, then advisory), in file
	// order within a level, whichever family file defines them.
	sort.SliceStable(c.Rules, func(i, j int) bool { return levelOrder(c.Rules[i].Level) < levelOrder(c.Rules[j].Level) })
	for id, t := range c.Common {
		if err := checkText("common."+id, t); err != nil {
			return nil, err
		}
	}
	for _, r := range c.Rules {
		if err := validate(r); err != nil {
			return nil, err
		}
		if _, dup := c.byID[r.ID]; dup {
			return nil, fmt.Errorf("rules.yaml: rule %s: duplicate id", r.ID)
		}
		c.byID[r.ID] = r
	}
	return c, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)

func validate(r *Rule) error {
	if !idPattern.MatchString(r.ID) {
		return fmt.Errorf("rules.yaml: rule %q: id must look like group/name in lowercase", r.ID)
	}
	if r.Level != "" && r.Level.Rank() < 1 {
		return fmt.Errorf("rules.yaml: rule %s: level %q is not A, B or C", r.ID, r.Level)
	}
	if r.Severity.Rank() == 0 {
		return fmt.Errorf("rules.yaml: rule %s: severity %q is not error, warning or note", r.ID, r.Severity)
	}
	for name, t := range map[string]Text{"title": r.Title, "why": r.Why, "fix": r.Fix} {
		if err := checkText(r.ID+"."+name, t); err != nil {
			return err
		}
	}
	if r.Action.FR != "" || r.Action.EN != "" {
		if err := checkText(r.ID+".action", r.Action); err != nil {
			return err
		}
	}
	if len(r.Sources) == 0 {
		return fmt.Errorf("rules.yaml: rule %s: no source", r.ID)
	}
	for _, c := range r.Commands {
		if !strings.HasPrefix(c, "ouvert ") {
			return fmt.Errorf("rules.yaml: rule %s: command %q is not an ouvert command", r.ID, c)
		}
	}
	for id, t := range r.Messages {
		if err := checkText(r.ID+".messages."+id, t); err != nil {
			return err
		}
	}
	return nil
}

var placeholder = regexp.MustCompile(`\{[a-zA-Z]+\}`)

func checkText(where string, t Text) error {
	if strings.TrimSpace(t.FR) == "" || strings.TrimSpace(t.EN) == "" {
		return fmt.Errorf("rules.yaml: %s: needs both a French and an English text", where)
	}
	fr, en := placeholders(t.FR), placeholders(t.EN)
	if strings.Join(fr, ",") != strings.Join(en, ",") {
		return fmt.Errorf("rules.yaml: %s: placeholders differ: fr %v, en %v", where, fr, en)
	}
	return nil
}

func placeholders(s string) []string {
	seen := map[string]bool{}
	var out []string
	found := placeholder.FindAllString(s, -1)
	for _, m := range pluralBlock.FindAllStringSubmatch(s, -1) {
		found = append(found, "{"+m[1]+"}")
	}
	for _, p := range found {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Rule returns the rule with that id.
func (c *Catalog) Rule(id string) (*Rule, bool) {
	r, ok := c.byID[id]
	return r, ok
}

// Blocks is the openness level a rule can keep a repository from: its own,
// or that of the rule of its group (a kind of secret fails secrets/scan,
// of level C); "" for advice, which counts for --fail-on only.
func (c *Catalog) Blocks(r *Rule) finding.Level {
	if r.Level == "" && r.Group != "" {
		if g, ok := c.byID[r.Group]; ok {
			return g.Level
		}
	}
	return r.Level
}

// Text renders a message of a rule (or of the common messages) in lang, with
// its arguments substituted. An unknown message id renders as the id itself,
// so a missing text shows up in output and in the catalog tests, never as a
// crash.
func (c *Catalog) Text(rule string, m finding.Message, lang string) string {
	t, ok := c.Common[m.ID]
	if r, found := c.byID[rule]; found {
		if rt, has := r.Messages[m.ID]; has {
			t, ok = rt, true
		}
	}
	if !ok {
		return m.ID
	}
	args, copied := m.Args, false
	for k, v := range m.Args {
		if sub, ok := strings.CutPrefix(v, subPrefix); ok {
			var nested struct {
				ID   string            `json:"id"`
				Args map[string]string `json:"args"`
			}
			if json.Unmarshal([]byte(sub), &nested) == nil {
				if !copied {
					args, copied = copyArgs(m.Args), true
				}
				args[k] = c.Text(rule, finding.Message{ID: nested.ID, Args: nested.Args}, lang)
				continue
			}
		}
		if ids, ok := strings.CutPrefix(v, listPrefix); ok && c.allMessages(rule, ids) {
			if !copied {
				args, copied = copyArgs(m.Args), true
			}
			var parts []string
			for _, id := range strings.Split(ids, ",") {
				parts = append(parts, c.Text(rule, finding.Message{ID: id}, lang))
			}
			args[k] = strings.Join(parts, ", ")
		}
	}
	return ExpandIn(lang, t.In(lang), args)
}

// allMessages reports whether every comma-separated id is a message of the
// rule (or a common one): a value that merely starts with "@" (an npm
// scope, "@scope/tools@1.8.1") is printed as it is.
func (c *Catalog) allMessages(rule, ids string) bool {
	for _, id := range strings.Split(ids, ",") {
		if !c.HasMessage(rule, id) {
			return false
		}
	}
	return true
}

// listPrefix marks an argument whose value is a list of message ids to
// localise, so that "the README lacks: {missing}" reads in the right language.
const listPrefix = "@"

// subPrefix marks an argument whose value is a message of its own, with its
// arguments, as JSON: {"id":"…","args":{…}}.
const subPrefix = "@@"

// Sub makes an argument value that the catalog renders as the rule's
// message id with its own arguments, in the reader's language: a pass
// message can then quote evidence ("tests: `npm test` under « Tests »")
// whose words are translated too. Sub messages may nest.
func Sub(id string, kv ...string) string {
	m := finding.Msg(id, kv...)
	b, _ := json.Marshal(struct {
		ID   string            `json:"id"`
		Args map[string]string `json:"args,omitempty"`
	}{m.ID, m.Args})
	return subPrefix + string(b)
}

// List makes an argument value that the catalog renders as the localised
// messages ids, joined by commas.
func List(ids ...string) string { return listPrefix + strings.Join(ids, ",") }

func copyArgs(a map[string]string) map[string]string {
	out := make(map[string]string, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

// HasMessage reports whether a rule (or the common section) defines a message.
func (c *Catalog) HasMessage(rule, id string) bool {
	if _, ok := c.Common[id]; ok {
		return true
	}
	r, ok := c.byID[rule]
	if !ok {
		return false
	}
	_, ok = r.Messages[id]
	return ok
}

// Expand replaces {name} placeholders by their values; unknown ones stay.
// Values come from outside (file names, error messages): their control
// characters and bidirectional overrides are escaped (printable.String).
func Expand(s string, args map[string]string) string {
	return ExpandIn("en", s, args)
}

// pluralBlock is a placeholder with plural forms, chosen by the number in
// the argument: {count|=0:aucun fichier ne porte|one:# fichier porte|other:#
// fichiers portent}. "=N" forms match that number exactly; "one" and
// "other" follow the language's rule (in French 0 and 1 are singular, in
// English only 1); "#" stands for the number.
var pluralBlock = regexp.MustCompile(`\{([a-zA-Z]+)\|((?:[^{}]|\{[a-zA-Z]+\})*)\}`)

// ExpandIn is Expand for a language, which decides the plural forms.
func ExpandIn(lang, s string, args map[string]string) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	s = pluralBlock.ReplaceAllStringFunc(s, func(b string) string {
		m := pluralBlock.FindStringSubmatch(b)
		v, ok := args[m[1]]
		n, err := strconv.Atoi(v)
		if !ok || err != nil {
			return b
		}
		category := "other"
		if n == 1 || (lang == "fr" && n == 0) {
			category = "one"
		}
		chosen := ""
		for _, form := range strings.Split(m[2], "|") {
			sel, text, found := strings.Cut(form, ":")
			if !found {
				continue
			}
			if sel == "="+v {
				chosen = text
				break
			}
			if sel == category || (sel == "other" && chosen == "") {
				chosen = text
			}
		}
		return strings.ReplaceAll(chosen, "#", v)
	})
	var b strings.Builder
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(s, -1) {
		v, ok := args[s[loc[0]+1:loc[1]-1]]
		if !ok {
			continue
		}
		v = printable.String(v)
		before := s[last:loc[0]]
		if lang == "fr" && startsWithVowel(v) {
			before = elide(before)
		}
		b.WriteString(before)
		b.WriteString(v)
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// elide writes French "de" before a vowel as "d'" (« le contrat d'Aides »,
// « le texte d'Apache-2.0 »): the text before a placeholder cannot know
// the word that will follow it. H is left alone: it may be aspirated.
func elide(before string) string {
	for _, de := range []string{"de ", "De "} {
		if !strings.HasSuffix(before, de) {
			continue
		}
		head := before[:len(before)-len(de)]
		if r, _ := utf8.DecodeLastRuneInString(head); head == "" || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return head + de[:1] + "'"
		}
	}
	return before
}

func startsWithVowel(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	return strings.ContainsRune("aeiouyAEIOUYàâäéèêëîïôöùûüÀÂÄÉÈÊËÎÏÔÖÙÛÜœŒ", r)
}

func levelOrder(l finding.Level) int {
	if l == "" {
		return 99
	}
	return l.Rank()
}
