package publiccode

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/yamledit"
	"github.com/ouvert-dev/ouvert/rules"
)

// Fixing turns the validator's problems into edits of the file's bytes
// (package yamledit), so that comments, key order, quoting and indentation
// survive. Mechanical fixes follow from the standard alone; inferred ones
// take a value from the repository (Facts) and are flagged for review.
// The rest stays a problem for a person.
//
// Fixing goes in rounds: validate, plan one fix per problem, apply those
// that do not touch the same keys or bytes, prove with yamledit.Check that
// only the declared keys changed, and validate again. A fix whose edits do
// not pass the proof is dropped for good; one that clashed with another
// waits for the next round.

// FixOptions tune Fix.
type FixOptions struct {
	// Files resolves the logo and screenshots, as for Validate.
	Files Files
	// Facts are what the repository says (Gather); nil infers nothing.
	Facts *Facts
}

// Change is one fix made.
type Change struct {
	// Key is the key fixed, in the reference validator's notation.
	Key string
	// Review marks a value inferred from the repository or a guess, for
	// a person to check.
	Review bool
	// Message is a fix-* message of publiccode/valid.
	Message finding.Message
}

// Fixed is what Fix made.
type Fixed struct {
	// Data is the fixed file; the input itself when nothing changed.
	Data    []byte
	Changes []Change
	// Result validates Data: its problems are left for a person.
	Result *Result
	// Rounds are the steps from the input to Data: each round's result
	// and the key changes its edits declared, which yamledit.Check proved.
	Rounds []Round
}

// Round is one step of Fix.
type Round struct {
	Data []byte
	Keys []yamledit.Change
}

// Changed reports whether Fix changed anything.
func (f *Fixed) Changed() bool { return len(f.Changes) > 0 }

const fixRounds = 12

// Fix repairs what can be repaired in a publiccode.yml.
func Fix(data []byte, opts FixOptions) *Fixed {
	out := &Fixed{Data: data}
	dropped := map[string]bool{}
	for round := 0; round < fixRounds; round++ {
		res := Validate(out.Data, Options{Files: opts.Files})
		doc, err := yamledit.Parse(out.Data)
		if err != nil || res.Doc == nil || doc.Root.Kind != yaml.MappingNode {
			break
		}
		p := newPlanner(doc, res, opts)
		plans := p.plan()
		var chosen []*plan
		for _, pl := range plans {
			if dropped[pl.id] || slices.ContainsFunc(chosen, pl.clashes) {
				continue
			}
			chosen = append(chosen, pl)
		}
		if len(chosen) == 0 {
			break
		}
		next, ok := applyPlans(out.Data, chosen)
		if !ok {
			// Find the culprits alone, then apply the others together,
			// or the first of them if together they still fail.
			var good []*plan
			for _, pl := range chosen {
				if _, ok := applyPlans(out.Data, []*plan{pl}); ok {
					good = append(good, pl)
				} else {
					dropped[pl.id] = true
				}
			}
			if len(good) == 0 {
				continue
			}
			if next, ok = applyPlans(out.Data, good); !ok {
				good = good[:1]
				next, _ = applyPlans(out.Data, good)
			}
			chosen = good
		}
		out.Data = next
		r := Round{Data: next}
		for _, pl := range chosen {
			out.Changes = append(out.Changes, pl.changes...)
			r.Keys = append(r.Keys, pl.keys...)
		}
		out.Rounds = append(out.Rounds, r)
	}
	out.Result = Validate(out.Data, Options{Files: opts.Files})
	return out
}

func applyPlans(data []byte, plans []*plan) ([]byte, bool) {
	var edits []yamledit.Edit
	var keys []yamledit.Change
	for _, pl := range plans {
		edits = append(edits, pl.edits...)
		keys = append(keys, pl.keys...)
	}
	next, err := yamledit.Apply(data, edits)
	if err != nil {
		return nil, false
	}
	if yamledit.Check(data, next, keys) != nil {
		return nil, false
	}
	return next, true
}

// plan is one fix: edits, the keys they change, and what to tell.
type plan struct {
	id      string
	edits   []yamledit.Edit
	keys    []yamledit.Change
	changes []Change
}

// clashes reports whether two plans touch the same bytes or keys; a
// second insertion at the same offset clashes too, since their order
// would be a guess.
func (p *plan) clashes(o *plan) bool {
	for _, a := range p.edits {
		for _, b := range o.edits {
			if a.Overlaps(b) || a.Start == b.Start || a.End == b.End && a.Start != a.End && b.Start != b.End {
				return true
			}
		}
	}
	for _, a := range p.keys {
		for _, b := range o.keys {
			for _, pa := range [][]string{a.Path, a.To} {
				for _, pb := range [][]string{b.Path, b.To} {
					if pa != nil && pb != nil && (prefixOf(pa, pb) || prefixOf(pb, pa)) {
						return true
					}
				}
			}
		}
	}
	return false
}

func prefixOf(a, b []string) bool {
	return len(a) <= len(b) && slices.Equal(a, b[:len(a)])
}

// loc is a node of the document with what the planner needs around it.
type loc struct {
	node   *yaml.Node // the value, or the sequence item
	key    *yaml.Node // the key; nil for sequence items and the root
	parent *yaml.Node // the mapping or sequence holding it
	idx    int        // its pair or item index in parent
	name   string
	path   []string // for yamledit
	ref    string   // in the reference notation
	field  *field   // its schema field; nil when unknown, or a language or an item
	spec   *spec    // the schema of node; nil when unknown
	up     *loc     // the loc whose node is parent
	// anchored: the node or one above it has an anchor or comes from a
	// merge; an edit there would change other keys too.
	anchored bool
}

type planner struct {
	doc   *yamledit.Doc
	res   *Result
	facts *Facts
	root  *loc
	byKey map[[2]int]*loc
	byVal map[[2]int][]*loc
	byRef map[string]*loc
	plans []*plan
	// dayFirst: the file is written for countries that write the day
	// before the month.
	dayFirst bool
}

func newPlanner(doc *yamledit.Doc, res *Result, opts FixOptions) *planner {
	p := &planner{doc: doc, res: res, facts: opts.Facts,
		byKey: map[[2]int]*loc{}, byVal: map[[2]int][]*loc{}, byRef: map[string]*loc{}}
	p.root = &loc{node: doc.Root, spec: schema}
	p.walk(p.root, 0)
	p.dayFirst = p.writtenDayFirst()
	return p
}

func pos(n *yaml.Node) [2]int { return [2]int{n.Line, n.Column} }

func (p *planner) walk(l *loc, depth int) {
	n := l.node
	if n.Kind == yaml.AliasNode || depth > 200 {
		return
	}
	anchored := l.anchored || n.Anchor != ""
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			c := &loc{node: v, key: k, parent: n, idx: i / 2, name: k.Value, up: l, anchored: anchored || k.Value == "<<",
				path: append(slices.Clip(l.path), k.Value), ref: join(l.ref, k.Value)}
			if l.spec != nil {
				switch l.spec.kind {
				case kMap:
					if c.field = l.spec.field(k.Value); c.field != nil {
						c.spec = c.field.spec
					}
				case kDict:
					c.spec = l.spec.item
				}
			}
			p.byKey[pos(k)] = c
			p.byVal[pos(v)] = append(p.byVal[pos(v)], c)
			if _, dup := p.byRef[c.ref]; !dup {
				p.byRef[c.ref] = c
			}
			p.walk(c, depth+1)
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			c := &loc{node: v, parent: n, idx: i, up: l, anchored: anchored,
				path: append(slices.Clip(l.path), yamledit.Index(i)), ref: index(l.ref, i)}
			if l.spec != nil && (l.spec.kind == kList || l.spec.kind == kStringOrList) {
				c.spec = l.spec.item
			}
			p.byVal[pos(v)] = append(p.byVal[pos(v)], c)
			p.byRef[c.ref] = c
			p.walk(c, depth+1)
		}
	}
}

// scalarAt finds the scalar value a problem points at.
func (p *planner) scalarAt(pr Problem) *loc {
	for _, l := range p.byVal[[2]int{pr.Line, pr.Column}] {
		if l.node.Kind == yaml.ScalarNode && !l.anchored {
			return l
		}
	}
	return nil
}

// keyAt finds the key a problem points at.
func (p *planner) keyAt(pr Problem) *loc {
	if l := p.byKey[[2]int{pr.Line, pr.Column}]; l != nil && !l.anchored {
		return l
	}
	return nil
}

var dayFirstLangs = map[string]bool{"fr": true, "it": true, "nl": true, "de": true, "es": true, "pt": true}

func (p *planner) writtenDayFirst() bool {
	d := p.res.Doc
	if d == nil {
		return false
	}
	yes := false
	for _, l := range d.Languages {
		base, region, _ := strings.Cut(strings.ReplaceAll(l, "_", "-"), "-")
		if strings.EqualFold(base, "en") && strings.EqualFold(region, "US") {
			return false
		}
		yes = yes || dayFirstLangs[strings.ToLower(base)]
	}
	return yes
}

// add records a plan.
func (p *planner) add(id string, edits []yamledit.Edit, keys []yamledit.Change, changes ...Change) {
	p.plans = append(p.plans, &plan{id: id, edits: edits, keys: keys, changes: changes})
}

func msg(id string, args ...string) finding.Message { return finding.Msg(id, args...) }

func change(key string, review bool, id string, args ...string) Change {
	return Change{Key: key, Review: review, Message: msg(id, append([]string{"key", key}, args...)...)}
}

// plan turns the problems into plans, one per problem at most.
func (p *planner) plan() []*plan {
	for _, pr := range p.res.Problems {
		p.planProblem(pr)
	}
	p.planFacts()
	// Mechanical fixes first: a key renamed this round must not be
	// inferred anew beside it.
	slices.SortStableFunc(p.plans, func(a, b *plan) int { return cmpBool(a.review(), b.review()) })
	return p.plans
}

func (p *plan) review() bool {
	for _, c := range p.changes {
		if c.Review {
			return true
		}
	}
	return false
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

var versionLike = regexp.MustCompile(`^v?0(\.\d+){0,2}$`)

func (p *planner) planProblem(pr Problem) {
	id := pr.Message.ID
	arg := func(name string) string { return pr.Message.Args[name] }
	switch id {
	case "version-old", "version-unsupported", "unquoted-number":
		l := p.scalarAt(pr)
		if l == nil {
			return
		}
		if pr.Key == "publiccodeYmlVersion" {
			if id == "version-unsupported" && !versionLike.MatchString(l.node.Value) {
				return
			}
			text := `"0"`
			if l.node.Style&yaml.SingleQuotedStyle != 0 {
				text = `'0'`
			}
			p.replace(pr, l, text, change(pr.Key, false, "fix-version", "from", l.node.Value, "latest", Latest))
			return
		}
		if id == "unquoted-number" {
			p.replace(pr, l, yamledit.DoubleQuote(l.node.Value), change(pr.Key, false, "fix-quote", "value", l.node.Value))
		}
	case "type-yaml11-bool", "type-boolean":
		l := p.scalarAt(pr)
		if l == nil {
			return
		}
		// YAML 1.1's words, and yes and no in the languages of the files
		// met in the wild (French, Italian, Dutch, German, Spanish).
		to := ""
		switch strings.ToLower(strings.TrimSpace(l.node.Value)) {
		case "yes", "y", "on", "true", "oui", "vrai", "sì", "si", "ja", "wahr":
			to = "true"
		case "no", "n", "off", "false", "non", "faux", "nee", "nein", "falso":
			to = "false"
		}
		if to != "" {
			p.replace(pr, l, to, change(pr.Key, false, "fix-bool", "from", l.node.Value, "to", to))
		}
	case "date":
		l := p.scalarAt(pr)
		if l == nil {
			return
		}
		if d, ok := fixDate(l.node.Value, p.dayFirst); ok {
			p.setString(pr, l, d, change(pr.Key, false, "fix-value", "from", l.node.Value, "to", d))
		} else if pr.Key == "releaseDate" && p.facts != nil && p.facts.ReleaseDate != "" {
			p.setString(pr, l, p.facts.ReleaseDate, change(pr.Key, true, "fix-from-tag", "value", p.facts.ReleaseDate, "tag", p.facts.Version))
		}
	case "bcp47-underscore":
		to := arg("suggestion")
		if l := p.scalarAt(pr); l != nil {
			p.setString(pr, l, to, change(pr.Key, false, "fix-value", "from", l.node.Value, "to", to))
		} else if l := p.keyAt(pr); l != nil {
			p.rename(pr, l, to, false)
		}
	case "country-lowercase", "platform-case":
		if l := p.scalarAt(pr); l != nil {
			to := arg("suggestion")
			p.setString(pr, l, to, change(pr.Key, false, "fix-value", "from", l.node.Value, "to", to))
		}
	case "enum-suggest", "not-in-category-suggest", "not-in-scope-suggest", "spdx-suggest":
		if l := p.scalarAt(pr); l != nil {
			to := arg("suggestion")
			review := id == "spdx-suggest" || !strings.EqualFold(strings.TrimSpace(l.node.Value), to)
			p.setString(pr, l, to, change(pr.Key, review, "fix-value", "from", l.node.Value, "to", to))
		}
	case "enum":
		if pr.Key == "softwareType" && p.facts != nil && p.facts.SoftwareType != "" {
			if l := p.scalarAt(pr); l != nil {
				p.setString(pr, l, p.facts.SoftwareType, change(pr.Key, true, "fix-guess", "value", p.facts.SoftwareType))
			}
		}
	case "spdx":
		if l := p.scalarAt(pr); l != nil && p.facts != nil && p.facts.License != "" {
			p.setString(pr, l, p.facts.License, change(pr.Key, true, "fix-from-licence", "value", p.facts.License))
		}
	case "platforms-string", "type-list":
		if l := p.scalarAt(pr); l != nil && !isNull(l.node) && l.node.Value != "" {
			text := "[" + yamledit.Quote(l.node.Value, true) + "]"
			p.add(pr.Key+":"+id, p.edit(l, text), []yamledit.Change{{Op: yamledit.Set, Path: l.path}},
				change(pr.Key, false, "fix-list", "value", l.node.Value))
		}
	case "url", "http-url":
		l := p.scalarAt(pr)
		if l == nil {
			return
		}
		if pr.Key == "url" {
			if u := httpsRemote(l.node.Value); u != "" && !strings.HasPrefix(l.node.Value, "http") {
				p.setString(pr, l, u, change(pr.Key, true, "fix-value", "from", l.node.Value, "to", u))
			} else if p.facts != nil && p.facts.URL != "" {
				p.setString(pr, l, p.facts.URL, change(pr.Key, true, "fix-from-remote", "value", p.facts.URL))
			}
			return
		}
		if v := strings.TrimSpace(l.node.Value); id == "http-url" && !strings.Contains(v, "://") && hostLike.MatchString(v) {
			p.setString(pr, l, "https://"+v, change(pr.Key, true, "fix-value", "from", l.node.Value, "to", "https://"+v))
		}
	case "empty-value", "required", "email":
		if l := p.scalarAt(pr); l != nil && l.key != nil && (l.node.Value == "" || strings.TrimSpace(l.node.Value) == "") && !isNull(l.node) {
			p.placeholder(pr, l)
			return
		}
		if id == "required" {
			p.missing(pr)
		}
	case "deprecated", "deprecated-use", "country-lowercase-section", "country-section":
		if l := p.keyAt(pr); l != nil {
			p.deprecated(pr, l)
		}
	case "unknown-key-suggest":
		if l := p.keyAt(pr); l != nil {
			p.unknown(pr, l, arg("suggestion"))
		}
	case "unknown-key-not-standard":
		if l := p.keyAt(pr); l != nil {
			p.remove(pr, l, false, "fix-remove", "why", rules.List("why-not-standard"))
		}
	case "excluded-unless":
		if l := p.keyAt(pr); l != nil && l.name == "contractors" {
			p.remove(pr, l, !allPlaceholders(l.node), "fix-remove", "why", rules.List("why-contractors"))
		}
	}
}

var hostLike = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$`)

func (p *planner) edit(l *loc, text string) []yamledit.Edit {
	e, err := p.doc.ReplaceScalar(l.node, text)
	if err != nil {
		return nil
	}
	return []yamledit.Edit{e}
}

// replace writes YAML text in place of a scalar.
func (p *planner) replace(pr Problem, l *loc, text string, c Change) {
	if es := p.edit(l, text); es != nil {
		p.add(pr.Key+":"+pr.Message.ID, es, []yamledit.Change{{Op: yamledit.Set, Path: l.path}}, c)
	}
}

// setString writes a string in place of a scalar, in its quoting.
func (p *planner) setString(pr Problem, l *loc, s string, c Change) {
	if e, err := p.doc.SetString(l.node, s); err == nil {
		p.add(pr.Key+":"+pr.Message.ID, []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Set, Path: l.path}}, c)
	}
}

// sibling finds a key of the mapping holding l.
func sibling(l *loc, name string) (int, bool) {
	for i := 0; i+1 < len(l.parent.Content); i += 2 {
		if l.parent.Content[i].Value == name {
			return i / 2, true
		}
	}
	return 0, false
}

func pathTo(l *loc, name string) []string {
	return append(slices.Clip(l.path[:len(l.path)-1]), name)
}

// rename renames a key; when the new name is taken by a key of the same
// value, the old key goes instead.
func (p *planner) rename(pr Problem, l *loc, to string, review bool) {
	if j, taken := sibling(l, to); taken {
		if sameValue(l.node, l.parent.Content[2*j+1]) {
			p.remove(pr, l, review, "fix-remove", "why", rules.List("why-redundant"))
		}
		return
	}
	e, err := p.doc.RenameKey(l.key, to)
	if err != nil {
		return
	}
	p.add(pr.Key+":"+pr.Message.ID, []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Rename, Path: l.path, To: pathTo(l, to)}},
		change(l.ref, review, "fix-rename", "to", to))
}

func sameValue(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Kind == yaml.AliasNode || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode {
		return a.Value == b.Value && a.Tag == b.Tag
	}
	for i := range a.Content {
		if !sameValue(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// lonely are keys that mean nothing once the keys beside them are gone.
var lonely = map[string]bool{"countryExtensionVersion": true}

// removal finds what to delete to remove l: l itself, or the optional key
// above it when nothing else would be left in its mapping.
func (p *planner) removal(l *loc) *loc {
	for l != nil && l.key != nil {
		alone := true
		for i := 0; i+1 < len(l.parent.Content); i += 2 {
			if i/2 != l.idx && !lonely[l.parent.Content[i].Value] {
				alone = false
			}
		}
		if !alone {
			return l
		}
		up := l.up
		if up == nil || up.key == nil || up.field == nil || up.field.required || up.anchored {
			if len(l.parent.Content) > 2 {
				return l
			}
			return nil
		}
		l = up
	}
	return nil
}

// remove deletes a key (or the optional section it is alone in).
func (p *planner) remove(pr Problem, l *loc, review bool, id string, args ...string) {
	p.removeWith(pr, l, nil, nil, change(pr.Key, review, id, args...))
}

func (p *planner) removeWith(pr Problem, l *loc, edits []yamledit.Edit, keys []yamledit.Change, c ...Change) {
	t := p.removal(l)
	if t == nil {
		return
	}
	es, err := p.doc.DeletePair(t.parent, t.idx)
	if err != nil {
		return
	}
	// Say what went: the section, when the key was alone in it.
	if len(c) > 0 && c[0].Message.ID == "fix-remove" {
		c[0].Key = t.ref
		c[0].Message.Args["key"] = t.ref
	}
	p.add(pr.Key+":"+pr.Message.ID, append(edits, es...), append(keys, yamledit.Change{Op: yamledit.Remove, Path: t.path}), c...)
}

// countrySection: once the deprecated keys of the Italian section are
// handled, what is left is piattaforme, which 0.7 replaced by supports
// aliases, and countryExtensionVersion, which means nothing alone; the
// section then goes.
func (p *planner) countrySection(pr Problem, l *loc) {
	if l.node.Kind != yaml.MappingNode || l.anchored {
		return
	}
	var platforms []string
	for i := 0; i+1 < len(l.node.Content); i += 2 {
		k, v := l.node.Content[i], l.node.Content[i+1]
		switch k.Value {
		case "countryExtensionVersion":
		case "piattaforme":
			if v.Kind != yaml.MappingNode {
				return
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				b := v.Content[j+1]
				if b.Kind != yaml.ScalarNode || b.Tag != "!!bool" || !slices.Contains(aliases, v.Content[j].Value) {
					return
				}
				if b.Value == "true" {
					platforms = append(platforms, "alias:"+v.Content[j].Value)
				}
			}
		default:
			return
		}
	}
	es, err := p.doc.DeletePair(p.doc.Root, l.idx)
	if err != nil {
		return
	}
	keys := []yamledit.Change{{Op: yamledit.Remove, Path: l.path}}
	c := change(l.ref, false, "fix-remove", "why", rules.List("why-country-empty"))
	if len(platforms) > 0 {
		if p.rootKey("supports") != nil {
			return
		}
		var list yamledit.List
		for _, a := range platforms {
			list = append(list, yamledit.Map{{Key: "id", Value: yamledit.Scalar(a)}})
		}
		e, err := p.doc.InsertPair(p.doc.Root, p.rootPosition("supports"), "supports", list)
		if err != nil {
			return
		}
		es = append(es, e)
		keys = append(keys, yamledit.Change{Op: yamledit.Add, Path: []string{"supports"}})
		c = change(l.ref, false, "fix-supports", "aliases", strings.Join(platforms, ", "))
	}
	p.add(pr.Key+":"+pr.Message.ID, es, keys, c)
}

// allPlaceholders: nothing but empty strings and nulls under n.
func allPlaceholders(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return strings.TrimSpace(n.Value) == ""
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if !allPlaceholders(n.Content[i]) {
				return false
			}
		}
		return true
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if !allPlaceholders(c) {
				return false
			}
		}
		return true
	}
	return false
}

// placeholder removes an empty "" value left from a template: the key
// when it is optional, else the optional key above whose whole value is
// placeholders. A required key is filled from the repository when it can
// be, else left for a person.
func (p *planner) placeholder(pr Problem, l *loc) {
	if l.up == p.root && p.facts != nil {
		if v, c, ok := p.inferred(l.name); ok {
			if s, isScalar := v.(yamledit.Scalar); isScalar {
				p.setString(pr, l, string(s), c)
			}
			return
		}
	}
	t := l
	for t != nil && t != p.root {
		if t.key != nil && t.field != nil && !t.field.required && !t.anchored {
			p.remove(pr, t, false, "fix-remove", "why", rules.List("why-placeholder"))
			return
		}
		if t.key != nil && t.field == nil {
			return // a language of description, or a key outside the schema
		}
		if t.up == nil || !allPlaceholders(t.parent) {
			return
		}
		t = t.up
	}
}

// deprecated handles the keys the standard retired, as it says to.
func (p *planner) deprecated(pr Problem, l *loc) {
	why := rules.List("why-deprecated")
	switch {
	case l.name == "it" && l.up == p.root:
		if _, taken := sibling(l, "IT"); !taken {
			p.rename(pr, l, "IT", false)
		}
	case l.name == "monochromeLogo" && l.up == p.root:
		if _, taken := sibling(l, "logo"); taken {
			p.remove(pr, l, false, "fix-remove", "why", why)
		} else {
			p.rename(pr, l, "logo", false)
		}
	case l.name == "IT" && l.up == p.root:
		p.countrySection(pr, l)
	case l.name == "repoOwner":
		p.repoOwner(pr, l)
	case l.name == "codiceIPA":
		p.codiceIPA(pr, l)
	case l.name == "genericName", l.name == "authorsFile", l.name == "conforme",
		l.name == "inputTypes" && l.up == p.root, l.name == "outputTypes" && l.up == p.root:
		p.remove(pr, l, false, "fix-remove", "why", why)
	}
}

func (p *planner) rootKey(name string) *loc {
	if l := p.byRef[name]; l != nil && l.up == p.root {
		return l
	}
	return nil
}

// repoOwner: legal.repoOwner becomes organisation.name; without an
// organisation, which needs a uri, it stays for a person.
func (p *planner) repoOwner(pr Problem, l *loc) {
	if strings.TrimSpace(l.node.Value) == "" || l.node.Kind != yaml.ScalarNode {
		if l.node.Kind == yaml.ScalarNode {
			p.remove(pr, l, false, "fix-remove", "why", rules.List("why-placeholder"))
		}
		return
	}
	org := p.rootKey("organisation")
	if org == nil || org.node.Kind != yaml.MappingNode || org.anchored {
		return
	}
	if _, has := hasKey(org.node, "name"); has {
		p.remove(pr, l, false, "fix-remove", "why", rules.List("why-redundant"))
		return
	}
	e, err := p.doc.InsertPair(org.node, len(org.node.Content)/2, "name", yamledit.Scalar(l.node.Value))
	if err != nil {
		return
	}
	p.removeWith(pr, l, []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: append(slices.Clip(org.path), "name")}},
		change(pr.Key, false, "fix-move", "to", "organisation.name"))
}

func hasKey(m *yaml.Node, name string) (int, bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return i / 2, true
		}
	}
	return 0, false
}

var ipaCode = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// codiceIPA: IT.riuso.codiceIPA becomes organisation.uri
// urn:x-italian-pa:<code>, and legal.repoOwner its name.
func (p *planner) codiceIPA(pr Problem, l *loc) {
	code := strings.TrimSpace(l.node.Value)
	if l.node.Kind != yaml.ScalarNode || code == "" {
		if l.node.Kind == yaml.ScalarNode {
			p.remove(pr, l, false, "fix-remove", "why", rules.List("why-placeholder"))
		}
		return
	}
	if !ipaCode.MatchString(code) {
		return
	}
	uri := "urn:x-italian-pa:" + code
	moved := change(pr.Key, false, "fix-move", "to", "organisation.uri ("+uri+")")
	org := p.rootKey("organisation")
	switch {
	case org == nil:
		m := yamledit.Map{{Key: "uri", Value: yamledit.Scalar(uri)}}
		edits, keys := []yamledit.Edit(nil), []yamledit.Change{{Op: yamledit.Add, Path: []string{"organisation"}}}
		changes := []Change{moved}
		if owner := p.byRef["legal.repoOwner"]; owner != nil && owner.node.Kind == yaml.ScalarNode && strings.TrimSpace(owner.node.Value) != "" && !owner.anchored {
			if t := p.removal(owner); t != nil {
				if es, err := p.doc.DeletePair(t.parent, t.idx); err == nil {
					m = append(m, yamledit.Pair{Key: "name", Value: yamledit.Scalar(owner.node.Value)})
					edits = append(edits, es...)
					keys = append(keys, yamledit.Change{Op: yamledit.Remove, Path: t.path})
					changes = append(changes, change("legal.repoOwner", false, "fix-move", "to", "organisation.name"))
				}
			}
		}
		e, err := p.doc.InsertPair(p.doc.Root, p.rootPosition("organisation"), "organisation", m)
		if err != nil {
			return
		}
		p.removeWith(pr, l, append(edits, e), keys, changes...)
	case org.node.Kind == yaml.MappingNode && !org.anchored:
		if _, has := hasKey(org.node, "uri"); has {
			p.remove(pr, l, false, "fix-remove", "why", rules.List("why-redundant"))
			return
		}
		e, err := p.doc.InsertPair(org.node, 0, "uri", yamledit.Scalar(uri))
		if err != nil {
			return
		}
		p.removeWith(pr, l, []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: append(slices.Clip(org.path), "uri")}}, moved)
	}
}

// rootPosition is where a new root key goes: after the keys that come
// before it in the standard's order.
func (p *planner) rootPosition(name string) int {
	order := schema.names()
	want := slices.Index(order, name)
	at := 0
	m := p.doc.Root
	for i := 0; i+1 < len(m.Content); i += 2 {
		if j := slices.Index(order, m.Content[i].Value); j >= 0 && j < want {
			at = i/2 + 1
		}
	}
	return at
}

// unknown renames a near-miss key to the key it was meant to be, or moves
// a key the standard keeps elsewhere.
func (p *planner) unknown(pr Problem, l *loc, suggestion string) {
	if l.up.spec != nil && l.up.spec.kind == kMap {
		for _, f := range l.up.spec.fields {
			if join(l.up.ref, f.name) == suggestion {
				if l.name == "latestRelease" && l.node.Kind == yaml.MappingNode {
					p.latestRelease(pr, l)
					return
				}
				p.rename(pr, l, f.name, false)
				return
			}
		}
	}
	if l.up != p.root {
		return
	}
	// Keys of the root that belong in a section: legal.license and
	// localisation.availableLanguages.
	section, name, ok := strings.Cut(suggestion, ".")
	if !ok || strings.Contains(name, ".") {
		return
	}
	v, ok := valueOf(l.node)
	if !ok {
		return
	}
	target := p.rootKey(section)
	var e yamledit.Edit
	var err error
	var added []string
	switch {
	case target == nil:
		e, err = p.doc.InsertPair(p.doc.Root, p.rootPosition(section), section, yamledit.Map{{Key: name, Value: v}})
		added = []string{section}
	case target.node.Kind == yaml.MappingNode && !target.anchored:
		if j, has := hasKey(target.node, name); has {
			if sameValue(l.node, target.node.Content[2*j+1]) {
				p.remove(pr, l, false, "fix-remove", "why", rules.List("why-redundant"))
			}
			return
		}
		e, err = p.doc.InsertPair(target.node, len(target.node.Content)/2, name, v)
		added = []string{section, name}
	default:
		return
	}
	if err != nil {
		return
	}
	p.removeWith(pr, l, []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: added}},
		change(pr.Key, false, "fix-move", "to", suggestion))
}

// valueOf reads a scalar or a list of scalars back as a value to write
// elsewhere.
func valueOf(n *yaml.Node) (yamledit.Value, bool) {
	scalar := func(s *yaml.Node) (yamledit.Value, bool) {
		if s.Kind != yaml.ScalarNode || isNull(s) || strings.ContainsAny(s.Value, "\n\r") {
			return nil, false
		}
		if s.Tag == "!!str" {
			return yamledit.Scalar(s.Value), true
		}
		return yamledit.Raw(yamledit.Quote(s.Value, false)), s.Tag == "!!bool" || s.Tag == "!!int" || s.Tag == "!!float"
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		var list yamledit.List
		for _, c := range n.Content {
			v, ok := scalar(c)
			if !ok {
				return nil, false
			}
			list = append(list, v)
		}
		return list, true
	}
	return scalar(n)
}

// latestRelease: a template's {date, version} mapping becomes releaseDate
// and softwareVersion.
func (p *planner) latestRelease(pr Problem, l *loc) {
	get := func(name string) string {
		if j, ok := hasKey(l.node, name); ok {
			if v := l.node.Content[2*j+1]; v.Kind == yaml.ScalarNode && !isNull(v) {
				return strings.TrimSpace(v.Value)
			}
		}
		return ""
	}
	var edits []yamledit.Edit
	var keys []yamledit.Change
	at := p.rootPosition("softwareVersion")
	for _, kv := range [][2]string{{"softwareVersion", get("version")}, {"releaseDate", get("date")}} {
		if kv[1] == "" || p.rootKey(kv[0]) != nil {
			continue
		}
		e, err := p.doc.InsertPair(p.doc.Root, at, kv[0], yamledit.Scalar(kv[1]))
		if err != nil {
			return
		}
		edits = append(edits, e)
		keys = append(keys, yamledit.Change{Op: yamledit.Add, Path: []string{kv[0]}})
	}
	p.removeWith(pr, l, edits, keys, change(pr.Key, false, "fix-split"))
}

// missing adds a required key from what the repository says.
func (p *planner) missing(pr Problem) {
	switch pr.Key {
	case "publiccodeYmlVersion":
		if p.rootKey("publiccodeYmlVersion") != nil {
			return
		}
		if e, err := p.doc.InsertPair(p.doc.Root, 0, "publiccodeYmlVersion", yamledit.Raw(`"0"`)); err == nil {
			p.add(pr.Key+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: []string{pr.Key}}},
				change(pr.Key, false, "fix-version-added", "latest", Latest))
		}
		return
	}
	if p.facts == nil {
		return
	}
	section, name, nested := strings.Cut(pr.Key, ".")
	if !nested {
		v, c, ok := p.inferred(section)
		if !ok {
			return
		}
		if l := p.rootKey(section); l != nil {
			if isNull(l.node) && l.node.Value == "" {
				if _, list := v.(yamledit.List); list {
					if e, err := p.doc.FillNull(p.doc.Root, l.idx, v); err == nil {
						p.add(pr.Key+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Set, Path: l.path}}, c)
					}
				}
			}
			return
		}
		if e, err := p.doc.InsertPair(p.doc.Root, p.rootPosition(section), section, v); err == nil {
			p.add(pr.Key+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: []string{section}}}, c)
		}
		return
	}
	// legal.license, localisation.*: in their section, or a new section.
	if section != "legal" && section != "localisation" || strings.ContainsAny(name, ".[") {
		return
	}
	var pairs yamledit.Map
	var changes []Change
	for _, f := range schema.field(section).spec.fields {
		if !f.required {
			continue
		}
		if v, c, ok := p.inferred(section + "." + f.name); ok {
			pairs = append(pairs, yamledit.Pair{Key: f.name, Value: v})
			changes = append(changes, c)
		}
	}
	sec := p.rootKey(section)
	switch {
	case sec == nil && len(pairs) > 0:
		if e, err := p.doc.InsertPair(p.doc.Root, p.rootPosition(section), section, pairs); err == nil {
			p.add(section+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: []string{section}}}, changes...)
		}
	case sec != nil && isNull(sec.node) && sec.node.Value == "" && len(pairs) > 0:
		if e, err := p.doc.FillNull(p.doc.Root, sec.idx, pairs); err == nil {
			p.add(section+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Set, Path: sec.path}}, changes...)
		}
	case sec != nil && sec.node.Kind == yaml.MappingNode && !sec.anchored:
		if _, has := hasKey(sec.node, name); has {
			return
		}
		v, c, ok := p.inferred(pr.Key)
		if !ok {
			return
		}
		at := 0
		for i, f := range schema.field(section).spec.fields {
			if f.name == name {
				break
			}
			if j, has := hasKey(sec.node, schema.field(section).spec.fields[i].name); has {
				at = j + 1
			}
		}
		if e, err := p.doc.InsertPair(sec.node, at, name, v); err == nil {
			p.add(pr.Key+":required", []yamledit.Edit{e}, []yamledit.Change{{Op: yamledit.Add, Path: append(slices.Clip(sec.path), name)}}, c)
		}
	}
}

// inferred is the value the repository gives a key, and how to say so.
func (p *planner) inferred(key string) (yamledit.Value, Change, bool) {
	f := p.facts
	if f == nil {
		return nil, Change{}, false
	}
	switch key {
	case "name":
		if f.Name != "" {
			return yamledit.Scalar(f.Name), change(key, true, "fix-from-readme", "value", f.Name), true
		}
	case "url":
		if f.URL != "" {
			return yamledit.Scalar(f.URL), change(key, true, "fix-from-remote", "value", f.URL), true
		}
	case "platforms":
		if len(f.Platforms) > 0 {
			var l yamledit.List
			for _, s := range f.Platforms {
				l = append(l, yamledit.Scalar(s))
			}
			return l, change(key, true, "fix-guess", "value", strings.Join(f.Platforms, ", ")), true
		}
	case "softwareType":
		if f.SoftwareType != "" {
			return yamledit.Scalar(f.SoftwareType), change(key, true, "fix-guess", "value", f.SoftwareType), true
		}
	case "legal.license":
		if f.License != "" {
			return yamledit.Scalar(f.License), change(key, true, "fix-from-licence", "value", f.License), true
		}
	case "localisation.localisationReady":
		return yamledit.Raw("false"), change(key, true, "fix-default", "value", "false"), true
	case "localisation.availableLanguages":
		var langs []string
		if p.res.Doc != nil {
			for _, l := range p.res.Doc.Languages {
				if ok, fixed := bcp47(l); ok {
					langs = append(langs, l)
				} else if fixed != "" {
					langs = append(langs, fixed)
				}
			}
		}
		if len(langs) == 0 && f.Lang != "" {
			langs = []string{f.Lang}
		}
		if len(langs) > 0 {
			var l yamledit.List
			for _, s := range langs {
				l = append(l, yamledit.Scalar(s))
			}
			return l, change(key, true, "fix-from-languages", "value", strings.Join(langs, ", ")), true
		}
	}
	return nil, Change{}, false
}

// planFacts adds the optional keys the latest tag gives, when missing.
func (p *planner) planFacts() {
	f := p.facts
	if f == nil || f.Version == "" {
		return
	}
	at := p.rootPosition("softwareVersion")
	var edits []yamledit.Edit
	var keys []yamledit.Change
	var changes []Change
	for _, kv := range [][3]string{{"softwareVersion", f.Version, ""}, {"releaseDate", f.ReleaseDate, ""}} {
		if kv[1] == "" || p.rootKey(kv[0]) != nil || p.rootKey("latestRelease") != nil {
			continue
		}
		e, err := p.doc.InsertPair(p.doc.Root, at, kv[0], yamledit.Scalar(kv[1]))
		if err != nil {
			return
		}
		edits = append(edits, e)
		keys = append(keys, yamledit.Change{Op: yamledit.Add, Path: []string{kv[0]}})
		changes = append(changes, change(kv[0], true, "fix-from-tag", "value", kv[1], "tag", f.Version))
	}
	if len(edits) > 0 {
		p.add("tag", edits, keys, changes...)
	}
}

var bracket = regexp.MustCompile(`\[[^\]]*\]`)

// Example names the catalog message that shows what to write for a
// problem's key ("" when there is none): "description[en-GB].features"
// and "description.fr.features" both want example-features.
func Example(key string) string {
	k := bracket.ReplaceAllString(key, "")
	parts := strings.Split(k, ".")
	if len(parts) >= 3 && parts[0] == "description" {
		parts = append(parts[:1], parts[2:]...)
	}
	switch k = strings.Join(parts, "."); k {
	case "name", "url", "platforms", "softwareType", "developmentStatus", "description", "categories", "releaseDate":
		return "example-" + k
	case "description.shortDescription", "description.longDescription", "description.features":
		return "example-" + parts[1]
	case "legal.license":
		return "example-license"
	case "maintenance.type":
		return "example-maintenance-type"
	case "maintenance.contacts", "maintenance.contractors":
		return "example-" + parts[1]
	case "maintenance.contacts.name", "maintenance.contractors.name":
		return "example-contact-name"
	case "maintenance.contractors.until":
		return "example-until"
	case "localisation.availableLanguages":
		return "example-availableLanguages"
	case "intendedAudience.scope":
		return "example-scope"
	case "organisation.uri", "fundedBy.uri":
		return "example-organisation-uri"
	}
	return ""
}
