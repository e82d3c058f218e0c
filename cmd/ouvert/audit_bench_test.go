//go:build unix

package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// TestAuditBenchmark measures ouvert audit over generated repositories
// served on loopback: throughput, peak memory and the disk high-water mark
// of a tree-only audit, then the same audit with --cache, first and
// again. It runs only when asked:
//
//	OUVERT_AUDIT_BENCH=100,250,500 go test -run AuditBenchmark -v ./cmd/ouvert
//
// The git server (git http-backend, a process per request) shares the
// machine with the audit: the numbers are end to end.
func TestAuditBenchmark(t *testing.T) {
	spec := os.Getenv("OUVERT_AUDIT_BENCH")
	if spec == "" {
		t.Skip("set OUVERT_AUDIT_BENCH=N[,N…] to run the audit benchmark")
	}
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			t.Fatalf("OUVERT_AUDIT_BENCH: %q is not a count", f)
		}
		ag := audittest.New(t, n, filepath.Join("..", "..", "testdata"))
		env, tmp := auditEnv(t, ag)
		list := writeList(t, audittest.URLs(ag.Repos))
		dir := t.TempDir()
		cache := filepath.Join(t.TempDir(), "cache")
		run := func(name string, watch string, extra ...string) {
			input := []string{"--list", list}
			if len(extra) > 0 && extra[0] == "--github-org" {
				input = nil
			}
			args := append([]string{"audit"}, input...)
			args = append(args, "--quiet", "--format", "json", "--output", name+".json", "--state", name+".jsonl")
			args = append(args, extra...)
			wall, cpu, rss, disk := measure(t, dir, env, watch, args)
			t.Logf("%4d repositories, %-13s %6.1f s (ouvert's CPU %5.1f s)  %6.0f repositories/min  peak RSS %4d MiB  disk high-water %6.1f MiB",
				n, name+":", wall.Seconds(), cpu.Seconds(), float64(n)/wall.Minutes(), rss>>20, float64(disk)/(1<<20))
		}
		run("list", tmp)
		run("list-cache-1", cache, "--cache", cache)
		run("list-cache-2", cache, "--cache", cache)
		// Listed by a forge's API, whose dates of last push let a cached
		// audit skip the server for what did not change.
		api := fakeGitHub(t, ag, nil, nil).URL
		org := []string{"--github-org", "agency", "--github-api", api}
		os.RemoveAll(cache)
		run("org", tmp, org...)
		run("org-cache-1", cache, append(org, "--cache", cache)...)
		run("org-cache-2", cache, append(org, "--cache", cache)...)
	}
}

// measure runs the binary, sampling the size of watch while it runs.
func measure(t *testing.T, dir string, env []string, watch string, args []string) (time.Duration, time.Duration, int64, int64) {
	t.Helper()
	cmd := exec.Command(exe(t), args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}, env...)
	var high int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			high = max(high, du(watch))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("%v: %v: %s", args, err, out)
	}
	high = max(high, du(watch))
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return wall, cpu, ru.Maxrss << 10, high // Maxrss is in KiB on Linux
}

func du(root string) int64 {
	var n int64
	filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
