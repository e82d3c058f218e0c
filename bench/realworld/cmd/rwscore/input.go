package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Repo is one line of repos.tsv.
type Repo struct {
	Name   string // owner/name
	Commit string // the commit scanned (HEAD of the snapshot when listed)
	Split  string // the part: tune, heldout, heldout2…
	Stack  string
}

// Key is the mirror directory name of a repository: owner+name.
func (r Repo) Key() string { return strings.Replace(r.Name, "/", "+", 1) }

// Label is one line of labels.tsv: a verdict on what lives at a place.
// A place is repository, commit, path and line, so that a label survives a
// finding moving between rules or changing its fingerprint.
type Label struct {
	Repo    string
	Commit  string // full hash; HEAD means the commit listed in repos.tsv; * any commit
	Path    string
	Line    int // 0 with AnyLine: the whole file
	AnyLine bool
	Value   string // the nature of the value (password, token, private-key, email…)
	Rule    string // the rule that reported it, or that should have
	Verdict string // true, false or unclear
	Class   string // the class of a false finding (placeholder, dev-default…)
	Source  string // who found the place: ouvert, sweep or gitleaks
	Secret  string // for true labels: an id shared by every place of the same value
	Reason  string
}

var labelColumns = []string{"repo", "commit", "path", "line", "value", "rule", "verdict", "class", "source", "secret", "reason"}

func readRepos(path string) ([]Repo, error) {
	var repos []Repo
	err := eachTSV(path, func(n int, f []string) error {
		if len(f) < 4 {
			return fmt.Errorf("%s:%d: want repo, commit, split, stack, why", path, n)
		}
		// any name makes a part (tune, heldout, heldout2…): a fresh held-out
		// set is added as a new part, so that the earlier figures stay comparable
		if f[2] == "" || strings.ContainsAny(f[2], " *") {
			return fmt.Errorf("%s:%d: split %q is not a part name", path, n, f[2])
		}
		repos = append(repos, Repo{Name: f[0], Commit: f[1], Split: f[2], Stack: f[3]})
		return nil
	})
	return repos, err
}

func readLabels(path string) ([]Label, error) {
	var labels []Label
	header := true
	err := eachTSV(path, func(n int, f []string) error {
		if header {
			header = false
			if strings.Join(f, ",") != strings.Join(labelColumns, ",") {
				return fmt.Errorf("%s:%d: the header must be %s", path, n, strings.Join(labelColumns, " "))
			}
			return nil
		}
		if len(f) != len(labelColumns) {
			return fmt.Errorf("%s:%d: %d columns, want %d", path, n, len(f), len(labelColumns))
		}
		l := Label{Repo: f[0], Commit: f[1], Path: f[2], Value: f[4], Rule: f[5], Verdict: f[6],
			Class: f[7], Source: f[8], Secret: f[9], Reason: f[10]}
		if l.Commit == "" {
			return fmt.Errorf("%s:%d: no commit (a hash, HEAD or *)", path, n)
		}
		if f[3] == "*" {
			l.AnyLine = true
		} else if v, err := strconv.Atoi(f[3]); err == nil && v >= 0 {
			l.Line = v
		} else {
			return fmt.Errorf("%s:%d: line %q is neither a number nor *", path, n, f[3])
		}
		switch l.Verdict {
		case "true", "false", "unclear":
		default:
			return fmt.Errorf("%s:%d: verdict %q is not true, false or unclear", path, n, l.Verdict)
		}
		switch l.Source {
		case "ouvert", "sweep", "gitleaks":
		default:
			return fmt.Errorf("%s:%d: source %q is not ouvert, sweep or gitleaks", path, n, l.Source)
		}
		if l.Verdict == "true" && (l.Secret == "" || l.Secret == "-") {
			return fmt.Errorf("%s:%d: a true label needs a secret id (the same for every place of one value)", path, n)
		}
		labels = append(labels, l)
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return labels, err
}

// eachTSV calls fn with the fields of every line that is neither blank nor a # comment.
func eachTSV(path string, fn func(line int, fields []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, strings.Split(line, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Place is where a finding lives; Commit is empty for the scanned tree.
type Place struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Commit string `json:"commit"`
}

// Finding is the part of an ouvert JSON finding the score needs. Places
// (or locations) is read when the report lists every place of one secret.
type Finding struct {
	Rule       string          `json:"rule"`
	Severity   string          `json:"severity"`
	Confidence string          `json:"confidence"`
	Path       string          `json:"path"`
	Line       int             `json:"line"`
	Commit     string          `json:"commit"`
	Places     []Place         `json:"places"`
	Locations  []Place         `json:"locations"`
	Accepted   json.RawMessage `json:"accepted"`
}

// AllPlaces is the finding's own place followed by any other it lists.
func (f Finding) AllPlaces() []Place {
	ps := []Place{{Path: f.Path, Line: f.Line, Commit: f.Commit}}
	for _, p := range append(f.Places, f.Locations...) {
		if p != ps[0] {
			ps = append(ps, p)
		}
	}
	return ps
}

// Tier is the finding's confidence, "unknown" when the report has none.
func (f Finding) Tier() string {
	if f.Confidence == "" {
		return "unknown"
	}
	return f.Confidence
}

// Blocking tells whether the finding fails secrets/scan: an error-level
// secret finding that is neither accepted nor of low confidence.
func (f Finding) Blocking() bool {
	return strings.HasPrefix(f.Rule, "secrets/") && f.Severity == "error" && f.Tier() != "low" &&
		(len(f.Accepted) == 0 || string(f.Accepted) == "null")
}

type report struct {
	Level struct {
		ID   string `json:"id"`
		Next *struct {
			ID      string   `json:"id"`
			Missing []string `json:"missing"`
		} `json:"next"`
	} `json:"level"`
	Rules []struct {
		ID      string `json:"id"`
		Outcome string `json:"outcome"`
	} `json:"rules"`
	Findings []Finding `json:"findings"`
}

// GitleaksFinding is the part of a gitleaks JSON finding the score needs.
type GitleaksFinding struct {
	RuleID    string `json:"RuleID"`
	File      string `json:"File"`
	StartLine int    `json:"StartLine"`
	Commit    string `json:"Commit"`
}

// Scan is what run.sh left for one repository.
type Scan struct {
	Exit       string // exit code of ouvert, "missing" without a mirror, "" when never run
	Seconds    string
	Error      string // first line ouvert wrote on standard error
	Report     *report
	ReportErr  error
	Gitleaks   []GitleaksFinding
	GLExit     string
	GLSeconds  string
	GLRan      bool
	GLParseErr error
}

func loadScans(work string, repos []Repo) map[string]*Scan {
	scans := map[string]*Scan{}
	for _, r := range repos {
		s := &Scan{}
		scans[r.Name] = s
		base := filepath.Join(work, "ouvert", r.Key())
		meta := readMeta(base + ".meta")
		s.Exit, s.Seconds, s.Error = meta["exit"], meta["seconds"], meta["error"]
		if b, err := os.ReadFile(base + ".json"); err == nil {
			var rep report
			if err := json.Unmarshal(b, &rep); err != nil {
				s.ReportErr = err
			} else {
				s.Report = &rep
			}
		}
		gbase := filepath.Join(work, "gitleaks", r.Key())
		gmeta := readMeta(gbase + ".meta")
		s.GLExit, s.GLSeconds = gmeta["exit"], gmeta["seconds"]
		if b, err := os.ReadFile(gbase + ".json"); err == nil {
			s.GLRan = true
			if err := json.Unmarshal(b, &s.Gitleaks); err != nil {
				s.GLParseErr = err
			}
		}
	}
	return scans
}

func readMeta(path string) map[string]string {
	m := map[string]string{}
	b, err := os.ReadFile(path)
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "\t"); ok {
			m[k] = v
		}
	}
	return m
}
