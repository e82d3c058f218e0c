package config

import (
	"errors"
	"fmt"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// FromRepo reads the scanned repository's own .ouvert.yml; a repository
// without one has the defaults.
func FromRepo(repo source.Repo, cat *rules.Catalog) (*Config, error) {
	data, err := repo.Read(FileName, 1<<20)
	if errors.Is(err, source.ErrNotFound) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FileName, err)
	}
	return Parse(FileName, data, cat)
}
