// Package scaffold drafts the files a repository lacks to reach the next
// openness level: contribution guide, security policy, code of conduct,
// changelog, licence. Each generator is one file of this package; All is
// the explicit list. Generators return files as data and never write:
// Write does, and never replaces a file unless asked to.
//
// Everything a generator could not infer is a marker in the text ([TODO:
// …]), which Todos lists, so that a person knows what to fill in.
package scaffold

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Generator drafts the files of one kind.
type Generator interface {
	// Name is what `ouvert init NAME` takes.
	Name() string
	// Rules lists the catalog rules the generated files help pass.
	Rules() []string
	// Existing lists the files of the project that already do what the
	// generator would write (CONTRIBUTING.rst, docs/CONTRIBUTING.md,
	// COPYING…), best first.
	Existing(p *Project) []string
	// Generate drafts the files. Bad arguments (opts.Args) are errors that
	// wrap ErrUsage.
	Generate(ctx context.Context, p *Project, opts Options) (*Output, error)
}

// Arguments is implemented by generators that take arguments (the licence's
// SPDX id); the others take none.
type Arguments interface {
	// ArgsUsage names the arguments for help texts: "SPDX".
	ArgsUsage() string
}

// All returns every generator, in the order `ouvert init` proposes them.
// Adding a generator is one file and one line here.
func All() []Generator {
	return []Generator{
		License{},
		Contributing{},
		Security{},
		Conduct{},
		Changelog{},
		Publiccode{},
	}
}

// Lookup finds a generator by name.
func Lookup(name string) (Generator, bool) {
	for _, g := range All() {
		if g.Name() == name {
			return g, true
		}
	}
	return nil, false
}

// Names lists the generators' names, in All's order.
func Names() []string {
	var out []string
	for _, g := range All() {
		out = append(out, g.Name())
	}
	return out
}

// Options are what a generation is asked for.
type Options struct {
	// Lang is the language of the files and notes: "fr" or "en" (default).
	Lang string
	// Now dates the files (a licence's year, a changelog); default time.Now().
	Now time.Time
	// Args are the generator's arguments: the SPDX id for the licence.
	Args []string
}

func (o Options) lang() string {
	if o.Lang == "fr" {
		return "fr"
	}
	return "en"
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// File is a file to write.
type File struct {
	Path    string // slash-separated, relative to the project's root
	Content []byte
}

// Output is what a generator drafted.
type Output struct {
	Files []File
	// Notes say, in the asked language, what was guessed or chosen and
	// what to check.
	Notes []string
}

// Todo is a marker left in a generated file: something to fill in.
type Todo struct {
	Path string
	Line int
	Text string
}

// todoRe matches the markers todo() writes, in both languages.
var todoRe = regexp.MustCompile(`\[TODO ?: ([^\]]*)\]`)

// todo is the marker for what could not be inferred. French typography puts
// a space before the colon; both forms are found by Todos.
func todo(lang, what string) string {
	if lang == "fr" {
		return "[TODO : " + what + "]"
	}
	return "[TODO: " + what + "]"
}

// Todos lists the markers left in files, in file then line order.
func Todos(files []File) []Todo {
	var out []Todo
	for _, f := range files {
		for i, line := range strings.Split(string(f.Content), "\n") {
			for _, m := range todoRe.FindAllStringSubmatch(line, -1) {
				out = append(out, Todo{Path: f.Path, Line: i + 1, Text: m[1]})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// ErrUsage is wrapped by errors in what was asked (an unknown generator,
// a licence not on the list, arguments a generator does not take).
var ErrUsage = errors.New("usage error")

type usageErr struct{ msg string }

func (e usageErr) Error() string        { return e.msg }
func (e usageErr) Is(target error) bool { return target == ErrUsage }

func usagef(format string, a ...any) error { return usageErr{fmt.Sprintf(format, a...)} }

// noArgs refuses arguments for generators that take none.
func noArgs(g Generator, opts Options) error {
	if len(opts.Args) > 0 {
		return usagef("init %s takes no argument, got %q", g.Name(), opts.Args[0])
	}
	return nil
}

// Generate runs one generator after checking its arguments: a generator
// that does not implement Arguments takes none.
func Generate(ctx context.Context, g Generator, p *Project, opts Options) (*Output, error) {
	if _, ok := g.(Arguments); !ok {
		if err := noArgs(g, opts); err != nil {
			return nil, err
		}
	}
	return g.Generate(ctx, p, opts)
}
