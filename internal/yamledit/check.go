package yamledit

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Op is what a change does to a key.
type Op uint8

const (
	// Remove: the key and everything under it go.
	Remove Op = iota
	// Rename: the key, and everything under it, moves to To.
	Rename
	// Add: a key that was not there appears, with anything under it.
	Add
	// Set: the key stays; its value, and anything under it, changes.
	Set
)

// Change declares what edits mean to do to the document's keys. Paths are
// key names and "[i]" indexes from the root; Remove, Rename and Set name
// keys as they were, Add and Rename's To as they will be.
type Change struct {
	Op   Op
	Path []string
	To   []string
}

// Index is a path segment for a sequence item.
func Index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// Check proves that after is before with exactly the declared changes: it
// is one YAML document, every key not named by a change is still there
// with the same value, and no key appeared or vanished elsewhere.
func Check(before, after []byte, changes []Change) error {
	b, err := Parse(before)
	if err != nil {
		return fmt.Errorf("before: %w", err)
	}
	a, err := Parse(after)
	if err != nil {
		return fmt.Errorf("the edited document does not parse: %w", err)
	}
	if (b.Root.Kind == yaml.MappingNode) != (a.Root.Kind == yaml.MappingNode) {
		return errors.New("the document's top level changed")
	}
	bf, af := flatten(b.Root), flatten(a.Root)
	const wildcard = "\x02"
	want := map[string][]string{}
	var skip []string // paths of after whose descendants are not compared
	for p, sigs := range bf {
		q, drop := p, false
		for _, c := range changes {
			from := key(c.Path)
			switch {
			case c.Op == Remove && under(p, from):
				drop = true
			case c.Op == Set && p == from:
				sigs = []string{wildcard}
			case c.Op == Set && under(p, from):
				drop = true
			case c.Op == Rename && under(p, from):
				q = key(c.To) + p[len(from):]
			}
		}
		if !drop {
			want[q] = append(want[q], sigs...)
		}
	}
	for _, c := range changes {
		switch c.Op {
		case Add:
			want[key(c.Path)] = append(want[key(c.Path)], wildcard)
			skip = append(skip, key(c.Path))
		case Set:
			if len(bf[key(c.Path)]) != 1 {
				return fmt.Errorf("%s: not exactly one key to set", show(c.Path))
			}
			skip = append(skip, key(c.Path))
		case Remove, Rename:
			if len(bf[key(c.Path)]) != 1 {
				return fmt.Errorf("%s: not exactly one key to change", show(c.Path))
			}
		}
	}
	got := map[string][]string{}
	for p, sigs := range af {
		inside := false
		for _, s := range skip {
			inside = inside || under(p, s) && p != s
		}
		if !inside {
			got[p] = sigs
		}
	}
	for p, w := range want {
		g := got[p]
		if len(g) != len(w) {
			return fmt.Errorf("%s: %d key(s) expected, %d found", show(strings.Split(p, sep)), len(w), len(g))
		}
		if !sameSigs(w, g, wildcard) {
			return fmt.Errorf("%s: value changed", show(strings.Split(p, sep)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			return fmt.Errorf("%s: key appeared", show(strings.Split(p, sep)))
		}
	}
	return nil
}

const sep = "\x00"

func key(path []string) string { return strings.Join(path, sep) }

func under(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+sep)
}

func show(path []string) string { return strings.Join(path, ".") }

// sameSigs: every signature of w but the wildcards is in g.
func sameSigs(w, g []string, wildcard string) bool {
	left := map[string]int{}
	for _, s := range g {
		left[s]++
	}
	for _, s := range w {
		if s == wildcard {
			continue
		}
		if left[s] == 0 {
			return false
		}
		left[s]--
	}
	return true
}

// flatten maps each key path to the signatures of its values (several
// when a key is duplicated).
func flatten(root *yaml.Node) map[string][]string {
	out := map[string][]string{}
	var walk func(n *yaml.Node, path []string, depth int)
	walk = func(n *yaml.Node, path []string, depth int) {
		if n.Kind == yaml.AliasNode || depth > 10_000 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				name := k.Value
				if k.Kind != yaml.ScalarNode {
					name = "?" + sig(k)
				}
				p := append(append([]string(nil), path...), name)
				out[key(p)] = append(out[key(p)], sig(v))
				walk(v, p, depth+1)
			}
		case yaml.SequenceNode:
			for i, v := range n.Content {
				p := append(append([]string(nil), path...), Index(i))
				out[key(p)] = append(out[key(p)], sig(v))
				walk(v, p, depth+1)
			}
		}
	}
	walk(root, nil, 0)
	for _, s := range out {
		sort.Strings(s)
	}
	return out
}

func sig(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return "s" + n.Tag + "=" + n.Value
	case yaml.AliasNode:
		return "*" + n.Value
	case yaml.MappingNode:
		return "map" // its keys are compared one by one
	case yaml.SequenceNode:
		return "seq"
	}
	return "?"
}
