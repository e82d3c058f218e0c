package license

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/internal/sniff"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// combine draws the repository's expression from its licence texts:
//
//   - licence files and LICENSES/ give the ids; README licence sections only
//     when there is no licence file;
//   - a GNU text without notice is -only unless a notice or declaration
//     anywhere grants later versions (see gnuVersions);
//   - the GPL text shipped with an LGPL is part of the LGPL;
//   - a declared expression naming exactly the same licences wins, since
//     only a declaration can say OR (LICENSE-APACHE and LICENSE-MIT with
//     Cargo's "MIT OR Apache-2.0");
//   - otherwise the distinct ids are joined by AND, software licences first.
func combine(repo source.Repo, files []source.File, readmes []readmeText, r *Report) error {
	sort.SliceStable(r.Declarations, func(i, j int) bool {
		a, b := r.Declarations[i], r.Declarations[j]
		if da, db := strings.Count(a.Path, "/"), strings.Count(b.Path, "/"); da != db {
			return da < db
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	var ids, basis []string
	unstated := map[string]bool{}
	for _, kinds := range [][]Kind{{KindLicenceFile, KindREUSE}, {KindReadme}} {
		for _, f := range r.Files {
			if f.SPDX == "" || !hasKind(kinds, f.Kind) {
				continue
			}
			ids = append(ids, strings.Split(f.SPDX, " AND ")...)
			basis = append(basis, f.Path)
			for _, n := range f.Notes {
				if n.Code == NoteVersionUnstated {
					for _, id := range n.IDs {
						unstated[id] = true
					}
				}
			}
		}
		if len(ids) > 0 {
			break
		}
	}
	if len(ids) == 0 {
		declaredExpression(repo, files, r)
		return nil
	}
	upgrades := map[string]bool{}
	if len(unstated) > 0 {
		var err error
		if upgrades, err = settleGNU(repo, files, readmes, r, unstated); err != nil {
			return err
		}
		for i, id := range ids {
			if up, ok := upgraded[id]; ok && upgrades[id] {
				ids[i] = up
			}
		}
	}
	ids = absorbGPL(r, ids, unstated, upgrades)
	ids = orderIDs(dedupe(ids))
	r.Basis = dedupe(basis)
	r.Source, r.Confidence = FromText, ConfidenceHigh
	inBasis := map[string]bool{}
	for _, b := range r.Basis {
		inBasis[b] = true
	}
	notices, texts := 0, 0
	for _, f := range r.Files {
		if !inBasis[f.Path] {
			continue
		}
		texts++
		if f.Fidelity == nil {
			continue
		}
		switch f.Fidelity.Verdict {
		case FidelityIncomplete:
			r.Confidence = ConfidenceLow
		case FidelityNotice:
			notices++
		}
	}
	if notices > 0 && notices == texts {
		r.Source = FromStatement
		if r.Confidence == ConfidenceHigh {
			r.Confidence = ConfidenceMedium
		}
	}

	r.Expression = strings.Join(ids, " AND ")
	found, err := ParseExpression(r.Expression)
	if err != nil {
		return nil // ids come from the scanner and parse; keep the AND form
	}
	want := idSet(found.IDs())
	for _, d := range r.Declarations {
		if d.SPDX == "" {
			continue
		}
		e, err := ParseExpression(d.SPDX)
		if err != nil || !sameSet(idSet(e.IDs()), want) && !offers(e, want) {
			continue
		}
		if e.Key() != found.Key() {
			r.Expression = e.String()
			r.Basis = dedupe(append(r.Basis, d.Path))
		}
		return nil
	}
	return nil
}

// offers: a declared choice ("CECILL-B OR MIT") one of whose options is
// the licence the texts give (the MIT text alone): the recipient may take
// either, so the declaration is the repository's expression.
func offers(e *Expr, want map[string]bool) bool {
	if e.Op != OpOr || len(want) != 1 {
		return false
	}
	for _, a := range e.Args {
		if a.Op == OpLicense && sameSet(idSet(a.IDs()), want) {
			return true
		}
	}
	return false
}

// upgraded maps the -only id given to an unstated text to its -or-later id.
var upgraded = func() map[string]string {
	m := map[string]string{}
	for base := range gnuBare {
		m[base+"-only"] = base + "-or-later"
	}
	return m
}()

func hasKind(kinds []Kind, k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

func idSet(ids []string) map[string]bool {
	s := map[string]bool{}
	for _, id := range ids {
		s[strings.ToLower(id)] = true
	}
	return s
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// lgplGPL says which GPL text each LGPL supplements (LGPL-3.0 is written
// as additional permissions on top of GPL-3.0, whose text must ship too).
var lgplGPL = map[string]string{"LGPL-3.0": "GPL-3.0", "LGPL-2.1": "GPL-2.0", "LGPL-2.0": "GPL-2.0"}

func absorbGPL(r *Report, ids []string, unstated, upgrades map[string]bool) []string {
	drop := map[string]bool{}
	for _, id := range ids {
		if gpl, ok := lgplGPL[gnuBase(id)]; ok {
			// Only a bare GPL text: a GPL notice is a licence choice.
			if unstated[gpl+"-only"] && !upgrades[gpl+"-only"] {
				drop[gpl+"-only"] = true
			}
		}
	}
	if len(drop) == 0 {
		return ids
	}
	var out, dropped []string
	for _, id := range ids {
		if drop[id] {
			dropped = append(dropped, id)
			continue
		}
		out = append(out, id)
	}
	r.Notes = append(r.Notes, FileNote{Code: NoteLGPLWithGPL, IDs: dedupe(dropped)})
	for i, n := range r.Notes {
		if n.Code == NoteVersionUnstated {
			var keep []string
			for _, id := range n.IDs {
				if !drop[id] {
					keep = append(keep, id)
				}
			}
			r.Notes[i].IDs = keep
		}
	}
	r.Notes = dropEmptyNotes(r.Notes, NoteVersionUnstated)
	return out
}

func dropEmptyNotes(notes []FileNote, code NoteCode) []FileNote {
	out := notes[:0]
	for _, n := range notes {
		if n.Code == code && len(n.IDs) == 0 {
			continue
		}
		out = append(out, n)
	}
	return out
}

// Bounds of the source-header sample read for GNU notices.
const (
	headerFiles = 100
	headerBytes = 8 << 10
	headerDecls = 10
)

// sourceExt are extensions of files whose header may carry a licence
// notice or an SPDX-License-Identifier line.
var sourceExt = map[string]bool{
	".go": true, ".py": true, ".js": true, ".mjs": true, ".ts": true, ".tsx": true, ".jsx": true,
	".rb": true, ".java": true, ".kt": true, ".c": true, ".h": true, ".cc": true, ".cpp": true,
	".hpp": true, ".rs": true, ".php": true, ".cs": true, ".swift": true, ".scala": true, ".sh": true,
	".vue": true, ".ml": true, ".el": true, ".pl": true, ".pm": true, ".r": true, ".lua": true,
	".dart": true, ".ex": true, ".erl": true, ".sql": true, ".css": true, ".scss": true,
}

// settleGNU looks for what a bare GNU text leaves open: a notice or a
// declaration granting "any later version" (then the id is upgraded) or a
// notice saying "version 3" alone (then -only is stated). Declarations of
// -only are not evidence: a README saying "GPLv3" reads as -only by default.
// The README is scanned whole, then a sample of source headers.
func settleGNU(repo source.Repo, files []source.File, readmes []readmeText, r *Report, unstated map[string]bool) (map[string]bool, error) {
	upgrades := map[string]bool{}
	open := map[string]bool{} // -only ids still unsettled
	for id := range unstated {
		open[id] = true
	}
	settle := func(d Declaration, lcIDs []string) {
		for id := range open {
			base := gnuBase(id)
			for _, x := range lcIDs {
				switch x {
				case base + "-or-later":
					upgrades[id] = true
					r.Notes = append(r.Notes, FileNote{Code: NoteOrLater, IDs: []string{base + "-or-later"}, Detail: fmt.Sprintf("%s:%d", d.Path, d.Line)})
					delete(open, id)
				case base + "-only":
					if d.Source == SourceNotice {
						delete(open, id)
					}
				}
			}
		}
	}
	for _, d := range r.Declarations {
		if len(open) == 0 {
			break
		}
		if d.SPDX == "" {
			continue
		}
		if e, err := ParseExpression(d.SPDX); err == nil {
			settle(d, e.IDs())
		}
	}
	scanNotices := func(p, text string, lineOff int) ([]Declaration, error) {
		folded := textnorm.Fold(text)
		a, err := analyse(folded, false)
		if err != nil {
			return nil, err
		}
		li := newLineIndex(folded)
		var out []Declaration
		for _, h := range a.hits {
			if h.segment || h.url || gnuBare[h.lcID] {
				continue
			}
			if strings.HasSuffix(h.lcID, "-or-later") || strings.HasSuffix(h.lcID, "-only") {
				out = append(out, Declaration{Path: p, Line: lineOff + li.at(h.start), Source: SourceNotice,
					Raw: noticeRaw(text[h.start:h.end]), SPDX: h.lcID})
			}
		}
		return out, nil
	}
	for _, rd := range readmes {
		if len(open) == 0 {
			break
		}
		found, err := scanNotices(rd.path, rd.text, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range found {
			r.Declarations = append(r.Declarations, d)
			settle(d, []string{d.SPDX})
		}
	}
	if len(open) > 0 {
		if err := headerSample(repo, files, r, open, scanNotices, settle); err != nil {
			return nil, err
		}
	}
	var left []string
	for id := range open {
		left = append(left, id)
	}
	if len(left) > 0 {
		sort.Strings(left)
		r.Notes = append(r.Notes, FileNote{Code: NoteVersionUnstated, IDs: left})
	}
	return upgrades, nil
}

func headerSample(repo source.Repo, files []source.File, r *Report, open map[string]bool,
	scan func(p, text string, lineOff int) ([]Declaration, error), settle func(Declaration, []string)) error {
	var sample []source.File
	for _, f := range files {
		if sourceExt[strings.ToLower(path.Ext(f.Path))] && !skippedPath(f.Path) && f.Kind != source.Submodule && f.Kind != source.Symlink {
			sample = append(sample, f)
		}
	}
	// Shallow files first: the main program, not a vendored corner.
	sort.SliceStable(sample, func(i, j int) bool {
		return strings.Count(sample[i].Path, "/") < strings.Count(sample[j].Path, "/")
	})
	if len(sample) > headerFiles {
		sample = sample[:headerFiles]
	}
	recorded := map[string]bool{}
	for _, f := range sample {
		if len(open) == 0 {
			return nil
		}
		b, err := repo.Read(f.Path, headerBytes)
		if err != nil || sniff.Binary(b) {
			continue
		}
		s, _ := textnorm.Decode(b)
		s = textnorm.UnifyNewlines(s)
		var found []Declaration
		for i, line := range strings.Split(s, "\n") {
			if v := spdxValue(line); v != "" {
				found = append(found, Declaration{Path: f.Path, Line: i + 1, Source: SourceSPDXHeader, Raw: v, SPDX: Normalize(v)})
			}
		}
		notices, err := scan(f.Path, s, 0)
		if err != nil {
			return err
		}
		for _, d := range append(found, notices...) {
			var ids []string
			if e, err := ParseExpression(d.SPDX); err == nil {
				ids = e.IDs()
			}
			settle(d, ids)
			// One declaration per distinct value is enough evidence to show.
			key := string(d.Source) + "\x00" + d.SPDX
			if !recorded[key] && len(recorded) < headerDecls {
				recorded[key] = true
				r.Declarations = append(r.Declarations, d)
			}
		}
	}
	return nil
}

// noticeRaw is the start of a notice, on one line.
func noticeRaw(s string) string { return clip(s, 120, "…") }
