// Command gen writes license/patterns.gen.txt: segment patterns of the
// official French licence texts and of the CeCILL revisions licensecheck
// lacks (see package lregen for how and why).
//
// Usage (from the license directory, see the go:generate line there):
//
//	go run ./internal/gen -src texts -out patterns.gen.txt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ouvert-dev/ouvert/internal/license/internal/lregen"
)

func main() {
	src := flag.String("src", "texts", "directory holding the reference texts")
	out := flag.String("out", "patterns.gen.txt", "file to write")
	flag.Parse()
	b, err := lregen.Generate(*src, os.Stderr)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
