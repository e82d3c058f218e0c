// Command licences measures license/approved on licence files: the
// hand-labelled real-world set (labels.tsv: licence files of public
// repositories of French public bodies, read from their fetched mirrors at
// the labelled commit) and a generated set (modified, cut and intact copies
// of the official texts in internal/license/texts). It prints precision and recall
// of "approved" before (the licence's name alone, as main decided until
// issue 15) and after (the name, the word-for-word comparison and the
// declarations).
//
//	go run ./bench/licences                 # score both sets
//	go run ./bench/licences -list owner/name # what ouvert says, to label
//	go run ./bench/licences -before /tmp/ouvert-main -after /tmp/ouvert-branch
//	                                         # both columns from built binaries
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
)

func main() {
	mirror := flag.String("mirror", "/work/.mirror", "where fetched repositories live, as OWNER+NAME/repo")
	labels := flag.String("labels", "bench/licences/labels.tsv", "hand labels")
	texts := flag.String("texts", "internal/license/texts", "official texts the generated set is made from")
	list := flag.Bool("list", false, "print what ouvert says for the repositories given as arguments (at HEAD)")
	verbose := flag.Bool("v", false, "print every case")
	flag.StringVar(&beforeBin, "before", "", "an ouvert binary built from main: its license/approved outcome is the \"before\" column (default: main's rule replayed on this branch's detection)")
	flag.StringVar(&afterBin, "after", "", "an ouvert binary built from this branch: its license/approved outcome is the \"after\" column (default: this branch's library)")
	flag.Parse()
	if *list {
		for _, r := range flag.Args() {
			listRepo(*mirror, r)
		}
		return
	}
	realSet, err := realCases(*mirror, *labels)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gen, err := generated(*texts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("# license/approved on licence files (issue 15)\n\n")
	score("real-world, hand-labelled", realSet, *verbose)
	score("generated from the official texts", gen, *verbose)
}

var beforeBin, afterBin string

// binaryApproves scans dir (at ref, "" for a plain directory) with an
// ouvert binary and says whether license/approved passed.
func binaryApproves(bin, dir, ref string) bool {
	out, err := os.CreateTemp("", "lbench-*.json")
	if err != nil {
		panic(err)
	}
	out.Close()
	defer os.Remove(out.Name())
	args := []string{"scan", dir, "--history=false", "--format", "json", "--min-level", "none", "--quiet", "-o", out.Name()}
	if ref != "" {
		args = append(args, "--ref", ref)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = os.TempDir()
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			fmt.Fprintln(os.Stderr, bin, dir, err)
			return false
		}
	}
	b, err := os.ReadFile(out.Name())
	if err != nil {
		return false
	}
	var rep struct {
		Rules []struct {
			ID      string `json:"id"`
			Outcome string `json:"outcome"`
		} `json:"rules"`
	}
	if json.Unmarshal(b, &rep) != nil {
		return false
	}
	for _, r := range rep.Rules {
		if r.ID == "license/approved" {
			return r.Outcome == "pass"
		}
	}
	return false
}

// withBinaries replaces the replayed verdicts by the binaries' when given.
func withBinaries(o *outcome, dir, ref string) {
	if beforeBin != "" {
		o.before = binaryApproves(beforeBin, dir, ref)
	}
	if afterBin != "" {
		o.after = binaryApproves(afterBin, dir, ref)
	}
}

// outcome is one case judged.
type outcome struct {
	name          string
	want          bool // a jurist would approve it
	before, after bool
	got           string // expression and verdict, for -v
	note          string // the label's reason
}

func score(title string, cs []outcome, verbose bool) {
	fmt.Printf("## %s: %d cases (%d to approve, %d to refuse)\n\n", title, len(cs), count(cs, func(o outcome) bool { return o.want }), count(cs, func(o outcome) bool { return !o.want }))
	fmt.Printf("| | approved right | approved wrongly | refused wrongly | precision | recall |\n|---|---|---|---|---|---|\n")
	for _, side := range []string{"before", "after"} {
		tp, fp, fn := 0, 0, 0
		for _, o := range cs {
			got := o.before
			if side == "after" {
				got = o.after
			}
			switch {
			case got && o.want:
				tp++
			case got && !o.want:
				fp++
			case !got && o.want:
				fn++
			}
		}
		fmt.Printf("| %s | %d | %d | %d | %s | %s |\n", side, tp, fp, fn, ratio(tp, tp+fp), ratio(tp, tp+fn))
	}
	fmt.Println()
	for _, o := range cs {
		if verbose || o.after != o.want {
			mark := "ok"
			if o.after != o.want {
				mark = "WRONG"
			}
			fmt.Printf("- %s %s: want approve=%v, before %v, after %v (%s) — %s\n", mark, o.name, o.want, o.before, o.after, o.got, o.note)
		}
	}
	fmt.Println()
}

func count(cs []outcome, f func(outcome) bool) int {
	n := 0
	for _, o := range cs {
		if f(o) {
			n++
		}
	}
	return n
}

func ratio(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f (%d/%d)", float64(a)/float64(b), a, b)
}

// verdicts returns what main decided (the expression of the licence files
// on the list) and what the branch decides (also: every licence file the
// expression rests on is the official text; a declared licence counts).
func verdicts(rep *license.Report, software bool) (before, after bool, got string) {
	ok := func(expr string) bool {
		if expr == "" {
			return false
		}
		switch license.Evaluate(expr, software).Status {
		case license.Approved, license.ApprovedWithNote, license.Warning:
			return true
		}
		return false
	}
	// main took a file's licence whatever the file held, and nothing else.
	fileExpr := rep.Expression
	if rep.Source != license.FromText && rep.Source != license.FromStatement || !fromFiles(rep) {
		fileExpr = ""
	}
	before = ok(fileExpr)
	after = ok(rep.Expression)
	got = rep.Expression
	basis := map[string]bool{}
	for _, p := range rep.Basis {
		basis[p] = true
	}
	for _, f := range rep.Files {
		if f.Fidelity != nil && basis[f.Path] {
			got += " " + f.Path + ":" + string(f.Fidelity.Verdict) + fmt.Sprintf("(held %.2f)", f.Fidelity.Held)
			if v := f.Fidelity.Verdict; v != license.FidelityVerbatim && v != license.FidelityNotice {
				after = false
			}
		}
	}
	if rep.Source != "" {
		got += " from " + string(rep.Source)
	}
	return before, after, got
}

// fromFiles: the expression rests on licence files whose text
// licensecheck named (main's only source; a statement file was no
// licence to it).
func fromFiles(rep *license.Report) bool {
	for _, p := range rep.Basis {
		for _, f := range rep.Files {
			if f.Path == p && f.SPDX != "" {
				return true
			}
		}
	}
	return false
}

func openAt(mirror, repo, commit string) (source.Repo, error) {
	dir := filepath.Join(mirror, strings.Replace(repo, "/", "+", 1), "repo")
	return source.Open(context.Background(), dir, source.Options{Ref: commit})
}

func listRepo(mirror, repo string) {
	r, err := openAt(mirror, repo, "")
	if err != nil {
		fmt.Println(repo, "error:", err)
		return
	}
	defer r.Close()
	rep, err := license.Detect(r)
	if err != nil {
		fmt.Println(repo, "error:", err)
		return
	}
	before, after, got := verdicts(rep, true)
	fmt.Printf("%s %s before=%v after=%v %s\n", repo, r.Meta().Commit, before, after, got)
	for _, f := range rep.Files {
		fmt.Printf("  file %s [%s] spdx=%q cov=%.2f notes=%v\n", f.Path, f.Kind, f.SPDX, f.Coverage, f.Notes)
		if fd := f.Fidelity; fd != nil {
			fmt.Printf("    fidelity %s held=%.3f cov=%.3f texts=%v\n", fd.Verdict, fd.Held, fd.Coverage, fd.Texts)
			for _, h := range fd.Added {
				fmt.Printf("    + L%d-%d inside=%v legal=%v %q\n", h.StartLine, h.EndLine, h.Inside, h.Legal, h.Text)
			}
			for _, h := range fd.Removed {
				fmt.Printf("    - %s L%d-%d legal=%v %q\n", h.Official, h.StartLine, h.EndLine, h.Legal, h.Text)
			}
		}
	}
	for _, d := range rep.Declarations {
		fmt.Printf("  decl %s:%d %s %q -> %q\n", d.Path, d.Line, d.Source, d.Raw, d.SPDX)
	}
}

// realCases reads labels.tsv: repo, commit, path, verdict (approve or
// refuse), expected expression, reason.
func realCases(mirror, labels string) ([]outcome, error) {
	f, err := os.Open(labels)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []outcome
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 6 {
			return nil, fmt.Errorf("%s: want 6 columns: %q", labels, line)
		}
		r, err := openAt(mirror, c[0], c[1])
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v (skipped)\n", c[0], err)
			continue
		}
		rep, err := license.Detect(r)
		software := hasCode(r.Files())
		r.Close()
		if err != nil {
			return nil, err
		}
		before, after, got := verdicts(rep, software)
		o := outcome{name: c[0] + ":" + c[2], want: c[3] == "approve", before: before, after: after, got: got, note: c[5]}
		withBinaries(&o, filepath.Join(mirror, strings.Replace(c[0], "/", "+", 1), "repo"), c[1])
		out = append(out, o)
	}
	return out, sc.Err()
}

func hasCode(files []source.File) bool {
	for _, f := range files {
		switch strings.ToLower(filepath.Ext(f.Path)) {
		case ".go", ".py", ".js", ".ts", ".java", ".kt", ".rb", ".php", ".rs", ".c", ".r", ".ex", ".cs", ".scala", ".vue", ".tsx":
			return true
		}
	}
	return false
}

// generated builds the mutation set: every listed licence's official text
// intact, rewrapped, with a copyright line, and changed in ways a jurist
// refuses (a restriction added after it, a negation inside it, a paragraph
// removed, cut at a third and at two thirds).
func generated(dir string) ([]outcome, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []outcome
	for _, p := range names {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		text := string(b)
		name := filepath.Base(p)
		intact := detectText(text)
		if intact.Expression == "" || !listed(intact.Expression) {
			continue // older versions and others: refused whatever their text
		}
		fr := strings.Contains(name, ".fr.")
		restriction := "\nAdditional restriction: any commercial use of this software is prohibited.\n"
		if fr {
			restriction = "\nRestriction supplémentaire : toute utilisation commerciale de ce logiciel est interdite.\n"
		}
		paras := strings.Split(text, "\n\n")
		mid := len(paras) / 2
		removed := strings.Join(append(append([]string{}, paras[:mid]...), paras[mid+1:]...), "\n\n")
		negated := negate(text)
		cases := []struct {
			kind string
			text string
			want bool
		}{
			{"intact", text, true},
			{"rewrapped", rewrap(text, 66), true},
			{"copyright line", "Copyright (c) 2021 Ministère de l'Intérieur\n\n" + text, true},
			{"restriction added", text + restriction, false},
			{"military use excluded", text + "\nThis software may not be used for military purposes.\n", false},
			{"negation inside", negated, false},
			{"paragraph removed", removed, false},
			{"cut at a third", text[:len(text)/3], false},
			{"cut at two thirds", text[:2*len(text)/3], false},
		}
		for _, c := range cases {
			if c.text == text && c.kind != "intact" {
				continue // nothing to negate or remove
			}
			if c.kind == "paragraph removed" && len(strings.Fields(paras[mid])) < 12 {
				continue // a heading, not terms
			}
			rep := detectText(c.text)
			before, after, got := verdicts(rep, true)
			o := outcome{name: name + " " + c.kind, want: c.want, before: before, after: after, got: got}
			if beforeBin != "" || afterBin != "" {
				dir, err := os.MkdirTemp("", "lbench-gen-")
				if err != nil {
					return nil, err
				}
				if err := os.WriteFile(filepath.Join(dir, "LICENSE"), []byte(c.text), 0o644); err != nil {
					return nil, err
				}
				if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
					return nil, err
				}
				withBinaries(&o, dir, "")
				os.RemoveAll(dir)
			}
			out = append(out, o)
		}
	}
	return out, nil
}

func listed(expr string) bool {
	switch license.Evaluate(expr, false).Status {
	case license.Approved, license.ApprovedWithNote:
		return true
	}
	return false
}

func detectText(text string) *license.Report {
	r, err := source.NewFS(fstest.MapFS{"LICENSE": &fstest.MapFile{Data: []byte(text)}}, source.Meta{})
	if err != nil {
		panic(err)
	}
	rep, err := license.Detect(r)
	if err != nil {
		panic(err)
	}
	return rep
}

// negate turns the first permission the text grants into a refusal.
func negate(text string) string {
	for _, p := range [][2]string{
		{"is hereby granted", "is not granted"},
		{"hereby grants to You", "does not grant to You"},
		{"grants You a world-wide", "does not grant You a world-wide"},
		{"are permitted provided", "are not permitted, even provided"},
		{"Everyone is permitted to copy", "No one is permitted to copy"},
		{"est autorisé à", "n'est pas autorisé à"},
		{"concède au Licencié", "ne concède pas au Licencié"},
		{"grants the Licensee", "does not grant the Licensee"},
		{"The Licensor grants", "The Licensor does not grant"},
		{"Le Donneur de licence concède", "Le Donneur de licence ne concède pas"},
		{"Le « Concédant » concède", "Le « Concédant » ne concède pas"},
		{"The “Licensor” grants", "The “Licensor” does not grant"},
		{"Licensor hereby grants", "Licensor does not grant"},
		{"you may", "you may not"},
	} {
		if strings.Contains(text, p[0]) {
			return strings.Replace(text, p[0], p[1], 1)
		}
	}
	return text
}

func rewrap(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n\n") {
		var line []string
		n := 0
		var lines []string
		for _, w := range strings.Fields(para) {
			if n+len(w) > width && len(line) > 0 {
				lines = append(lines, strings.Join(line, " "))
				line, n = nil, 0
			}
			line = append(line, w)
			n += len(w) + 1
		}
		if len(line) > 0 {
			lines = append(lines, strings.Join(line, " "))
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n")
}
