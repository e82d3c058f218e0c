package report

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// forge turns a repository's remote into links to its files, for the
// forges whose URL shapes are known: GitHub (…/blob/COMMIT/PATH#L3) and
// GitLab (…/-/blob/COMMIT/PATH#L3). Other hosts get no links rather than
// guessed ones.
type forge struct {
	base   string // https://host/owner/repo
	gitlab bool
}

var scpLike = regexp.MustCompile(`^(?:[^/@:]+@)?([^/:]+):(.+)$`)

// forgeOf reads the remote of a result (the URL scanned, else origin).
// Only host and path are kept: a link must never carry credentials.
func forgeOf(r *engine.Result) (forge, bool) {
	remote := r.Meta.URL
	if remote == "" {
		remote = r.Meta.Remote
	}
	var host, p string
	switch {
	case remote == "":
		return forge{}, false
	case strings.Contains(remote, "://"):
		u, err := url.Parse(remote)
		if err != nil || (u.Scheme != "https" && u.Scheme != "ssh" && u.Scheme != "http" && u.Scheme != "git") {
			return forge{}, false
		}
		host, p = u.Hostname(), u.Path
	case !strings.HasPrefix(remote, "/"):
		m := scpLike.FindStringSubmatch(remote)
		if m == nil {
			return forge{}, false
		}
		host, p = m[1], m[2]
	default:
		return forge{}, false
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	h := strings.ToLower(host)
	if p == "" || !strings.Contains(p, "/") || strings.ContainsAny(h, "@/ ") {
		return forge{}, false
	}
	f := forge{base: "https://" + h + "/" + p}
	switch {
	case h == "github.com" || strings.HasPrefix(h, "github."):
		// github.com and GitHub Enterprise hosts named github.<domain>.
	case strings.Contains(h, "gitlab") || h == "framagit.org":
		f.gitlab = true
	default:
		return forge{}, false
	}
	return f, true
}

// fileLink is the forge page of a finding's file at the commit it was
// found in (the history's, else the scanned one), "" when unknown.
func fileLink(r *engine.Result, f finding.Finding) string {
	if f.Path == "" {
		return ""
	}
	fg, ok := forgeOf(r)
	commit := f.Commit
	if commit == "" {
		commit = r.Meta.Commit
	}
	if !ok || commit == "" {
		return ""
	}
	segs := strings.Split(f.Path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	link := fg.base + "/blob/" + url.PathEscape(commit) + "/" + strings.Join(segs, "/")
	if fg.gitlab {
		link = fg.base + "/-/blob/" + url.PathEscape(commit) + "/" + strings.Join(segs, "/")
	}
	if f.Line > 0 {
		link += "#L" + strconv.Itoa(f.Line)
		if f.EndLine > f.Line {
			if fg.gitlab {
				link += "-" + strconv.Itoa(f.EndLine)
			} else {
				link += "-L" + strconv.Itoa(f.EndLine)
			}
		}
	}
	return link
}

// commitLink is the forge page of a commit, "" when unknown.
func commitLink(r *engine.Result, commit string) string {
	fg, ok := forgeOf(r)
	if !ok || commit == "" {
		return ""
	}
	if fg.gitlab {
		return fg.base + "/-/commit/" + url.PathEscape(commit)
	}
	return fg.base + "/commit/" + url.PathEscape(commit)
}
