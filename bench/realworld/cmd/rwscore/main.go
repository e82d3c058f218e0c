// Command rwscore scores ouvert's secret findings on the real-world set
// against the hand labels: precision per kind and confidence tier, levels a
// false finding changes, recall over the known true secrets, findings still
// unlabelled, repositories without a report, and gitleaks beside it.
//
// It reads the raw reports that bench/realworld/run.sh leaves in -work
// (ouvert/OWNER+NAME.json and .meta, gitleaks/OWNER+NAME.json) and prints
// no value: only places, rules and verdicts.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	reposPath := flag.String("repos", "bench/realworld/repos.tsv", "the repository list")
	labelsPath := flag.String("labels", "bench/realworld/labels.tsv", "the hand labels")
	work := flag.String("work", "", "directory of the raw reports written by run.sh")
	rev := flag.String("ouvert-rev", "", "the ouvert commit scored, printed in the header")
	split := flag.String("split", "", "score only this part of the set (the split column of repos.tsv: tune, heldout, heldout2…)")
	only := flag.String("only", "", "score only these repositories (space-separated owner/name)")
	flag.Parse()
	if *work == "" {
		fmt.Fprintln(os.Stderr, "rwscore: -work is required (the RW_WORK directory of run.sh)")
		os.Exit(2)
	}
	if err := run(os.Stdout, *reposPath, *labelsPath, *work, *rev, *split, *only); err != nil {
		fmt.Fprintln(os.Stderr, "rwscore:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, reposPath, labelsPath, work, rev, split, only string) error {
	repos, err := readRepos(reposPath)
	if err != nil {
		return err
	}
	labels, err := readLabels(labelsPath)
	if err != nil {
		return err
	}
	if only != "" {
		keep := map[string]bool{}
		for _, r := range strings.Fields(only) {
			keep[r] = true
		}
		repos = filterRepos(repos, func(r Repo) bool { return keep[r.Name] })
	}
	if split != "" {
		repos = filterRepos(repos, func(r Repo) bool { return r.Split == split })
	}
	scans := loadScans(work, repos)
	s := score(repos, labels, scans)
	printScore(w, s, rev, split)
	if split == "" && only == "" {
		for _, part := range splits(repos) {
			sub := filterRepos(repos, func(r Repo) bool { return r.Split == part })
			printHeadline(w, part, score(sub, labels, scans))
		}
	}
	return nil
}

// splits lists the parts in the order repos.tsv first names them.
func splits(repos []Repo) []string {
	var parts []string
	seen := map[string]bool{}
	for _, r := range repos {
		if !seen[r.Split] {
			seen[r.Split] = true
			parts = append(parts, r.Split)
		}
	}
	return parts
}

func filterRepos(repos []Repo, keep func(Repo) bool) []Repo {
	var out []Repo
	for _, r := range repos {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
