package checks

import (
	"context"
	"path"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// License judges the licence detection the engine ran once for all checks:
// is there a licence file, is its licence on the decree list, and do the
// manifests and the README say the same.
type License struct{}

const (
	licenseFileRule       = "license/file"
	licenseApprovedRule   = "license/approved"
	licenseConsistentRule = "license/consistent"
)

func (License) ID() string { return "license" }

// ReadsLicense declares that the check judges the licence detection.
func (License) ReadsLicense() {}
func (License) Rules() []string {
	return []string{licenseFileRule, licenseApprovedRule, licenseConsistentRule}
}
func (License) Needs() source.Capability { return source.Tree }

func (License) Run(_ context.Context, env *Env) (Result, error) {
	var res Result
	rep := env.License
	if rep == nil {
		rep = &license.Report{}
	}
	licenceFile(rep, &res)
	licenceApproved(env, rep, &res)
	licenceConsistent(rep, &res)
	return res, nil
}

// licenceFiles are the report's files that are licence files of the
// repository (not README sections).
func licenceFiles(rep *license.Report) []license.File {
	var out []license.File
	for _, f := range rep.Files {
		if f.Kind != license.KindReadme {
			out = append(out, f)
		}
	}
	return out
}

func licenceFile(rep *license.Report, res *Result) {
	files := licenceFiles(rep)
	var paths []string
	for _, f := range files {
		if !unusable(f) {
			paths = append(paths, f.Path)
		}
	}
	notices := len(paths) > 0 && allNotices(rep, paths)
	if len(paths) > 0 && !notices && allCut(rep, paths) {
		// Pieces of a licence are not its text.
		f := firstFile(rep, paths[0])
		ids := strings.Join(f.Fidelity.Licences, " ")
		m := finding.Msg("incomplete", "path", f.Path, "ids", ids, "held", strconv.Itoa(int(f.Fidelity.Held*100)),
			"command", initCommand(ids, strings.Contains(strings.Join(f.Fidelity.Texts, " "), ".fr")))
		res.fail(licenseFileRule, m)
		res.find(licenseFileRule, "", f.Path, 0, m)
		return
	}
	if rep.Expression != "" && rep.Source != "" && rep.Source != license.FromText && !notices {
		declaredOnly(rep, res)
		return
	}
	switch {
	case notices:
		// A notice declares the licence; the text must be there too.
		f := paths[0]
		ids := noticeIDs(rep)
		m := finding.Msg("notice-only", "path", f, "ids", ids, "command", initCommand(ids, false))
		res.fail(licenseFileRule, m)
		res.find(licenseFileRule, "", f, 0, m)
		return
	case len(paths) > 0:
		res.pass(licenseFileRule, finding.Msg("found", "paths", strings.Join(paths, ", ")))
		return
	case len(files) > 0:
		f := files[0]
		id := "empty"
		if hasNote(f, license.NoteBinary) {
			id = "binary"
		}
		m := finding.Msg(id, "path", f.Path)
		res.fail(licenseFileRule, m)
		res.find(licenseFileRule, "", f.Path, 0, m)
		return
	}
	// A licence text in a README section, or a sentence naming one, is
	// better than nothing but is no licence file.
	for _, f := range rep.Files {
		if f.Kind == license.KindReadme {
			m := finding.Msg("readme-only", "path", f.Path, "command", initCommand(f.SPDX, false))
			res.fail(licenseFileRule, m)
			res.find(licenseFileRule, "", f.Path, f.StartLine, m)
			return
		}
	}
	for _, d := range rep.Declarations {
		switch d.Source {
		case license.SourceReadme, license.SourceReadmeBadge, license.SourceReadmeLink:
			m := finding.Msg("readme-only", "path", d.Path, "command", initCommand(d.SPDX, d.Lang == "fr"))
			res.fail(licenseFileRule, m)
			res.find(licenseFileRule, "", d.Path, d.Line, m)
			return
		}
	}
	res.fail(licenseFileRule, finding.Msg("missing"))
	res.find(licenseFileRule, "", "", 0, finding.Msg("missing"))
}

// declaredOnly: the licence is declared (a statement, a manifest, file
// headers) and no file holds its text. The fix is the command that writes
// it, in French when the declaration is French.
func declaredOnly(rep *license.Report, res *Result) {
	where, line, src, french := "", 0, string(rep.Source), false
	if len(rep.Basis) > 0 {
		where = rep.Basis[0]
	}
	for _, d := range rep.Declarations {
		if d.Path == where {
			line, src, french = d.Line, string(d.Source), d.Lang == "fr"
			break
		}
	}
	cmd := initCommand(rep.Expression, french)
	m := finding.Msg("declared-only", "ids", rep.Expression, "source", src, "path", where, "command", cmd)
	switch license.Source(src) {
	case license.SourceReadme, license.SourceReadmeBadge, license.SourceReadmeLink, license.SourceNotice:
		m = finding.Msg("readme-only", "path", where, "command", cmd)
	}
	res.fail(licenseFileRule, m)
	res.find(licenseFileRule, "", where, line, m)
}

// initCommand is the command that writes the official text of ids (an
// SPDX expression or ids separated by spaces): one licence of a choice is
// enough, the first listed one; in French when the repository's statement
// is French and the licence has a French text.
func initCommand(ids string, french bool) string {
	pick := ""
	for _, id := range strings.FieldsFunc(ids, func(r rune) bool { return r == ' ' || r == '(' || r == ')' }) {
		switch strings.ToUpper(id) {
		case "OR", "AND", "WITH":
			continue
		}
		if l, ok := rules.Licences().Lookup(id); ok {
			if l.Listed != "" {
				id = l.Listed
			}
			if l.Status != rules.LicenceUnlisted || l.Listed != "" {
				pick = id
				break
			}
		}
		if pick == "" {
			pick = id
		}
	}
	if pick == "" {
		pick = "SPDX"
	}
	cmd := "ouvert init license " + pick
	if french && frenchText[strings.ToUpper(pick)] {
		cmd += " --lang fr"
	}
	return cmd
}

// frenchText: licences whose official text exists in French.
var frenchText = map[string]bool{"CECILL-B": true, "CECILL-C": true, "CECILL-2.1": true, "EUPL-1.2": true, "ETALAB-2.0": true}

// allCut: every usable licence file is an incomplete text or a notice,
// at least one incomplete.
func allCut(rep *license.Report, paths []string) bool {
	cut := false
	for _, p := range paths {
		f := firstFile(rep, p)
		if f.Fidelity == nil {
			return false
		}
		switch f.Fidelity.Verdict {
		case license.FidelityIncomplete:
			cut = true
		case license.FidelityNotice:
		default:
			return false
		}
	}
	return cut
}

func firstFile(rep *license.Report, p string) license.File {
	for _, f := range rep.Files {
		if f.Path == p {
			return f
		}
	}
	return license.File{Path: p}
}

// allNotices: every usable licence file holds a licence's notice, none
// its text.
func allNotices(rep *license.Report, paths []string) bool {
	for _, p := range paths {
		for _, f := range rep.Files {
			if f.Path == p && (f.Fidelity == nil || f.Fidelity.Verdict != license.FidelityNotice) {
				return false
			}
		}
	}
	return true
}

func noticeIDs(rep *license.Report) string {
	var ids []string
	for _, f := range rep.Files {
		if f.Fidelity != nil && f.Fidelity.Verdict == license.FidelityNotice {
			ids = append(ids, f.Fidelity.Licences...)
		}
	}
	return strings.Join(ids, " ")
}

func licenceApproved(env *Env, rep *license.Report, res *Result) {
	expr := rep.Expression
	if expr == "" {
		for _, f := range licenceFiles(rep) {
			if f.SPDX == "" && !unusable(f) {
				m := finding.Msg("unknown", "path", f.Path, "coverage", strconv.Itoa(int(f.Coverage*100+0.5)))
				res.fail(licenseApprovedRule, m)
				res.find(licenseApprovedRule, "", f.Path, 0, m)
				return
			}
		}
		res.fail(licenseApprovedRule, finding.Msg("none"))
		return
	}
	if unfaithful(rep, res) {
		return
	}
	nat := natureOf(env.Repo.Files())
	v := license.Evaluate(expr, nat.software())
	where := ""
	if fs := licenceFiles(rep); len(fs) > 0 {
		where = fs[0].Path
	}
	ids := strings.Join(v.IDs, ", ")
	switch v.Status {
	case license.Approved:
		if !nat.software() && dataOnly(v.Expression) {
			// Said with the reason, since the same licence on code warns.
			res.pass(licenseApprovedRule, finding.Msg("approved-documents", "expression", v.Expression,
				"documents", strconv.Itoa(nat.documents), "sources", strconv.Itoa(nat.sources)))
			break
		}
		res.pass(licenseApprovedRule, finding.Msg("approved", "expression", v.Expression))
	case license.ApprovedWithNote:
		res.pass(licenseApprovedRule, finding.Msg("approved", "expression", v.Expression))
		for _, n := range v.Notes {
			res.find(licenseApprovedRule, finding.Note, where, 0, noteMessage(n))
		}
	case license.Warning:
		m := finding.Msg("data-only", "expression", v.Expression, "sources", strconv.Itoa(nat.sources), "example", nat.example)
		res.pass(licenseApprovedRule, m)
		res.find(licenseApprovedRule, finding.Warning, where, 0, m)
	case license.Invalid:
		m := finding.Msg("invalid", "expression", expr)
		res.fail(licenseApprovedRule, m)
		res.find(licenseApprovedRule, "", where, 0, m)
	default:
		m := finding.Msg("not-approved", "ids", ids)
		if v.Reason == license.ReasonOldVersion {
			m = finding.Msg("old-version", "ids", ids, "listed", listedFor(v.IDs))
		}
		res.fail(licenseApprovedRule, m)
		res.find(licenseApprovedRule, "", where, 0, m)
	}
}

// maxQuoted bounds the differences quoted per file.
const maxQuoted = 5

// unfaithful fails license/approved when a licence file the expression
// rests on is not the official text: a modified text is no longer the
// licence whose name it carries, and a cut one is not the licence at all.
// The differences that make the verdict are quoted with their lines.
func unfaithful(rep *license.Report, res *Result) bool {
	basis := map[string]bool{}
	for _, p := range rep.Basis {
		basis[p] = true
	}
	failed := false
	for _, f := range licenceFiles(rep) {
		fd := f.Fidelity
		if fd == nil || !basis[f.Path] || fd.Verdict == license.FidelityVerbatim || fd.Verdict == license.FidelityNotice {
			continue
		}
		ids := strings.Join(fd.Licences, ", ")
		added, removed := fd.Harmful()
		var m finding.Message
		if fd.Verdict == license.FidelityIncomplete {
			m = finding.Msg("incomplete", "path", f.Path, "ids", ids, "held", strconv.Itoa(int(fd.Held*100)))
			removed = fd.Removed
		} else {
			m = finding.Msg("modified", "path", f.Path, "ids", ids, "count", strconv.Itoa(len(added)+len(removed)))
		}
		if !failed {
			res.fail(licenseApprovedRule, m)
		}
		failed = true
		res.find(licenseApprovedRule, "", f.Path, 0, m)
		n := 0
		for _, h := range added {
			if n++; n > maxQuoted {
				break
			}
			res.find(licenseApprovedRule, "", f.Path, h.StartLine, finding.Msg("added", "ids", ids,
				"lines", lineRange(h), "text", h.Text, "legal", strings.Join(h.Legal, ", ")))
		}
		for _, h := range removed {
			if n++; n > maxQuoted {
				break
			}
			res.find(licenseApprovedRule, "", f.Path, 0, finding.Msg("removed",
				"lines", lineRange(h), "official", h.Official, "text", h.Text))
		}
	}
	return failed
}

func lineRange(h license.Hunk) string {
	if h.EndLine > h.StartLine {
		return strconv.Itoa(h.StartLine) + "-" + strconv.Itoa(h.EndLine)
	}
	return strconv.Itoa(h.StartLine)
}

// noteMessage renders a policy note on an accepted licence.
func noteMessage(n license.Note) finding.Message {
	ids := strings.Join(n.IDs, ", ")
	switch n.Reason {
	case license.ReasonGNUOnly:
		return finding.Msg("approved-variant", "expression", ids, "listed", listedFor(n.IDs))
	case license.ReasonDeprecatedID:
		return finding.Msg("deprecated-id", "ids", ids, "listed", listedFor(n.IDs))
	case license.ReasonWithException:
		return finding.Msg("with-exception", "ids", ids)
	}
	return finding.Msg("approved", "expression", ids)
}

// listedFor names the listed ids that the given ones stand for.
func listedFor(ids []string) string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if l, ok := rules.Licences().Lookup(id); ok && l.Listed != "" && !seen[l.Listed] {
			seen[l.Listed] = true
			out = append(out, l.Listed)
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

// unusable: a licence-named file with no licence text to read.
func unusable(f license.File) bool {
	return hasNote(f, license.NoteBinary) || hasNote(f, license.NoteEmpty) || hasNote(f, license.NoteUnreadable)
}

func hasNote(f license.File, code license.NoteCode) bool {
	for _, n := range f.Notes {
		if n.Code == code {
			return true
		}
	}
	return false
}

// nature is what a repository holds: source code, or documents and data
// with at most a few scripts.
type nature struct {
	sources, documents int
	example            string // a source file, to say why
}

// A repository is documents and data (a methodology, a schema, a guide, a
// dataset) when it holds few source files, both in number and in share:
// the build script of a documentation site does not make it software.
const (
	docRepoMaxSources = 5
	docRepoMaxShare   = 0.10
)

var documentExts = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.md .markdown .rst .adoc .asciidoc .org .txt .tex .pdf .odt .ods .odp .doc .docx .xls .xlsx .ppt .pptx .html .htm
		.csv .tsv .json .geojson .jsonld .xml .yaml .yml .parquet .shp .dbf .gpkg .kml .gml .rdf .ttl .png .jpg .jpeg .svg .gif .webp`) {
		documentExts[e] = true
	}
}

func natureOf(files []source.File) nature {
	var n nature
	for _, f := range files {
		if strings.HasPrefix(f.Path, ".") || strings.Contains(f.Path, "/.") {
			continue // .github/workflows, .husky: tooling
		}
		switch {
		case isSource(f.Path):
			n.sources++
			if n.example == "" || len(f.Path) < len(n.example) {
				n.example = f.Path
			}
		case documentExts[strings.ToLower(path.Ext(f.Path))]:
			n.documents++
		}
	}
	return n
}

func (n nature) software() bool {
	if n.sources == 0 {
		return false
	}
	return n.sources > docRepoMaxSources || float64(n.sources) > docRepoMaxShare*float64(n.sources+n.documents)
}

// dataOnly: every licence of the expression is for data and documents.
func dataOnly(expr string) bool {
	e, err := license.ParseExpression(expr)
	if err != nil {
		return false
	}
	for _, id := range e.IDs() {
		if l, ok := rules.Licences().Lookup(id); !ok || l.Scope != rules.LicenceData {
			return false
		}
	}
	return true
}

func licenceConsistent(rep *license.Report, res *Result) {
	// publiccode.yml's declaration is publiccode/consistent's to judge:
	// one disagreement, one finding.
	own := *rep
	own.Declarations = nil
	for _, d := range rep.Declarations {
		if d.Source != license.SourcePubliccode {
			own.Declarations = append(own.Declarations, d)
		}
	}
	rep = &own
	j := license.Judge(rep)
	parts := ownLicences(rep, j.Parts)
	structureNotes(rep, j, parts, res)
	disagree, rootCompared, inComponents := 0, 0, false
	var disagreeing []string
	for _, d := range j.Disagreement {
		decl := d.Declaration
		where := string(decl.Source)
		if decl.Path != "" {
			where = decl.Path
		}
		switch {
		case d.Unrecognised:
			res.find(licenseConsistentRule, finding.Note, decl.Path, decl.Line, finding.Msg("unrecognised", "source", where, "raw", decl.Raw))
		case d.Component != "":
			disagree++
			inComponents = true
			disagreeing = append(disagreeing, decl.Path)
			res.find(licenseConsistentRule, "", decl.Path, decl.Line,
				finding.Msg("disagree-component", "source", where, "declared", decl.SPDX, "dir", d.Component, "detected", d.Against))
		case rep.Expression != "":
			disagree++
			disagreeing = append(disagreeing, where)
			res.find(licenseConsistentRule, "", decl.Path, decl.Line,
				finding.Msg("disagree", "source", where, "declared", decl.SPDX, "detected", rep.Expression))
		}
	}
	agree := 0
	var agreeing []string
	for _, d := range j.Compared {
		if !inComponent(rep, d.Path) {
			rootCompared++
		}
		if !disagrees(j, d) {
			agree++
			agreeing = append(agreeing, d.Path)
		}
	}
	switch {
	case disagree > 0 && inComponents:
		res.fail(licenseConsistentRule, finding.Msg("disagreements-files", "count", strconv.Itoa(disagree), "paths", pathList(disagreeing)))
	case disagree > 0:
		res.fail(licenseConsistentRule, finding.Msg("disagreements", "count", strconv.Itoa(disagree), "expression", rep.Expression, "paths", pathList(disagreeing)))
	case rootCompared > 0 && rep.Expression == "":
		res.outcome(licenseConsistentRule, finding.Skip, finding.Msg("no-files"))
	case len(rep.Declarations) == 0:
		res.pass(licenseConsistentRule, finding.Msg("no-declarations"))
	case agree == 0 && len(parts) == 0:
		res.pass(licenseConsistentRule, finding.Msg("unrecognised-only", "expression", againstOf(rep, j)))
	case rootCompared == 0 && len(parts) > 0:
		res.pass(licenseConsistentRule, finding.Msg("structure", "count", strconv.Itoa(len(parts))))
	default:
		res.pass(licenseConsistentRule, finding.Msg("agree", "count", strconv.Itoa(agree), "expression", againstOf(rep, j), "paths", pathList(agreeing)))
	}
}

// againstOf names what the declarations were compared with: the
// repository's expression, else the components' licences.
func againstOf(rep *license.Report, j license.Judgement) string {
	if rep.Expression != "" {
		return rep.Expression
	}
	var out []string
	for _, p := range j.Parts {
		if p.Kind == license.PartComponent && p.SPDX != "" {
			out = append(out, p.Dir+" "+p.SPDX)
		}
	}
	return strings.Join(out, ", ")
}

func inComponent(rep *license.Report, p string) bool {
	for _, c := range rep.Components {
		if strings.HasPrefix(p, c.Dir) {
			return true
		}
	}
	return false
}

func disagrees(j license.Judgement, d license.Declaration) bool {
	for _, x := range j.Disagreement {
		if x.Declaration == d {
			return true
		}
	}
	return false
}

// ownLicences leaves out the components whose licence file is the
// repository's licence again (packages of a monorepo each with a copy of
// the root's LICENSE), and those whose licence file was not recognised and
// hold no declaration: nothing separate to report.
func ownLicences(rep *license.Report, parts []license.Part) []license.Part {
	root, err := license.ParseExpression(rep.Expression)
	var out []license.Part
	for _, p := range parts {
		if p.Kind == license.PartComponent && p.SPDX == "" && len(p.Declarations) == 0 {
			continue
		}
		if p.Kind == license.PartComponent && p.SPDX != "" && err == nil {
			if e, err := license.ParseExpression(p.SPDX); err == nil && e.Key() == root.Key() {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// maxPartNotes bounds the notes on the licence structure; the rest are
// counted in one note.
const maxPartNotes = 10

// structureNotes reports the parts of the repository under their own
// licence: components with their licence file, modules with their
// manifest, statements with what they cover.
func structureNotes(rep *license.Report, j license.Judgement, parts []license.Part, res *Result) {
	var more []string
	shown := 0
	for _, p := range parts {
		if shown >= maxPartNotes {
			switch p.Kind {
			case license.PartComponent, license.PartModule:
				if p.Dir != "" {
					more = append(more, p.Dir)
					continue
				}
			}
			if len(p.Declarations) > 0 {
				more = append(more, p.Declarations[0].Path)
			}
			continue
		}
		shown++
		switch p.Kind {
		case license.PartComponent:
			files := strings.Join(p.Files, ", ")
			where := ""
			if len(p.Files) > 0 {
				where = p.Files[0]
			}
			var paths []string
			for _, d := range p.Declarations {
				if p.SPDX == "" || !disagrees(j, d) {
					paths = append(paths, d.Path)
				}
			}
			paths = dedupeStrings(paths)
			switch {
			case p.SPDX == "":
				res.find(licenseConsistentRule, finding.Note, where, 0, finding.Msg("component-unknown", "dir", p.Dir, "files", files))
			case len(paths) == 0:
				res.find(licenseConsistentRule, finding.Note, where, 0, finding.Msg("component", "dir", p.Dir, "files", files, "licence", p.SPDX))
			default:
				res.find(licenseConsistentRule, finding.Note, where, 0, finding.Msg("component-declared", "dir", p.Dir, "files", files, "licence", p.SPDX,
					"paths", strings.Join(paths, ", "), "count", strconv.Itoa(len(paths))))
			}
		case license.PartModule:
			d := p.Declarations[0]
			if p.Dir == "" {
				res.find(licenseConsistentRule, finding.Note, d.Path, d.Line, finding.Msg("module-root", "source", d.Path, "declared", d.SPDX, "expression", rep.Expression))
			} else {
				res.find(licenseConsistentRule, finding.Note, d.Path, d.Line, finding.Msg("module", "source", d.Path, "declared", d.SPDX, "dir", p.Dir, "expression", rep.Expression))
			}
		case license.PartScoped:
			d := p.Declarations[0]
			res.find(licenseConsistentRule, finding.Note, d.Path, d.Line, finding.Msg("scoped", "source", d.Path, "declared", d.SPDX, "scope", d.Scope))
		}
	}
	if len(more) > 0 {
		more = dedupeStrings(more)
		res.find(licenseConsistentRule, finding.Note, "", 0, finding.Msg("more-parts", "count", strconv.Itoa(len(more)), "paths", pathList(more)))
	}
}

// pathList names up to maxPartNotes paths.
func pathList(paths []string) string {
	paths = dedupeStrings(paths)
	if len(paths) > maxPartNotes {
		paths = append(paths[:maxPartNotes:maxPartNotes], "…")
	}
	return strings.Join(paths, ", ")
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
