package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// Changelog looks for a changelog under the names projects actually use.
type Changelog struct{}

func (Changelog) ID() string               { return "changelog" }
func (Changelog) Rules() []string          { return []string{"changelog/file"} }
func (Changelog) Needs() source.Capability { return source.Tree }

func (Changelog) Run(_ context.Context, env *Env) (Result, error) {
	res, _, _ := presence(env, "changelog/file")
	return res, nil
}
