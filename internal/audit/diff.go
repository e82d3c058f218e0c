package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/printable"
)

// Changes is what changed between an earlier audit and this one, by
// repository key: the weekly question of an IT department.
type Changes struct {
	// Previous names the earlier audit (its file).
	Previous string `json:"previous"`
	// Up and Down are the repositories scanned both times whose level
	// rose or fell.
	Up   []LevelChange `json:"levelUp"`
	Down []LevelChange `json:"levelDown"`
	// NewSecrets are repositories that hold more secrets than before
	// (From 0 for a repository that held none); FixedSecrets fewer.
	NewSecrets   []SecretChange `json:"newSecrets"`
	FixedSecrets []SecretChange `json:"fixedSecrets"`
	// Added and Removed are repositories in one audit only.
	Added   []RepoRef `json:"added"`
	Removed []RepoRef `json:"removed"`
	// NotScanned were scanned before and could not be this time.
	NotScanned []RepoRef `json:"notScannedNow"`
}

// LevelChange is a repository whose level moved.
type LevelChange struct {
	Key  string        `json:"key"`
	Name string        `json:"name"`
	From finding.Level `json:"from"`
	To   finding.Level `json:"to"`
}

// SecretChange is a repository whose count of secrets moved.
type SecretChange struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// RepoRef names a repository, with why it could not be scanned when so.
type RepoRef struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Error string `json:"error,omitempty"`
}

// Empty reports whether nothing changed.
func (c *Changes) Empty() bool {
	return len(c.Up)+len(c.Down)+len(c.NewSecrets)+len(c.FixedSecrets)+len(c.Added)+len(c.Removed)+len(c.NotScanned) == 0
}

// Compare tells what changed from prev to cur. Records of accounts that
// could not be listed are not repositories and are left out. Every list
// is sorted by key.
func Compare(prev, cur []Record, previous string) *Changes {
	c := &Changes{Previous: previous, Up: []LevelChange{}, Down: []LevelChange{}, NewSecrets: []SecretChange{},
		FixedSecrets: []SecretChange{}, Added: []RepoRef{}, Removed: []RepoRef{}, NotScanned: []RepoRef{}}
	before := map[string]Record{}
	for _, r := range prev {
		if !r.Account {
			before[r.Key] = r
		}
	}
	seen := map[string]bool{}
	for _, r := range cur {
		if r.Account {
			continue
		}
		seen[r.Key] = true
		old, ok := before[r.Key]
		switch {
		case !ok:
			c.Added = append(c.Added, RepoRef{Key: r.Key, Name: r.Name, Error: r.Error})
			if r.OK() && r.Secrets > 0 {
				c.NewSecrets = append(c.NewSecrets, SecretChange{Key: r.Key, Name: r.Name, To: r.Secrets})
			}
			continue
		case old.OK() && !r.OK():
			c.NotScanned = append(c.NotScanned, RepoRef{Key: r.Key, Name: r.Name, Error: r.Error})
			continue
		case !r.OK():
			continue
		}
		if old.OK() {
			from, to := levelOf(old), levelOf(r)
			if to.Rank() > from.Rank() {
				c.Up = append(c.Up, LevelChange{Key: r.Key, Name: r.Name, From: from, To: to})
			} else if to.Rank() < from.Rank() {
				c.Down = append(c.Down, LevelChange{Key: r.Key, Name: r.Name, From: from, To: to})
			}
		}
		from := 0
		if old.OK() {
			from = old.Secrets
		}
		if r.Secrets > from {
			c.NewSecrets = append(c.NewSecrets, SecretChange{Key: r.Key, Name: r.Name, From: from, To: r.Secrets})
		} else if r.Secrets < from {
			c.FixedSecrets = append(c.FixedSecrets, SecretChange{Key: r.Key, Name: r.Name, From: from, To: r.Secrets})
		}
	}
	for _, r := range prev {
		if !r.Account && !seen[r.Key] {
			c.Removed = append(c.Removed, RepoRef{Key: r.Key, Name: r.Name})
		}
	}
	slices.SortFunc(c.Up, func(a, b LevelChange) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(c.Down, func(a, b LevelChange) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(c.NewSecrets, func(a, b SecretChange) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(c.FixedSecrets, func(a, b SecretChange) int { return strings.Compare(a.Key, b.Key) })
	for _, l := range [][]RepoRef{c.Added, c.Removed, c.NotScanned} {
		slices.SortFunc(l, func(a, b RepoRef) int { return strings.Compare(a.Key, b.Key) })
	}
	return c
}

// ReadAudit reads the records of an earlier audit: its state file, its
// JSON report or its JSON lines report. CSV, Markdown and HTML reports
// are for people and are not read back.
func ReadAudit(path string) ([]Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	switch {
	case bytes.Contains(first, []byte(`"ouvertAuditState"`)):
		st, err := readState(bytes.NewReader(data), path)
		if err != nil {
			return nil, err
		}
		return st.Records, nil
	case bytes.HasPrefix(trimmed, []byte("{")):
		var rep struct {
			Version      int      `json:"auditVersion"`
			Repositories []Record `json:"repositories"`
		}
		if json.Unmarshal(trimmed, &rep) == nil && rep.Version > 0 {
			if rep.Version > ReportVersion {
				return nil, fmt.Errorf("%s: audit report version %d is newer than this ouvert reads (%d): %w", path, rep.Version, ReportVersion, ErrInput)
			}
			return rep.Repositories, nil
		}
		var recs []Record
		sc := bufio.NewScanner(bytes.NewReader(trimmed))
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var rec Record
			if err := json.Unmarshal(line, &rec); err != nil || rec.Key == "" {
				return nil, fmt.Errorf("%s:%d: not an audit record: %w", path, n, ErrInput)
			}
			recs = append(recs, rec)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w: %w", path, err, ErrInput)
		}
		return recs, nil
	}
	return nil, fmt.Errorf("%s: not an audit state file or JSON report (keep the state file, or write --format json, to compare with it): %w", path, ErrInput)
}

// WriteChangesJSON writes the changes alone, as JSON.
func WriteChangesJSON(w io.Writer, c *Changes) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(c.shown())
}

// WriteChanges writes the changes alone, as Markdown, for ouvert audit
// diff.
func WriteChanges(w io.Writer, c *Changes, lang string) error {
	bw := bufio.NewWriter(w)
	t := texts(lang)
	c = c.shown()
	fmt.Fprintf(bw, "# %s\n\n", t.ChangesTitle)
	writeChangesMarkdown(bw, c, t, "##")
	return bw.Flush()
}

func writeChangesMarkdown(bw *bufio.Writer, c *Changes, t *strs, h string) {
	fmt.Fprintf(bw, "%s\n\n", t.changesSentence(c))
	if c.Empty() {
		return
	}
	level := func(title string, l []LevelChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "%s %s\n\n", h, title)
		for _, x := range l {
			fmt.Fprintf(bw, "- %s\u00a0: %s → %s\n", mdCell(x.Name), t.shortLevel(x.From), t.shortLevel(x.To))
		}
		bw.WriteString("\n")
	}
	secrets := func(title string, l []SecretChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "%s %s\n\n", h, title)
		for _, x := range l {
			fmt.Fprintf(bw, "- %s\u00a0: %d → %d\n", mdCell(x.Name), x.From, x.To)
		}
		bw.WriteString("\n")
	}
	repos := func(title string, l []RepoRef) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "%s %s\n\n", h, title)
		for _, x := range l {
			if x.Error != "" {
				fmt.Fprintf(bw, "- %s (%s)\n", mdCell(x.Name), mdCell(x.Error))
			} else {
				fmt.Fprintf(bw, "- %s\n", mdCell(x.Name))
			}
		}
		bw.WriteString("\n")
	}
	level(t.LevelDown, c.Down)
	secrets(t.NewSecrets, c.NewSecrets)
	repos(t.NotScannedNow, c.NotScanned)
	level(t.LevelUp, c.Up)
	secrets(t.FixedSecrets, c.FixedSecrets)
	repos(t.Added, c.Added)
	repos(t.Removed, c.Removed)
}

// changesSentence sums the changes up in one sentence.
func (t *strs) changesSentence(c *Changes) string {
	if c.Empty() {
		return t.fill(t.NoChange, "date", c.Previous)
	}
	parts := []string{
		fmt.Sprintf("%d %s", len(c.Up), t.plural(len(c.Up), t.UpOne, t.UpMany)),
		fmt.Sprintf("%d %s", len(c.Down), t.plural(len(c.Down), t.DownOne, t.DownMany)),
		fmt.Sprintf("%d %s", len(c.NewSecrets), t.plural(len(c.NewSecrets), t.NewSecretOne, t.NewSecretMany)),
		fmt.Sprintf("%d %s", len(c.FixedSecrets), t.plural(len(c.FixedSecrets), t.FixedSecretOne, t.FixedSecretMany)),
		fmt.Sprintf("%d %s", len(c.Added), t.plural(len(c.Added), t.AddedOne, t.AddedMany)),
		fmt.Sprintf("%d %s", len(c.Removed), t.plural(len(c.Removed), t.RemovedOne, t.RemovedMany)),
	}
	return t.fill(t.Since, "date", c.Previous) + strings.Join(parts, ", ") + "."
}

func (t *strs) plural(n int, one, many string) string { return word(t.Lang, n, one, many) }

func (t *strs) shortLevel(l finding.Level) string {
	if l == "" || l == finding.LevelNone {
		return t.NoLevel
	}
	return string(l)
}

// shown is a copy whose names and errors are printable.
func (c *Changes) shown() *Changes {
	out := *c
	out.Previous = printable.String(c.Previous)
	lc := func(l []LevelChange) []LevelChange {
		o := slices.Clone(l)
		for i := range o {
			o[i].Name = printable.String(o[i].Name)
		}
		return o
	}
	sc := func(l []SecretChange) []SecretChange {
		o := slices.Clone(l)
		for i := range o {
			o[i].Name = printable.String(o[i].Name)
		}
		return o
	}
	rc := func(l []RepoRef) []RepoRef {
		o := slices.Clone(l)
		for i := range o {
			o[i].Name, o[i].Error = printable.String(o[i].Name), printable.String(o[i].Error)
		}
		return o
	}
	out.Up, out.Down, out.NewSecrets, out.FixedSecrets = lc(c.Up), lc(c.Down), sc(c.NewSecrets), sc(c.FixedSecrets)
	out.Added, out.Removed, out.NotScanned = rc(c.Added), rc(c.Removed), rc(c.NotScanned)
	return &out
}
