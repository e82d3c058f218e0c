package license

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
	"github.com/google/licensecheck"

	"github.com/ouvert-dev/ouvert/rules"
)

// Op is the kind of an expression node.
type Op uint8

const (
	OpLicense Op = iota // a licence id, maybe with "+" and an exception
	OpAnd
	OpOr
)

// Expr is a parsed SPDX licence expression. AND and OR nodes are flattened
// ("A AND B AND C" is one node with three arguments) and keep the order of
// the source.
type Expr struct {
	Op Op
	// ID is the licence id in its canonical case, or a LicenseRef-… /
	// DocumentRef-…:LicenseRef-… reference kept as written.
	ID string
	// Plus is the "+" suffix: this version or any later one.
	Plus bool
	// Exception is the id after WITH, canonical case.
	Exception string
	Args      []*Expr
}

// ParseError says where and why an expression does not parse.
type ParseError struct {
	Expr string
	Pos  int // byte offset in Expr
	Msg  string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid SPDX expression %q at offset %d: %s", e.Expr, e.Pos, e.Msg)
}

// Limits keep hostile input (a publiccode.yml is user data) from costing
// more than a glance.
const (
	maxExprLen   = 4096
	maxExprDepth = 64
)

// SPDXListVersion is the version of the SPDX License List the ids are
// checked against: the list as published by the SPDX project
// (spdx/license-list-data), embedded by github.com/github/go-spdx.
func SPDXListVersion() string { return spdxlicenses.LicenseListVersion() }

// knownIDs maps lower-case ids to their canonical spelling.
var knownIDs = sync.OnceValue(func() map[string]string {
	ids := make(map[string]string)
	for _, l := range licensecheck.BuiltinLicenses() {
		ids[strings.ToLower(l.ID)] = l.ID
	}
	// SPDX's spellings win over licensecheck's.
	for _, id := range spdxlicenses.GetLicenses() {
		ids[strings.ToLower(id)] = id
	}
	for _, id := range spdxlicenses.GetDeprecated() {
		ids[strings.ToLower(id)] = id
	}
	// The list's spellings win: they are SPDX's (etalab-2.0, CECILL-B).
	for _, l := range rules.Licences().Licences {
		if !strings.HasSuffix(l.ID, "+") {
			ids[strings.ToLower(l.ID)] = l.ID
		}
	}
	return ids
})

// KnownID returns the canonical spelling of a licence id: an id of the
// SPDX License List (current or deprecated, see SPDXListVersion), of the
// licence list, or one licensecheck reports for a text. SPDX ids are
// case-insensitive.
func KnownID(id string) (string, bool) {
	c, ok := knownIDs()[strings.ToLower(id)]
	return c, ok
}

// ParseExpression parses an SPDX licence expression: ids, "+", WITH, AND,
// OR and parentheses, operators in any case. Unknown ids are errors, so
// that "Apache 2.0" is not mistaken for an expression; LicenseRef-… is
// accepted as is.
func ParseExpression(s string) (*Expr, error) {
	if _, err := rules.LoadLicences(); err != nil {
		return nil, err
	}
	if len(s) > maxExprLen {
		return nil, &ParseError{Expr: s[:64] + "…", Pos: maxExprLen, Msg: "expression too long"}
	}
	p := &exprParser{src: s}
	p.lex()
	if p.err != nil {
		return nil, p.err
	}
	if len(p.toks) == 0 {
		return nil, &ParseError{Expr: s, Msg: "empty expression"}
	}
	e := p.parseOr(0)
	if p.err != nil {
		return nil, p.err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == tokRParen {
			p.fail(t, "unbalanced )")
		} else {
			p.fail(t, fmt.Sprintf("unexpected %q, want AND, OR or WITH", t.text))
		}
		return nil, p.err
	}
	return e, nil
}

type tokKind uint8

const (
	tokWord tokKind = iota
	tokLParen
	tokRParen
	tokPlus
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type exprParser struct {
	src  string
	toks []token
	i    int
	err  *ParseError
}

func (p *exprParser) fail(t token, msg string) *Expr {
	if p.err == nil {
		p.err = &ParseError{Expr: p.src, Pos: t.pos, Msg: msg}
	}
	return nil
}

func isIDByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':'
}

func (p *exprParser) lex() {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			p.toks = append(p.toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			p.toks = append(p.toks, token{tokRParen, ")", i})
			i++
		case c == '+':
			// SPDX writes "+" glued to the id it extends.
			if i == 0 || !isIDByte(s[i-1]) {
				p.fail(token{pos: i}, "+ must follow a licence id")
				return
			}
			p.toks = append(p.toks, token{tokPlus, "+", i})
			i++
		case isIDByte(c):
			j := i
			for j < len(s) && isIDByte(s[j]) {
				j++
			}
			p.toks = append(p.toks, token{tokWord, s[i:j], i})
			i = j
		default:
			p.fail(token{pos: i}, fmt.Sprintf("unexpected character %q", s[i:i+1]))
			return
		}
	}
}

func (p *exprParser) peekOp(op string) bool {
	return p.i < len(p.toks) && p.toks[p.i].kind == tokWord && strings.EqualFold(p.toks[p.i].text, op)
}

func (p *exprParser) parseOr(depth int) *Expr {
	return p.parseList(depth, "OR", OpOr, p.parseAnd)
}

func (p *exprParser) parseAnd(depth int) *Expr {
	return p.parseList(depth, "AND", OpAnd, p.parseWith)
}

func (p *exprParser) parseList(depth int, op string, kind Op, sub func(int) *Expr) *Expr {
	first := sub(depth)
	if p.err != nil {
		return nil
	}
	if !p.peekOp(op) {
		return first
	}
	e := &Expr{Op: kind}
	e.add(first)
	for p.peekOp(op) {
		p.i++
		next := sub(depth)
		if p.err != nil {
			return nil
		}
		e.add(next)
	}
	return e
}

// add appends x, flattening a node of the same operator.
func (e *Expr) add(x *Expr) {
	if x.Op == e.Op {
		e.Args = append(e.Args, x.Args...)
		return
	}
	e.Args = append(e.Args, x)
}

func (p *exprParser) parseWith(depth int) *Expr {
	e := p.parsePrimary(depth)
	if p.err != nil || !p.peekOp("WITH") {
		return e
	}
	with := p.toks[p.i]
	if e.Op != OpLicense || e.Exception != "" {
		return p.fail(with, "WITH must follow a single licence id")
	}
	p.i++
	if p.i >= len(p.toks) || p.toks[p.i].kind != tokWord {
		return p.fail(with, "WITH needs an exception id")
	}
	t := p.toks[p.i]
	p.i++
	exc, ok := rules.Licences().Exception(t.text)
	if !ok {
		ok, exc = spdxlicenses.IsException(t.text)
	}
	switch {
	case ok:
	case hasPrefixFold(t.text, "AdditionRef-"):
		exc = t.text
	default:
		return p.fail(t, fmt.Sprintf("unknown licence exception %q", t.text))
	}
	e.Exception = exc
	return e
}

func (p *exprParser) parsePrimary(depth int) *Expr {
	if depth > maxExprDepth {
		return p.fail(token{pos: len(p.src)}, "too deeply nested")
	}
	if p.i >= len(p.toks) {
		return p.fail(token{pos: len(p.src)}, "missing licence id at end")
	}
	t := p.toks[p.i]
	switch t.kind {
	case tokLParen:
		p.i++
		e := p.parseOr(depth + 1)
		if p.err != nil {
			return nil
		}
		if p.i >= len(p.toks) || p.toks[p.i].kind != tokRParen {
			return p.fail(t, "unbalanced (")
		}
		p.i++
		return e
	case tokWord:
		for _, op := range []string{"AND", "OR", "WITH"} {
			if strings.EqualFold(t.text, op) {
				return p.fail(t, fmt.Sprintf("%s where a licence id is expected", op))
			}
		}
		p.i++
		id, err := canonicalID(t.text)
		if err != "" {
			return p.fail(t, err)
		}
		e := &Expr{Op: OpLicense, ID: id}
		if p.i < len(p.toks) && p.toks[p.i].kind == tokPlus {
			e.Plus = true
			p.i++
		}
		return e
	}
	return p.fail(t, fmt.Sprintf("unexpected %q where a licence id is expected", t.text))
}

func canonicalID(s string) (string, string) {
	if doc, ref, ok := strings.Cut(s, ":"); ok {
		if hasPrefixFold(doc, "DocumentRef-") && len(doc) > len("DocumentRef-") && isLicenseRef(ref) {
			return s, ""
		}
		return "", fmt.Sprintf("bad reference %q (want DocumentRef-x:LicenseRef-y)", s)
	}
	if isLicenseRef(s) {
		return s, ""
	}
	if id, ok := KnownID(s); ok {
		return id, ""
	}
	return "", fmt.Sprintf("unknown licence id %q (not an SPDX id; custom licences are written LicenseRef-name)", s)
}

func isLicenseRef(s string) bool {
	return hasPrefixFold(s, "LicenseRef-") && len(s) > len("LicenseRef-") && !strings.Contains(s, ":")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// IsRef reports whether the id is a LicenseRef (a custom licence).
func (e *Expr) IsRef() bool {
	return e.Op == OpLicense && (hasPrefixFold(e.ID, "LicenseRef-") || hasPrefixFold(e.ID, "DocumentRef-"))
}

// String prints the expression with upper-case operators and only the
// parentheses precedence needs (AND binds tighter than OR).
func (e *Expr) String() string {
	var b strings.Builder
	e.write(&b, false)
	return b.String()
}

func (e *Expr) write(b *strings.Builder, inAnd bool) {
	switch e.Op {
	case OpLicense:
		b.WriteString(e.ID)
		if e.Plus {
			b.WriteByte('+')
		}
		if e.Exception != "" {
			b.WriteString(" WITH ")
			b.WriteString(e.Exception)
		}
	case OpAnd, OpOr:
		paren := e.Op == OpOr && inAnd
		if paren {
			b.WriteByte('(')
		}
		sep := " OR "
		if e.Op == OpAnd {
			sep = " AND "
		}
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(sep)
			}
			a.write(b, e.Op == OpAnd)
		}
		if paren {
			b.WriteByte(')')
		}
	}
}

// Leaves returns the licence nodes in source order.
func (e *Expr) Leaves() []*Expr {
	var out []*Expr
	var walk func(*Expr)
	walk = func(x *Expr) {
		if x.Op == OpLicense {
			out = append(out, x)
			return
		}
		for _, a := range x.Args {
			walk(a)
		}
	}
	walk(e)
	return out
}

// IDs returns the distinct licence ids of the canonical expression, in
// source order ("GPL-3.0+" counts as GPL-3.0-or-later).
func (e *Expr) IDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range e.Canonical().Leaves() {
		id := l.ID
		if l.Plus {
			id += "+"
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// gnuBare are the GNU ids SPDX deprecated because they do not say whether
// later versions are granted.
var gnuBare = map[string]bool{
	"GPL-1.0": true, "GPL-2.0": true, "GPL-3.0": true,
	"LGPL-2.0": true, "LGPL-2.1": true, "LGPL-3.0": true,
	"AGPL-1.0": true, "AGPL-3.0": true,
}

// Canonical returns a copy where deprecated GNU forms use current SPDX ids:
// GPL-3.0 becomes GPL-3.0-only, GPL-3.0+ and GPL-3.0-only+ become
// GPL-3.0-or-later, as SPDX defines them.
func (e *Expr) Canonical() *Expr {
	c := *e
	if e.Op != OpLicense {
		c.Args = make([]*Expr, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = a.Canonical()
		}
		return &c
	}
	base := strings.TrimSuffix(strings.TrimSuffix(e.ID, "-only"), "-or-later")
	if gnuBare[base] {
		switch {
		case e.Plus || strings.HasSuffix(e.ID, "-or-later"):
			c.ID, c.Plus = base+"-or-later", false
		default:
			c.ID = base + "-only"
		}
	}
	return &c
}

// Key is a canonical form for comparing expressions: deprecated ids
// replaced, arguments of AND and OR deduplicated and sorted. Two
// expressions with the same key grant the same thing.
func (e *Expr) Key() string {
	return e.Canonical().key()
}

func (e *Expr) key() string {
	k, _ := e.keyOf()
	return k
}

// keyOf also says whether the key joins several parts, which a parent
// operator must then parenthesise.
func (e *Expr) keyOf() (string, bool) {
	if e.Op == OpLicense {
		return (&Expr{Op: OpLicense, ID: strings.ToLower(e.ID), Plus: e.Plus, Exception: strings.ToLower(e.Exception)}).String(), false
	}
	seen := map[string]bool{}
	var parts []string
	for _, a := range e.Args {
		k, compound := a.keyOf()
		if compound {
			k = "(" + k + ")"
		}
		if !seen[k] {
			seen[k] = true
			parts = append(parts, k)
		}
	}
	if len(parts) == 1 {
		return strings.TrimSuffix(strings.TrimPrefix(parts[0], "("), ")"), len(parts[0]) > 0 && parts[0][0] == '('
	}
	sort.Strings(parts)
	sep := " or "
	if e.Op == OpAnd {
		sep = " and "
	}
	return strings.Join(parts, sep), true
}
