package checks

import (
	"bytes"
	"context"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Headers measures how many source files say under which licence they are
// published, the REUSE way: an SPDX-License-Identifier in the file's head, a
// FILE.license sidecar, or an annotation in REUSE.toml or .reuse/dep5.
type Headers struct{}

const headersRule = "license/headers"

func (Headers) ID() string               { return "headers" }
func (Headers) Rules() []string          { return []string{headersRule} }
func (Headers) Needs() source.Capability { return source.Tree }

// sourceExts are the files counted as source code.
var sourceExts = map[string]bool{}

func init() {
	// Public bodies write statistics, data processing and old systems in
	// languages web projects forget: SAS, R, Stata, MATLAB/Octave, SQL and
	// PL/SQL, COBOL, Fortran, Julia, Perl, Lua; and infrastructure in
	// Terraform and Nix.
	for _, e := range strings.Fields(`.go .py .js .mjs .cjs .ts .tsx .jsx .vue .svelte .java .kt .kts .scala .sc .groovy .gvy .gradle
		.c .h .cc .cpp .cxx .hpp .hh .cs .fs .rs .rb .php .swift .m .mm .sh .bash .zsh .ps1 .pl .pm .t .r .rmd .lua
		.ex .exs .erl .hs .ml .clj .cljs .dart .sql .pls .plsql .pkb .pks .pck .prc .fnc .trg
		.f .for .f77 .f90 .f95 .f03 .f08 .cbl .cob .cpy .sas .do .ado .mata .jl .nim .zig .tf .hcl .nix .elm .coffee`) {
		sourceExts[e] = true
	}
}

// vendored paths hold other people's code, which keeps its own licences.
var vendored = regexp.MustCompile(`(^|/)(vendor|node_modules|third_party|third-party|bower_components|\.git)/`)

func isSource(p string) bool {
	return sourceExts[strings.ToLower(path.Ext(p))] && !vendored.MatchString(p)
}

var spdxTag = []byte("SPDX-License-Identifier:")

func (Headers) Run(ctx context.Context, env *Env) (Result, error) {
	var res Result
	srcs, uncovered, err := sources(ctx, env)
	if err != nil {
		return res, err
	}
	if len(srcs) == 0 {
		// Nothing to judge is not a pass: say what the tree holds, so that
		// a language this list lacks shows.
		res.outcome(headersRule, finding.Skip, finding.Msg("no-sources", "files", strconv.Itoa(len(env.Repo.Files())), "kinds", topExtensions(env.Repo.Files(), 4)))
		return res, nil
	}
	n := len(srcs) - len(uncovered)
	pct := n * 100 / len(srcs)
	minPct := int(env.Param(headersRule, "min-percent"))
	args := []string{"covered", strconv.Itoa(n), "total", strconv.Itoa(len(srcs)), "percent", strconv.Itoa(pct), "min", strconv.Itoa(minPct)}
	if n*100 >= minPct*len(srcs) {
		res.pass(headersRule, finding.Msg("covered", args...))
		return res, nil
	}
	m := finding.Msg("low", args...)
	res.fail(headersRule, m)
	res.find(headersRule, "", "", 0, m)
	if len(uncovered) > 5 {
		uncovered = append(uncovered[:5], "…")
	}
	res.find(headersRule, finding.Note, "", 0, finding.Msg("uncovered", "examples", strings.Join(uncovered, ", ")))
	return res, nil
}

// UncoveredSources lists the source files that license/headers counts and
// that carry no licence information, in path order: what ouvert fix
// headers adds a header to.
func UncoveredSources(ctx context.Context, env *Env) ([]string, error) {
	_, uncovered, err := sources(ctx, env)
	return uncovered, err
}

// sources returns the source files the rule counts, and those of them
// that say nothing of their licence.
func sources(ctx context.Context, env *Env) (srcs, uncovered []string, err error) {
	files := env.Repo.Files()
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[f.Path] = true
		if f.Kind != source.Submodule && isSource(f.Path) {
			srcs = append(srcs, f.Path)
		}
	}
	if len(srcs) == 0 {
		return nil, nil, nil
	}
	annotated := reuseAnnotations(env, present)
	head := int64(env.Param(headersRule, "head-bytes"))

	covered := make([]bool, len(srcs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0)*2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := srcs[i]
				if present[p+".license"] || annotated(p) {
					covered[i] = true
					continue
				}
				if b, err := env.Repo.Read(p, head); err == nil && bytes.Contains(b, spdxTag) {
					covered[i] = true
				}
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for i, ok := range covered {
		if !ok {
			uncovered = append(uncovered, srcs[i])
		}
	}
	return srcs, uncovered, nil
}

// reuseAnnotations reads REUSE.toml and the older .reuse/dep5 and returns a
// matcher for the paths they give a licence to.
func reuseAnnotations(env *Env, present map[string]bool) func(string) bool {
	var globs []*regexp.Regexp
	if present["REUSE.toml"] {
		if text, err := env.Text("REUSE.toml"); err == nil {
			for _, g := range reuseTOMLPaths(text) {
				globs = append(globs, globRegexp(g, true))
			}
		}
	}
	if present[".reuse/dep5"] {
		if text, err := env.Text(".reuse/dep5"); err == nil {
			for _, g := range dep5Paths(text) {
				globs = append(globs, globRegexp(g, false))
			}
		}
	}
	return func(p string) bool {
		for _, g := range globs {
			if g.MatchString(p) {
				return true
			}
		}
		return false
	}
}

// reuseTOMLPaths returns the path globs of the [[annotations]] tables that
// carry an SPDX-License-Identifier. It reads the few TOML forms REUSE.toml
// uses (strings and arrays of strings, possibly over several lines) rather
// than pulling in a TOML library for one file.
func reuseTOMLPaths(text string) []string {
	var out, paths []string
	inAnn, hasLicence := false, false
	end := func() {
		if inAnn && hasLicence {
			out = append(out, paths...)
		}
		paths, hasLicence = nil, false
	}
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(l, "[["):
			end()
			inAnn = strings.TrimSpace(strings.Trim(l, "[]")) == "annotations"
		case strings.HasPrefix(l, "["):
			end()
			inAnn = false
		case inAnn && strings.HasPrefix(l, "path"):
			v := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(l, "path")), "="))
			for strings.HasPrefix(v, "[") && !strings.Contains(v, "]") && i+1 < len(lines) {
				i++
				v += " " + strings.TrimSpace(lines[i])
			}
			paths = append(paths, tomlStrings(v)...)
		case inAnn && (strings.HasPrefix(l, "SPDX-License-Identifier") || strings.HasPrefix(l, `"SPDX-License-Identifier"`)):
			hasLicence = true
		}
	}
	end()
	return out
}

var tomlString = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|'([^']*)'`)

func tomlStrings(v string) []string {
	var out []string
	for _, m := range tomlString.FindAllStringSubmatch(v, -1) {
		s := m[2]
		if m[1] != "" || m[2] == "" {
			s = strings.ReplaceAll(m[1], `\\`, `\`)
		}
		out = append(out, s)
	}
	return out
}

// dep5Paths returns the Files: patterns of the stanzas that name a License.
func dep5Paths(text string) []string {
	var out []string
	for _, stanza := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		var files []string
		licensed, inFiles := false, false
		for _, l := range strings.Split(stanza, "\n") {
			switch {
			case strings.HasPrefix(l, "Files:"):
				files = append(files, strings.Fields(strings.TrimPrefix(l, "Files:"))...)
				inFiles = true
			case inFiles && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")):
				files = append(files, strings.Fields(l)...)
			case strings.HasPrefix(l, "License:"):
				licensed, inFiles = true, false
			default:
				inFiles = false
			}
		}
		if licensed {
			out = append(out, files...)
		}
	}
	return out
}

// globRegexp compiles a REUSE.toml glob (* within a directory, ** across
// them) or a dep5 pattern (* across directories, ? one character).
func globRegexp(g string, reuse bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		switch c := g[i]; {
		case c == '\\' && reuse && i+1 < len(g):
			i++
			b.WriteString(regexp.QuoteMeta(string(g[i])))
		case c == '*' && reuse && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*' && reuse:
			b.WriteString("[^/]*")
		case c == '*':
			b.WriteString(".*")
		case c == '?' && !reuse:
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// topExtensions lists the most frequent file extensions of a tree, most
// frequent first: ".md ×12, .csv ×3".
func topExtensions(files []source.File, n int) string {
	count := map[string]int{}
	for _, f := range files {
		e := strings.ToLower(path.Ext(f.Path))
		if e == "" {
			e = path.Base(f.Path)
		}
		count[e]++
	}
	type kv struct {
		ext string
		n   int
	}
	var list []kv
	for e, c := range count {
		list = append(list, kv{e, c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].ext < list[j].ext
	})
	var parts []string
	for i, x := range list {
		if i == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, x.ext+" ×"+strconv.Itoa(x.n))
	}
	return strings.Join(parts, ", ")
}
