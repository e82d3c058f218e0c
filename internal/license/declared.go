package license

import (
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/license/internal/textnorm"
	"github.com/ouvert-dev/ouvert/internal/sniff"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// In French public repositories the licence is often declared rather than
// pasted: a LICENSE holding the CeCILL notice, a README section
// "Licence : CeCILL-B", publiccode.yml's legal.license, a package
// manifest, SPDX headers in every file. With no licence text, the
// repository's licence is what it declares, in this order of trust; the
// report says where it was read and how sure that is, license/approved
// judges it, and license/file still asks for the text.
var declaredOrder = []struct {
	sources    []Source
	from       ExprSource
	confidence Confidence
}{
	{[]Source{SourceLicenceFile}, FromStatement, ConfidenceMedium},
	{[]Source{SourceReadme, SourceNotice, SourceReadmeLink}, FromStatement, ConfidenceMedium},
	{[]Source{SourcePubliccode}, FromManifest, ConfidenceMedium},
	{[]Source{SourcePackageJSON, SourcePyproject, SourceSetupCfg, SourceSetupPy, SourceClassifier, SourceCargo,
		SourceComposer, SourcePom, SourceGemspec, SourceDescription}, FromManifest, ConfidenceMedium},
	{[]Source{SourceReadmeBadge}, FromStatement, ConfidenceLow},
}

// declaredExpression sets the report's expression from the declarations
// when no licence text gave one. Declarations of one kind that disagree
// are left to license/consistent; the first (shallowest) one is taken.
//
// A licence file that holds an unrecognised text, or could not be read,
// leaves the question open: the declarations do not say what it holds.
func declaredExpression(repo source.Repo, files []source.File, r *Report) {
	for _, f := range r.Files {
		if f.Kind != KindReadme && f.SPDX == "" && !r.statementFiles[f.Path] {
			return
		}
	}
	for _, g := range declaredOrder {
		for _, d := range r.Declarations {
			if d.SPDX == "" || !hasSource(g.sources, d.Source) {
				continue
			}
			e, err := ParseExpression(d.SPDX)
			if err != nil {
				continue
			}
			r.Expression = e.String()
			r.Basis = []string{d.Path}
			r.Source, r.Confidence = g.from, g.confidence
			return
		}
	}
	if expr, paths := headerExpression(repo, files); expr != "" {
		r.Expression = expr
		r.Basis = paths
		r.Source, r.Confidence = FromHeaders, ConfidenceLow
		for i, p := range paths {
			if i == headerDecls {
				break
			}
			r.Declarations = append(r.Declarations, Declaration{Path: p, Line: 0, Source: SourceSPDXHeader, Raw: expr, SPDX: expr})
		}
	}
}

func hasSource(list []Source, s Source) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// headerExpression reads the SPDX-License-Identifier lines of a sample of
// source files; the expression most of them carry (at least two files and
// half of those with a header) is the repository's, with the paths that
// carry it.
func headerExpression(repo source.Repo, files []source.File) (string, []string) {
	var sample []source.File
	for _, f := range files {
		if sourceExt[strings.ToLower(extOf(f.Path))] && !skippedPath(f.Path) && f.Kind != source.Submodule && f.Kind != source.Symlink {
			sample = append(sample, f)
		}
	}
	sort.SliceStable(sample, func(i, j int) bool {
		return strings.Count(sample[i].Path, "/") < strings.Count(sample[j].Path, "/")
	})
	if len(sample) > headerFiles {
		sample = sample[:headerFiles]
	}
	count := map[string][]string{}
	with := 0
	for _, f := range sample {
		b, err := repo.Read(f.Path, headerBytes)
		if err != nil || sniff.Binary(b) {
			continue
		}
		s, _ := textnorm.Decode(b)
		for _, line := range strings.SplitN(textnorm.UnifyNewlines(s), "\n", 40) {
			if v := spdxValue(line); v != "" {
				if n := Normalize(v); n != "" {
					count[n] = append(count[n], f.Path)
					with++
				}
				break
			}
		}
	}
	best := ""
	for e, ps := range count {
		if best == "" || len(ps) > len(count[best]) || len(ps) == len(count[best]) && e < best {
			best = e
		}
	}
	if best == "" || len(count[best]) < 2 || 2*len(count[best]) < with {
		return "", nil
	}
	return best, count[best]
}

func extOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}
