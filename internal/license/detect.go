// Package license finds which licence a repository carries and judges it
// against the list of licences French administrations may use (CRPA
// D323-2-1): SPDX expressions (spdx.go), the policy (policy.go), licence
// texts recognised with licensecheck plus patterns for the official French
// texts (scanner.go), and the licences declared in manifests and READMEs
// (manifest.go, readme.go).
//
// Everything returned is data; messages are the rule catalog's business.
package license

import (
	"errors"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/internal/sniff"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// Kind says what a scanned text is.
type Kind string

const (
	// KindLicenceFile: LICENSE, LICENCE, COPYING, UNLICENSE or COPYRIGHT at
	// the root, with any case, extension or suffix.
	KindLicenceFile Kind = "licence-file"
	// KindREUSE: a file of the REUSE LICENSES/ directory, named after its
	// SPDX id.
	KindREUSE Kind = "reuse"
	// KindReadme: a licence section of a root README.
	KindReadme Kind = "readme-section"
)

// NoteCode qualifies a file or the report; like reason codes, it is for
// the catalog to put into words.
type NoteCode string

const (
	NoteBinary     NoteCode = "binary"     // not text (NUL bytes): a PDF, an office document
	NoteEmpty      NoteCode = "empty"      // no text at all
	NoteUnreadable NoteCode = "unreadable" // the source could not read it (Detail: why)
	NoteEncoding   NoteCode = "encoding"   // not UTF-8, transcoded (Detail: the encoding)
	NoteTruncated  NoteCode = "truncated"  // larger than ReadLimit; only the start was read
	// NoteVersionUnstated: a GNU licence text with no notice saying "only"
	// or "or any later version"; IDs: the -only ids reported for it.
	NoteVersionUnstated NoteCode = "version-unstated"
	// NoteOrLater: on the report, an unstated GNU version taken as -or-later
	// because a notice or declaration says so; Detail: where.
	NoteOrLater NoteCode = "or-later-declared"
	// NoteAmbiguous: matched text that fits several licences equally (IDs).
	NoteAmbiguous NoteCode = "ambiguous"
	// NoteLowCoverage: licences found (IDs) in a file that is mostly
	// something else, so the file is not counted as their licence text.
	NoteLowCoverage NoteCode = "low-coverage"
	// NoteURLOnly: the file only points at licences by URL (IDs).
	NoteURLOnly NoteCode = "url-only"
	// NoteREUSEMismatch: a LICENSES/ file whose text is another licence
	// than its name says (IDs: what the text is).
	NoteREUSEMismatch NoteCode = "reuse-mismatch"
	// NoteREUSEBadName: a LICENSES/ file whose name is not an SPDX id
	// (its text, when recognised, gives its licence).
	NoteREUSEBadName NoteCode = "reuse-bad-name"
	// NoteREUSERefKnown: a LicenseRef-* file of LICENSES/ holding a known
	// licence's text (IDs), which is then its licence; Detail: the name.
	NoteREUSERefKnown NoteCode = "reuse-ref-known"
	// NoteLGPLWithGPL: on the report, the GPL text shipped with an LGPL
	// (which the LGPL requires) is not counted as a licence of its own.
	NoteLGPLWithGPL NoteCode = "lgpl-with-gpl"
)

// FileNote is a note with the ids it concerns.
type FileNote struct {
	Code   NoteCode `json:"code"`
	IDs    []string `json:"ids,omitempty"`
	Detail string   `json:"detail,omitempty"`
}

// Match is one stretch of a file recognised as licence text.
type Match struct {
	// ID is the recognised licence: licensecheck's id, so a GNU text with
	// no notice is "GPL-3.0". Empty for fragments that amount to no licence
	// (Candidates then says what they could be part of).
	ID         string   `json:"id"`
	Candidates []string `json:"candidates,omitempty"`
	// Percent is the share of the file's words in this match, 0..100.
	Percent   float64 `json:"percent"`
	StartLine int     `json:"start_line"`
	EndLine   int     `json:"end_line"`
	URL       bool    `json:"url,omitempty"`
}

// File is one scanned licence text.
type File struct {
	Path string `json:"path"`
	Kind Kind   `json:"kind"`
	// SPDX is the file's licence: one id, or ids joined by AND when a file
	// holds several texts; "" when unknown (never guessed).
	SPDX string `json:"spdx"`
	// Coverage is the share of the file's words covered by matches, 0..1.
	Coverage float64 `json:"coverage"`
	// StartLine and EndLine delimit a README section.
	StartLine int        `json:"start_line,omitempty"`
	EndLine   int        `json:"end_line,omitempty"`
	Matches   []Match    `json:"matches,omitempty"`
	Notes     []FileNote `json:"notes,omitempty"`
	// Fidelity compares the file word for word with the official texts of
	// its licences; nil when none of them has an official text here (or
	// for README sections, which quote rather than hold a licence).
	Fidelity *Fidelity `json:"fidelity,omitempty"`
}

// Report is everything Detect found.
type Report struct {
	// Expression is the repository's licence as one SPDX expression, ""
	// when no licence text was recognised.
	Expression string `json:"expression"`
	// Basis lists the paths the expression was drawn from.
	Basis []string `json:"basis,omitempty"`
	// Source says what the expression was drawn from: a licence text, or,
	// with no text, what the repository declares; Confidence how sure that
	// is (high for a whole text, medium for a statement, a notice or a
	// manifest, low for file headers or a truncated text).
	Source       ExprSource    `json:"source,omitempty"`
	Confidence   Confidence    `json:"confidence,omitempty"`
	Files        []File        `json:"files"`
	Declarations []Declaration `json:"declarations"`
	Components   []Component   `json:"components,omitempty"` // sub-directories with their own licence file
	Notes        []FileNote    `json:"notes,omitempty"`

	// statementFiles are the licence files short enough to be read as
	// statements rather than texts.
	statementFiles map[string]bool
}

// ExprSource is what a repository's expression was drawn from.
type ExprSource string

const (
	FromText      ExprSource = "text"      // licence files (full texts)
	FromStatement ExprSource = "statement" // a licence file or README stating the licence ("Ce logiciel est régi par la licence CeCILL-B")
	FromManifest  ExprSource = "manifest"  // publiccode.yml, package.json, DESCRIPTION…
	FromHeaders   ExprSource = "headers"   // SPDX-License-Identifier lines of source files
)

// Confidence grades the expression.
type Confidence string

const (
	ConfidenceHigh   Confidence = "high"
	ConfidenceMedium Confidence = "medium"
	ConfidenceLow    Confidence = "low"
)

const (
	// ReadLimit is how much of a candidate is read: licence texts are tens
	// of kilobytes, and a bigger file is rarely one.
	ReadLimit = 1 << 20
	// MinCoverage: below this share of its words, a file that contains
	// licence text is not taken as a licence file (a long notice file
	// quoting a licence, a README).
	MinCoverage = 0.10
	// maxCandidates bounds the work on repositories full of licence files.
	maxCandidates = 64
)

var (
	licenceFileName = regexp.MustCompile(`(?i)^(un)?licen[cs]es?([-._ ].*)?$|^copying([-._ ].*)?$|^copyright([-._ ].*)?$`)
	// notTextExt are extensions a licence-named file is code or config with,
	// not a licence text (license.go, licenses.json).
	notTextExt = map[string]bool{
		".go": true, ".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true,
		".jsx": true, ".rb": true, ".java": true, ".kt": true, ".c": true, ".h": true, ".cc": true,
		".cpp": true, ".hpp": true, ".rs": true, ".php": true, ".cs": true, ".swift": true, ".scala": true,
		".sh": true, ".bash": true, ".ps1": true, ".json": true, ".yml": true, ".yaml": true, ".toml": true,
		".xml": true, ".lock": true, ".css": true, ".scss": true, ".vue": true, ".sql": true, ".png": true,
		".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".ico": true, ".ex": true, ".exs": true,
		".erl": true, ".pl": true, ".pm": true, ".r": true, ".lua": true, ".dart": true, ".el": true,
	}
)

// IsLicenceFile reports whether Detect reads the file at p (slash-separated,
// from the root) as a licence text of the repository: LICENSE, LICENCE.md,
// COPYING… at the root, or any file of a REUSE LICENSES/ folder.
func IsLicenceFile(p string) bool {
	_, ok := candidateKind(p)
	return ok
}

// candidateKind says whether p is a licence text of the repository. Only
// the root and LICENSES/ count: docs/LICENSE or .github/LICENSE describe
// something else, or duplicate the root.
func candidateKind(p string) (Kind, bool) {
	dir, name := path.Split(p)
	if strings.HasPrefix(name, ".") {
		return "", false
	}
	switch dir {
	case "":
		if licenceFileName.MatchString(name) && !notTextExt[strings.ToLower(path.Ext(name))] {
			return KindLicenceFile, true
		}
	case "LICENSES/":
		return KindREUSE, true
	}
	return "", false
}

// loaded reads the embedded data detection rests on, so that Detect and
// ParseExpression return its error before a helper that cannot return one
// finds it missing (rules.Licences is then empty, references fail).
func loaded() error {
	if _, err := rules.LoadLicences(); err != nil {
		return err
	}
	_, err := references()
	return err
}

// Detect finds the licence texts and declarations of repo and combines
// them into one expression. Unreadable or odd files become notes; the only
// errors are internal (the scanner could not be built).
func Detect(repo source.Repo) (*Report, error) {
	if repo == nil {
		return nil, errors.New("license: nil repository")
	}
	if err := loaded(); err != nil {
		return nil, err
	}
	r := &Report{Files: []File{}, Declarations: []Declaration{}}
	files := repo.Files()
	n := 0
	for _, f := range files {
		kind, ok := candidateKind(f.Path)
		if !ok || f.Kind == source.Submodule {
			continue
		}
		if n++; n > maxCandidates {
			break
		}
		lf, text, err := scanCandidate(repo, f, kind)
		if err != nil {
			return nil, err
		}
		r.Files = append(r.Files, lf)
		if lf.Fidelity != nil && kind == KindLicenceFile {
			// Sentences around a licence text may say how it applies:
			// "licensed under both CeCILL-B and MIT", above the MIT text of
			// an incorporated library.
			r.Declarations = append(r.Declarations, statements(f.Path, around(text, lf.Fidelity))...)
		}
		if lf.SPDX == "" && kind == KindLicenceFile && strings.TrimSpace(text) != "" && countWords(text) <= statementWords {
			r.Declarations = append(r.Declarations, statements(f.Path, text)...)
			if r.statementFiles == nil {
				r.statementFiles = map[string]bool{}
			}
			r.statementFiles[f.Path] = true
		}
	}
	readmes, err := scanReadmes(repo, files, r)
	if err != nil {
		return nil, err
	}
	r.Declarations = append(r.Declarations, manifestDeclarations(repo, files)...)
	if r.Components, err = components(repo, files); err != nil {
		return nil, err
	}
	if err := combine(repo, files, readmes, r); err != nil {
		return nil, err
	}
	return r, nil
}

// readText reads and decodes a file, or says why it cannot be read.
func readText(repo source.Repo, f source.File) (text string, notes []FileNote, ok bool) {
	b, err := repo.Read(f.Path, ReadLimit)
	if err != nil {
		return "", []FileNote{{Code: NoteUnreadable, Detail: err.Error()}}, false
	}
	if f.Size > ReadLimit || f.Size == 0 && len(b) >= ReadLimit {
		notes = append(notes, FileNote{Code: NoteTruncated})
		// A cut inside a UTF-8 sequence must not make the file look Latin-1.
		for k := 1; k <= 3 && k <= len(b); k++ {
			if utf8.RuneStart(b[len(b)-k]) {
				if !utf8.FullRune(b[len(b)-k:]) {
					b = b[:len(b)-k]
				}
				break
			}
		}
	}
	if sniff.Binary(b) {
		return "", append(notes, FileNote{Code: NoteBinary}), false
	}
	s, enc := textnorm.Decode(b)
	if enc != textnorm.UTF8 && enc != textnorm.UTF8BOM {
		notes = append(notes, FileNote{Code: NoteEncoding, Detail: string(enc)})
	}
	if fixed, ok := undoDoubleEncoding(s); ok {
		s = fixed
		notes = append(notes, FileNote{Code: NoteEncoding, Detail: doubleEncoded})
	}
	if strings.TrimSpace(s) == "" {
		return "", append(notes, FileNote{Code: NoteEmpty}), false
	}
	return s, notes, true
}

// doubleEncoded is the encoding note of a text whose UTF-8 was read as
// Windows-1252 (or Latin-1) and saved again as UTF-8: « Ã© » for « é ».
const doubleEncoded = "utf-8 encoded twice"

// mojibake are what French letters become when encoded twice.
var mojibake = []string{"Ã©", "Ã¨", "Ãª", "Ã§", "Ã´", "Ã®", "Ã¢", "Ã¹", "Ã»", "Ã\u00a0", "Ã‰", "â€™", "Â«", "Â»"}

// undoDoubleEncoding repairs a text encoded twice: when it holds several
// mojibake sequences and its runes, written back as Windows-1252 bytes,
// are valid UTF-8, those bytes are the text.
func undoDoubleEncoding(s string) (string, bool) {
	n := 0
	for _, m := range mojibake {
		n += strings.Count(s, m)
		if n >= 3 {
			break
		}
	}
	if n < 3 {
		return "", false
	}
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		b, err = charmap.ISO8859_1.NewEncoder().Bytes([]byte(s))
	}
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// statementWords: a licence file this short that is no licence text may
// still say which licence applies; its sentences become declarations.
const statementWords = 300

// scanCandidate returns the file's result and its decoded text.
func scanCandidate(repo source.Repo, f source.File, kind Kind) (File, string, error) {
	lf := File{Path: f.Path, Kind: kind}
	text, notes, ok := readText(repo, f)
	lf.Notes = notes
	var folded string
	if ok {
		folded = textnorm.Fold(text)
		a, err := analyse(folded, true)
		if err != nil {
			return lf, "", err
		}
		fillFile(&lf, a, folded, 0)
	}
	if kind == KindREUSE {
		reuseID(&lf)
	}
	if ok {
		judgeFidelity(&lf, textnorm.UnifyNewlines(text))
	}
	return lf, text, nil
}

// judgeFidelity compares a licence file with the official texts. A file
// licensecheck could not name but that is mostly one official text (the
// start of a CeCILL cut after article 1) is named after it, with an
// incomplete verdict: recognised with low confidence, never approved.
func judgeFidelity(lf *File, text string) {
	if lf.SPDX != "" {
		lf.Fidelity = compareTexts(text, strings.Split(lf.SPDX, " AND "))
		return
	}
	if lf.Kind != KindLicenceFile {
		return
	}
	id, _ := bestReference(text)
	if id == "" {
		return
	}
	if fd := compareTexts(text, []string{id}); fd != nil && fd.Verdict != FidelityVerbatim {
		lf.SPDX = id
		lf.Fidelity = fd
		lf.Notes = dropNote(lf.Notes, NoteLowCoverage)
	}
}

// around keeps the lines of text that hold words added before or after
// the licence (blanking the others, so line numbers stay).
func around(text string, fd *Fidelity) string {
	lines := strings.Split(textnorm.UnifyNewlines(text), "\n")
	keep := make([]bool, len(lines))
	for _, h := range fd.Added {
		if h.Inside {
			continue
		}
		for l := h.StartLine; l <= h.EndLine && l >= 1 && l <= len(lines); l++ {
			keep[l-1] = true
		}
	}
	for i := range lines {
		if !keep[i] {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// statements reads the licence sentences of a short licence file.
func statements(p, text string) []Declaration {
	lines := strings.Split(textnorm.UnifyNewlines(text), "\n")
	ds := readmeDeclarations(p, lines, make([]bool, len(lines)))
	for i := range ds {
		if ds[i].Source == SourceReadme {
			ds[i].Source = SourceLicenceFile
		}
	}
	return ds
}

// reuseID applies REUSE's rule: the file name is the licence.
func reuseID(lf *File) {
	name := path.Base(lf.Path)
	if ext := path.Ext(name); ext != "" {
		name = strings.TrimSuffix(name, ext)
	}
	e, err := ParseExpression(name)
	if err != nil || e.Op != OpLicense || e.Plus || e.Exception != "" {
		// The name says nothing; the text still does (LICENSES/LICENSE.MIT.md).
		lf.Notes = append(lf.Notes, FileNote{Code: NoteREUSEBadName, Detail: name})
		return
	}
	found := lf.SPDX
	if e.IsRef() && found != "" {
		// LicenseRef-* holding a known licence's text is that licence.
		lf.Notes = append(lf.Notes, FileNote{Code: NoteREUSERefKnown, IDs: strings.Split(found, " AND "), Detail: name})
		lf.Notes = dropNote(lf.Notes, NoteVersionUnstated)
		return
	}
	lf.SPDX = e.ID
	// A bare GNU text is what LICENSES/GPL-3.0-or-later.txt holds: the
	// name states the version, the text cannot.
	if found != "" && !sameLicence(found, e.ID) {
		lf.Notes = append(lf.Notes, FileNote{Code: NoteREUSEMismatch, IDs: strings.Split(found, " AND ")})
	}
	lf.Notes = dropNote(lf.Notes, NoteVersionUnstated)
	lf.Notes = dropNote(lf.Notes, NoteLowCoverage)
}

func sameLicence(found, id string) bool {
	for _, f := range strings.Split(found, " AND ") {
		if strings.EqualFold(gnuBase(f), gnuBase(id)) {
			return true
		}
	}
	return false
}

func gnuBase(id string) string {
	return strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later")
}

func dropNote(notes []FileNote, code NoteCode) []FileNote {
	out := notes[:0]
	for _, n := range notes {
		if n.Code != code {
			out = append(out, n)
		}
	}
	return out
}

// fillFile turns an analysis of text into the file's matches, SPDX and
// notes; lineOff shifts line numbers (README sections).
func fillFile(lf *File, a *analysis, text string, lineOff int) {
	lines := newLineIndex(text)
	lf.Coverage = round(a.coverage(), 4)
	var words []int // per match, so merged percents are not sums of roundings
	for _, h := range a.hits {
		m := Match{ID: h.claim, URL: h.url,
			StartLine: lines.at(h.start) + lineOff,
			EndLine:   lines.at(max(h.start, h.end-1)) + lineOff}
		switch {
		case h.url:
			m.ID = h.lcID
		case h.claim == "" && h.segment:
			m.Candidates = h.ids
		case h.claim == "":
			m.ID = h.lcID
		}
		// Consecutive segments of one licence read as one match.
		if k := len(lf.Matches); k > 0 && !m.URL && m.ID != "" {
			last := &lf.Matches[k-1]
			if !last.URL && last.ID == m.ID {
				last.EndLine = m.EndLine
				words[k-1] += h.words
				continue
			}
		}
		lf.Matches = append(lf.Matches, m)
		words = append(words, h.words)
	}
	for i := range lf.Matches {
		lf.Matches[i].Percent = percent(words[i], a.words)
	}
	for _, g := range a.ambig {
		lf.Notes = append(lf.Notes, FileNote{Code: NoteAmbiguous, IDs: g})
	}
	ids, unstated := gnuVersions(a.ids)
	if len(ids) == 0 {
		var urls []string
		for _, h := range a.hits {
			if h.url {
				urls = append(urls, h.lcID)
			}
		}
		if len(urls) > 0 {
			lf.Notes = append(lf.Notes, FileNote{Code: NoteURLOnly, IDs: dedupe(urls)})
		}
		return
	}
	if a.coverage() < MinCoverage {
		lf.Notes = append(lf.Notes, FileNote{Code: NoteLowCoverage, IDs: ids})
		return
	}
	lf.SPDX = strings.Join(orderIDs(ids), " AND ")
	if len(unstated) > 0 {
		lf.Notes = append(lf.Notes, FileNote{Code: NoteVersionUnstated, IDs: unstated})
	}
}

// gnuVersions settles the GNU version question for one file. A GNU licence
// text does not say whether later versions are granted; the notice does
// ("either version 3 of the License, or (at your option) any later
// version"). A text with its notice takes the notice's id. A text alone is
// reported -only, the narrower grant, which is certain, and flagged: taking
// -or-later would claim a permission no one wrote down. combine upgrades it
// when a notice or declaration elsewhere in the repository grants it.
func gnuVersions(found []string) (ids, unstated []string) {
	has := map[string]bool{}
	for _, id := range found {
		has[id] = true
	}
	for _, id := range found {
		if !gnuBare[id] {
			ids = append(ids, id)
			continue
		}
		if has[id+"-or-later"] || has[id+"-only"] {
			continue
		}
		ids = append(ids, id+"-only")
		unstated = append(unstated, id+"-only")
	}
	return dedupe(ids), unstated
}

// orderIDs gives expressions a stable order: software licences first, then
// data/documents ones, each alphabetically.
func orderIDs(ids []string) []string {
	out := append([]string(nil), ids...)
	list := rules.Licences()
	data := func(id string) bool {
		l, ok := list.Lookup(id)
		return ok && l.Scope == rules.LicenceData
	}
	sort.SliceStable(out, func(i, j int) bool {
		if di, dj := data(out[i]), data(out[j]); di != dj {
			return !di
		}
		return strings.ToLower(out[i]) < strings.ToLower(out[j])
	})
	return out
}

func percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return round(100*float64(n)/float64(total), 1)
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(s string) lineIndex {
	idx := lineIndex{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) at(off int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > off })
}
