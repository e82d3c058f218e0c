package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// BenchmarkScanTree10k is the whole tree-only scan of a committed work tree
// of 10,000 files (source files in nested directories, licence, README):
// open, list, detect the licence, run every check, compute the level.
func BenchmarkScanTree10k(b *testing.B) {
	r := sourcetest.New(b)
	mit, err := os.ReadFile(filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
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

// BenchmarkScanRepo scans the repositories named in OUVERT_BENCH_REPOS
// (space-separated checkouts or git directories), for profiling on real
// repositories: the tree only (tree) and the whole scan, history included
// (full):
//
//	OUVERT_BENCH_REPOS=/tmp/udata go test -bench ScanRepo -run '^$' -cpuprofile cpu.out ./engine
//	OUVERT_BENCH_REPOS=/tmp/beta go test -bench 'ScanRepo/.*/tree' -run '^$' -memprofile mem.out ./engine
func BenchmarkScanRepo(b *testing.B) {
	dirs := strings.Fields(os.Getenv("OUVERT_BENCH_REPOS"))
	if len(dirs) == 0 {
		b.Skip("set OUVERT_BENCH_REPOS to checkouts to scan")
	}
	for _, dir := range dirs {
		for _, mode := range []string{"tree", "full"} {
			b.Run(filepath.Base(dir)+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					repo, err := source.Open(context.Background(), dir, source.Options{})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := engine.Run(context.Background(), repo, engine.Options{NoHistory: mode == "tree"}); err != nil {
						b.Fatal(err)
					}
					repo.Close()
				}
			})
		}
	}
}

// BenchmarkScanBundles is the whole scan, history included, of a
// repository whose history holds generated front-end content: minified
// bundles of 1 to 3.4 MiB and their source maps, rebuilt at every commit
// (each version a few chunks away from the last, as a bundler writes
// them), with a GitHub token and a private key compiled into one bundle
// of one commit and gone the next. It reports the floor, git cat-file
// inflating every object once on the same repository, and the scan's
// ratio to it. OUVERT_BENCH_BUNDLES_MIB sets the size of the content
// written (default 96; the history measured in issue 12 held 2,900).
func BenchmarkScanBundles(b *testing.B) {
	mib := 96
	if v, err := strconv.Atoi(os.Getenv("OUVERT_BENCH_BUNDLES_MIB")); err == nil && v > 0 {
		mib = v
	}
	r := sourcetest.New(b)
	r.Write("LICENSE", "MIT License\n")
	r.Write("README.md", "# Bundles\n")
	tok, key := sourcetest.GitHubToken(7), sourcetest.PrivateKey(7)
	written, commit := 0, 0
	const files = 4
	for written < mib<<20 {
		for i := range files {
			size := 1<<20 + (i+commit)%4*(800<<10) // 1 to 3.4 MiB: under the 4 MiB read
			base := sourcetest.MinifiedJS(uint64(i), size, 1<<20, "")
			// A rebuild changes a few chunks of the bundle.
			for k := range 3 {
				chunk := sourcetest.MinifiedJS(uint64(1000*commit+10*i+k), 16<<10, 1<<20, "")
				off := (k*len(base)/3 + commit*4099) % max(1, len(base)-len(chunk))
				copy(base[off:], chunk)
			}
			if commit == 2 && i == 1 {
				extra := []byte(`;var cfg={token:"` + tok + `",key:"` + strings.ReplaceAll(strings.TrimSuffix(key, "\n"), "\n", `\n`) + `"};`)
				base = append(base[:len(base)/2:len(base)/2], append(extra, base[len(base)/2:]...)...)
			}
			r.Write(fmt.Sprintf("static/js/chunk-%d.js", i), string(base))
			r.Write(fmt.Sprintf("static/js/chunk-%d.js.map", i), string(sourcetest.SourceMap(uint64(1000*commit+i), size)))
			written += 2 * len(base)
		}
		commit++
		r.Commit(fmt.Sprintf("build %d", commit), sourcetest.Epoch.Add(time.Duration(commit)*time.Hour))
	}
	r.Git("gc", "--quiet")

	floor := time.Duration(1<<63 - 1)
	for range 3 {
		cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch", "--unordered")
		cmd.Dir, cmd.Env, cmd.Stdout = r.Dir(), sourcetest.Env(), io.Discard
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		floor = min(floor, time.Since(t0))
	}
	ctx := context.Background()
	b.SetBytes(int64(written))
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
		repo.Close()
		found := map[string]bool{}
		for _, f := range res.Findings {
			found[f.Rule] = true
		}
		if !found["secrets/github-token"] || !found["secrets/private-key"] {
			b.Fatalf("the secrets compiled into a bundle of the history were not found: %v", found)
		}
	}
	b.StopTimer()
	b.ReportMetric(floor.Seconds(), "floor-s")
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x-floor")
}
