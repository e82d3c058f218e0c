package checks

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/config"
	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/secrets"
	"github.com/ouvert-dev/ouvert/source"
)

// Secrets looks for credentials in the tree that would be published and in
// every blob of the history, each blob once. A secret that lives only in
// history is still published with it: it is reported with the commit that
// introduced it. Evidence is always redacted by the secrets package.
type Secrets struct{}

const secretsRule = "secrets/scan"

func (Secrets) ID() string { return "secrets" }

func (Secrets) Rules() []string {
	s, err := secrets.New(secrets.Options{})
	if err != nil {
		return []string{secretsRule}
	}
	return append([]string{secretsRule}, s.Rules()...)
}

// Needs only the tree: the history is read when the source has it, and the
// outcome says when it could not be.
func (Secrets) Needs() source.Capability { return source.Tree }

// DefaultSecretsMaxFileSize caps what is read of one file or blob unless
// configured (.ouvert.yml secrets.max-file-size, scan --max-file-size):
// secrets sit in configuration and code, not in multi-megabyte data files.
const DefaultSecretsMaxFileSize = 4 << 20

func (c Secrets) Run(ctx context.Context, env *Env) (Result, error) {
	var res Result
	sc, err := secrets.New(secrets.Options{})
	if err != nil {
		return res, err
	}
	var mu sync.Mutex
	// One finding per value (fingerprint) is enough to act on. Blobs come
	// in no set order, so which occurrence is kept is decided here: the
	// tree's over the history's (first path), else the oldest commit's,
	// which introduced the secret.
	type occurrence struct {
		idx  int
		when time.Time
	}
	seen := map[string]occurrence{}
	found := 0
	add := func(path string, fs []secrets.Finding, commit string, when time.Time) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range fs {
			m := finding.Msg("found", "evidence", f.Evidence)
			if commit != "" {
				m = finding.Msg("found-history", "evidence", f.Evidence, "commit", commit[:min(12, len(commit))], "date", when.UTC().Format("2006-01-02"))
			}
			nf := finding.Finding{Rule: f.Rule, Path: path, Line: f.Line, EndLine: f.EndLine,
				Commit: commit, Message: m, Evidence: f.Evidence, Fingerprint: f.Fingerprint}
			if o, ok := seen[f.Fingerprint]; ok {
				if earlier(nf, when, res.Findings[o.idx], o.when) {
					res.Findings[o.idx] = nf
					seen[f.Fingerprint] = occurrence{o.idx, when}
				}
				continue
			}
			seen[f.Fingerprint] = occurrence{len(res.Findings), when}
			if strings.HasPrefix(f.Rule, "secrets/") {
				found++
			}
			res.Findings = append(res.Findings, nf)
		}
	}

	limit := env.SecretsMaxFileSize
	if limit <= 0 {
		limit = DefaultSecretsMaxFileSize
	}
	maxText := config.FormatSize(limit)
	files, large := scanTree(ctx, env, sc, limit, add)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if len(large) > 0 {
		res.find(secretsRule, finding.Note, large[0], 0, finding.Msg("too-large", "count", strconv.Itoa(len(large)), "path", large[0], "max", maxText))
	}

	blobs, why := 0, ""
	h, isHist := env.Repo.(source.Historian)
	switch {
	case env.NoHistory:
		why = "history-off"
	case !isHist || !env.Repo.Capabilities().Has(source.History):
		if env.Repo.Capabilities().Has(source.Commits) {
			why = "history-unavailable" // a shallow clone: the history exists but is not here
		}
	default:
		var (
			bmu      sync.Mutex
			tooLarge int
			example  source.Blob
		)
		problems, err := h.History(ctx, source.HistoryOptions{Since: env.Since, MaxSize: limit}, func(b source.Blob, content []byte) error {
			if b.InHead {
				return nil
			}
			bmu.Lock()
			if content == nil {
				// Too large to read: said in the report, like the tree's.
				if tooLarge++; example.Path == "" || b.Path < example.Path {
					example = b
				}
				bmu.Unlock()
				return nil
			}
			blobs++
			bmu.Unlock()
			if r := sc.Scan(b.Path, content); len(r.Findings) > 0 {
				add(b.Path, r.Findings, b.Commit, b.Time)
			}
			return nil
		})
		if err != nil && !errors.Is(err, source.ErrNoHistory) {
			return res, err
		}
		if tooLarge > 0 {
			res.find(secretsRule, finding.Note, example.Path, 0, finding.Msg("too-large-history", "count", strconv.Itoa(tooLarge),
				"path", example.Path, "commit", example.Commit[:min(12, len(example.Commit))], "max", maxText))
			// A history blob's path is from the repository's root: the
			// commit says so (see engine's fromRoot).
			res.Findings[len(res.Findings)-1].Commit = example.Commit
		}
		if len(problems) > 0 {
			res.find(secretsRule, finding.Warning, "", 0, finding.Msg("history-problems", "count", strconv.Itoa(len(problems)), "object", problems[0].Object))
		}
	}

	// Each kind's rule fails when that kind was found, so that SARIF and
	// the reports show which kinds; secrets/scan carries the verdict.
	perKind := map[string]int{}
	for _, f := range res.Findings {
		perKind[f.Rule]++
	}
	for _, id := range sc.Rules() {
		if n := perKind[id]; n > 0 {
			res.fail(id, finding.Msg("kind-found", "count", strconv.Itoa(n)))
		} else {
			res.pass(id, finding.Msg("kind-none"))
		}
	}

	args := []string{"files", strconv.Itoa(files), "blobs", strconv.Itoa(blobs), "count", strconv.Itoa(found)}
	switch {
	case found > 0:
		res.fail(secretsRule, finding.Msg("found-some", args...))
	case why == "history-unavailable":
		res.outcome(secretsRule, finding.Skip, finding.Msg(why, args...))
	case why == "history-off":
		res.pass(secretsRule, finding.Msg("none-tree", args...))
		res.find(secretsRule, finding.Note, "", 0, finding.Msg(why))
	case env.Since != "":
		res.pass(secretsRule, finding.Msg("none-since", append(args, "since", env.Since)...))
	default:
		res.pass(secretsRule, finding.Msg("none", args...))
	}
	return res, nil
}

// scanTree scans every regular file of the tree, in parallel; it returns
// how many files it read and the files it left out for their size.
func scanTree(ctx context.Context, env *Env, sc *secrets.Scanner, limit int64, add func(string, []secrets.Finding, string, time.Time)) (int, []string) {
	var large []string
	var paths []string
	for _, f := range env.Repo.Files() {
		switch {
		case f.Kind == source.Symlink || f.Kind == source.Submodule:
		case f.Size > limit:
			large = append(large, f.Path)
		default:
			paths = append(paths, f.Path)
		}
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				b, err := env.Repo.Read(p, limit)
				if err != nil {
					continue
				}
				if r := sc.Scan(p, b); len(r.Findings) > 0 {
					add(p, r.Findings, "", time.Time{})
				}
			}
		}()
	}
	for _, p := range paths {
		if ctx.Err() != nil {
			break
		}
		next <- p
	}
	close(next)
	wg.Wait()
	return len(paths), large
}

// earlier reports whether occurrence a of a value (found at when) is the
// one to report rather than b: the tree's before the history's, then the
// oldest commit, then the first path and line.
func earlier(a finding.Finding, aWhen time.Time, b finding.Finding, bWhen time.Time) bool {
	if (a.Commit == "") != (b.Commit == "") {
		return a.Commit == ""
	}
	if !aWhen.Equal(bWhen) {
		return aWhen.Before(bWhen)
	}
	if a.Commit != b.Commit {
		return a.Commit < b.Commit
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Line < b.Line
}
