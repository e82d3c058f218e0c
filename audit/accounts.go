package audit

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Account is one forge account of a public organisation: a GitHub
// organisation, a GitLab group, or a whole GitLab instance (Group "").
type Account struct {
	Forge string // "github" or "gitlab"; anything else cannot be listed
	Host  string // github.com, gitlab.com, git.example.gouv.fr
	Group string
	// PSO is the public organisation it belongs to, as the file says.
	PSO string
}

// URL is the account's page, which names it in reports.
func (a Account) URL() string {
	if a.Group == "" {
		return "https://" + a.Host
	}
	return "https://" + a.Host + "/" + a.Group
}

// ReadAccounts reads code.gouv.fr's list of public organisations' forge
// accounts (comptes-organismes-publics.yml). The shape read is a map from
// forge host to its entry:
//
//	github.com:
//	  general_purpose: true
//	  forge: github             # github or gitlab
//	  groups:
//	    etalab:                 # an organisation or group on that forge
//	      pso: Etalab           # the public organisation (optional)
//	      pso_id: …
//	      floss_policy: https://…
//	git.example.gouv.fr:        # a forge that belongs to one organisation:
//	  forge: gitlab             #   every project it shows is listed
//	  pso: …
//
// An entry or group with ignored_since is skipped, as code.gouv.fr does.
// The earlier shape, a map from account URL (https://github.com/etalab)
// to its properties, is read too. Unknown keys are ignored: the file
// carries more than an audit needs.
func ReadAccounts(data []byte, name string) ([]Account, error) {
	var doc map[string]yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", name, oneLine(err.Error()), ErrInput)
	}
	if len(doc) == 0 {
		return nil, fmt.Errorf("%s: no account in the file: %w", name, ErrInput)
	}
	var out []Account
	for key, node := range doc {
		if strings.HasPrefix(key, "https://") || strings.HasPrefix(key, "http://") {
			a, err := accountOfURL(key, &node)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v: %w", name, key, err, ErrInput)
			}
			if a != nil {
				out = append(out, *a)
			}
			continue
		}
		var e struct {
			Forge        string               `yaml:"forge"`
			PSO          any                  `yaml:"pso"`
			IgnoredSince any                  `yaml:"ignored_since"`
			Groups       map[string]yaml.Node `yaml:"groups"`
		}
		if err := node.Decode(&e); err != nil {
			return nil, fmt.Errorf("%s: %s (line %d): %v: %w", name, key, node.Line, oneLine(err.Error()), ErrInput)
		}
		host := strings.ToLower(strings.TrimSpace(key))
		kind := forgeKind(e.Forge, host)
		if e.Groups == nil {
			if e.IgnoredSince == nil {
				out = append(out, Account{Forge: kind, Host: host, PSO: str(e.PSO)})
			}
			continue
		}
		for g, gn := range e.Groups {
			var ge struct {
				PSO          any `yaml:"pso"`
				IgnoredSince any `yaml:"ignored_since"`
			}
			if gn.Kind != 0 && !(gn.Kind == yaml.ScalarNode && gn.Tag == "!!null") {
				if err := gn.Decode(&ge); err != nil {
					return nil, fmt.Errorf("%s: %s: %s (line %d): %v: %w", name, key, g, gn.Line, oneLine(err.Error()), ErrInput)
				}
			}
			if ge.IgnoredSince != nil {
				continue
			}
			out = append(out, Account{Forge: kind, Host: host, Group: strings.Trim(g, "/"), PSO: str(ge.PSO)})
		}
	}
	// Map order is random: the listing order is not.
	sort.Slice(out, func(i, j int) bool { return out[i].URL() < out[j].URL() })
	return out, nil
}

// accountOfURL reads an entry of the earlier shape.
func accountOfURL(key string, node *yaml.Node) (*Account, error) {
	u, err := url.Parse(key)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("not an account URL")
	}
	var props struct {
		IgnoredSince any `yaml:"ignored_since"`
		ServiceOf    any `yaml:"service_of"`
	}
	if node.Kind == yaml.MappingNode {
		if err := node.Decode(&props); err != nil {
			return nil, err
		}
	}
	if props.IgnoredSince != nil {
		return nil, nil
	}
	host := strings.ToLower(u.Host)
	return &Account{Forge: forgeKind("", host), Host: host, Group: strings.Trim(u.Path, "/"), PSO: str(props.ServiceOf)}, nil
}

// forgeKind: the file's forge key, else github for github.com and gitlab
// for the rest, as code.gouv.fr assumes.
func forgeKind(forge, host string) string {
	f := strings.ToLower(strings.TrimSpace(forge))
	if f != "" {
		return f
	}
	if host == "github.com" {
		return "github"
	}
	return "gitlab"
}

// str flattens a scalar or the first item of a list (the earlier shape
// wraps values in lists).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		if len(x) > 0 {
			return str(x[0])
		}
		return ""
	default:
		return strings.TrimSpace(fmt.Sprint(x))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Problem is an account that could not be listed: the audit reports it
// with the repositories that could not be scanned, and goes on.
type Problem struct {
	Account string // its URL
	Err     error
}

// ListAccounts lists the repositories of every account; githubAPI is the
// API for github.com accounts (another GitHub host uses https://HOST/api/v3).
// A canceled context stops it with ctx.Err().
func (a *API) ListAccounts(ctx context.Context, accounts []Account, githubAPI string) ([]Target, []Problem, error) {
	var ts []Target
	var problems []Problem
	for _, acc := range accounts {
		var got []Target
		var err error
		switch acc.Forge {
		case "github":
			api := githubAPI
			if acc.Host != "github.com" {
				api = "https://" + acc.Host + "/api/v3"
			}
			if acc.Group == "" {
				err = fmt.Errorf("a GitHub account needs an organisation: %w", ErrInput)
				break
			}
			got, err = a.GitHubOrg(ctx, api, acc.Group)
		case "gitlab":
			got, err = a.GitLabGroup(ctx, "https://"+acc.Host, acc.Group)
		default:
			err = fmt.Errorf("forge %q cannot be listed (github and gitlab can)", acc.Forge)
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if err != nil {
			problems = append(problems, Problem{Account: acc.URL(), Err: err})
			continue
		}
		for i := range got {
			got[i].Source = "accounts:" + acc.URL()
		}
		ts = append(ts, got...)
	}
	return ts, problems, nil
}
