package source_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
)

var (
	t1 = time.Date(2023, 5, 1, 10, 0, 0, 0, time.UTC)
	t2 = time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC)
	t3 = time.Date(2023, 7, 1, 10, 0, 0, 0, time.UTC)
)

// noEnv keeps the caller's tokens out of the tests.
func noEnv(string) string { return "" }

func open(t *testing.T, target string, opts source.Options) source.Repo {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = noEnv
	}
	r, err := source.Open(context.Background(), target, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", target, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func openErr(t *testing.T, target string, opts source.Options) error {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = noEnv
	}
	r, err := source.Open(context.Background(), target, opts)
	if err == nil {
		r.Close()
		t.Fatalf("Open(%s) succeeded, want an error", target)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	return err
}

func paths(r source.Repo) []string {
	var ps []string
	for _, f := range r.Files() {
		ps = append(ps, f.Path)
	}
	return ps
}

func samePaths(t *testing.T, r source.Repo, want ...string) {
	t.Helper()
	got := paths(r)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files:\n got %q\nwant %q", got, want)
	}
}

func file(t *testing.T, r source.Repo, p string) source.File {
	t.Helper()
	for _, f := range r.Files() {
		if f.Path == p {
			return f
		}
	}
	t.Fatalf("%s not listed in %q", p, paths(r))
	return source.File{}
}

func read(t *testing.T, r source.Repo, p string) string {
	t.Helper()
	b, err := r.Read(p, 0)
	if err != nil {
		t.Fatalf("Read(%s): %v", p, err)
	}
	return string(b)
}

func emptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("%s not empty: %q", dir, names)
	}
}
