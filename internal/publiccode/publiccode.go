// Package publiccode validates publiccode.yml files against the standard
// (https://github.com/publiccodeyml/publiccode.yml), versions 0.2 to 0.7.
//
// It is written from the specification, not from the reference validator
// (which is EUPL-1.2): problem keys ("description.en.shortDescription") and
// meanings follow the reference so that people moving between the two see
// the same problems, but ouvert keeps going after a type error or an
// unknown key and reports every problem of a file in one run.
//
// Validation never formats: each Problem carries a message id and its
// arguments; the texts, in French and English, are the catalog's messages
// of the rule publiccode/valid.
package publiccode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/finding"
)

// Rule is the catalog rule whose messages the problems use.
const Rule = "publiccode/valid"

// MaxSize bounds the file: a real publiccode.yml is a few kilobytes, and the
// longest the standard allows (10,000 characters of description in a
// handful of languages) stays far below.
const MaxSize = 1 << 20

// maxNodes bounds the nodes visited, aliases included, so that a document
// that expands exponentially (a "billion laughs") costs a bounded walk.
const maxNodes = 100_000

// Problem is one thing wrong with a file.
type Problem struct {
	// Key is the path of the key in the reference validator's notation:
	// "maintenance.contacts[0].name", "description[en-US].features"; ""
	// for the file as a whole.
	Key      string
	Line     int // 1-based; 0 when the problem is not at one place
	Column   int
	Severity finding.Severity // finding.Error or finding.Warning
	// Message's first argument is always "key".
	Message finding.Message
}

// Files gives access to the repository the file describes, to check the
// logo and screenshots it names. source.Repo satisfies it.
type Files interface {
	Read(path string, limit int64) ([]byte, error)
}

// Options tune a validation.
type Options struct {
	// Files resolves relative paths (logo, screenshots); nil skips the
	// file checks.
	Files Files
}

// Result is a validated file.
type Result struct {
	// Version is the publiccodeYmlVersion as written ("" when missing).
	Version string
	// Standard is the version of the standard the file declares, as
	// major.minor ("0" is Latest); "" when missing or unsupported.
	Standard string
	// Problems are sorted by line, then column.
	Problems []Problem
	// Doc is what could be read of the file, also when it has problems;
	// nil when it is not YAML at all.
	Doc *Doc
	// Todos are the keys whose value starts with "TODO" or "[TODO", as a
	// draft leaves them.
	Todos []string

	urls []urlRef
}

// Valid reports whether no problem is an error.
func (r *Result) Valid() bool {
	for _, p := range r.Problems {
		if p.Severity == finding.Error {
			return false
		}
	}
	return true
}

// Errors counts the problems of severity error.
func (r *Result) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == finding.Error {
			n++
		}
	}
	return n
}

// Validate checks data as a publiccode.yml.
func Validate(data []byte, opts Options) *Result {
	v := &validator{opts: opts}
	res := &Result{}
	root, ok := v.parse(data)
	if ok {
		res.Doc = newDoc(root)
		res.Version = res.Doc.Version
		v.validate(root)
	}
	res.Standard = v.declared
	res.Problems = v.sorted()
	res.urls = v.urls
	res.Todos = v.todos
	return res
}

// parse runs the checks that come before the schema: size, encoding, one
// YAML document whose top level is a mapping.
func (v *validator) parse(data []byte) (*yaml.Node, bool) {
	if len(data) > MaxSize {
		v.fileProblem("too-large", "size", fmt.Sprint(len(data)), "max", fmt.Sprint(MaxSize))
		return nil, false
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8At(data)
		v.addAt(finding.Error, "", line, col, "not-utf8")
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		v.fileProblem("empty")
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		v.fileProblem("empty") // comments only
		return nil, false
	} else if err != nil {
		line := YAMLErrorLine(err)
		v.addAt(finding.Error, "", line, 0, "yaml", "error", yamlErrorText(err))
		return nil, false
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := next.Line
		if err != nil {
			line = YAMLErrorLine(err)
		}
		v.addAt(finding.Error, "", line, 0, "multiple-documents")
		return nil, false
	}
	if len(doc.Content) == 0 {
		v.fileProblem("empty")
		return nil, false
	}
	root := v.resolve(doc.Content[0])
	if root == nil {
		return nil, false
	}
	if root.Kind != yaml.MappingNode {
		v.addAt(finding.Error, "", root.Line, root.Column, "not-mapping")
		return nil, false
	}
	return root, true
}

func (v *validator) fileProblem(id string, args ...string) {
	v.addAt(finding.Error, "", 0, 0, id, args...)
}

// invalidUTF8At returns the line and column of the first invalid byte.
func invalidUTF8At(b []byte) (int, int) {
	line, col := 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[size:]
	}
	return line, col
}
