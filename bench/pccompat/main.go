// Command pccompat compares ouvert's publiccode.yml validation with the
// reference validator's (italia/publiccode-parser-go, run as an external
// program, offline) over directories of files: how often the two agree on
// valid/invalid, and on the set of keys in error. bench/publiccode-compat.sh
// builds both and runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/source"
)

type dirFiles string

func (d dirFiles) Read(p string, limit int64) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(string(d), filepath.FromSlash(p)))
	if os.IsNotExist(err) {
		return nil, source.ErrNotFound
	}
	if int64(len(b)) > limit {
		b = b[:limit]
	}
	return b, err
}

func main() {
	ref := flag.String("ref", "publiccode-parser", "the reference validator's binary")
	verbose := flag.Bool("v", false, "print each disagreement")
	flag.Parse()
	var files []string
	for _, d := range flag.Args() {
		m, _ := filepath.Glob(filepath.Join(d, "*.yml"))
		files = append(files, m...)
	}
	sort.Strings(files)
	verdicts, keys := 0, 0
	for _, f := range files {
		refKeys, refErr := reference(*ref, f)
		if refErr != nil {
			fmt.Fprintf(os.Stderr, "%s: reference: %v\n", f, refErr)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r := publiccode.Validate(data, publiccode.Options{Files: dirFiles(filepath.Dir(f))})
		var ours []string
		for _, p := range r.Problems {
			if p.Severity == finding.Error {
				ours = append(ours, p.Key)
			}
		}
		ours = uniq(ours)
		if (len(ours) == 0) == (len(refKeys) == 0) {
			verdicts++
		}
		if strings.Join(ours, " ") == strings.Join(refKeys, " ") {
			keys++
		} else if *verbose {
			fmt.Printf("%s\n  reference: %v\n  ouvert:    %v\n", f, refKeys, ours)
		}
	}
	n := len(files)
	fmt.Printf("files %d · same verdict %d (%.0f%%) · same keys in error %d (%.0f%%)\n",
		n, verdicts, pct(verdicts, n), keys, pct(keys, n))
}

func reference(bin, file string) ([]string, error) {
	cmd := exec.Command(bin, "-no-network", "-json", filepath.Base(file))
	cmd.Dir = filepath.Dir(file)
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return nil, err
	}
	var probs []struct{ Key, Type string }
	if len(strings.TrimSpace(string(out))) > 0 && string(out) != "null\n" {
		if err := json.Unmarshal(out, &probs); err != nil {
			return nil, fmt.Errorf("unreadable output: %w", err)
		}
	}
	var keys []string
	for _, p := range probs {
		if p.Type == "error" {
			keys = append(keys, p.Key)
		}
	}
	return uniq(keys), nil
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
