package license

import (
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Disagreement is a declaration that does not say what the licence texts
// say.
type Disagreement struct {
	Declaration Declaration `json:"declaration"`
	// Unrecognised: the declared value is no licence ouvert knows.
	Unrecognised bool `json:"unrecognised,omitempty"`
	// Missing are licences of the repository's expression the declaration
	// leaves out (data/documents licences are not required: a package
	// manifest declares the code's licence).
	Missing []string `json:"missing,omitempty"`
	// Extra are licences the declaration names and no licence text carries.
	Extra []string `json:"extra,omitempty"`
}

// Consistency compares every declaration with the report's expression,
// licence by licence (canonical ids: GPL-3.0+ is GPL-3.0-or-later). With
// no expression, every recognised declaration is all Extra.
func Consistency(r *Report) []Disagreement {
	var have []string
	if e, err := ParseExpression(r.Expression); err == nil {
		have = e.IDs()
	}
	haveSet := idSet(have)
	list := rules.Licences()
	var out []Disagreement
	for _, d := range r.Declarations {
		if d.SPDX == "" {
			out = append(out, Disagreement{Declaration: d, Unrecognised: true})
			continue
		}
		e, err := ParseExpression(d.SPDX)
		if err != nil {
			out = append(out, Disagreement{Declaration: d, Unrecognised: true})
			continue
		}
		declared := e.IDs()
		declSet := idSet(declared)
		var dis Disagreement
		for _, id := range declared {
			if !haveSet[strings.ToLower(id)] {
				dis.Extra = append(dis.Extra, id)
			}
		}
		for _, id := range have {
			if declSet[strings.ToLower(id)] {
				continue
			}
			if l, ok := list.Lookup(id); ok && l.Scope == rules.LicenceData {
				continue
			}
			dis.Missing = append(dis.Missing, id)
		}
		if len(dis.Extra) > 0 || len(dis.Missing) > 0 {
			dis.Declaration = d
			out = append(out, dis)
		}
	}
	return out
}
