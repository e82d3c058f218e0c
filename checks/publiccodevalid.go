package checks

import (
	"context"
	"errors"
	"strconv"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// PubliccodeValid validates publiccode.yml against the standard; each
// problem is a finding at its line, warnings included.
type PubliccodeValid struct{}

func (PubliccodeValid) ID() string               { return "publiccode-valid" }
func (PubliccodeValid) Rules() []string          { return []string{publiccode.Rule} }
func (PubliccodeValid) Needs() source.Capability { return source.Tree }

func (PubliccodeValid) Run(ctx context.Context, env *Env) (Result, error) {
	var res Result
	p, vr, err := validatePubliccode(env)
	if err != nil {
		return res, err
	}
	if vr == nil {
		res.outcome(publiccode.Rule, finding.Skip, finding.Msg("no-file"))
		return res, nil
	}
	if env.Online {
		publiccode.CheckOnline(ctx, vr, publiccode.Online{})
	}
	for _, pb := range vr.Problems {
		res.find(publiccode.Rule, pb.Severity, p, pb.Line, pb.Message)
	}
	if vr.Valid() {
		v := vr.Version
		if v == "0" {
			v = publiccode.Latest
		}
		res.pass(publiccode.Rule, finding.Msg("valid", "path", p, "version", v))
		return res, nil
	}
	res.fail(publiccode.Rule, finding.Msg("invalid", "path", p, "errors", strconv.Itoa(vr.Errors())))
	return res, nil
}

// validatePubliccode reads and validates the root publiccode.yml (or
// .yaml); a nil result means there is none.
func validatePubliccode(env *Env) (string, *publiccode.Result, error) {
	p := ""
	for _, name := range []string{"publiccode.yml", "publiccode.yaml"} {
		for _, f := range env.Repo.Files() {
			if f.Path == name && (f.Kind == source.Regular || f.Kind == source.Symlink) {
				p = name
				break
			}
		}
		if p != "" {
			break
		}
	}
	if p == "" {
		return "", nil, nil
	}
	data, err := env.Repo.Read(p, publiccode.MaxSize+1)
	if errors.Is(err, source.ErrOutside) || errors.Is(err, source.ErrNotRegular) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	return p, publiccode.Validate(data, publiccode.Options{Files: env.Repo}), nil
}
