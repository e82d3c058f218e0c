package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/engine"
	"github.com/ouvert-dev/ouvert/source"
	"github.com/ouvert-dev/ouvert/source/sourcetest"
)

// BenchmarkScanTree10k is the whole tree-only scan of a committed work tree
// of 10,000 files (source files in nested directories, licence, README):
// open, list, detect the licence, run every check, compute the level.
func BenchmarkScanTree10k(b *testing.B) {
	r := sourcetest.New(b)
	mit, err := os.ReadFile(filepath.Join("..", "testdata", "repos", "c.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range sourcetest.ParseTxtar(string(mit)) {
		r.Write(f.Name, f.Data)
	}
	for i := 0; i < 10000; i++ {
		p := fmt.Sprintf("src/pkg%02d/sub%02d/file%04d.go", i%50, i%20, i)
		body := fmt.Sprintf("package pkg%02d\n\n// F%d does nothing in particular.\nfunc F%d() int { return %d }\n", i%50, i, i, i)
		if i%3 == 0 {
			body = "// SPDX-License-Identifier: MIT\n" + body
		}
		r.Write(p, body)
	}
	r.Commit("10k files", sourcetest.Epoch)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		repo, err := source.Open(ctx, r.Dir(), source.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := engine.Run(ctx, repo, engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(repo.Files()) < 10000 || res.Level.ID != "C" {
			b.Fatalf("files %d, level %s", len(repo.Files()), res.Level.ID)
		}
		repo.Close()
	}
}

// BenchmarkScanRepo scans the checkouts named in OUVERT_BENCH_REPOS
// (space-separated), for profiling on real repositories:
//
//	OUVERT_BENCH_REPOS=/tmp/udata go test -bench ScanRepo -run '^$' -cpuprofile cpu.out ./engine
func BenchmarkScanRepo(b *testing.B) {
	dirs := strings.Fields(os.Getenv("OUVERT_BENCH_REPOS"))
	if len(dirs) == 0 {
		b.Skip("set OUVERT_BENCH_REPOS to checkouts to scan")
	}
	for _, dir := range dirs {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			for b.Loop() {
				repo, err := source.Open(context.Background(), dir, source.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := engine.Run(context.Background(), repo, engine.Options{}); err != nil {
					b.Fatal(err)
				}
				repo.Close()
			}
		})
	}
}
