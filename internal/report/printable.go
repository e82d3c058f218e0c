package report

import (
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/printable"
)

// shown is r with every string that comes from outside (paths, the
// target, refs, evidence, message arguments, licence declarations) made
// printable: a file name or an error message holding an escape sequence
// or a bidirectional override is shown escaped, in every format. Each
// writer starts with it; r itself is not changed.
func shown(r *engine.Result) *engine.Result {
	p := printable.String
	out := *r
	m := &out.Meta
	m.Path, m.URL, m.Ref, m.Remote = p(m.Path), p(m.URL), p(m.Ref), p(m.Remote)
	if len(m.Tags) > 0 {
		m.Tags = append(m.Tags[:0:0], m.Tags...)
		for i := range m.Tags {
			m.Tags[i].Name = p(m.Tags[i].Name)
		}
	}
	out.Findings = make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Path, f.Evidence, f.Message = p(f.Path), p(f.Evidence), shownMessage(f.Message)
		out.Findings[i] = f
	}
	out.Rules = make([]engine.RuleResult, len(r.Rules))
	for i, rr := range r.Rules {
		rr.Reason = shownMessage(rr.Reason)
		out.Rules[i] = rr
	}
	if r.License != nil {
		l := *r.License
		l.Basis = make([]string, len(r.License.Basis))
		for i, b := range r.License.Basis {
			l.Basis[i] = p(b)
		}
		l.Files = make([]license.File, len(r.License.Files))
		for i, f := range r.License.Files {
			f.Path = p(f.Path)
			l.Files[i] = f
		}
		l.Declarations = make([]license.Declaration, len(r.License.Declarations))
		for i, d := range r.License.Declarations {
			d.Path, d.Raw, d.Scope = p(d.Path), p(d.Raw), p(d.Scope)
			l.Declarations[i] = d
		}
		l.Components = make([]license.Component, len(r.License.Components))
		for i, c := range r.License.Components {
			c.Dir = p(c.Dir)
			c.Files = append([]license.File(nil), c.Files...)
			for k := range c.Files {
				c.Files[k].Path = p(c.Files[k].Path)
			}
			l.Components[i] = c
		}
		out.License = &l
	}
	return &out
}

func shownMessage(m finding.Message) finding.Message {
	if len(m.Args) == 0 {
		return m
	}
	args := make(map[string]string, len(m.Args))
	for k, v := range m.Args {
		args[k] = printable.String(v)
	}
	m.Args = args
	return m
}
