package publiccode

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"github.com/ouvert-dev/ouvert/rules"
)

// TestFixDispatchNamesCatalogMessages: the fixes are chosen by the id of
// the validator's message (planProblem's switch); a label that names no
// message of publiccode/valid (a typo, a message renamed) would silently
// disable its fix.
func TestFixDispatchNamesCatalogMessages(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "fix.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	ast.Inspect(f, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "planProblem" {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			if tag, ok := sw.Tag.(*ast.Ident); !ok || tag.Name != "id" {
				return true
			}
			for _, c := range sw.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					lit, ok := e.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("planProblem: a case label that is not a string literal: %T", e)
						continue
					}
					s, _ := strconv.Unquote(lit.Value)
					labels = append(labels, s)
				}
			}
			return false
		})
		return false
	})
	if len(labels) < 20 {
		t.Fatalf("found %d case labels in planProblem's switch on id: has it moved?", len(labels))
	}
	for _, id := range labels {
		if !cat.HasMessage(Rule, id) {
			t.Errorf("planProblem handles %q, which is no message of %s", id, Rule)
		}
	}
}
