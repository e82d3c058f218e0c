// Package yamledit changes a YAML document by patching its bytes at the
// positions yaml.v3's node tree gives, never by serialising the tree again:
// comments, key order, quoting, blank lines and indentation outside the
// patched spans stay byte for byte what they were.
//
// Operations return edits or refuse (ErrUnsafe) when the document's shape
// is one they cannot patch with certainty (flow mappings, multi-line
// scalars, anchors on the spot); Check then proves that applied edits kept
// the document parseable and changed only the keys they declared.
package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ErrUnsafe: the edit cannot be made with certainty at this place.
var ErrUnsafe = errors.New("yamledit: cannot patch this spot safely")

func unsafe(why string) error { return fmt.Errorf("%w: %s", ErrUnsafe, why) }

// Doc is one YAML document: its bytes and its node tree.
type Doc struct {
	Src []byte
	// Root is the document's top node (the mapping of a publiccode.yml).
	Root *yaml.Node

	lines []int // byte offset of the start of each line; lines[0] is line 1
	bom   int   // length of a leading byte-order mark
	order []*yaml.Node
	pos   map[*yaml.Node]int  // index in order
	size  map[*yaml.Node]int  // nodes in the subtree, the node included
	flow  map[*yaml.Node]bool // inside a flow collection
}

// Parse reads src, which must hold one YAML document whose line breaks are
// \n or \r\n: YAML 1.1 also breaks lines at a lone \r, NEL, LS and PS,
// which would put yaml.v3's line numbers and ours out of step.
func Parse(src []byte) (*Doc, error) {
	if !utf8.Valid(src) {
		return nil, unsafe("not UTF-8")
	}
	for i, b := range src {
		if b == '\r' && (i+1 >= len(src) || src[i+1] != '\n') {
			return nil, unsafe("lone carriage return")
		}
	}
	if bytes.Contains(bytes.TrimPrefix(src, []byte("\ufeff")), []byte("\ufeff")) {
		return nil, unsafe("byte-order mark inside the document")
	}
	for _, l := range bytes.Split(src, []byte("\n")) {
		if ws := len(l) - len(bytes.TrimLeft(l, " \t")); bytes.IndexByte(l[:ws], '\t') >= 0 {
			return nil, unsafe("a tab in a line's indentation")
		}
	}
	if bytes.Contains(src, []byte("\u0085")) || bytes.Contains(src, []byte("\u2028")) || bytes.Contains(src, []byte("\u2029")) {
		return nil, unsafe("unicode line separators")
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, unsafe("several documents")
	}
	if len(doc.Content) == 0 {
		return nil, unsafe("empty document")
	}
	d := &Doc{Src: src, Root: doc.Content[0], pos: map[*yaml.Node]int{}, size: map[*yaml.Node]int{}, flow: map[*yaml.Node]bool{}}
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		d.bom = 3
	}
	d.lines = append(d.lines, 0)
	for i, b := range src {
		if b == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	d.walk(d.Root, false)
	return d, nil
}

// walk lists the nodes in document order, aliases as leaves.
func (d *Doc) walk(n *yaml.Node, flow bool) int {
	d.pos[n] = len(d.order)
	d.order = append(d.order, n)
	d.flow[n] = flow
	size := 1
	if n.Kind != yaml.AliasNode {
		inner := flow || (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && n.Style&yaml.FlowStyle != 0
		for _, c := range n.Content {
			size += d.walk(c, inner)
		}
	}
	d.size[n] = size
	return size
}

// after returns the node that follows n's subtree in the document, nil at
// the end.
func (d *Doc) after(n *yaml.Node) *yaml.Node {
	i, ok := d.pos[n]
	if !ok {
		return nil
	}
	if j := i + d.size[n]; j < len(d.order) {
		return d.order[j]
	}
	return nil
}

// NumLines counts lines; a final line without a newline counts.
func (d *Doc) NumLines() int {
	n := len(d.lines)
	if d.lines[n-1] == len(d.Src) {
		n--
	}
	return n
}

// lineStart is the offset of 1-based line l; len(Src) past the end.
func (d *Doc) lineStart(l int) int {
	if l-1 < len(d.lines) {
		return d.lines[l-1]
	}
	return len(d.Src)
}

// line returns line l without its line break.
func (d *Doc) line(l int) string {
	s, e := d.lineStart(l), d.lineStart(l+1)
	return strings.TrimRight(string(d.Src[s:e]), "\r\n")
}

// Offset converts yaml.v3's line and column (1-based, counted in
// characters) to a byte offset.
func (d *Doc) Offset(line, col int) (int, bool) {
	if line < 1 || line > len(d.lines) || col < 1 {
		return 0, false
	}
	off := d.lines[line-1]
	if line == 1 {
		off += d.bom
	}
	for c := 1; c < col; c++ {
		if off >= len(d.Src) || d.Src[off] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(d.Src[off:])
		off += size
	}
	return off, true
}

func (d *Doc) offset(n *yaml.Node) (int, error) {
	off, ok := d.Offset(n.Line, n.Column)
	if !ok {
		return 0, unsafe("position out of the document")
	}
	return off, nil
}

// newline is the file's line break.
func (d *Doc) newline() string {
	if bytes.Contains(d.Src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func comment(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "#") }

// Edit replaces Src[Start:End] with Text.
type Edit struct {
	Start, End int
	Text       string
}

// Overlaps reports whether two edits touch the same bytes. Insertions at
// the boundary of another edit do not.
func (e Edit) Overlaps(o Edit) bool {
	if e.Start == e.End || o.Start == o.End {
		return e.Start > o.Start && e.Start < o.End || o.Start > e.Start && o.Start < e.End
	}
	return e.Start < o.End && o.Start < e.End
}

// Apply applies non-overlapping edits; edits at the same offset apply in
// the order given.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	var b bytes.Buffer
	prev := 0
	for i, e := range es {
		if e.Start < prev || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("yamledit: edit %d [%d,%d) overlaps or is out of range", i, e.Start, e.End)
		}
		b.Write(src[prev:e.Start])
		b.WriteString(e.Text)
		prev = e.End
	}
	b.Write(src[prev:])
	return b.Bytes(), nil
}

// ScalarSpan returns the bytes of a scalar's token: a plain or quoted
// scalar on one line, with no anchor or tag. Anything else is refused.
func (d *Doc) ScalarSpan(n *yaml.Node) (int, int, error) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, 0, unsafe("not a scalar")
	}
	if n.Anchor != "" || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, 0, unsafe("anchored, tagged or block scalar")
	}
	start, err := d.offset(n)
	if err != nil {
		return 0, 0, err
	}
	src := d.Src
	end := -1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		if start >= len(src) || src[start] != '"' {
			return 0, 0, unsafe("quote not found")
		}
		for i := start + 1; i < len(src) && src[i] != '\n'; i++ {
			if src[i] == '\\' {
				if i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r') {
					break // an escaped line break: the scalar goes on
				}
				i++
				continue
			}
			if src[i] == '"' {
				end = i + 1
				break
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		if start >= len(src) || src[start] != '\'' {
			return 0, 0, unsafe("quote not found")
		}
		for i := start + 1; i < len(src) && src[i] != '\n'; i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				end = i + 1
				break
			}
		}
	default:
		// A plain scalar on one line is its own text: yaml.v3 keeps it as
		// written. One that folds over lines never matches the source.
		if n.Value == "" || strings.ContainsAny(n.Value, "\n\r") || !bytes.HasPrefix(src[start:], []byte(n.Value)) {
			return 0, 0, unsafe("multi-line or empty plain scalar")
		}
		end = start + len(n.Value)
	}
	if end < 0 {
		return 0, 0, unsafe("multi-line quoted scalar")
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		var s string
		if err := yaml.Unmarshal(src[start:end], &s); err != nil || s != n.Value {
			return 0, 0, unsafe("quoted scalar does not read back")
		}
	}
	return start, end, nil
}

// ReplaceScalar writes text (already YAML) in place of a scalar.
func (d *Doc) ReplaceScalar(n *yaml.Node, text string) (Edit, error) {
	s, e, err := d.ScalarSpan(n)
	if err != nil {
		return Edit{}, err
	}
	return Edit{s, e, text}, nil
}

// SetString replaces a scalar by a string, in the scalar's own quoting
// when it can carry the value, so "2020/01/02" stays double-quoted and a
// plain word stays plain.
func (d *Doc) SetString(n *yaml.Node, value string) (Edit, error) {
	return d.ReplaceScalar(n, d.quoteLike(n, value))
}

// RenameKey renames a mapping key in place.
func (d *Doc) RenameKey(k *yaml.Node, name string) (Edit, error) {
	return d.ReplaceScalar(k, d.quoteLike(k, name))
}

func (d *Doc) quoteLike(n *yaml.Node, value string) string {
	flow := d.inFlow(n)
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return DoubleQuote(value)
	case n.Style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(value, "\n\r\t\\") && utf8.ValidString(value):
		return "'" + strings.ReplaceAll(value, "'", "''") + "'"
	}
	return Quote(value, flow)
}

// inFlow reports whether n sits inside a flow collection, where plain
// scalars cannot hold , [ ] { }.
func (d *Doc) inFlow(n *yaml.Node) bool {
	flow, ok := d.flow[n]
	return flow || !ok
}

// Quote renders a string as a YAML scalar on one line: plain when it reads
// back as the same string, double-quoted otherwise.
func Quote(s string, flow bool) string {
	if s != "" && !strings.ContainsAny(s, "\n\r\t") && !(flow && strings.ContainsAny(s, ",[]{}")) {
		out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
		plain := strings.TrimSuffix(string(out), "\n")
		if err == nil && !strings.Contains(plain, "\n") && !strings.HasPrefix(plain, "'") && !strings.HasPrefix(plain, "\"") {
			var n yaml.Node
			if yaml.Unmarshal([]byte(plain), &n) == nil && len(n.Content) == 1 &&
				n.Content[0].Tag == "!!str" && n.Content[0].Value == s && n.Content[0].Style == 0 {
				return plain
			}
		}
	}
	return DoubleQuote(s)
}

// DoubleQuote renders a string as a double-quoted YAML scalar.
func DoubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
