package fix

import (
	"bytes"
	"context"
	"path"
	"regexp"
	"strings"

	"github.com/ouvert-dev/ouvert/checks"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/sniff"
)

const headersRule = "license/headers"

// maxHeaderFile bounds the files rewritten: a source file larger than
// this is generated or data, and rewriting it whole is not worth a risk.
const maxHeaderFile = 4 << 20

// Comment syntaxes by extension: a line comment's opening, or a block
// comment's two ends. Extensions the headers rule counts but whose syntax
// is not here (or ambiguous, like .m) are left for a person.
var lineComment = map[string]string{}

var blockComment = map[string][2]string{
	".ml":     {"(* ", " *)"},
	".vue":    {"<!-- ", " -->"},
	".svelte": {"<!-- ", " -->"},
}

func init() {
	for prefix, exts := range map[string]string{
		"// ": ".go .js .mjs .cjs .ts .tsx .jsx .java .kt .kts .scala .groovy .c .h .cc .cpp .cxx .hpp .hh .cs .fs .rs .swift .mm .dart .zig .php",
		"# ":  ".py .rb .sh .bash .zsh .ps1 .pl .pm .r .ex .exs .tf .nim .jl .coffee",
		"-- ": ".sql .lua .hs .elm",
		"% ":  ".erl",
		";; ": ".clj .cljs",
		"! ":  ".f90",
	} {
		for _, e := range strings.Fields(exts) {
			lineComment[e] = prefix
		}
	}
}

var (
	codingLine = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+`)
	objcMarks  = regexp.MustCompile(`(?m)^\s*(#import|@interface|@implementation|@protocol)\b`)
	generated  = regexp.MustCompile(`(?i)(code generated .* do not edit|@generated|auto-?generated)`)
)

// Headers plans an "SPDX-License-Identifier: EXPRESSION" line at the top
// of every source file license/headers counts that says nothing of its
// licence (no header, no .license file, no REUSE.toml annotation). The
// line goes after a byte-order mark, a shebang, an encoding declaration
// or PHP's opening tag, in the file's own comment syntax and line breaks,
// followed by a blank line. expression is the repository's licence; ""
// leaves everything for a person.
func Headers(ctx context.Context, env *checks.Env, expression string) (*Result, error) {
	uncovered, err := checks.UncoveredSources(ctx, env)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if len(uncovered) == 0 {
		return res, nil
	}
	if expression == "" {
		res.Todos = append(res.Todos, Todo{Rule: headersRule, Severity: finding.Error, Message: finding.Msg("fix-no-licence")})
		return res, nil
	}
	sizes := map[string]int64{}
	for _, f := range env.Repo.Files() {
		sizes[f.Path] = f.Size
	}
	todo := func(p, id string) {
		res.Todos = append(res.Todos, Todo{Rule: headersRule, Path: p, Severity: finding.Error, Message: finding.Msg(id, "path", p)})
	}
	for _, p := range uncovered {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if sizes[p] > maxHeaderFile {
			todo(p, "fix-too-large")
			continue
		}
		old, err := env.Repo.Read(p, maxHeaderFile+1)
		if err != nil {
			return nil, err
		}
		switch {
		case len(old) > maxHeaderFile:
			todo(p, "fix-too-large")
			continue
		case sniff.Binary(old):
			todo(p, "fix-binary")
			continue
		case generated.Match(old[:min(len(old), 4096)]):
			todo(p, "fix-generated")
			continue
		}
		out, ok := withHeader(p, old, expression)
		if !ok {
			todo(p, "fix-syntax")
			continue
		}
		res.Files = append(res.Files, File{Path: p, Old: old, New: out,
			Changes: []Change{{Rule: headersRule, Message: finding.Msg("fix-header", "expression", expression)}}})
	}
	return res, nil
}

// withHeader returns src with the header line, or false when the file's
// comment syntax is not certain.
func withHeader(p string, src []byte, expression string) ([]byte, bool) {
	ext := strings.ToLower(path.Ext(p))
	open, closing := lineComment[ext], ""
	if b, ok := blockComment[ext]; ok {
		open, closing = b[0], b[1]
	}
	if ext == ".m" && objcMarks.Match(src) {
		open = "// " // Objective-C; a MATLAB file would need %
	}
	if open == "" {
		return nil, false
	}
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	header := open + "SPDX-License-Identifier: " + expression + closing + nl

	at := 0
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		at = 3
	}
	line := func(from int) string {
		end := bytes.IndexByte(src[from:], '\n')
		if end < 0 {
			return string(src[from:])
		}
		return string(src[from : from+end+1])
	}
	if ext == ".php" {
		first := strings.TrimRight(line(at), "\r\n")
		if strings.TrimSpace(first) != "<?php" {
			return nil, false // HTML first, or code on the tag's line
		}
		at += len(line(at))
	}
	if strings.HasPrefix(line(at), "#!") {
		at += len(line(at))
	}
	// Python and Ruby read an encoding declaration on the first two lines
	// only; it stays where it is.
	if (ext == ".py" || ext == ".rb") && at < len(src) && codingLine.MatchString(line(at)) {
		at += len(line(at))
	}
	if at == len(src) && at > 0 && src[at-1] != '\n' {
		header = nl + header
	}
	rest := src[at:]
	if len(bytes.TrimSpace(rest)) > 0 && !bytes.HasPrefix(rest, []byte("\n")) && !bytes.HasPrefix(rest, []byte("\r\n")) {
		header += nl // a blank line between the header and the code
	}
	out := make([]byte, 0, len(src)+len(header))
	out = append(out, src[:at]...)
	out = append(out, header...)
	return append(out, rest...), true
}
