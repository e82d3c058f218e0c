package publiccode

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
)

// validate walks the document against the schema, after settling the
// version the file declares.
func (v *validator) validate(root *yaml.Node) {
	v.version(root)
	v.check(root, schema, "", nil)
}

// version checks publiccodeYmlVersion. Every supported version is validated
// against the latest standard, as the reference validator does; an older
// one is a warning, and so is a key newer than the version declared.
func (v *validator) version(root *yaml.Node) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "publiccodeYmlVersion" {
			continue
		}
		n := v.resolve(root.Content[i+1])
		if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
			return
		}
		s := n.Value
		supported := false
		for _, ver := range Versions {
			supported = supported || s == ver
		}
		switch {
		case !supported:
			v.errorf(n, "publiccodeYmlVersion", "version-unsupported", "value", s, "values", quoted(Versions))
		case s == "0":
			v.declared = Latest
		default:
			v.declared = majorMinor(s)
			if v.declared != Latest {
				v.warnf(n, "publiccodeYmlVersion", "version-old", "value", s, "latest", Latest)
			}
		}
		if supported && n.Tag != "!!str" {
			v.warnf(n, "publiccodeYmlVersion", "unquoted-number", "value", s)
		}
		return
	}
}

func majorMinor(s string) string {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return s
	}
	return parts[0] + "." + parts[1]
}

// versionBefore compares "0.x" versions.
func versionBefore(a, b string) bool {
	ma, mb := minor(a), minor(b)
	return ma < mb
}

func minor(s string) int {
	_, m, _ := strings.Cut(s, ".")
	n := 0
	for _, c := range m {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// check validates n against s. owner is the key node the value belongs to,
// where a missing key inside it is reported.
func (v *validator) check(n *yaml.Node, s *spec, key string, owner *yaml.Node) {
	if v.bombed || n == nil {
		return
	}
	switch s.kind {
	case kString:
		if n.Kind != yaml.ScalarNode {
			v.errorf(n, key, "type-string")
			return
		}
		if strings.HasPrefix(n.Value, "TODO") || strings.HasPrefix(n.Value, "[TODO") {
			v.todos = append(v.todos, key)
		}
		before := len(v.problems)
		if s.value != nil {
			s.value(v, n, key)
		}
		// A placeholder of a draft (ouvert init publiccode) is an error
		// until filled, also where any text would do (a feature, a
		// contact's name); one error per value, the value check's when it
		// made one.
		if todoMarker.MatchString(n.Value) && !v.errorSince(before) {
			v.errorf(n, key, "todo", "value", n.Value)
		}
	case kBool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			if n.Kind == yaml.ScalarNode && yaml11Bool(n.Value) {
				v.errorf(n, key, "type-yaml11-bool", "value", n.Value)
				return
			}
			v.errorf(n, key, "type-boolean")
		}
	case kList, kStringOrList:
		if n.Kind == yaml.ScalarNode && s.kind == kStringOrList {
			if key == "platforms" {
				// The standard allows one string; the reference validator
				// does not.
				v.warnf(n, key, "platforms-string", "value", n.Value)
			}
			// One string is a list of one, as the reference names it.
			v.check(n, s.item, index(key, 0), owner)
			return
		}
		if n.Kind != yaml.SequenceNode {
			v.errorf(n, key, "type-list")
			return
		}
		if s.nonEmpty && len(n.Content) == 0 {
			v.errorf(n, key, "empty-list")
		}
		for i, item := range n.Content {
			item = v.resolve(item)
			if isNull(item) {
				if item != nil {
					v.errorf(item, index(key, i), "null-item")
				}
				continue
			}
			v.check(item, s.item, index(key, i), owner)
		}
	case kDict:
		if n.Kind != yaml.MappingNode {
			v.errorf(n, key, "type-mapping")
			return
		}
		ps := v.pairs(n, key)
		if s.nonEmpty && len(ps) == 0 {
			v.errorf(n, key, "empty-map")
		}
		for _, p := range ps {
			k := join(key, p.name)
			if s.dictKey != nil {
				s.dictKey(v, p.key, k)
			}
			if isNull(p.value) {
				v.errorf(p.key, k, "type-mapping")
				continue
			}
			v.check(p.value, s.item, k, p.key)
		}
		if s.post != nil {
			s.post(v, n, ps, key)
		}
	case kMap:
		if n.Kind != yaml.MappingNode {
			v.errorf(n, key, "type-mapping")
			return
		}
		ps := v.pairs(n, key)
		present := map[string]bool{}
		for _, p := range ps {
			k := join(key, p.name)
			f := s.field(p.name)
			if f == nil {
				v.unknown(p, s, key)
				continue
			}
			if f.deprecated != "" {
				v.warnf(p.key, k, f.deprecated, "instead", f.instead)
			}
			if f.since != "" && v.declared != "" && versionBefore(v.declared, f.since) {
				v.warnf(p.key, k, "newer-key", "since", f.since, "declared", v.declared)
			}
			if isNull(p.value) {
				continue // absent: reported below when required
			}
			present[p.name] = true
			v.check(p.value, f.spec, k, p.key)
		}
		at := owner
		if at == nil {
			at = n
		}
		for _, f := range s.fields {
			if f.required && !present[f.name] && !v.bombed {
				v.missing(at, join(key, f.name), f.spec)
			}
		}
		if s.post != nil {
			s.post(v, n, ps, key)
		}
	}
}

// missing reports a required key that is absent. A missing section is
// reported as its own required keys, as the reference validator does
// ("legal.license", not "legal"), so that both name the same keys.
func (v *validator) missing(at *yaml.Node, key string, s *spec) {
	if s.kind == kMap {
		n := 0
		for _, f := range s.fields {
			if f.required {
				v.missing(at, join(key, f.name), f.spec)
				n++
			}
		}
		if n > 0 {
			return
		}
	}
	v.errorf(at, key, "required")
}

// unknown reports a key the standard does not define, with the key it was
// probably meant to be.
func (v *validator) unknown(p pair, s *spec, key string) {
	k := join(key, p.name)
	if sug := suggest(p.name, s.names()); sug != "" {
		v.warnf(p.key, k, "unknown-key-suggest", "suggestion", join(key, sug))
		return
	}
	if key == "" {
		if to, ok := misnamed[p.name]; ok {
			if to == "" {
				v.warnf(p.key, k, "unknown-key-not-standard")
			} else {
				v.warnf(p.key, k, "unknown-key-suggest", "suggestion", to)
			}
			return
		}
	}
	v.warnf(p.key, k, "unknown-key")
}

// yaml11Bool: words YAML 1.1 read as booleans and YAML 1.2 reads as
// strings; the standard asks for YAML 1.2.
func yaml11Bool(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "no", "y", "n", "on", "off":
		return true
	}
	return false
}

// todoMarker is the placeholder drafts leave ([TODO: …], [TODO : …] in
// French), anywhere in a value.
var todoMarker = regexp.MustCompile(`\[TODO ?:[^\]]*\]`)

// errorSince reports whether an error was recorded after the first n
// problems.
func (v *validator) errorSince(n int) bool {
	for _, p := range v.problems[n:] {
		if p.Severity == finding.Error {
			return true
		}
	}
	return false
}
