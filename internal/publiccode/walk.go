package publiccode

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
)

type validator struct {
	opts     Options
	problems []Problem
	nodes    int  // nodes visited, aliases included
	bombed   bool // the node budget ran out: stop walking
	// declared is the version the file declares, normalised ("0.3");
	// "" when missing or unsupported.
	declared string
	// urls are the well-formed http(s) URLs met, for --online.
	urls  []urlRef
	todos []string
}

type urlRef struct {
	key       string
	line, col int
	url       string
}

// add records a problem at a node; key is the first argument of every
// message.
func (v *validator) add(sev finding.Severity, n *yaml.Node, key, id string, args ...string) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	v.addAt(sev, key, line, col, id, args...)
}

func (v *validator) addAt(sev finding.Severity, key string, line, col int, id string, args ...string) {
	m := finding.Msg(id, append([]string{"key", key}, args...)...)
	v.problems = append(v.problems, Problem{Key: key, Line: line, Column: col, Severity: sev, Message: m})
}

func (v *validator) errorf(n *yaml.Node, key, id string, args ...string) {
	v.add(finding.Error, n, key, id, args...)
}

func (v *validator) warnf(n *yaml.Node, key, id string, args ...string) {
	v.add(finding.Warning, n, key, id, args...)
}

func (v *validator) sorted() []Problem {
	sort.SliceStable(v.problems, func(i, j int) bool {
		a, b := v.problems[i], v.problems[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Key < b.Key
	})
	return v.problems
}

// resolve follows aliases, charging the node budget so that nested aliases
// cannot make the walk exponential.
func (v *validator) resolve(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 64 {
			return nil
		}
		n = n.Alias
	}
	if v.bombed {
		return nil
	}
	v.nodes++
	if v.nodes > maxNodes {
		v.bombed = true
		v.addAt(finding.Error, "", 0, 0, "too-many-nodes", "max", strconv.Itoa(maxNodes))
		return nil
	}
	return n
}

// pair is one key of a mapping, after merge keys are applied.
type pair struct {
	name  string
	key   *yaml.Node // for positions
	value *yaml.Node // resolved; nil when the budget ran out
}

// pairs returns a mapping's keys in order. Duplicated keys are reported
// (YAML forbids them; parsers disagree on which one wins) and the first one
// is kept. YAML 1.1 merge keys ("<<: *base") add the keys the mapping does
// not define itself.
func (v *validator) pairs(m *yaml.Node, path string) []pair {
	var out []pair
	seen := map[string]int{}
	var merged []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], m.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			merged = append(merged, val)
			continue
		}
		name := k.Value
		if k.Kind != yaml.ScalarNode {
			v.errorf(k, join(path, "?"), "key-not-string")
			continue
		}
		if first, dup := seen[name]; dup {
			v.errorf(k, join(path, name), "duplicate-key", "line", strconv.Itoa(out[first].key.Line))
			continue
		}
		seen[name] = len(out)
		out = append(out, pair{name: name, key: k, value: v.resolve(val)})
	}
	for _, src := range merged {
		src = v.resolve(src)
		var maps []*yaml.Node
		switch {
		case src == nil:
		case src.Kind == yaml.MappingNode:
			maps = append(maps, src)
		case src.Kind == yaml.SequenceNode:
			for _, s := range src.Content {
				if s = v.resolve(s); s != nil && s.Kind == yaml.MappingNode {
					maps = append(maps, s)
				}
			}
		}
		for _, mm := range maps {
			for _, p := range v.pairs(mm, path) {
				if _, dup := seen[p.name]; !dup {
					seen[p.name] = len(out)
					out = append(out, p)
				}
			}
		}
	}
	return out
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// join appends a mapping key to a path the way the reference validator
// writes it: dotted, or in brackets when the key is not a plain word
// ("description[en-US]").
func join(path, key string) string {
	if !plainKey.MatchString(key) {
		return path + "[" + key + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// isNull reports an absent value: "key:" with nothing, or ~ / null.
func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// YAMLErrorLine digs the line number out of a yaml.v3 error ("yaml: line
// 3: …"); 0 when it has none.
func YAMLErrorLine(err error) int {
	s := err.Error()
	i := strings.Index(s, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range s[i+5:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// yamlErrorText drops the "yaml: line N:" prefix, which the position
// already says.
func yamlErrorText(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.HasPrefix(s, "line ") {
		if i := strings.Index(s, ": "); i >= 0 {
			s = s[i+2:]
		}
	}
	return s
}
