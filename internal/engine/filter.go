package engine

import (
	"context"
	"fmt"

	"github.com/ouvert-dev/ouvert/internal/config"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// filtered hides the paths the configuration excludes from every check.
type filtered struct {
	source.Repo
	cfg   *config.Config
	files []source.File
	index map[string]bool
}

// Filtered is repo without the paths cfg excludes, as every check sees
// it: ouvert fix works on the same files as the scan.
func Filtered(repo source.Repo, cfg *config.Config) source.Repo {
	if cfg == nil || !cfg.HasExcludes() {
		return repo
	}
	return newFiltered(repo, cfg)
}

func newFiltered(repo source.Repo, cfg *config.Config) *filtered {
	f := &filtered{Repo: repo, cfg: cfg, index: map[string]bool{}}
	for _, x := range repo.Files() {
		if !cfg.Excluded(x.Path) {
			f.files = append(f.files, x)
			f.index[x.Path] = true
		}
	}
	return f
}

func (f *filtered) Files() []source.File { return f.files }

func (f *filtered) Read(p string, limit int64) ([]byte, error) {
	if !f.index[p] {
		return nil, fmt.Errorf("%s: %w", p, source.ErrNotFound)
	}
	return f.Repo.Read(p, limit)
}

func (f *filtered) ReadText(p string, limit int64) ([]byte, error) {
	if !f.index[p] {
		return nil, fmt.Errorf("%s: %w", p, source.ErrNotFound)
	}
	return source.ReadText(f.Repo, p, limit)
}

// History reads the history of the repository behind the view (the view
// must not hide it: the secrets check asks for a Historian), leaving
// unread the blobs at excluded paths.
func (f *filtered) History(ctx context.Context, opts source.HistoryOptions, fn func(source.Blob, []byte) error) ([]source.Problem, error) {
	h, ok := f.Repo.(source.Historian)
	if !ok {
		return nil, source.ErrNoHistory
	}
	skip := opts.Skip
	opts.Skip = func(p string) string {
		if f.cfg.Excluded(p) {
			return "excluded"
		}
		if skip != nil {
			return skip(p)
		}
		return ""
	}
	return h.History(ctx, opts, fn)
}
