package license

import (
	"path"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Disagreement is a declaration that does not say what the licence texts
// say.
type Disagreement struct {
	Declaration Declaration `json:"declaration"`
	// Component is the directory whose own licence file the declaration
	// was compared with; "" for the repository's licence files.
	Component string `json:"component,omitempty"`
	// Against is the expression the declaration was compared with.
	Against string `json:"against,omitempty"`
	// Unrecognised: the declared value is no licence ouvert knows.
	Unrecognised bool `json:"unrecognised,omitempty"`
	// Missing are licences of the repository's expression the declaration
	// leaves out (data/documents licences are not required: a package
	// manifest declares the code's licence).
	Missing []string `json:"missing,omitempty"`
	// Extra are licences the declaration names and no licence text carries.
	Extra []string `json:"extra,omitempty"`
}

// PartKind says why a declaration speaks for part of the repository.
type PartKind string

const (
	// PartComponent: a directory with its own licence file; its
	// declarations are compared with that file, not the repository's.
	PartComponent PartKind = "component"
	// PartModule: a manifest declaring, for its directory, some of the
	// licences of the repository's expression (a server under CeCILL-2.1,
	// client libraries under CeCILL-C).
	PartModule PartKind = "module"
	// PartScoped: a README statement naming the part it covers.
	PartScoped PartKind = "scoped"
)

// Part is a piece of the repository's licence structure: deliberate, not
// a contradiction.
type Part struct {
	Kind PartKind `json:"kind"`
	// Dir is the component's or module's directory ("" for the root).
	Dir string `json:"dir,omitempty"`
	// SPDX is the part's licence: the component's licence files, or what
	// the declaration says; "" when unknown.
	SPDX string `json:"spdx"`
	// Files are a component's licence files.
	Files []string `json:"files,omitempty"`
	// Declarations are what was declared for the part.
	Declarations []Declaration `json:"declarations,omitempty"`
}

// Judgement is Judge's result.
type Judgement struct {
	// Compared are the declarations judged against the repository's
	// expression (or a component's licence), agreeing or not.
	Compared     []Declaration  `json:"compared"`
	Disagreement []Disagreement `json:"disagreements"`
	Parts        []Part         `json:"parts"`
}

// Consistency compares every declaration with the licence it speaks for,
// licence by licence (canonical ids: GPL-3.0+ is GPL-3.0-or-later): the
// repository's expression, or the licence file of the component holding
// it. With no expression, every recognised declaration of the repository
// is all Extra.
func Consistency(r *Report) []Disagreement {
	return Judge(r).Disagreement
}

// Judge sorts the declarations into the licence structure of the
// repository and the ones that contradict it:
//
//   - a declaration inside a directory with its own licence file belongs to
//     that component and is compared with its licence file;
//   - a README statement naming what it covers ("the documentation, in
//     docs/") is the licence of that part;
//   - a manifest outside the root declaring some of the licences of an AND
//     expression is a module's licence; at the root, when the modules
//     declare the others;
//   - everything else is compared with the repository's expression.
func Judge(r *Report) Judgement {
	var j Judgement
	have := exprIDs(r.Expression)
	and := !strings.Contains(r.Expression, " OR ")
	byDir := map[string]int{} // component dir -> index in j.Parts
	for _, c := range r.Components {
		p := Part{Kind: PartComponent, Dir: c.Dir, SPDX: c.SPDX}
		for _, f := range c.Files {
			p.Files = append(p.Files, f.Path)
		}
		byDir[c.Dir] = len(j.Parts)
		j.Parts = append(j.Parts, p)
	}
	// declared[id] lists the directories whose manifests declare id.
	declared := map[string]map[string]bool{}
	type pending struct {
		d       Declaration
		missing []string
	}
	var roots []pending
	for _, d := range r.Declarations {
		if c := componentOf(r.Components, d.Path); c != nil {
			i := byDir[c.Dir]
			j.Parts[i].Declarations = append(j.Parts[i].Declarations, d)
			if c.SPDX == "" {
				continue // an unknown licence file: nothing to compare with
			}
			j.Compared = append(j.Compared, d)
			// Several licence files may be a choice ("Apache-2.0 OR
			// LGPL-3.0"), which files cannot say: a declaration naming some
			// of them agrees.
			if dis, ok := compare(d, componentIDs(c)); !ok && !(len(c.Files) > 1 && !dis.Unrecognised && len(dis.Extra) == 0) {
				dis.Component, dis.Against = c.Dir, c.SPDX
				j.Disagreement = append(j.Disagreement, dis)
			}
			continue
		}
		if d.Scope != "" && d.SPDX != "" {
			j.Parts = append(j.Parts, Part{Kind: PartScoped, SPDX: d.SPDX, Declarations: []Declaration{d}})
			for _, id := range exprIDs(d.SPDX) {
				addDir(declared, id, "\x00scope")
			}
			continue
		}
		dis, ok := compare(d, have)
		if ok {
			j.Compared = append(j.Compared, d)
			if isManifest(d.Source) {
				for _, id := range exprIDs(d.SPDX) {
					addDir(declared, id, path.Dir(d.Path))
				}
			}
			continue
		}
		if and && len(have) > 0 && isManifest(d.Source) && !dis.Unrecognised && len(dis.Extra) == 0 {
			// Some of the repository's licences: a module's, or the root's
			// share of a per-module structure (settled below).
			for _, id := range exprIDs(d.SPDX) {
				addDir(declared, id, path.Dir(d.Path))
			}
			if strings.Contains(d.Path, "/") {
				j.Parts = append(j.Parts, Part{Kind: PartModule, Dir: path.Dir(d.Path) + "/", SPDX: d.SPDX, Declarations: []Declaration{d}})
				continue
			}
			roots = append(roots, pending{d, dis.Missing})
			continue
		}
		j.Compared = append(j.Compared, d)
		j.Disagreement = append(j.Disagreement, dis)
	}
	// A root manifest naming some of the licences is the root module's
	// share when every other licence is declared by a module.
	for _, p := range roots {
		covered := true
		for _, id := range p.missing {
			others := false
			for dir := range declared[strings.ToLower(id)] {
				if dir != path.Dir(p.d.Path) {
					others = true
				}
			}
			covered = covered && others
		}
		if covered {
			j.Parts = append(j.Parts, Part{Kind: PartModule, SPDX: p.d.SPDX, Declarations: []Declaration{p.d}})
			continue
		}
		j.Compared = append(j.Compared, p.d)
		j.Disagreement = append(j.Disagreement, Disagreement{Declaration: p.d, Missing: p.missing})
	}
	return j
}

func addDir(m map[string]map[string]bool, id, dir string) {
	id = strings.ToLower(id)
	if m[id] == nil {
		m[id] = map[string]bool{}
	}
	m[id][dir] = true
}

// isManifest: a declaration read from a package manifest (not a README,
// a licence file or a source header).
func isManifest(s Source) bool {
	switch s {
	case SourceReadme, SourceReadmeBadge, SourceReadmeLink, SourceSPDXHeader, SourceNotice, SourceLicenceFile, SourcePubliccode:
		return false
	}
	return true
}

func exprIDs(expr string) []string {
	if e, err := ParseExpression(expr); err == nil {
		return e.IDs()
	}
	return nil
}

// componentIDs are the ids of a component's licence; a GNU text with no
// notice counts as either version grant, since nothing in the component
// was looked at to settle it.
func componentIDs(c *Component) []string {
	ids := exprIDs(c.SPDX)
	for _, f := range c.Files {
		for _, n := range f.Notes {
			if n.Code == NoteVersionUnstated {
				for _, id := range n.IDs {
					if up, ok := upgraded[id]; ok {
						ids = append(ids, up)
					}
				}
			}
		}
	}
	return ids
}

// compare says whether declaration d agrees with the licences have:
// everything it names is there, and it leaves out none of them but
// data/documents licences. For a GNU text of unstated version, have holds
// both grants and d needs only one. ok is false with the disagreement.
func compare(d Declaration, have []string) (Disagreement, bool) {
	dis := Disagreement{Declaration: d}
	if d.SPDX == "" {
		dis.Unrecognised = true
		return dis, false
	}
	e, err := ParseExpression(d.SPDX)
	if err != nil {
		dis.Unrecognised = true
		return dis, false
	}
	declared := e.IDs()
	haveSet, declSet := idSet(have), idSet(declared)
	for _, id := range declared {
		if !haveSet[strings.ToLower(id)] {
			dis.Extra = append(dis.Extra, id)
		}
	}
	list := rules.Licences()
	for _, id := range have {
		if twin := strings.ToLower(otherGrant(id)); declSet[strings.ToLower(id)] || haveSet[twin] && declSet[twin] {
			continue
		}
		if l, ok := list.Lookup(id); ok && l.Scope == rules.LicenceData {
			continue
		}
		dis.Missing = append(dis.Missing, id)
	}
	return dis, len(dis.Extra) == 0 && len(dis.Missing) == 0
}

// otherGrant is the other version grant of a GNU id (-only ↔ -or-later),
// or id itself.
func otherGrant(id string) string {
	switch {
	case strings.HasSuffix(id, "-only"):
		return strings.TrimSuffix(id, "-only") + "-or-later"
	case strings.HasSuffix(id, "-or-later"):
		return strings.TrimSuffix(id, "-or-later") + "-only"
	}
	return id
}
