package secrets

import (
	"bytes"
	"encoding/hex"
	"path"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Layouts that hide a value from the line-by-line patterns: files that are
// a credential by their name alone, notebooks whose code is JSON-escaped,
// and literals split across a concatenation.

// namedPatterns are the rules of files recognised by name; they have no
// regex, so they live here rather than in rules/secrets.yaml.
var namedPatterns = map[string]*pattern{
	"rails":   {SecretPattern: &rules.SecretPattern{ID: "secrets/rails-master-key", Confidence: Medium}, key: -1, quote: -1},
	"dbeaver": {SecretPattern: &rules.SecretPattern{ID: "secrets/saved-connection", Confidence: Medium}, key: -1, quote: -1},
}

// byName finds the files that are a credential whatever their content
// says: Rails' master key (config/master.key, config/credentials/<env>.key:
// 32 hexadecimal digits and nothing else) and DBeaver's
// credentials-config.json, encrypted with a key that DBeaver's own source
// publishes, so as good as clear (and binary, so the patterns never see it).
func byName(p string, content []byte) (match, bool) {
	lp := strings.ToLower(strings.TrimPrefix(p, "./"))
	dir, base := path.Split(lp)
	dir = strings.TrimSuffix(dir, "/")
	var m match
	switch {
	case base == "master.key" && (dir == "config" || strings.HasSuffix(dir, "/config")),
		path.Ext(base) == ".key" && (dir == "config/credentials" || strings.HasSuffix(dir, "/config/credentials")):
		v := bytes.TrimSpace(content)
		if len(v) != 32 || !isHex(v) || looksFake(string(v)) {
			return match{}, false
		}
		at := bytes.Index(content, v)
		m = match{p: namedPatterns["rails"], start: at, end: at + len(v), value: string(v)}
	case base == "credentials-config.json" && (dir == ".dbeaver" || strings.HasSuffix(dir, "/.dbeaver")):
		if len(content) < 16 {
			return match{}, false
		}
		// The value is the encrypted file itself, in hex for the
		// fingerprint; its span is the file's start, not its bytes.
		m = match{p: namedPatterns["dbeaver"], value: hex.EncodeToString(content[:min(len(content), 4096)])}
	default:
		return match{}, false
	}
	fc := classify(p)
	if fc.skip != "" {
		return match{}, false
	}
	judge(content, m.p, &m, "", nil, 0, fc)
	if m.p == namedPatterns["rails"] && m.conf == Medium && devStems[strings.TrimSuffix(base, ".key")] {
		m.conf, m.reason = Low, ReasonDevDefault // the key of development.yml.enc: the application's own, for development
	}
	return m, true
}

// devStems name the Rails environments whose credentials serve no deployment.
var devStems = map[string]bool{"development": true, "dev": true, "test": true, "local": true}

// ReadsBinary reports a file that Scan wants even when its content is
// binary (a credential recognised by its name).
func ReadsBinary(p string) bool {
	lp := strings.ToLower(p)
	return path.Base(lp) == "credentials-config.json" && strings.Contains("/"+lp, "/.dbeaver/")
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// unescapeJSON undoes the escapes of JSON strings in place of length: each
// two-byte escape of a quote, backslash, slash or control becomes a space
// and the character (or two spaces), so that a notebook's cell source reads
// like code while lines and columns stay those of the file. The space goes
// first: an opening quote stays next to the value it opens.
func unescapeJSON(b []byte) []byte {
	i := bytes.IndexByte(b, '\\')
	if i < 0 {
		return b
	}
	out := make([]byte, len(b))
	copy(out, b)
	for ; i+1 < len(out); i++ {
		if out[i] != '\\' {
			continue
		}
		switch c := out[i+1]; c {
		case '"', '\\', '/':
			out[i], out[i+1] = ' ', c
		case 'n', 't', 'r', 'b', 'f':
			out[i], out[i+1] = ' ', ' '
		}
		i++
	}
	return out
}

// Concatenated literals: "ghp_" + "…" (Java, JS, Python, PHP with .) and
// adjacent literals ("ghp_" "…" in Python and C, on the same or the next
// line). Only keyword hits inside a short literal that a continuation
// follows are tried, at most maxJoins per content, each chain of at most
// maxLiterals literals of at most maxLiteral bytes.
const (
	maxJoins    = 64
	maxLiterals = 8
	maxLiteral  = 256
)

// joined runs the structural patterns on the literals joined at each
// keyword hit; a finding spans the chain in the content.
func (s *Scanner) joined(b []byte, hits []int, fc fileClass) []match {
	var out []match
	last := -1
	for _, at := range hits {
		if at < last {
			continue // inside the previous chain
		}
		start, end, text, ok := literalChain(b, at)
		if !ok {
			continue
		}
		last = end
		s.c.m.scan(text, func(kw, k, _ int) {
			for _, pi := range s.c.kwPats[kw] {
				p := s.c.pats[pi]
				if p.Generic || p.Multiline || !s.applies(p, fc) {
					continue
				}
				for _, sm := range p.Compiled.FindAllSubmatchIndex(text, -1) {
					m, ok := s.candidate(text, p, 0, sm, fc)
					if !ok {
						continue
					}
					m.start, m.end = start, end
					if ignored(b, start, p.ID) {
						continue
					}
					out = append(out, m)
				}
			}
		})
	}
	return out
}

// literalChain is the chain of string literals whose first one holds
// offset at: its span in b and the literals' text joined; ok only for a
// chain of two literals or more.
func literalChain(b []byte, at int) (start, end int, text []byte, ok bool) {
	open := -1
	for i := at - 1; i >= 0 && at-i <= maxLiteral && b[i] != '\n'; i-- {
		if (b[i] == '"' || b[i] == '\'') && (i == 0 || b[i-1] != '\\') {
			open = i
			break
		}
	}
	if open < 0 {
		return 0, 0, nil, false
	}
	q := b[open]
	pos, n := open, 0
	for n < maxLiterals {
		c := bytes.IndexByte(b[pos+1:min(len(b), pos+1+maxLiteral)], q)
		if c < 0 || bytes.IndexByte(b[pos+1:pos+1+c], '\n') >= 0 || bytes.IndexByte(b[pos+1:pos+1+c], '\\') >= 0 {
			break
		}
		text = append(text, b[pos+1:pos+1+c]...)
		n++
		end = pos + 2 + c
		next, ok := continuation(b, end, q)
		if !ok {
			break
		}
		pos = next
	}
	return open, end, text, n >= 2
}

// continuation is the opening quote of the literal that continues the one
// ending before i: blanks, at most one line break, and one + or . (PHP)
// or none.
func continuation(b []byte, i int, q byte) (int, bool) {
	ops, breaks := 0, 0
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\r':
		case '\n':
			if breaks++; breaks > 1 {
				return 0, false
			}
		case '+', '.':
			if ops++; ops > 1 {
				return 0, false
			}
		case q:
			return i, true
		default:
			return 0, false
		}
	}
	return 0, false
}
