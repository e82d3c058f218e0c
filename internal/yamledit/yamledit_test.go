package yamledit

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func mustParse(t *testing.T, src string) *Doc {
	t.Helper()
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pair finds a key by path of names.
func pair(t *testing.T, d *Doc, path ...string) (*yaml.Node, int) {
	t.Helper()
	m := d.Root
	for i, name := range path {
		found := false
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == name {
				if i == len(path)-1 {
					return m, j / 2
				}
				m, found = m.Content[j+1], true
				break
			}
		}
		if !found {
			t.Fatalf("no %v", path)
		}
	}
	t.Fatalf("no %v", path)
	return nil, 0
}

func apply(t *testing.T, d *Doc, changes []Change, edits ...Edit) string {
	t.Helper()
	out, err := Apply(d.Src, edits)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(d.Src, out, changes); err != nil {
		t.Fatalf("Check: %v\n%s", err, out)
	}
	return string(out)
}

func TestReplaceKeepsQuotingAndComments(t *testing.T) {
	src := "# head\nv: \"0.2\" # old\nname: 'l''appli'\nok: yes\nlist: [a, b]\n"
	d := mustParse(t, src)
	m, i := pair(t, d, "v")
	e1, err := d.SetString(m.Content[2*i+1], "0")
	if err != nil {
		t.Fatal(err)
	}
	_, i = pair(t, d, "name")
	e2, err := d.SetString(m.Content[2*i+1], "l'app, v2")
	if err != nil {
		t.Fatal(err)
	}
	_, i = pair(t, d, "ok")
	e3, err := d.ReplaceScalar(m.Content[2*i+1], "true")
	if err != nil {
		t.Fatal(err)
	}
	_, i = pair(t, d, "list")
	e4, err := d.SetString(m.Content[2*i+1].Content[1], "b, c")
	if err != nil {
		t.Fatal(err)
	}
	got := apply(t, d, []Change{{Op: Set, Path: []string{"v"}}, {Op: Set, Path: []string{"name"}}, {Op: Set, Path: []string{"ok"}},
		{Op: Set, Path: []string{"list", "[1]"}}}, e1, e2, e3, e4)
	want := "# head\nv: \"0\" # old\nname: 'l''app, v2'\nok: true\nlist: [a, \"b, c\"]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenameKey(t *testing.T) {
	d := mustParse(t, "it:\n  riuso: x\nlandingUrl: \"https://a.example\"\n")
	m, i := pair(t, d, "it")
	e, err := d.RenameKey(m.Content[2*i], "IT")
	if err != nil {
		t.Fatal(err)
	}
	got := apply(t, d, []Change{{Op: Rename, Path: []string{"it"}, To: []string{"IT"}}}, e)
	if got != "IT:\n  riuso: x\nlandingUrl: \"https://a.example\"\n" {
		t.Errorf("got %q", got)
	}
}

func TestDeletePair(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"middle", "a: 1\nb:\n  c: 2\n  # under b\n  d: [3,\n    4]\n# about e\ne: 5\n", "a: 1\n# about e\ne: 5\n"},
		{"blank lines", "a: 1\n\nb: 2\n\ne: 5\n", "a: 1\n\ne: 5\n"},
		{"last, no newline", "a: 1\nb: 2", "a: 1\n"},
		{"first in item", "l:\n  - b: 1\n    c: 2\n", "l:\n  - c: 2\n"},
		{"block scalar", "a: 1\nb: |\n  text\n\n  more\ne: 5\n", "a: 1\ne: 5\n"},
		{"crlf", "a: 1\r\nb: 2\r\ne: 5\r\n", "a: 1\r\ne: 5\r\n"},
		{"bom", "\ufeffb: 1\ne: 5\n", "\ufeffe: 5\n"},
		{"document end", "a: 1\nb: 2\n...\n", "a: 1\n...\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, tc.src)
			path := []string{"b"}
			if tc.name == "first in item" {
				path = []string{"l", "[0]", "b"}
				m := d.Root.Content[1].Content[0]
				es, err := d.DeletePair(m, 0)
				if err != nil {
					t.Fatal(err)
				}
				if got := apply(t, d, []Change{{Op: Remove, Path: path}}, es...); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
				return
			}
			m, i := pair(t, d, "b")
			es, err := d.DeletePair(m, i)
			if err != nil {
				t.Fatal(err)
			}
			if got := apply(t, d, []Change{{Op: Remove, Path: path}}, es...); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDeleteRefusals(t *testing.T) {
	for _, src := range []string{"{a: 1, b: 2}\n", "b: 1\n", "a: &x 1\nb: *x\n"} {
		d := mustParse(t, src)
		_, err := d.DeletePair(d.Root, 0)
		if !errors.Is(err, ErrUnsafe) {
			t.Errorf("%q: err = %v, want ErrUnsafe", src, err)
		}
	}
}

func TestInsertPair(t *testing.T) {
	src := "name: x\n\nlegal:\n    license: MIT\n\n# trailer\n"
	d := mustParse(t, src)
	e1, err := d.InsertPair(d.Root, 1, "url", Scalar("https://git.example.org/x"))
	if err != nil {
		t.Fatal(err)
	}
	e2, err := d.InsertPair(d.Root, 2, "localisation", Map{{"localisationReady", Raw("false")}, {"availableLanguages", List{Scalar("fr")}}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := pair(t, d, "legal", "license")
	e3, err := d.InsertPair(m, 1, "mainCopyrightOwner", Scalar("Ville: Exemple"))
	if err != nil {
		t.Fatal(err)
	}
	// Two insertions at one offset apply in the order given.
	got := apply(t, d, []Change{{Op: Add, Path: []string{"url"}}, {Op: Add, Path: []string{"localisation"}},
		{Op: Add, Path: []string{"legal", "mainCopyrightOwner"}}}, e1, e3, e2)
	want := "name: x\nurl: https://git.example.org/x\n\nlegal:\n    license: MIT\n    mainCopyrightOwner: \"Ville: Exemple\"\n\n" +
		"localisation:\n    localisationReady: false\n    availableLanguages:\n        - fr\n\n# trailer\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFillNull(t *testing.T) {
	d := mustParse(t, "a:\n- x\nlegal: # to do\nb: 1")
	m, i := pair(t, d, "legal")
	e, err := d.FillNull(m, i, Map{{"license", Scalar("EUPL-1.2")}})
	if err != nil {
		t.Fatal(err)
	}
	got := apply(t, d, []Change{{Op: Set, Path: []string{"legal"}}}, e)
	if got != "a:\n- x\nlegal: # to do\n  license: EUPL-1.2\nb: 1" {
		t.Errorf("got %q", got)
	}
}

func TestCheckCatchesUndeclaredChanges(t *testing.T) {
	before := []byte("a: 1\nb:\n  c: 2\n")
	cases := map[string]struct {
		after   string
		changes []Change
	}{
		"lost key":      {"a: 1\nb: {}\n", nil},
		"value changed": {"a: 2\nb:\n  c: 2\n", nil},
		"new key":       {"a: 1\nb:\n  c: 2\n  d: 3\n", nil},
		"not yaml":      {"a: [\n", nil},
		"duplicate add": {"a: 1\nb:\n  c: 2\nx: 1\nx: 2\n", []Change{{Op: Add, Path: []string{"x"}}}},
		"wrong rename":  {"a: 1\nB:\n  c: 3\n", []Change{{Op: Rename, Path: []string{"b"}, To: []string{"B"}}}},
	}
	for name, tc := range cases {
		if err := Check(before, []byte(tc.after), tc.changes); err == nil {
			t.Errorf("%s: Check passed", name)
		}
	}
	if err := Check(before, []byte("a: 1\nB:\n  c: 2\n"), []Change{{Op: Rename, Path: []string{"b"}, To: []string{"B"}}}); err != nil {
		t.Errorf("a declared rename: %v", err)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"web": "web", "1.10": `"1.10"`, "true": `"true"`, "a: b": `"a: b"`, "": `""`, "#x": `"#x"`,
		"2024-01-02": `"2024-01-02"`, "l'appli": "l'appli", "tab\there": `"tab\there"`,
	} {
		if got := Quote(in, false); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := Quote("a, b", true); got != `"a, b"` {
		t.Errorf("flow: %s", got)
	}
}

func TestParseRefusesOddLineBreaks(t *testing.T) {
	for _, s := range []string{"a: 1\rb: 2\n", "a: x\u2028y\n", "a: 1\n---\nb: 2\n"} {
		if _, err := Parse([]byte(s)); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

// FuzzEdit runs every operation on every key of arbitrary documents: an
// operation either refuses, or its edits give a document that parses and
// differs from the original by exactly the declared change.
func FuzzEdit(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb:\n  c: [x, y]\n  d: 'q'\n",
		"- a: 1\n  b: \"2\"\n- c: |\n    text\n",
		"a:\nb: &x {c: 1}\nd: *x\n",
		"# c\na: 1 # c\n\n\nb:\n- 1\n- 2\n...\n",
		"\ufeffk: v\r\nl:\r\n  m: n\r\n",
		"a: >\n  folded\n  text\nb: \"multi\n  line\"\n",
		"? complex\n: value\nk: v\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		d, err := Parse([]byte(src))
		if err != nil {
			return
		}
		try := func(what string, es []Edit, c Change) {
			out, err := Apply(d.Src, es)
			if err != nil {
				t.Fatalf("%s: Apply: %v", what, err)
			}
			if err := Check(d.Src, out, []Change{c}); err != nil {
				t.Fatalf("%s on %q gave %q: %v", what, src, out, err)
			}
		}
		var visit func(n *yaml.Node, path []string, depth int)
		visit = func(n *yaml.Node, path []string, depth int) {
			if depth > 20 || n.Kind == yaml.AliasNode {
				return
			}
			switch n.Kind {
			case yaml.SequenceNode:
				for i, c := range n.Content {
					visit(c, append(append([]string(nil), path...), Index(i)), depth+1)
				}
			case yaml.MappingNode:
				names := map[string]int{}
				for i := 0; i+1 < len(n.Content); i += 2 {
					names[n.Content[i].Value]++
				}
				for i := 0; i+1 < len(n.Content); i += 2 {
					k, v := n.Content[i], n.Content[i+1]
					if k.Kind != yaml.ScalarNode || names[k.Value] > 1 || strings.ContainsRune(k.Value, 0) {
						continue
					}
					p := append(append([]string(nil), path...), k.Value)
					if names[k.Value+"_x"] == 0 {
						if e, err := d.RenameKey(k, k.Value+"_x"); err == nil {
							to := append(append([]string(nil), path...), k.Value+"_x")
							try("rename", []Edit{e}, Change{Op: Rename, Path: p, To: to})
						}
					}
					if es, err := d.DeletePair(n, i/2); err == nil {
						try("delete", es, Change{Op: Remove, Path: p})
					}
					if v.Kind == yaml.ScalarNode {
						if e, err := d.SetString(v, v.Value+" x"); err == nil {
							try("set", []Edit{e}, Change{Op: Set, Path: p})
						}
					}
					if names["new_key"] == 0 {
						if e, err := d.InsertPair(n, i/2, "new_key", List{Scalar("v")}); err == nil {
							try("insert", []Edit{e}, Change{Op: Add, Path: append(append([]string(nil), path...), "new_key")})
						}
						if i+2 == len(n.Content) {
							if e, err := d.InsertPair(n, i/2+1, "new_key", Map{{"a", Scalar("1")}}); err == nil {
								try("append", []Edit{e}, Change{Op: Add, Path: append(append([]string(nil), path...), "new_key")})
							}
						}
					}
					if e, err := d.FillNull(n, i/2, Map{{"a", Raw("true")}}); err == nil {
						try("fill", []Edit{e}, Change{Op: Set, Path: p})
					}
					visit(v, p, depth+1)
				}
			}
		}
		visit(d.Root, nil, 0)
	})
}
