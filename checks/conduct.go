package checks

import (
	"context"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// Conduct looks for a code of conduct where forges show one.
type Conduct struct{}

func (Conduct) ID() string               { return "community" }
func (Conduct) Rules() []string          { return []string{"community/code-of-conduct"} }
func (Conduct) Needs() source.Capability { return source.Tree }

func (Conduct) Run(_ context.Context, env *Env) (Result, error) {
	res, _, _ := presence(env, "community/code-of-conduct")
	return res, nil
}
