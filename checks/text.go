package checks

import (
	"path"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// docDirs are where forges look for community files, root first.
var docDirs = []string{"", ".github/", "docs/", ".gitlab/"}

// stem is a file name lowercased, up to its first dot, with "-" read as "_":
// CONTRIBUTING.fr.md, contributing.rst and Contributing are all "contributing".
func stem(p string) string {
	b := strings.ToLower(path.Base(p))
	if i := strings.IndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	return strings.ReplaceAll(b, "-", "_")
}

// lookup returns the files in dirs whose stem is one of stems, in the order
// of dirs, then of stems, then of paths. Directories ("changelog/") never
// match: only files.
func lookup(files []source.File, dirs []string, stems ...string) []source.File {
	var out []source.File
	for _, d := range dirs {
		for _, s := range stems {
			for _, f := range files {
				if f.Kind == source.Submodule || !strings.HasPrefix(f.Path, d) || strings.Contains(f.Path[len(d):], "/") {
					continue
				}
				if stem(f.Path) == s {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// findReadme returns the README to read: at the root first, then in
// .github/ and docs/ (where forges also show it); "" when there is none.
func findReadme(files []source.File) string {
	if f := lookup(files, []string{"", ".github/", "docs/"}, "readme"); len(f) > 0 {
		return preferMarkdown(f)
	}
	return ""
}

// preferMarkdown picks README.md over README.fr.md or README.txt among files
// of the same directory, the way forges do.
func preferMarkdown(files []source.File) string {
	dir := path.Dir(files[0].Path)
	best := files[0].Path
	for _, f := range files {
		if path.Dir(f.Path) != dir {
			break
		}
		if strings.EqualFold(path.Base(f.Path), "readme.md") {
			return f.Path
		}
	}
	return best
}

// readmes returns every README of the directory findReadme chooses, the one
// findReadme prefers first: README.md next to README.fr.md or README.rst
// next to README.en.rst are two languages of one document, and a rule
// reads both rather than guess which one the repository speaks.
func readmes(files []source.File) []string {
	first := findReadme(files)
	if first == "" {
		return nil
	}
	out := []string{first}
	for _, f := range lookup(files, []string{path.Dir(first) + "/"}, "readme") {
		if f.Path != first {
			out = append(out, f.Path)
		}
	}
	if path.Dir(first) == "." {
		for _, f := range lookup(files, []string{""}, "readme") {
			if f.Path != first && !contains(out, f.Path) {
				out = append(out, f.Path)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
