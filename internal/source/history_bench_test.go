package source_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// BenchmarkHistory reads the history of a generated repository of a few
// hundred commits over a tree of a few hundred files.
func BenchmarkHistory(b *testing.B) {
	r := sourcetest.New(b)
	for i := range 300 {
		for j := range 5 {
			p := fmt.Sprintf("dir%d/sub%d/file%d.txt", (i+j)%10, j, (i*7+j)%60)
			r.Write(p, strings.Repeat(fmt.Sprintf("line %d %d\n", i, j), 50))
		}
		if i%10 == 0 {
			r.Write(fmt.Sprintf("big/%d.bin", i), strings.Repeat("x", 64<<10))
		}
		r.Commit(fmt.Sprintf("c%d", i), sourcetest.Epoch.Add(time.Duration(i)*time.Minute))
	}
	r.Git("gc", "--quiet")
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{Getenv: noEnv})
	if err != nil {
		b.Fatal(err)
	}
	defer repo.Close()
	benchHistory(b, repo)
}

// BenchmarkHistoryRepos reads the history of the repositories listed in
// OUVERT_BENCH_REPOS (separated by the OS path list separator), opened at
// OUVERT_BENCH_REF when set.
func BenchmarkHistoryRepos(b *testing.B) {
	list := os.Getenv("OUVERT_BENCH_REPOS")
	if list == "" {
		b.Skip("set OUVERT_BENCH_REPOS to local clones")
	}
	for _, dir := range filepath.SplitList(list) {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			repo, err := source.Open(context.Background(), dir, source.Options{Getenv: noEnv, Ref: os.Getenv("OUVERT_BENCH_REF")})
			if err != nil {
				b.Fatal(err)
			}
			defer repo.Close()
			benchHistory(b, repo)
		})
	}
}

func benchHistory(b *testing.B, repo source.Repo) {
	h, ok := repo.(source.Historian)
	if !ok {
		b.Fatal("not a Historian")
	}
	b.ReportAllocs()
	var opts source.HistoryOptions
	if w, err := strconv.Atoi(os.Getenv("OUVERT_BENCH_WORKERS")); err == nil {
		opts.Workers = w
	}
	opts.Since = os.Getenv("OUVERT_BENCH_SINCE")
	var blobs, bytes, problems int64
	for b.Loop() {
		blobs, bytes = 0, 0
		ps, err := h.History(context.Background(), opts, func(_ source.Blob, c []byte) error {
			atomic.AddInt64(&blobs, 1)
			atomic.AddInt64(&bytes, int64(len(c)))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		problems = int64(len(ps))
	}
	b.ReportMetric(float64(blobs), "blobs")
	b.ReportMetric(float64(bytes)/(1<<20), "MiB")
	b.ReportMetric(float64(problems), "problems")
}
