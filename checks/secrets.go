package checks

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Secrets looks for credentials in the tree that would be published and in
// every blob of the history, each blob once. A secret that lives only in
// history is still published with it. Each value is one finding, at its
// first place (the tree's, else the commit that introduced it), listing
// every place it lives: one secret to rotate, and every file and commit to
// clean. Evidence is always redacted by the secrets package, and the files
// it did not scan are named.
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

// JudgesUnread: a secret found is found whatever the files that could not
// be read; when none is, those files (see scanTree) leave the rule
// unevaluated.
func (Secrets) JudgesUnread() {}

// DefaultSecretsMaxFileSize caps what is read of one file or blob unless
// configured (.ouvert.yml secrets.max-file-size, scan --max-file-size):
// secrets sit in configuration and code, not in multi-megabyte data files.
const DefaultSecretsMaxFileSize = 4 << 20

func (c Secrets) Run(ctx context.Context, env *Env) (Result, error) {
	var res Result
	sc, err := secrets.New(secrets.Options{Redact: env.SecretsRedact, Fingerprints: true, FingerprintKey: env.FingerprintKey,
		Custom: env.SecretPatterns})
	if err != nil {
		return res, err
	}
	vals := newValues()
	limit := env.SecretsMaxFileSize
	if limit <= 0 {
		limit = DefaultSecretsMaxFileSize
	}
	maxText := config.FormatSize(limit)
	certs := newCertDirs()
	files, treeSkips, unread := scanTree(ctx, env, sc, limit, vals, certs)
	if err := ctx.Err(); err != nil {
		return res, err
	}

	blobs, why := 0, ""
	histSkips := newSkips()
	h, isHist := env.Repo.(source.Historian)
	switch {
	case env.NoHistory:
		why = "history-off"
	case !isHist || !env.Repo.Capabilities().Has(source.History):
		if env.Repo.Capabilities().Has(source.Commits) {
			why = "history-unavailable" // a shallow clone: the history exists but is not here
		}
	default:
		var bmu sync.Mutex
		// Blobs that are never scanned (binary, lockfiles, source maps) are
		// not inflated: the walk tells them by their path or first bytes.
		hopts := source.HistoryOptions{Since: env.Since, MaxSize: limit, Skip: sc.Skip, Text: true, Progress: env.Progress}
		problems, err := h.History(ctx, hopts, func(b source.Blob, content []byte) error {
			if b.InHead {
				return nil
			}
			if b.Skipped != "" {
				histSkips.add(b.Skipped, b.Path, b.Commit)
				return nil
			}
			if content == nil {
				// Too large to read: said in the report, like the tree's.
				histSkips.add(skipTooLarge, b.Path, b.Commit)
				return nil
			}
			r := sc.Scan(b.Path, content)
			if r.Skipped != "" {
				histSkips.add(r.Skipped, b.Path, b.Commit)
				return nil
			}
			bmu.Lock()
			blobs++
			bmu.Unlock()
			if len(r.Findings) > 0 {
				vals.add(b.Path, r.Findings, b.Commit, b.Time)
			}
			return nil
		})
		if err != nil && !errors.Is(err, source.ErrNoHistory) {
			return res, err
		}
		if len(problems) > 0 {
			res.find(secretsRule, finding.Warning, "", 0, finding.Msg("history-problems", "count", strconv.Itoa(len(problems)), "object", problems[0].Object))
		}
	}
	vals.lowerLocalKeys(certs)
	res.Findings = append(res.Findings, vals.findings()...)
	treeSkips.notes(&res, false, maxText)
	histSkips.notes(&res, true, maxText)

	// Each kind's rule fails when that kind was found, so that SARIF and
	// the reports show which kinds; secrets/scan carries the verdict.
	// Low-confidence findings are notes: they fail neither their kind nor
	// secrets/scan.
	perKind, lowKind := map[string]int{}, map[string]int{}
	found, low := 0, 0
	for _, f := range res.Findings {
		if f.Rule == secretsRule {
			continue
		}
		if f.Confidence == secrets.Low {
			lowKind[f.Rule]++
			if strings.HasPrefix(f.Rule, "secrets/") {
				low++
			}
			continue
		}
		perKind[f.Rule]++
		if strings.HasPrefix(f.Rule, "secrets/") {
			found++
		}
	}
	for _, id := range sc.Rules() {
		switch n := perKind[id]; {
		case n > 0:
			res.fail(id, finding.Msg("kind-found", "count", strconv.Itoa(n)))
		case lowKind[id] > 0:
			res.pass(id, finding.Msg("kind-low", "count", strconv.Itoa(lowKind[id])))
		default:
			res.pass(id, finding.Msg("kind-none"))
		}
	}
	if low > 0 {
		res.find(secretsRule, finding.Note, "", 0, finding.Msg("low-some", "count", strconv.Itoa(low)))
	}

	args := []string{"files", strconv.Itoa(files), "blobs", strconv.Itoa(blobs), "count", strconv.Itoa(found)}
	switch {
	case found > 0:
		res.fail(secretsRule, finding.Msg("found-some", args...))
	case len(unread) > 0:
		res.outcome(secretsRule, finding.Skip, UnreadReason(unread))
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
// how many files it scanned, the ones it did not (with why), and those
// whose content is not in the repository. Those the scanner would skip
// anyway (images, archives, lockfiles) and Git LFS files are not needed.
func scanTree(ctx context.Context, env *Env, sc *secrets.Scanner, limit int64, vals *values, certs *certDirs) (int, *skips, []*source.MissingError) {
	sk := newSkips()
	var paths []string
	var umu sync.Mutex
	var unread []*source.MissingError
	for _, f := range env.Repo.Files() {
		switch {
		case f.Kind == source.Symlink || f.Kind == source.Submodule:
		case f.LFS, f.Missing && secrets.SkipsByName(f.Path):
		case f.Size > limit:
			sk.add(skipTooLarge, f.Path, "")
		default:
			paths = append(paths, f.Path)
		}
	}
	env.Progress.Files(len(paths))
	next := make(chan string)
	var wg sync.WaitGroup
	var scanned atomic.Int64
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				env.Progress.FileDone()
				// Files that are never scanned are not read; binary
				// content is left after its first bytes.
				if why := sc.Skip(p); why != "" {
					sk.add(why, p, "")
					continue
				}
				var b []byte
				var err error
				if secrets.ReadsBinary(p) {
					b, err = env.Repo.Read(p, limit) // a credential by its name, binary (DBeaver's encrypted file)
				} else {
					b, err = source.ReadText(env.Repo, p, limit)
				}
				if m, ok := source.IsMissing(err); ok {
					umu.Lock()
					unread = append(unread, m)
					umu.Unlock()
					continue
				}
				if errors.Is(err, source.ErrBinary) {
					sk.add("binary", p, "")
					continue
				}
				if err != nil {
					sk.add(skipUnreadable, p, "")
					continue
				}
				if secrets.CertificateFile(p) {
					certs.add(p, b)
				}
				r := sc.Scan(p, b)
				if r.Skipped != "" {
					sk.add(r.Skipped, p, "")
					continue
				}
				scanned.Add(1)
				if len(r.Findings) > 0 {
					vals.add(p, r.Findings, "", time.Time{})
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
	sort.Slice(unread, func(i, j int) bool { return unread[i].Path < unread[j].Path })
	return int(scanned.Load()), sk, unread
}
