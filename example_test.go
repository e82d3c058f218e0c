package ouvert_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/ouvert-dev/ouvert"
)

// A directory with a README and nothing else: no licence, so not even
// level C, and the gate says which rules stand in the way.
func ExampleScan() {
	dir, err := os.MkdirTemp("", "ouvert-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	readme := "# Registre des arrêtés\n\nPublie les arrêtés municipaux.\n"
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644); err != nil {
		log.Fatal(err)
	}

	res, err := ouvert.Scan(context.Background(), dir, ouvert.Options{NoHistory: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("level: %q\n", res.Level.ID)
	for _, id := range []string{"license/file", "readme/file", "secrets/scan"} {
		r, _ := res.Rule(id)
		fmt.Println(id, r.Outcome)
	}
	gate := ouvert.Decide(res, "", "")
	fmt.Println("blocking:", strings.Join(gate.Blocking, ", "))
	// Output:
	// level: "none"
	// license/file fail
	// readme/file pass
	// secrets/scan pass
	// blocking: license/file, license/approved
}

// Write renders a result in any format of the command line; here the
// level of the French text report.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "ouvert-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# Démo\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	res, err := ouvert.Scan(context.Background(), dir, ouvert.Options{NoHistory: true})
	if err != nil {
		log.Fatal(err)
	}
	var b strings.Builder
	if err := ouvert.Write(&b, res, "text", ouvert.WriteOptions{Lang: "fr"}); err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "Niveau") {
			fmt.Println(line)
		}
	}
	fmt.Println(strings.Join(ouvert.Formats(), " "))
	// Output:
	// Niveau : aucun (pas prêt à publier)
	// badge codequality html json junit markdown sarif text
}
