package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/fix"
	"github.com/ouvert-dev/ouvert/rules"
)

func ft(key, lang string, args map[string]string) string {
	return rules.CLI().Say(lang, "fix."+key, args)
}

// FixOptions say how a fix was run.
type FixOptions struct {
	Lang string
	// Written lists the files written; nil when nothing was (a preview).
	Written []string
	// CI: the preview is the default because CI=true.
	CI bool
}

// FixText writes what ouvert fix does: the unified diff of each file, what
// was fixed, what to review, and last what needs a person, with the rule
// that asks for it and an example.
func FixText(w io.Writer, r *fix.Result, cat *rules.Catalog, o FixOptions) error {
	lang := o.Lang
	var b strings.Builder
	for _, f := range r.Files {
		b.WriteString(fix.Diff(f.Path, f.Old, f.New))
	}
	if len(r.Files) > 0 {
		b.WriteString("\n")
	}
	// Files with one same change (a header in each) are told once.
	single := map[string][]string{}
	var order []string
	for _, f := range r.Files {
		if len(f.Changes) == 1 && !f.Changes[0].Review {
			text := cat.Text(f.Changes[0].Rule, f.Changes[0].Message, lang)
			if _, seen := single[text]; !seen {
				order = append(order, text)
			}
			single[text] = append(single[text], f.Path)
		}
	}
	for _, text := range order {
		if paths := single[text]; len(paths) > 3 {
			fmt.Fprintf(&b, "%s\n", ft("many", lang, map[string]string{"n": strconv.Itoa(len(paths)), "change": text}))
		}
	}
	for _, f := range r.Files {
		if len(f.Changes) == 1 && !f.Changes[0].Review && len(single[cat.Text(f.Changes[0].Rule, f.Changes[0].Message, lang)]) > 3 {
			continue
		}
		for _, review := range []bool{false, true} {
			head := false
			for _, c := range f.Changes {
				if c.Review != review {
					continue
				}
				if !head {
					key := "fixed"
					if review {
						key = "review"
					}
					fmt.Fprintf(&b, "%s\n", ft(key, lang, map[string]string{"path": f.Path}))
					head = true
				}
				fmt.Fprintf(&b, "  - %s\n", cat.Text(c.Rule, c.Message, lang))
			}
		}
	}
	if len(r.Todos) > 0 {
		if len(r.Files) > 0 {
			b.WriteString("\n")
			fmt.Fprintf(&b, "%s\n", ft("person-fix", lang, nil))
		} else {
			fmt.Fprintf(&b, "%s\n", ft("person", lang, nil))
		}
		for _, td := range r.Todos {
			pos := td.Path
			if td.Line > 0 {
				pos += ":" + strconv.Itoa(td.Line)
			}
			if pos != "" {
				pos += ": "
			}
			fmt.Fprintf(&b, "  %s%s: %s (%s)\n", pos, td.Severity, cat.Text(td.Rule, td.Message, lang), td.Rule)
			if td.Example != "" {
				fmt.Fprintf(&b, "      %s%s%s\n", ft("example", lang, nil), colon(lang), cat.Text(td.Rule, finding.Msg(td.Example), lang))
			}
		}
	}
	if len(r.Files) == 0 && len(r.Todos) == 0 {
		fmt.Fprintf(&b, "%s\n", ft("nothing", lang, nil))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "%s\n", cat.Text(n.Rule, n.Message, lang))
	}
	if len(r.Files) > 0 {
		b.WriteString("\n")
		switch {
		case o.Written != nil:
			fmt.Fprintf(&b, "%s\n", ft("written", lang, map[string]string{"paths": strings.Join(o.Written, ", ")}))
		case o.CI:
			fmt.Fprintf(&b, "%s\n", ft("dry-ci", lang, nil))
		default:
			fmt.Fprintf(&b, "%s\n", ft("dry", lang, nil))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func colon(lang string) string { return colonSep(lang) }
