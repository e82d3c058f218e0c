package rules

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The command line's own texts: the help of every command and flag, and
// the messages the commands print, each in both languages like the rules'.
//
//go:embed cli.yaml
var cliYAML []byte

// CommandText is the help of one command. Use and Example are optional:
// without them the command's own stand (examples are mostly command
// lines, which need no translation).
type CommandText struct {
	Use     Text `yaml:"use"`
	Short   Text `yaml:"short"`
	Long    Text `yaml:"long"`
	Example Text `yaml:"example"`
	// Flags are the usages of this command's flags that differ from the
	// shared ones.
	Flags map[string]Text `yaml:"flags"`
}

// CLIText is cli.yaml: commands by path without the leading "ouvert "
// (the root is "ouvert"), flag usages shared by every command that has
// the flag ({command} is the command's name), and messages by id.
type CLIText struct {
	Commands map[string]CommandText `yaml:"commands"`
	Flags    map[string]Text        `yaml:"flags"`
	Messages map[string]Text        `yaml:"messages"`
}

var (
	cliOnce sync.Once
	cliText *CLIText
	cliErr  error
)

// CLI returns the command line's texts. The embedded file is checked by
// the tests, so an error here is a bug that ships no binary: it panics.
func CLI() *CLIText {
	cliOnce.Do(func() { cliText, cliErr = ParseCLI(cliYAML) })
	if cliErr != nil {
		panic(cliErr)
	}
	return cliText
}

// ParseCLI decodes and checks cli.yaml: unknown keys, a text missing in
// one language, placeholders that differ between languages.
func ParseCLI(data []byte) (*CLIText, error) {
	var c CLIText
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("cli.yaml: %w", err)
	}
	check := func(where string, t Text, optional bool) error {
		if optional && t.FR == "" && t.EN == "" {
			return nil
		}
		if err := checkText(where, t); err != nil {
			return fmt.Errorf("cli.yaml: %s", strings.TrimPrefix(err.Error(), "rules.yaml: "))
		}
		return nil
	}
	for _, path := range sortedKeys(c.Commands) {
		ct := c.Commands[path]
		for _, f := range []struct {
			name     string
			t        Text
			optional bool
		}{{"use", ct.Use, true}, {"short", ct.Short, false}, {"long", ct.Long, true}, {"example", ct.Example, true}} {
			if err := check("commands."+path+"."+f.name, f.t, f.optional); err != nil {
				return nil, err
			}
		}
		for _, name := range sortedKeys(ct.Flags) {
			if err := check("commands."+path+".flags."+name, ct.Flags[name], false); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range sortedKeys(c.Flags) {
		if err := check("flags."+name, c.Flags[name], false); err != nil {
			return nil, err
		}
	}
	for _, id := range sortedKeys(c.Messages) {
		if err := check("messages."+id, c.Messages[id], false); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// Say renders a message of the command line in lang. An unknown id
// renders as itself, as the rules' messages do.
func (c *CLIText) Say(lang, id string, args map[string]string) string {
	t, ok := c.Messages[id]
	if !ok {
		return id
	}
	return ExpandIn(lang, t.In(lang), args)
}

// Say is CLI().Say, with arguments as name, value pairs.
func Say(lang, id string, kv ...string) string {
	args := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i]] = kv[i+1]
	}
	return CLI().Say(lang, id, args)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
