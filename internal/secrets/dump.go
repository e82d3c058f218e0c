package secrets

import (
	"bytes"
	"encoding/csv"
	"path"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// DumpRule is the rule of a data dump (SQL, CSV) whose password or token
// column holds values in clear: one finding per file, not one per row.
const DumpRule = "secrets/dump-passwords"

var dumpPattern = &pattern{
	SecretPattern: &rules.SecretPattern{ID: DumpRule, Generic: true, Confidence: Medium},
	secret:        1, key: -1, quote: -1,
}

// dumpLimit bounds the rows of one table read for a verdict: a column is
// judged on its first rows.
const dumpLimit = 1000

var (
	bareInsertRe = regexp.MustCompile("(?i)\\binsert\\s+(?:ignore\\s+)?into\\s+[`\"\\[]?([\\w.]+)[`\"\\]]?\\s+values\\s*")
	createRe     = regexp.MustCompile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?[`\"\\[]?([\\w.]+)[`\"\\]]?\\s*\\(")
	insertRe     = regexp.MustCompile("(?i)\\binsert\\s+into\\s+[`\"\\[]?([\\w.]+)[`\"\\]]?\\s*\\(([^)]{1,1000})\\)\\s*values\\s*")
	copyRe       = regexp.MustCompile("(?i)^copy\\s+([\\w.\"]+)\\s*\\(([^)]{1,1000})\\)\\s+from\\s+stdin")
)

// dumpColumn reports a column that holds credentials by its name.
func dumpColumn(name string) bool {
	n := strings.ToLower(strings.Trim(strings.TrimSpace(name), "`\"[]'"))
	if n == "" || !credentialKey(n) {
		return false
	}
	for _, w := range keyStopWords {
		if strings.Contains(n, w) {
			return false // password_hash, token_digest: the column says it holds hashes
		}
	}
	toks := keyTokens(n)
	if len(toks) == 0 || keyStopTokens[toks[len(toks)-1]] {
		return false // password_reset_at, token_expires
	}
	// A column named "secret" or "token" alone is as often a label (which
	// secret a row is about) as a credential: a dump names the
	// credential (password, api_key, access_token).
	return len(toks) > 1 || toks[0] != "secret" && toks[0] != "token" && toks[0] != "credential" && toks[0] != "credentials"
}

// cell is one value of a credential column, and where it is.
type cell struct {
	v, column  string
	start, end int
}

// dump judges a SQL or CSV file's credential columns: a match for the
// first value in clear (the finding's place and fingerprint), or, when
// every value is a password hash, one for the first hash, low. Values
// that read as placeholders count as neither.
func (s *Scanner) dump(p string, content []byte, fc fileClass) []match {
	var cells []cell
	switch path.Ext(strings.ToLower(p)) {
	case ".sql":
		cells = sqlCells(content)
	case ".csv", ".tsv":
		cells = csvCells(content)
	default:
		return nil
	}
	var plain, hash *cell
	distinct := map[string]bool{}
	for i := range cells {
		c := &cells[i]
		v := c.v
		switch {
		case len(v) < 4 || looksFake(v) || placeholderValue(v) || weakDefault(v):
		case passwordHash(v) || saltedJSON(v):
			if hash == nil {
				hash = c
			}
		case genericValue(v, c.column, true, false, true, fc):
			// The filters of a literal assigned to a password: a label
			// (ip-proxy), a name, a reference or a path is not one.
			if plain == nil {
				plain = c
			}
			if len(distinct) < 2 {
				distinct[v] = true
			}
		}
	}
	if len(distinct) < 2 {
		plain = nil // one value is a column of a table, not yet a dump of accounts
	}
	c, reason := plain, ""
	if c == nil {
		c, reason = hash, ReasonHash
	}
	if c == nil {
		return nil
	}
	m := match{p: dumpPattern, start: c.start, end: c.end, value: c.v, conf: Medium}
	judge(content, dumpPattern, &m, "", nil, 0, fc)
	if reason != "" {
		m.conf, m.reason = Low, reason
	}
	if ignored(content, m.start, DumpRule) {
		return nil
	}
	return []match{m}
}

// saltedJSON reports a cell holding a JSON document with a salt (Keycloak's
// credential table: {"value":"<hash>","salt":"…"}, its algorithm in the
// next column): a salted hash, not a password in clear.
func saltedJSON(v string) bool {
	return strings.HasPrefix(v, "{") && strings.Contains(v, `"salt"`)
}

// sqlCells reads the credential columns of INSERT statements, with a
// column list or (mysqldump's default) with the columns of the table's
// CREATE TABLE, and of pg_dump's COPY … FROM stdin blocks.
func sqlCells(b []byte) []cell {
	var out []cell
	for _, loc := range insertRe.FindAllSubmatchIndex(b, -1) {
		cols := string(b[loc[4]:loc[5]])
		col := credentialIndex(cols, ",")
		if col < 0 {
			continue
		}
		out = append(out, named(insertValues(b, loc[1], col), cols, ",", col)...)
	}
	if bareInsertRe.Match(b) {
		tables := createdColumns(b)
		for _, loc := range bareInsertRe.FindAllSubmatchIndex(b, -1) {
			cols := tables[strings.ToLower(string(b[loc[2]:loc[3]]))]
			col := credentialIndex(cols, ",")
			if col < 0 {
				continue
			}
			out = append(out, named(insertValues(b, loc[1], col), cols, ",", col)...)
		}
	}
	for off := 0; off < len(b); {
		nl := bytes.IndexByte(b[off:], '\n')
		end := len(b)
		if nl >= 0 {
			end = off + nl
		}
		line := b[off:end]
		if len(line) > 0 && (line[0] == 'C' || line[0] == 'c') {
			m := copyRe.FindSubmatch(line)
			if m == nil {
				off = end + 1
				continue
			}
			if col := credentialIndex(string(m[2]), ","); col >= 0 {
				cells, next := copyRows(b, end+1, col)
				out = append(out, named(cells, string(m[2]), ",", col)...)
				off = next
				continue
			}
		}
		off = end + 1
	}
	return out
}

// createdColumns maps each table a dump creates (lowercase name) to its
// columns in order, comma-separated: one definition per line, as
// mysqldump and pg_dump write them; constraints and keys are not columns.
func createdColumns(b []byte) map[string]string {
	out := map[string]string{}
	for _, loc := range createRe.FindAllSubmatchIndex(b, -1) {
		var cols []string
		rest := b[loc[1]:]
		for n := 0; n < 500 && len(rest) > 0; n++ {
			nl := bytes.IndexByte(rest, '\n')
			line := rest
			if nl >= 0 {
				line, rest = rest[:nl], rest[nl+1:]
			} else {
				rest = nil
			}
			f := strings.Fields(strings.TrimSpace(string(line)))
			if len(f) == 0 {
				continue
			}
			if strings.HasPrefix(f[0], ")") {
				break
			}
			switch strings.ToUpper(strings.Trim(f[0], "`\"")) {
			case "PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL":
				continue
			}
			cols = append(cols, strings.Trim(f[0], "`\"[],"))
		}
		out[strings.ToLower(string(b[loc[2]:loc[3]]))] = strings.Join(cols, ",")
	}
	return out
}

// named gives cells the name of their column.
func named(cells []cell, list, sep string, col int) []cell {
	name := strings.Trim(strings.TrimSpace(strings.Split(list, sep)[col]), "`\"[]'")
	for i := range cells {
		cells[i].column = name
	}
	return cells
}

// credentialIndex is the index of the first credential column of a list.
func credentialIndex(list, sep string) int {
	for i, c := range strings.Split(list, sep) {
		if dumpColumn(c) {
			return i
		}
	}
	return -1
}

// insertValues reads the tuples after VALUES from at, each tuple's col-th
// value: quoted strings (” escapes a quote), numbers, NULL.
func insertValues(b []byte, at, col int) []cell {
	var out []cell
	i := at
	for rows := 0; rows < dumpLimit; rows++ {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t' || b[i] == ',') {
			i++
		}
		if i >= len(b) || b[i] != '(' {
			return out
		}
		i++
		field := 0
		for i < len(b) && b[i] != ')' {
			for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n') {
				i++
			}
			start, end, quoted := i, i, false
			if i < len(b) && b[i] == '\'' {
				quoted = true
				i++
				start = i
				for i < len(b) {
					if b[i] == '\\' {
						i += 2
						continue
					}
					if b[i] == '\'' {
						if i+1 < len(b) && b[i+1] == '\'' {
							i += 2
							continue
						}
						break
					}
					i++
				}
				end = min(i, len(b))
				i++
			} else {
				for i < len(b) && b[i] != ',' && b[i] != ')' {
					i++
				}
				end = i
			}
			// Only a string literal is a password in clear: NULL, a number
			// or a call (crypt('…', gen_salt('bf'))) is not.
			if field == col && quoted {
				if v := strings.TrimSpace(string(b[start:end])); v != "" {
					out = append(out, cell{v: v, start: start, end: end})
				}
			}
			for i < len(b) && b[i] != ',' && b[i] != ')' {
				i++
			}
			if i < len(b) && b[i] == ',' {
				i++
			}
			field++
		}
		i++
	}
	return out
}

// copyRows reads the tab-separated rows of a COPY block up to "\.",
// returning the cells and the offset after the block.
func copyRows(b []byte, at, col int) ([]cell, int) {
	var out []cell
	off := at
	for rows := 0; off < len(b); rows++ {
		nl := bytes.IndexByte(b[off:], '\n')
		end := len(b)
		if nl >= 0 {
			end = off + nl
		}
		line := bytes.TrimRight(b[off:end], "\r")
		if string(line) == `\.` {
			return out, end + 1
		}
		if rows < dumpLimit {
			fields := bytes.Split(line, []byte{'\t'})
			if col < len(fields) {
				if v := string(fields[col]); v != `\N` && v != "" {
					start := off
					for k := 0; k < col; k++ {
						start += len(fields[k]) + 1
					}
					out = append(out, cell{v: v, start: start, end: start + len(v)})
				}
			}
		}
		off = end + 1
	}
	return out, off
}

// csvCells reads the credential column named by a CSV header (its
// separator the first of , ; or tab that the header holds); quoted fields
// lose their quotes, and fields holding the separator are not split right
// (a dump's passwords rarely hold one).
func csvCells(b []byte) []cell {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return nil
	}
	header := string(bytes.TrimRight(b[:nl], "\r"))
	// The separator is the one the header uses most: a tab-separated
	// header may hold commas inside its column names.
	sep, most := "", 0
	for _, c := range []string{",", ";", "\t"} {
		if n := strings.Count(header, c); n > most {
			sep, most = c, n
		}
	}
	if sep == "" {
		return nil
	}
	col := credentialIndex(header, sep)
	if col < 0 {
		return nil
	}
	// encoding/csv reads quoted fields (a separator or a line break inside
	// quotes); FieldPos gives back each field's place in the file.
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = rune(sep[0]), -1, true, true
	if _, err := r.Read(); err != nil {
		return nil
	}
	lineStarts := []int{0}
	for i, c := range b {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	var out []cell
	for rows := 0; rows < dumpLimit; rows++ {
		rec, err := r.Read()
		if err != nil {
			break // the end, or a row csv cannot read: the rows before it count
		}
		if col >= len(rec) {
			continue
		}
		v := strings.TrimSpace(rec[col])
		if v == "" {
			continue
		}
		line, column := r.FieldPos(col)
		start := lineStarts[line-1] + column - 1
		if start < len(b) && b[start] == '"' {
			start++
		}
		out = append(out, cell{v: v, start: start, end: min(len(b), start+len(rec[col]))})
	}
	return named(out, header, sep, col)
}
