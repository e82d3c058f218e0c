package yamledit

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Value is a value written where there was none: a Scalar, Raw text, a
// List or a Map.
type Value interface{ isValue() }

// Scalar is a string, written plain when it reads back the same, quoted
// otherwise.
type Scalar string

// Raw is YAML text written as is: true, false.
type Raw string

// List is a block sequence.
type List []Value

// Map is a block mapping.
type Map []Pair

// Pair is one key of a Map.
type Pair struct {
	Key   string
	Value Value
}

func (Scalar) isValue() {}
func (Raw) isValue()    {}
func (List) isValue()   {}
func (Map) isValue()    {}

// Unit is the document's indentation step: how much deeper a nested
// mapping's keys sit than their parent key (2 when nothing says).
func (d *Doc) Unit() int {
	for _, n := range d.order {
		if n.Kind != yaml.MappingNode || d.flow[n] || n.Style&yaml.FlowStyle != 0 {
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
				if u := v.Content[0].Column - n.Content[i].Column; u > 0 && v.Content[0].Line > n.Content[i].Line {
					return u
				}
			}
		}
	}
	return 2
}

// seqOffset is how far a block sequence's dashes sit right of its key: 0
// for "key:\n- item", the unit for "key:\n  - item".
func (d *Doc) seqOffset() int {
	for _, n := range d.order {
		if n.Kind != yaml.MappingNode || d.flow[n] || n.Style&yaml.FlowStyle != 0 {
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Line > n.Content[i].Line {
				if off := v.Column - n.Content[i].Column; off >= 0 {
					return off
				}
			}
		}
	}
	return d.Unit()
}

func spaces(n int) string { return strings.Repeat(" ", n) }

// renderPair writes key: value at indent, one string per line.
func (d *Doc) renderPair(key string, v Value, indent int) ([]string, error) {
	head := spaces(indent) + Quote(key, false) + ":"
	switch v := v.(type) {
	case Scalar:
		return []string{head + " " + Quote(string(v), false)}, nil
	case Raw:
		return []string{head + " " + string(v)}, nil
	}
	body, err := d.renderBody(v, indent)
	if err != nil {
		return nil, err
	}
	return append([]string{head}, body...), nil
}

// renderBody writes the lines of a List or Map whose key is at indent.
func (d *Doc) renderBody(v Value, indent int) ([]string, error) {
	var out []string
	switch v := v.(type) {
	case List:
		if len(v) == 0 {
			return nil, unsafe("empty list")
		}
		dash := indent + d.seqOffset()
		for _, item := range v {
			switch it := item.(type) {
			case Scalar:
				out = append(out, spaces(dash)+"- "+Quote(string(it), false))
			case Raw:
				out = append(out, spaces(dash)+"- "+string(it))
			case Map:
				lines, err := d.renderMap(it, dash+2)
				if err != nil {
					return nil, err
				}
				lines[0] = spaces(dash) + "- " + lines[0][dash+2:]
				out = append(out, lines...)
			default:
				return nil, unsafe("nested list")
			}
		}
	case Map:
		return d.renderMap(v, indent+d.Unit())
	default:
		return nil, unsafe("not a collection")
	}
	return out, nil
}

func (d *Doc) renderMap(m Map, indent int) ([]string, error) {
	if len(m) == 0 {
		return nil, unsafe("empty mapping")
	}
	var out []string
	for _, p := range m {
		lines, err := d.renderPair(p.Key, p.Value, indent)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

func (d *Doc) block(m *yaml.Node) error {
	if m == nil || m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || d.flow[m] {
		return unsafe("not a block mapping")
	}
	if len(m.Content) < 2 {
		return unsafe("empty mapping")
	}
	// Every key begins its line (the first may follow a sequence's dash):
	// explicit "? key" entries have no column to align on.
	for i := 0; i < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode {
			return unsafe("complex key")
		}
		off, err := d.offset(k)
		if err != nil {
			return err
		}
		ls := d.lineStart(k.Line)
		if k.Line == 1 {
			ls += d.bom
		}
		prefix := string(d.Src[ls:off])
		if strings.Trim(prefix, " ") != "" && !(i == 0 && itemPrefix.MatchString(prefix)) {
			return unsafe("key does not begin its line")
		}
		_, ke, err := d.ScalarSpan(k)
		if err != nil {
			return err
		}
		if rest := d.Src[ke:]; len(rest) == 0 || !colonNext.Match(rest) {
			return unsafe("explicit key")
		}
	}
	return nil
}

// startsLine reports whether only indentation precedes n on its line.
func (d *Doc) startsLine(n *yaml.Node) (bool, error) {
	off, err := d.offset(n)
	if err != nil {
		return false, err
	}
	ls := d.lineStart(n.Line)
	if n.Line == 1 {
		ls += d.bom
	}
	return strings.Trim(string(d.Src[ls:off]), " ") == "", nil
}

// blockEnd returns the first line after the lines of a key and its value:
// the line of whatever follows the value, less the blank lines and the
// comments that are not indented under the key (those introduce what
// follows).
func (d *Doc) blockEnd(k, v *yaml.Node) (int, error) {
	// Blank and comment lines are only told apart from the value's last
	// scalar when it sits on one line: those of a block scalar, or of a
	// quoted or plain scalar over several lines, may be its content.
	last := d.order[d.pos[v]+d.size[v]-1]
	floor, multi := k.Line, false
	if last.Kind == yaml.ScalarNode && !(last.Tag == "!!null" && last.Value == "") {
		if _, _, err := d.ScalarSpan(last); err != nil {
			multi = true
		} else {
			floor = max(floor, last.Line)
		}
	}
	end := d.NumLines() + 1
	if nx := d.after(v); nx != nil {
		if nx.Line <= k.Line {
			return 0, unsafe("what follows is on the key's line")
		}
		end = nx.Line
		off, err := d.offset(nx)
		if err != nil {
			return 0, err
		}
		ls := d.lineStart(nx.Line)
		if p := string(d.Src[ls:off]); strings.Trim(p, " ") != "" && !itemPrefix.MatchString(p) {
			return 0, unsafe("what follows does not begin its line")
		}
	} else {
		if multi {
			return 0, unsafe("a scalar over several lines ends the document")
		}
		for l := floor + 1; l < end; l++ {
			if t := d.line(l); strings.HasPrefix(t, "...") || strings.HasPrefix(t, "---") {
				end = l
				break
			}
		}
	}
	kc := k.Column - 1
	// Every line of the block sits under the key (a sequence may sit at
	// the key's own indentation): anything else is structure the node
	// tree does not show, such as the dash of the next item.
	for l := k.Line + 1; l < end; l++ {
		t := d.line(l)
		if blank(t) || comment(t) {
			continue
		}
		if in := indentOf(t); in < kc || in == kc && !(v.Kind == yaml.SequenceNode && strings.HasPrefix(t[in:], "-")) {
			return 0, unsafe("a line of the block is not indented under its key")
		}
	}
	if multi {
		return end, nil
	}
	for end-1 > floor {
		t := d.line(end - 1)
		if blank(t) || comment(t) && indentOf(t) <= kc {
			end--
			continue
		}
		break
	}
	return end, nil
}

func hasAnchor(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if n.Anchor != "" {
		return true
	}
	if n.Kind == yaml.AliasNode {
		return false
	}
	for _, c := range n.Content {
		if hasAnchor(c) {
			return true
		}
	}
	return false
}

var (
	itemPrefix = regexp.MustCompile(`^ *(?:- +)+$`)
	colonNext  = regexp.MustCompile(`^ *:(?:[ \t\r\n]|$)`)
)

// DeletePair removes the i-th key of a block mapping and its value, with
// the comments indented under it. The comments above it stay. A mapping's
// only key is refused: remove the mapping's own key instead.
func (d *Doc) DeletePair(m *yaml.Node, i int) ([]Edit, error) {
	if err := d.block(m); err != nil {
		return nil, err
	}
	if i < 0 || 2*i+1 >= len(m.Content) {
		return nil, unsafe("no such key")
	}
	if len(m.Content) == 2 {
		return nil, unsafe("the mapping's only key")
	}
	k, v := m.Content[2*i], m.Content[2*i+1]
	if hasAnchor(k) || hasAnchor(v) {
		return nil, unsafe("an anchor other keys may use")
	}
	koff, err := d.offset(k)
	if err != nil {
		return nil, err
	}
	ls := d.lineStart(k.Line)
	if k.Line == 1 {
		ls += d.bom
	}
	prefix := string(d.Src[ls:koff])
	switch {
	case strings.Trim(prefix, " ") == "":
		end, err := d.blockEnd(k, v)
		if err != nil {
			return nil, err
		}
		start := k.Line
		// The blank lines after it go too when nothing but blank lines
		// follows, or when a block scalar is above: it would take them.
		tail := end
		for tail <= d.NumLines() && blank(d.line(tail)) {
			tail++
		}
		if tail > d.NumLines() || d.afterBlockScalar(k) {
			end = tail
		}
		// Between two blank lines, one goes too; at the end of the file,
		// the blank lines before it.
		if (start == 1 || blank(d.line(start-1))) && end <= d.NumLines() && blank(d.line(end)) {
			end++
		}
		if end > d.NumLines() && !d.afterBlockScalar(k) {
			for start > 1 && blank(d.line(start-1)) {
				start--
			}
			ls = d.lineStart(start)
			if start == 1 {
				ls += d.bom
			}
		}
		return []Edit{{ls, d.lineStart(end), ""}}, nil
	case itemPrefix.MatchString(prefix) && i == 0:
		// "- key: v" followed by "  next: w": the next key moves up
		// behind the dash, at the same column.
		noff, err := d.offset(m.Content[2])
		if err != nil {
			return nil, err
		}
		if m.Content[2].Line <= k.Line {
			return nil, unsafe("keys on one line")
		}
		return []Edit{{koff, noff, ""}}, nil
	}
	return nil, unsafe("key does not begin its line")
}

// InsertPair adds key: v to a block mapping as its at-th key: after the
// lines of the key before it, or before the first key when at is 0, at the
// siblings' indentation.
func (d *Doc) InsertPair(m *yaml.Node, at int, key string, v Value) (Edit, error) {
	if err := d.block(m); err != nil {
		return Edit{}, err
	}
	indent := m.Content[0].Column - 1
	lines, err := d.renderPair(key, v, indent)
	if err != nil {
		return Edit{}, err
	}
	nl := d.newline()
	text := strings.Join(lines, nl) + nl
	sep := m == d.Root && len(lines) > 1 && d.blankBetweenRootKeys()
	n := len(m.Content) / 2
	if at < 0 || at > n {
		return Edit{}, unsafe("no such position")
	}
	if at == 0 {
		k := m.Content[0]
		if ok, err := d.startsLine(k); err != nil || !ok {
			return Edit{}, unsafe("key does not begin its line")
		}
		l := k.Line
		for l > 1 && comment(d.line(l-1)) && indentOf(d.line(l-1)) == indent {
			l-- // the comments above a key stay with it
		}
		off := d.lineStart(l)
		if l == 1 {
			off += d.bom
		}
		if sep {
			text += nl
		}
		return Edit{off, off, text}, nil
	}
	k, val := m.Content[2*at-2], m.Content[2*at-1]
	end, err := d.blockEnd(k, val)
	if err != nil {
		return Edit{}, err
	}
	off := d.lineStart(end)
	if last := d.order[d.pos[val]+d.size[val]-1]; last.Kind == yaml.ScalarNode && last.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		sep = false // a blank line after a block scalar would be its content
	}
	if sep {
		text = nl + text
	}
	if off == len(d.Src) && len(d.Src) > 0 && d.Src[len(d.Src)-1] != '\n' {
		if err := d.canEndLine(); err != nil {
			return Edit{}, err
		}
		text = nl + text
	}
	return Edit{off, off, text}, nil
}

// afterBlockScalar: the node before n is a block scalar, whose content
// may include the blank lines above n.
func (d *Doc) afterBlockScalar(n *yaml.Node) bool {
	i := d.pos[n]
	if i == 0 {
		return false
	}
	prev := d.order[i-1]
	return prev.Kind == yaml.ScalarNode && prev.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
}

// canEndLine: a line break added at the end of the file must not become
// part of a block scalar that ends there.
func (d *Doc) canEndLine() error {
	last := d.order[len(d.order)-1]
	if last.Kind == yaml.ScalarNode && last.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return unsafe("block scalar at the end of the file")
	}
	return nil
}

func (d *Doc) blankBetweenRootKeys() bool {
	m := d.Root
	for i := 2; i < len(m.Content); i += 2 {
		l := m.Content[i].Line
		for l > 1 && comment(d.line(l-1)) {
			l--
		}
		if l > 1 && blank(d.line(l-1)) {
			return true
		}
	}
	return false
}

var emptyAfterKey = regexp.MustCompile(`^\s*:\s*(#.*)?$`)

// FillNull gives a value to a key written with none ("legal:" and nothing
// under it): a List or Map on the lines that follow.
func (d *Doc) FillNull(m *yaml.Node, i int, v Value) (Edit, error) {
	if err := d.block(m); err != nil {
		return Edit{}, err
	}
	if i < 0 || 2*i+1 >= len(m.Content) {
		return Edit{}, unsafe("no such key")
	}
	k, val := m.Content[2*i], m.Content[2*i+1]
	if val.Kind != yaml.ScalarNode || val.Tag != "!!null" || val.Value != "" || val.Anchor != "" {
		return Edit{}, unsafe("not an empty value")
	}
	_, ke, err := d.ScalarSpan(k)
	if err != nil {
		return Edit{}, err
	}
	if !emptyAfterKey.MatchString(strings.TrimRight(string(d.Src[ke:d.lineStart(k.Line+1)]), "\r\n")) {
		return Edit{}, unsafe("something follows the key")
	}
	end := d.NumLines() + 1
	if nx := d.after(val); nx != nil {
		end = nx.Line
	}
	for l := k.Line + 1; l < end; l++ {
		if t := d.line(l); !blank(t) && !comment(t) {
			return Edit{}, unsafe("something stands for the value")
		}
	}
	lines, err := d.renderBody(v, k.Column-1)
	if err != nil {
		return Edit{}, err
	}
	nl := d.newline()
	text := strings.Join(lines, nl) + nl
	off := d.lineStart(k.Line + 1)
	if off == len(d.Src) && d.Src[len(d.Src)-1] != '\n' {
		if err := d.canEndLine(); err != nil {
			return Edit{}, err
		}
		text = nl + text
	}
	return Edit{off, off, text}, nil
}
