package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/report"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// A scan as a Go program runs it: open the source, read its configuration,
// run the checks, decide the gate, write a report.
func Example() {
	dir, err := os.MkdirTemp("", "ouvert-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	readme := "# Budget\n\nThis tool exports the budget data of the city council to open formats every night.\n"
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644); err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	repo, err := source.Open(ctx, dir, source.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer repo.Close()
	cat, err := rules.Default()
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.FromRepo(repo, cat)
	if err != nil {
		log.Fatal(err)
	}
	res, err := engine.Run(ctx, repo, engine.Options{Catalog: cat, Config: cfg, NoHistory: true})
	if err != nil {
		log.Fatal(err)
	}
	gate := engine.Decide(res, finding.LevelC, "")
	fmt.Println("level:", res.Level.ID)
	fmt.Println("passed:", gate.Verdict == engine.Passed)
	fmt.Println("blocking:", gate.Blocking)

	write, err := report.Lookup("json")
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if err := write(&out, res, report.Options{Lang: "en", Gate: &gate}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("JSON report:", json.Valid(out.Bytes()))
	// Output:
	// level: none
	// passed: false
	// blocking: [license/file license/approved]
	// JSON report: true
}
