package license

import (
	"path"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// KindComponent: a licence file in a sub-directory. The directory is a
// separate component (a vendored library, a module under its own
// licence): its licence is not the repository's, and what its manifests
// declare speaks for it alone.
const KindComponent Kind = "component"

// Component is a directory with its own licence file.
type Component struct {
	// Dir is the directory, slash-terminated ("static/lib/somelib/").
	Dir string `json:"dir"`
	// SPDX is the component's licence: the ids of its licence files joined
	// by AND, or what a short licence file states; "" when unknown.
	SPDX  string `json:"spdx"`
	Files []File `json:"files"`
}

// maxComponents bounds the licence files read outside the root.
const maxComponents = 64

// markupExt are extensions of templates, styles and data a licence-named
// file has in an application (an Angular "licence.component.html", a
// "licenses.csv" of dependencies): not a licence text. The root's files
// are rarely so named; sub-directories hold whole applications.
var markupExt = map[string]bool{
	".html": true, ".htm": true, ".xhtml": true, ".twig": true, ".jinja": true, ".j2": true, ".erb": true,
	".hbs": true, ".handlebars": true, ".mustache": true, ".ejs": true, ".pug": true, ".jade": true,
	".liquid": true, ".njk": true, ".tpl": true, ".jsp": true, ".cshtml": true, ".razor": true,
	".svelte": true, ".less": true, ".sass": true, ".styl": true, ".csv": true, ".tsv": true,
	".properties": true, ".ini": true, ".cfg": true, ".conf": true, ".po": true, ".pot": true,
	".snap": true, ".mdx": true, ".astro": true, ".ftl": true, ".vm": true,
}

// componentDir is the directory p's licence file makes a component, or ""
// when p is not such a file: the root's and LICENSES/ are the repository's,
// hidden directories and skipped ones (vendor, node_modules…, whose
// manifests are not read either) are left alone.
func componentDir(p string) string {
	dir, name := path.Split(p)
	if dir == "" || dir == "LICENSES/" || strings.HasPrefix(name, ".") || skippedPath(p) {
		return ""
	}
	if ext := strings.ToLower(path.Ext(name)); !licenceFileName.MatchString(name) || notTextExt[ext] || markupExt[ext] {
		return ""
	}
	for _, seg := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		if strings.HasPrefix(seg, ".") {
			return ""
		}
	}
	return dir
}

// components scans the licence files of sub-directories.
func components(repo source.Repo, files []source.File) ([]Component, error) {
	byDir := map[string]*Component{}
	var dirs []string
	n := 0
	for _, f := range files {
		dir := componentDir(f.Path)
		if dir == "" || f.Kind == source.Submodule {
			continue
		}
		if n++; n > maxComponents {
			break
		}
		lf, text, err := scanCandidate(repo, f, KindLicenceFile)
		if err != nil {
			return nil, err
		}
		lf.Kind = KindComponent
		if lf.SPDX == "" && text != "" && countWords(text) <= statementWords {
			// "This library is released under the MIT licence."
			var said []string
			for _, d := range statements(f.Path, text) {
				if d.SPDX != "" {
					said = append(said, d.SPDX)
				}
			}
			if said = dedupe(said); len(said) == 1 {
				lf.SPDX = said[0]
			}
		}
		c, ok := byDir[dir]
		if !ok {
			c = &Component{Dir: dir}
			byDir[dir] = c
			dirs = append(dirs, dir)
		}
		c.Files = append(c.Files, lf)
	}
	sort.Strings(dirs)
	var out []Component
	for _, d := range dirs {
		c := byDir[d]
		var ids []string
		for _, f := range c.Files {
			if f.SPDX != "" {
				ids = append(ids, strings.Split(f.SPDX, " AND ")...)
			}
		}
		if len(ids) > 0 {
			c.SPDX = strings.Join(orderIDs(dedupe(ids)), " AND ")
		}
		out = append(out, *c)
	}
	return out, nil
}

// componentOf is the deepest component holding the file at p, or nil.
func componentOf(cs []Component, p string) *Component {
	var best *Component
	for i := range cs {
		if strings.HasPrefix(p, cs[i].Dir) && (best == nil || len(cs[i].Dir) > len(best.Dir)) {
			best = &cs[i]
		}
	}
	return best
}
