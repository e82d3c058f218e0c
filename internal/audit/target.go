// Package audit scans many repositories with the engine of a single scan
// and reports on all of them: inputs (forge APIs, lists, code.gouv.fr's
// accounts file) give targets, Run scans them concurrently and appends one
// record per repository to a state file as it finishes, and the writers
// turn the records into CSV, JSON lines, JSON, Markdown or an HTML
// dashboard. Runs can be resumed, split into shards and merged.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// Target is one repository to audit, as an input listed it.
type Target struct {
	URL    string // what is cloned, without credentials
	Name   string // as the forge names it (org/repo), else the URL's path
	Web    string // the forge's page of the repository, when known
	Source string // the input that listed it: github:ORG, gitlab:GROUP, list:FILE…
	// Org is the public organisation's identifier (the accounts file's
	// pso_id), when an input says it.
	Org string
	// Archived, Fork and LastActivity are what the forge says, when an API
	// listed the repository.
	Archived     bool
	Fork         bool
	LastActivity time.Time
	// Explicit targets were named one by one (a list, an argument): the
	// archived and fork filters, which are about sweeping an organisation,
	// do not drop them.
	Explicit bool
}

// Key is the repository's identity for deduplication, sharding and
// resuming: host and path, lower case, without scheme, user, credentials,
// trailing slash or ".git", so that the https and ssh forms of one
// repository, or a list and an API that spell it differently, agree.
func Key(rawURL string) string {
	if IsLocal(rawURL) {
		// A path keeps its case: two directories may differ by it.
		p := strings.TrimSuffix(filepath.ToSlash(filepath.Clean(rawURL)), "/.git")
		return "file" + strings.TrimSuffix(p, ".git")
	}
	s := strings.TrimSpace(source.StripCredentials(rawURL))
	host, path := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		if u, err := url.Parse(s); err == nil {
			host, path = u.Host, u.Path
			if u.Scheme == "file" {
				host = "file"
			}
		}
	} else if at := strings.IndexByte(s, '@'); at >= 0 {
		if c := strings.IndexByte(s[at:], ':'); c >= 0 {
			host, path = s[at+1:at+c], s[at+c+1:]
		}
	}
	path = strings.Trim(path, "/")
	path = strings.TrimSuffix(path, ".git")
	return strings.ToLower(host + "/" + path)
}

// Shard is a slice of the repositories, for one of N machines: repository
// k belongs to shard I when the hash of its key is I-1 modulo N, which
// depends on nothing but the key, so N jobs that list the same
// repositories split them with no overlap and no gap.
type Shard struct{ I, N int }

// ParseShard reads "I/N" with 1 ≤ I ≤ N.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("want I/N with 1 ≤ I ≤ N, like 2/8, not %q", s)
	}
	return Shard{I: i, N: n}, nil
}

func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Has reports whether the repository with this key is in the shard; the
// zero Shard holds everything.
func (s Shard) Has(key string) bool {
	if s.N <= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(key))
	return int(binary.BigEndian.Uint64(sum[:8])%uint64(s.N)) == s.I-1
}

// Filter says which of the listed repositories are audited.
type Filter struct {
	IncludeArchived bool
	IncludeForks    bool
	Match           *regexp.Regexp // on the URL; nil for all
	Shard           Shard
}

// Select deduplicates the targets by Key (the first listing wins; later
// ones fill what it did not know), then keeps those the filter lets
// through, in listing order.
func Select(ts []Target, f Filter) []Target {
	byKey := map[string]int{}
	var uniq []Target
	for _, t := range ts {
		k := Key(t.URL)
		i, seen := byKey[k]
		if !seen {
			byKey[k] = len(uniq)
			uniq = append(uniq, t)
			continue
		}
		u := &uniq[i]
		if u.Web == "" {
			u.Web = t.Web
		}
		if u.Name == "" {
			u.Name = t.Name
		}
		if u.Org == "" {
			u.Org = t.Org
		}
		if u.LastActivity.IsZero() {
			u.LastActivity = t.LastActivity
		}
		u.Archived = u.Archived || t.Archived
		u.Fork = u.Fork || t.Fork
		u.Explicit = u.Explicit || t.Explicit
	}
	var out []Target
	for _, t := range uniq {
		if !t.Explicit && ((t.Archived && !f.IncludeArchived) || (t.Fork && !f.IncludeForks)) {
			continue
		}
		if f.Match != nil && !f.Match.MatchString(t.URL) {
			continue
		}
		if !f.Shard.Has(Key(t.URL)) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// nameOf gives a display name from a URL: its path without ".git".
func nameOf(rawURL string) string {
	k := Key(rawURL)
	if _, p, ok := strings.Cut(k, "/"); ok && p != "" {
		// Key lowers the case; the URL as written reads better.
		if i := strings.Index(strings.ToLower(rawURL), p); i >= 0 {
			return rawURL[i : i+len(p)]
		}
		return p
	}
	return rawURL
}
