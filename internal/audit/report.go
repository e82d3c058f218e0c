package audit

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/printable"
	"github.com/ouvert-dev/ouvert/rules"
)

// ReportVersion is the version of the audit's JSON report.
const ReportVersion = 1

// Report is what the writers format: the records, sorted by key, and what
// to label them with. Writers detect nothing: every number comes from the
// records.
type Report struct {
	Records []Record
	Catalog *rules.Catalog
	Lang    string // "fr" or "en"
	Version string // ouvert's
	// CSVSep separates the CSV report's fields: ',' when zero; ';' for
	// spreadsheets set to French, where the comma is the decimal mark.
	CSVSep rune
	// Changes, when set, is what changed since an earlier audit
	// (--previous): the reports show it first.
	Changes *Changes
	// About is when and from what the audit was made.
	About About
}

// shown is r with the strings that come from outside (names and URLs a
// forge returned, error messages of git and servers) made printable: a NUL
// or an escape sequence never reaches a CSV cell, a Markdown table or a
// terminal. Each writer starts with it; r itself is not changed.
func (r *Report) shown() *Report {
	out := *r
	out.Records = make([]Record, len(r.Records))
	for i, rec := range r.Records {
		for _, f := range []*string{&rec.URL, &rec.Name, &rec.Web, &rec.Source, &rec.Org, &rec.Error, &rec.Detail, &rec.License, &rec.Report, &rec.Commit} {
			*f = printable.String(*f)
		}
		out.Records[i] = rec
	}
	if r.Changes != nil {
		out.Changes = r.Changes.shown()
	}
	return &out
}

// Writer writes one format of the audit report.
type Writer func(w io.Writer, r *Report) error

// formats maps the audit's format names to writers (Lookup and
// FormatNames read it; unexported, so no caller can change it).
var formats = map[string]Writer{
	"csv":      CSV,
	"jsonl":    JSONLines,
	"json":     JSON,
	"markdown": Markdown,
	"html":     HTML,
}

// Lookup returns the writer of a format name, any case.
func Lookup(name string) (Writer, bool) {
	w, ok := formats[strings.ToLower(name)]
	return w, ok
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// FormatOf guesses a format from an output file's extension; "" when the
// extension says nothing.
func FormatOf(path string) string {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, ".htm"):
		return "html"
	case strings.HasSuffix(p, ".csv"):
		return "csv"
	case strings.HasSuffix(p, ".jsonl"), strings.HasSuffix(p, ".ndjson"):
		return "jsonl"
	case strings.HasSuffix(p, ".json"):
		return "json"
	case strings.HasSuffix(p, ".md"), strings.HasSuffix(p, ".markdown"):
		return "markdown"
	}
	return ""
}

// Summary is the report's counts.
type Summary struct {
	Repositories int            `json:"repositories"`
	Scanned      int            `json:"scanned"`
	Failed       int            `json:"notScanned"`
	Levels       map[string]int `json:"levels"` // none, C, B, A
	Provisional  int            `json:"provisional"`
	Passed       int            `json:"passedGate"`
	WithSecrets  int            `json:"withSecrets"`
	// Blocking counts, for each rule, the repositories whose gate it fails,
	// most frequent first.
	Blocking []RuleCount `json:"blocking"`
}

// RuleCount is how many repositories a rule blocks.
type RuleCount struct {
	Rule  string `json:"rule"`
	Count int    `json:"count"`
}

// levelOrder is how levels are shown: lowest first.
var levelOrder = []finding.Level{finding.LevelNone, finding.LevelC, finding.LevelB, finding.LevelA}

// Summarize counts the records.
func (r *Report) Summarize() Summary {
	s := Summary{Levels: map[string]int{}}
	for _, l := range levelOrder {
		s.Levels[string(l)] = 0
	}
	blocking := map[string]int{}
	for _, rec := range r.Records {
		s.Repositories++
		if !rec.OK() {
			s.Failed++
			continue
		}
		s.Scanned++
		s.Levels[string(levelOf(rec))]++
		if rec.Provisional {
			s.Provisional++
		}
		if rec.Passed {
			s.Passed++
		}
		if rec.Secrets > 0 {
			s.WithSecrets++
		}
		for _, id := range rec.Blocking {
			blocking[id]++
		}
	}
	for id, n := range blocking {
		s.Blocking = append(s.Blocking, RuleCount{Rule: id, Count: n})
	}
	sort.Slice(s.Blocking, func(i, j int) bool {
		a, b := s.Blocking[i], s.Blocking[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Rule < b.Rule
	})
	if s.Blocking == nil {
		s.Blocking = []RuleCount{}
	}
	return s
}

func levelOf(rec Record) finding.Level {
	if rec.Level == "" {
		return finding.LevelNone
	}
	return rec.Level
}

// JSONLines writes one record per line, sorted by key.
func JSONLines(w io.Writer, r *Report) error {
	r = r.shown()
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, rec := range r.Records {
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// JSON writes the summary and the records in one document.
func JSON(w io.Writer, r *Report) error {
	r = r.shown()
	recs := r.Records
	if recs == nil {
		recs = []Record{}
	}
	out := struct {
		Version      int          `json:"auditVersion"`
		Tool         any          `json:"tool"`
		About        About        `json:"about"`
		Summary      Summary      `json:"summary"`
		Orgs         []OrgSummary `json:"organisations"`
		Changes      *Changes     `json:"changes,omitempty"`
		Repositories any          `json:"repositories"`
	}{Version: ReportVersion, Tool: map[string]string{"name": "ouvert", "version": r.Version}, About: r.About, Summary: r.Summarize(), Orgs: r.ByOrg(), Changes: r.Changes, Repositories: recs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// csvColumns are the CSV report's columns, in order.
var csvColumns = []string{
	"name", "url", "web", "level", "confirmed", "provisional", "passed", "license", "license_approved",
	"failing", "blocking", "secrets", "last_activity", "archived", "fork", "error", "report", "source", "commit",
	"detail", "org",
}

// CSV writes one row per repository; lists of rules are separated by
// spaces. It starts with a UTF-8 byte order mark, which spreadsheets need
// to read accents right (Python reads it with encoding="utf-8-sig"), and
// separates fields with Report.CSVSep.
func CSV(w io.Writer, r *Report) error {
	r = r.shown()
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if r.CSVSep != 0 {
		cw.Comma = r.CSVSep
	}
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, rec := range r.Records {
		level, confirmed := "", ""
		if rec.OK() {
			level, confirmed = string(levelOf(rec)), string(rec.Confirmed)
		}
		row := []string{
			rec.Name, rec.URL, rec.Web, level, confirmed, boolStr(rec.OK(), rec.Provisional), boolStr(rec.OK(), rec.Passed),
			rec.License, boolStr(rec.OK(), rec.Approved),
			strings.Join(rec.Failing, " "), strings.Join(rec.Blocking, " "), intStr(rec.OK(), rec.Secrets),
			dateOf(rec.LastActivity), strconv.FormatBool(rec.Archived), strconv.FormatBool(rec.Fork),
			rec.Error, rec.Report, rec.Source, rec.Commit, rec.Detail, rec.Org,
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func boolStr(ok, b bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatBool(b)
}

func intStr(ok bool, n int) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(n)
}

func dateOf(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// Markdown writes the summary, the blocking rules, the repositories and
// those that could not be scanned, for an issue, a wiki or a terminal.
func Markdown(w io.Writer, r *Report) error {
	r = r.shown()
	bw := bufio.NewWriter(w)
	t := texts(r.Lang)
	s := r.Summarize()
	fmt.Fprintf(bw, "# %s\n\n", t.Title)
	fmt.Fprintf(bw, "%s\n\n", mdCell(t.aboutLine(r.About, r.Version)))
	fmt.Fprintf(bw, "%s\n\n", t.summary(s))
	if r.Changes != nil {
		fmt.Fprintf(bw, "## %s\n\n", t.ChangesTitle)
		writeChangesMarkdown(bw, r.Changes, t, "###")
	}
	fmt.Fprintf(bw, "## %s\n\n| %s | %s |\n|---|---:|\n", t.Levels, t.Level, t.Repositories)
	for i := len(levelOrder) - 1; i >= 0; i-- {
		l := levelOrder[i]
		fmt.Fprintf(bw, "| %s | %d |\n", t.levelName(l), s.Levels[string(l)])
	}
	if s.Failed > 0 {
		fmt.Fprintf(bw, "| %s | %d |\n", t.NotScanned, s.Failed)
	}
	if len(s.Blocking) > 0 {
		fmt.Fprintf(bw, "\n## %s\n\n| %s | %s | %s |\n|---|---|---:|\n", t.BlockingTitle, t.Rule, t.Title2, t.Repositories)
		for _, rc := range s.Blocking {
			fmt.Fprintf(bw, "| `%s` | %s | %d |\n", rc.Rule, mdCell(r.ruleTitle(rc.Rule)), rc.Count)
		}
	}
	if orgs := r.ByOrg(); len(orgs) > 1 {
		fmt.Fprintf(bw, "\n## %s\n\n| %s | %s | A | B | C | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
			t.ByOrgTitle, t.Organisation, t.Repositories, t.NoLevel, t.NotScanned, t.PassGate, t.HoldSecrets)
		row := func(name string, s Summary) {
			fmt.Fprintf(bw, "| %s | %d | %d | %d | %d | %d | %d | %d | %d |\n", name, s.Repositories, s.Levels["A"], s.Levels["B"], s.Levels["C"], s.Levels["none"], s.Failed, s.Passed, s.WithSecrets)
		}
		for _, o := range orgs {
			row(mdCell(t.orgLabel(o)), o.Summary)
		}
		row("**"+t.Total+"**", s)
	}
	fmt.Fprintf(bw, "\n## %s\n\n| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---:|---|\n",
		t.RepositoriesTitle, t.Repository, t.Level, t.License, t.NextSteps, t.Secrets, t.LastActivity)
	for _, rec := range r.Records {
		if !rec.OK() {
			continue
		}
		name := mdCell(rec.Name)
		if link := safeLink(firstNonEmpty(rec.Report, rec.Web)); link != "" {
			name = "[" + name + "](" + mdLink(link) + ")"
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %d | %s |\n", name, t.levelCell(rec),
			mdCell(firstNonEmpty(rec.License, "–")), t.mdSteps(r.NextSteps(rec), rec), rec.Secrets, firstNonEmpty(dateOf(rec.LastActivity), "–"))
	}
	if s.Failed > 0 {
		fmt.Fprintf(bw, "\n## %s\n\n| %s | %s |\n|---|---|\n", t.NotScannedTitle, t.Repository, t.Why)
		for _, rec := range r.Records {
			if !rec.OK() {
				fmt.Fprintf(bw, "| %s | %s |\n", mdCell(rec.Name), mdCell(t.reason(rec.Error)))
			}
		}
	}
	return bw.Flush()
}

// mdSteps writes the next steps in one table cell: each action, its
// command, and its rule linked to the documentation.
func (t *strs) mdSteps(steps []Step, rec Record) string {
	if len(steps) == 0 {
		if levelOf(rec) == finding.LevelA {
			return t.Nothing
		}
		return "–"
	}
	var parts []string
	for _, s := range steps {
		p := mdCell(s.Action)
		if s.Command != "" {
			p += " (" + t.Command + t.colon() + "`" + s.Command + "`)"
		}
		p += " [`" + s.Rule + "`](" + mdLink(s.Doc) + ")"
		parts = append(parts, p)
	}
	if t.Lang == "fr" {
		return strings.Join(parts, "\u202f; ")
	}
	return strings.Join(parts, "; ")
}

func (t *strs) orgLabel(o OrgSummary) string {
	owners := strings.Join(o.Owners, ", ")
	if len(o.Owners) == 1 && o.Owners[0] == o.Org {
		return owners
	}
	return owners + " (" + t.PSOID + " " + o.Org + ")"
}

func (r *Report) ruleTitle(id string) string {
	if r.Catalog != nil {
		if rule, ok := r.Catalog.Rule(id); ok {
			return rule.Title.In(r.Lang)
		}
	}
	return id
}

// mdCell keeps a value in its table cell: no pipe, no line break, no HTML.
func mdCell(s string) string {
	// Line breaks and tabs become spaces; the no-break spaces of French
	// typography stay.
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' }), " ")
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

// safeLink keeps web links and relative paths: a forge's answer could hold
// a javascript: URL.
func safeLink(s string) string {
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://") {
		return s
	}
	if i := strings.IndexAny(s, ":/"); i >= 0 && s[i] == ':' {
		return ""
	}
	return s
}

func mdLink(s string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29").Replace(s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
