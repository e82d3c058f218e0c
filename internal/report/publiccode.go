package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/rules"
)

// PubliccodeText writes a validation the way compilers and the reference
// validator do, one problem per line: "FILE:LINE:COL: error: key: message"
// (errorformat-friendly; "error"/"warning" stay English in both languages
// because tools match them). A valid file ends with a line that says so
// and names the standard's version ("publiccode.yml: valid, standard 0.7").
func PubliccodeText(w io.Writer, file string, r *publiccode.Result, cat *rules.Catalog, lang string) error {
	for _, p := range r.Problems {
		pos := file
		if p.Line > 0 {
			pos += ":" + strconv.Itoa(p.Line)
			if p.Column > 0 {
				pos += ":" + strconv.Itoa(p.Column)
			}
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s\n", pos, p.Severity, cat.Text(publiccode.Rule, p.Message, lang)); err != nil {
			return err
		}
	}
	if !r.Valid() {
		return nil
	}
	// A valid file says so, and against which version of the standard.
	id, warnings := "valid-summary", len(r.Problems)
	if warnings > 0 {
		id = "valid-summary-warnings"
	}
	version := r.Standard
	if version == "" {
		version = publiccode.Latest
	}
	_, err := fmt.Fprintln(w, cat.Text(publiccode.Rule, finding.Msg(id, "path", file, "version", version, "warnings", strconv.Itoa(warnings)), lang))
	return err
}

// pcProblem is the reference validator's JSON shape, so that tools reading
// one read the other; "message" is ouvert's own, with the key.
type pcProblem struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Type        string `json:"type"`
	ID          string `json:"id"`
}

// PubliccodeJSON writes the problems as a JSON array.
func PubliccodeJSON(w io.Writer, r *publiccode.Result, cat *rules.Catalog, lang string) error {
	out := make([]pcProblem, 0, len(r.Problems))
	for _, p := range r.Problems {
		typ := "error"
		if p.Severity == finding.Warning {
			typ = "warning"
		}
		out = append(out, pcProblem{Key: p.Key, Description: cat.Text(publiccode.Rule, p.Message, lang),
			Line: p.Line, Column: p.Column, Type: typ, ID: p.Message.ID})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
