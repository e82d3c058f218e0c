package secrets

import (
	"strings"
	"testing"
)

// Escapes become a space and the character: same length, same lines.
func TestUnescapeJSONKeepsPlaces(t *testing.T) {
	in := `["a = \"x\"\n", "p\\q\/r\tz"]` + "\n" + `"\u00e9"`
	out := unescapeJSON([]byte(in))
	if len(out) != len(in) || strings.Count(string(out), "\n") != strings.Count(in, "\n") {
		t.Fatalf("length or lines changed: %q", out)
	}
	if want := `["a =  "x "  ", "p \q /r  z"]` + "\n" + `"\u00e9"`; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestLiteralChain(t *testing.T) {
	cases := []struct {
		in   string
		text string // "" = no chain
	}{
		{`x = "ab" + "cd";`, "abcd"},
		{"x = \"ab\" +\n    \"cd\" + \"ef\";", "abcdef"},
		{"x = ('ab'\n     'cd')", "abcd"},
		{`$x = 'ab' . 'cd';`, "abcd"},
		{`x = "ab";`, ""},                 // alone
		{`x = "ab" + y + "cd";`, ""},      // a variable between
		{"x = \"ab\" +\n\n  \"cd\";", ""}, // a blank line between
		{`x = "ab" + 'cd';`, ""},          // quotes differ
		{`x = "a\"b" + "cd";`, ""},        // escapes are not joined
	}
	for _, c := range cases {
		at := strings.Index(c.in, "ab")
		start, end, text, ok := literalChain([]byte(c.in), at)
		if c.text == "" {
			if ok {
				t.Errorf("%q: chain %q, want none", c.in, text)
			}
			continue
		}
		if !ok || string(text) != c.text || c.in[start] != c.in[end-1] {
			t.Errorf("%q: chain %q [%d:%d] %v, want %q", c.in, text, start, end, ok, c.text)
		}
	}
}

// Split literals, block scalars and notebooks are read; files named as
// credentials are reported by name.
func TestLayoutsScan(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(12)
	tok := g.github("ghp")
	v := pw(g)
	cases := []struct {
		path, content, rule, conf string
		line                      int
	}{
		{"src/A.java", "class A {\n  String t = \"ghp_\" +\n    \"" + tok[4:] + "\";\n}\n", "secrets/github-token", High, 2},
		{"src/a.py", "T = (\"" + tok[:10] + "\"\n     \"" + tok[10:] + "\")\n", "secrets/github-token", High, 1},
		{"src/a.py", "T = \"" + tok[:10] + "\" + suffix\n", "", "", 0},
		{"src/B.java", strings.Repeat("  check(password, \"password\" + \"x\");\n", 80) + "  String t = \"ghp_\" + \"" + tok[4:] + "\";\n", "secrets/github-token", High, 81}, // generic hits leave the budget alone
		{"config/app.yaml", "db:\n  password: |\n    " + v + "\n", "secrets/generic-assignment", Medium, 3},
		{"config/app.yaml", "db:\n  password: >-\n    the database password\n", "", "", 0},
		{"config/app.conf", "password: >-\n    " + v + "\n", "", "", 0}, // not YAML: no block scalar
		{"nb.ipynb", "{\"source\": [\"x = 1\\n\", \"api_password = \\\"" + v + "\\\"\\n\"]}\n", "secrets/generic-assignment", Medium, 1},
		{"config/master.key", g.str(hexa, 32) + "\n", "secrets/rails-master-key", Medium, 1},
		{"spec/dummy/config/master.key", g.str(hexa, 32) + "\n", "secrets/rails-master-key", Low, 1},
		{"config/master.key", g.str(hexa, 32) + "\nmore\n", "", "", 0},
		{"app/.dbeaver/credentials-config.json", "\x00\x01" + g.str(alnum, 40), "secrets/saved-connection", Medium, 1},
		{"app/credentials-config.json", "\x00\x01" + g.str(alnum, 40), "", "", 0},
		{"web/app.js", "Sentry.init({dsn: 'https://" + g.str(hexa, 32) + "@o1.ingest.sentry.io/2'})\n", "secrets/sentry-dsn", Low, 1},
		{"config/sentry.env", "SENTRY_DSN=https://" + g.str(hexa, 32) + "@o1.ingest.sentry.io/2\n", "secrets/sentry-dsn", Low, 1},
		{"config/sentry.env", "SENTRY_DSN=https://" + g.str(hexa, 32) + ":" + g.str(hexa, 32) + "@sentry.io/2\n", "secrets/sentry-dsn", High, 1},
		{"config/credentials/development.key", g.str(hexa, 32), "secrets/rails-master-key", Low, 1},
		{"config/a.env", "PARTNER_API_KEY=" + g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-4" + g.str(hexa, 3) + "-a" + g.str(hexa, 3) + "-" + g.str(hexa, 12) + "\n", "secrets/generic-assignment", Medium, 1},
		{"config/i18n-tasks.yml", "  deepl_api_key: \"48E92789-57A3-466A-9959-1A1A1A1A1A1A\"\n", "secrets/generic-assignment", Low, 1}, // i18n-tasks' template filler
		{"config/a.env", "PUBLIC_KEY=" + g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-4" + g.str(hexa, 3) + "-a" + g.str(hexa, 3) + "-" + g.str(hexa, 12) + "\n", "", "", 0},
	}
	for _, c := range cases {
		r := s.Scan(c.path, []byte(c.content))
		if c.rule == "" {
			if len(r.Findings) != 0 {
				t.Errorf("%s: %+v, want nothing", c.path, r.Findings)
			}
			continue
		}
		if len(r.Findings) != 1 || r.Findings[0].Rule != c.rule || r.Findings[0].Confidence != c.conf || r.Findings[0].Line != c.line {
			t.Errorf("%s %q: %+v, want %s %s at line %d", c.path, c.content[:min(20, len(c.content))], r.Findings, c.rule, c.conf, c.line)
		}
		for _, f := range r.Findings {
			if leaks(f, tok) || leaks(f, v) {
				t.Errorf("%s: finding shows the value", c.path)
			}
		}
	}
}
