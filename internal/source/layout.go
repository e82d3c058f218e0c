package source

import (
	"fmt"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// git marks what a repository's layout asks of its readers with
// extensions.* in its configuration. go-git refuses every extension but
// noop, so that a sparse checkout (extensions.worktreeConfig) or a partial
// clone (extensions.partialClone) could not be opened at all. What this
// package reads (objects, refs, HEAD, the index) is the same with most of
// them; layoutCheck decides, and go-git is then given the configuration
// without them.

// extensionsRead are the extensions whose repositories this package reads
// as any other: they change what git writes or fetches, not how objects,
// refs or the index are stored.
var extensionsRead = map[string]bool{
	"noop":    true,
	"noop-v1": true,
	// Objects may be missing by design: they are listed as such (see
	// MissingError).
	"partialclone": true,
	// Asks git not to delete objects: reading is unchanged.
	"preciousobjects": true,
	// Per-worktree configuration (sparse checkout settings): the sparse
	// entries are read from the index.
	"worktreeconfig": true,
	// Linked worktrees recorded with relative paths (git 2.48): the .git
	// file and commondir already are read either way.
	"relativeworktrees": true,
	// Where submodules keep their git directories: submodules are never
	// read.
	"submodulepathconfig": true,
}

// extensionsValidV0 are the extensions that git honours in a repository of
// format version 0; it ignores the others there, and so does this package.
var extensionsValidV0 = map[string]bool{
	"noop": true, "partialclone": true, "preciousobjects": true, "worktreeconfig": true,
}

// layoutCheck returns an ErrUnsupported error for a repository that git
// reads but this package cannot: SHA-256 object names, reftable refs,
// formats and extensions newer than it knows.
func layoutCheck(cfg *config.Config, name string) error {
	version := strings.TrimSpace(string(cfg.Core.RepositoryFormatVersion))
	switch version {
	case "", "0", "1":
	default:
		return fmt.Errorf("%s: %w: repository format version %s is not supported yet", name, ErrUnsupported, version)
	}
	if cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return nil
	}
	for _, o := range cfg.Raw.Section("extensions").Options {
		key := strings.ToLower(o.Key)
		value := strings.ToLower(strings.TrimSpace(o.Value))
		if version != "1" && !extensionsValidV0[key] {
			continue
		}
		switch {
		case key == "objectformat" && value != "sha1":
			if value == "sha256" {
				return fmt.Errorf("%s: %w: SHA-256 repositories are not supported yet", name, ErrUnsupported)
			}
			return fmt.Errorf("%s: %w: object format %q is not supported", name, ErrUnsupported, o.Value)
		case key == "objectformat", key == "compatobjectformat":
			// SHA-1 objects, maybe with a map to another format beside
			// them: the objects read are SHA-1.
		case key == "refstorage" && value != "files":
			return fmt.Errorf("%s: %w: refs stored as %q (extensions.refStorage) are not supported yet", name, ErrUnsupported, o.Value)
		case key == "refstorage":
		case !extensionsRead[key]:
			return fmt.Errorf("%s: %w: extensions.%s is not known to this version of ouvert", name, ErrUnsupported, o.Key)
		}
	}
	return nil
}

// partialClone reports whether the configuration names a promisor remote:
// objects may then be missing by design.
func partialClone(cfg *config.Config) bool {
	if cfg.Raw == nil {
		return false
	}
	if cfg.Raw.HasSection("extensions") {
		for _, o := range cfg.Raw.Section("extensions").Options {
			if strings.EqualFold(o.Key, "partialclone") && o.Value != "" {
				return true
			}
		}
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if strings.EqualFold(sub.Option("promisor"), "true") {
			return true
		}
	}
	return false
}

// layoutStorage is a storage whose configuration go-git sees without the
// extensions layoutCheck accepted.
type layoutStorage struct {
	*filesystem.Storage
	partial bool
}

func (s *layoutStorage) Config() (*config.Config, error) {
	cfg, err := s.Storage.Config()
	if err != nil {
		return nil, err
	}
	if cfg.Raw != nil && cfg.Raw.HasSection("extensions") {
		cfg.Raw.RemoveSection("extensions")
		cfg.Extensions.ObjectFormat = ""
	}
	return cfg, nil
}

// openRepository opens a repository over st once its layout is known to be
// readable; name is what errors call it.
func openRepository(st *filesystem.Storage, name string) (*git.Repository, error) {
	cfg, err := st.Config()
	if err != nil {
		return nil, corrupt(name, err)
	}
	if err := layoutCheck(cfg, name); err != nil {
		return nil, err
	}
	r, err := git.Open(&layoutStorage{Storage: st, partial: partialClone(cfg)}, nil)
	if err != nil {
		return nil, corrupt(name, err)
	}
	return r, nil
}

// isPartial reports whether r, opened by openRepository, is a partial
// clone.
func isPartial(r *git.Repository) bool {
	s, ok := r.Storer.(*layoutStorage)
	return ok && s.partial
}
