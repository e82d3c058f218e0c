package audit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/reworded"
)

// Account is one forge account of a public organisation: a GitHub
// organisation, a GitLab group, or a whole forge that belongs to one
// organisation (Owner "").
type Account struct {
	Forge string // github, gitlab, gogs, gitea, sourcehut…
	Host  string // github.com, gitlab.com, git.example.gouv.fr
	Owner string // the organisation or group on that forge; "" for the whole forge
	// PSOID is the public organisation's identifier (pso_id, from
	// lannuaire.service-public.fr), as the file says; PSOName its name
	// where the file gives one (service_of, in the earlier shape).
	PSOID   string
	PSOName string
	// Line is where the account is written in the file.
	Line int
}

// URL is the account's page, which names it in reports.
func (a Account) URL() string {
	if a.Owner == "" {
		return "https://" + a.Host
	}
	return "https://" + a.Host + "/" + a.Owner
}

// Listable reports whether ouvert can list the account's repositories:
// its forge has an API client here (GitHub, GitLab), and it is not a whole
// forge that GitHub requires an organisation for.
func (a Account) Listable() bool {
	switch a.Forge {
	case "github":
		return a.Owner != ""
	case "gitlab":
		return true
	}
	return false
}

// multiTenant are forges where anyone opens an account: an entry of the
// accounts file for one of them names its owners, and is never read as
// one organisation's whole forge.
var multiTenant = map[string]bool{
	"github.com": true, "gitlab.com": true, "framagit.org": true, "codeberg.org": true,
	"bitbucket.org": true, "gitea.com": true, "sr.ht": true, "git.sr.ht": true,
	"gitlab.adullact.net": true, "gitlab.ow2.org": true,
}

// MultiTenant reports whether host is a forge shared by many
// organisations (github.com, gitlab.com, framagit.org…).
func MultiTenant(host string) bool { return multiTenant[strings.ToLower(host)] }

// ReadAccounts reads code.gouv.fr's list of public organisations' forge
// accounts (comptes-organismes-publics.yml, in the codegouvfr-data
// repository), in each shape the file has had.
//
// Since September 2024 it maps a forge host to its entry:
//
//	github.com:
//	  forge: github            # github, gitlab, sourcehut, gitea or gogs
//	  owners:
//	    etalab:                # an organisation or group on that forge
//	      pso_id: …            # the public organisation's identifier
//	      floss_policy: https://…
//	    some-group:            # no properties: the entry's pso_id
//	forge.example.gouv.fr:     # a forge of one organisation: without
//	  forge: gitlab            # owners, every project it shows is listed
//	  pso_id: …
//
// Before, it mapped an account URL (https://github.com/etalab) to its
// properties (service_of, pso_id, as lists). Both are read.
//
// An entry or owner with ignored_since is skipped, as code.gouv.fr does.
// Unknown keys are ignored. The real file has quirks that are warnings,
// each naming its line, never errors: a key written twice (the last one is
// kept, as YAML readers that allow it do), an entry of a multi-tenant forge
// (github.com, gitlab.com, framagit.org…) without owners, which is left
// out rather than read as the whole forge.
func ReadAccounts(data []byte, name string) (accs []Account, warnings []Warning, err error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %w", name, reworded.New(oneLine(err.Error()), err), ErrInput)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode || len(root.Content[0].Content) == 0 {
		if root.Kind == 0 || (len(root.Content) > 0 && isNull(root.Content[0])) {
			return nil, nil, fmt.Errorf("%s: no account in the file: %w", name, ErrInput)
		}
		return nil, nil, fmt.Errorf("%s: not a map of forges to their accounts: %w", name, ErrInput)
	}
	warn := func(w Warning) {
		w.File = name
		warnings = append(warnings, w)
	}
	for _, kv := range pairs(root.Content[0], "", warn) {
		key, node := kv.key, kv.value
		if strings.HasPrefix(key, "https://") || strings.HasPrefix(key, "http://") {
			a, err := accountOfURL(key, node, warn)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %s: %w: %w", name, kv.line, key, err, ErrInput)
			}
			if a != nil {
				a.Line = kv.line
				if a.Owner == "" && MultiTenant(a.Host) {
					warn(Warning{Line: kv.line, Kind: WarnMultiTenant, Key: a.Host})
					continue
				}
				accs = append(accs, *a)
			}
			continue
		}
		if node.Kind != yaml.MappingNode && !isNull(node) {
			return nil, nil, fmt.Errorf("%s:%d: %s: want the forge's properties (forge, owners, pso_id): %w", name, kv.line, key, ErrInput)
		}
		host := strings.ToLower(strings.TrimSpace(key))
		props := pairs(node, key, warn)
		forge, psoID, psoName := "", "", ""
		var owners *yaml.Node
		ownersLine := kv.line
		ignored := false
		for _, p := range props {
			switch p.key {
			case "forge":
				forge = scalar(p.value)
			case "pso_id":
				psoID = scalar(p.value)
			case "pso", "service_of":
				psoName = scalar(p.value)
			case "ignored_since":
				ignored = !isNull(p.value)
			case "owners", "groups":
				owners, ownersLine = p.value, p.line
			}
		}
		if ignored {
			continue
		}
		kind := forgeKind(forge, host)
		if owners == nil || isNull(owners) || (owners.Kind == yaml.MappingNode && len(owners.Content) == 0) {
			if MultiTenant(host) {
				warn(Warning{Line: ownersLine, Kind: WarnMultiTenant, Key: host})
				continue
			}
			accs = append(accs, Account{Forge: kind, Host: host, PSOID: psoID, PSOName: psoName, Line: kv.line})
			continue
		}
		if owners.Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("%s:%d: %s: owners: want a map of owners to their properties: %w", name, ownersLine, key, ErrInput)
		}
		for _, o := range pairs(owners, key+": owners", warn) {
			acc := Account{Forge: kind, Host: host, Owner: strings.Trim(strings.TrimSpace(o.key), "/"), PSOID: psoID, PSOName: psoName, Line: o.line}
			if acc.Owner == "" {
				warn(Warning{Line: o.line, Kind: WarnNoName})
				continue
			}
			skip := false
			if o.value.Kind == yaml.MappingNode {
				for _, p := range pairs(o.value, key+": "+o.key, warn) {
					switch p.key {
					case "pso_id":
						if v := scalar(p.value); v != "" {
							acc.PSOID = v
						}
					case "pso", "service_of":
						if v := scalar(p.value); v != "" {
							acc.PSOName = v
						}
					case "ignored_since":
						skip = !isNull(p.value)
					}
				}
			} else if !isNull(o.value) {
				return nil, nil, fmt.Errorf("%s:%d: %s: %s: want the owner's properties (pso_id…): %w", name, o.line, key, o.key, ErrInput)
			}
			if !skip {
				accs = append(accs, acc)
			}
		}
	}
	if len(accs) == 0 && len(warnings) == 0 {
		return nil, nil, fmt.Errorf("%s: no account in the file: %w", name, ErrInput)
	}
	// The listing order does not depend on the file's: by URL.
	sort.SliceStable(accs, func(i, j int) bool { return accs[i].URL() < accs[j].URL() })
	return accs, warnings, nil
}

// Warning is a quirk of the accounts file that does not stop the audit.
type Warning struct {
	File string
	Line int
	Kind WarningKind
	Key  string // the key written twice, or the host
	In   string // where the key is
	Also int    // the other line of a key written twice
}

// WarningKind is what a Warning is about.
type WarningKind int

// The kinds of warnings.
const (
	WarnTwice       WarningKind = iota // a key written twice
	WarnMultiTenant                    // a forge of many organisations without owners
	WarnNoName                         // an owner with an empty name
)

// Text is the warning in a language, with its file and line first.
func (w Warning) Text(lang string) string {
	fr := lang == "fr"
	var msg string
	switch w.Kind {
	case WarnTwice:
		if fr {
			where := ""
			if w.In != "" {
				where = " dans " + w.In
			}
			msg = fmt.Sprintf("%s écrit deux fois%s (aussi ligne %d)\u00a0: la dernière valeur est gardée", w.Key, where, w.Also)
		} else {
			where := ""
			if w.In != "" {
				where = " in " + w.In
			}
			msg = fmt.Sprintf("%s written twice%s (also line %d): the last one is kept", w.Key, where, w.Also)
		}
	case WarnMultiTenant:
		if fr {
			msg = fmt.Sprintf("%s est une forge de nombreuses organisations et l'entrée ne nomme aucun propriétaire\u00a0: laissée de côté, jamais lue comme la forge entière", w.Key)
		} else {
			msg = fmt.Sprintf("%s is a forge of many organisations and its entry names no owners: left out, not read as the whole forge", w.Key)
		}
	case WarnNoName:
		if fr {
			msg = "un propriétaire sans nom est laissé de côté"
		} else {
			msg = "an owner with no name is left out"
		}
	}
	return fmt.Sprintf("%s:%d: %s", w.File, w.Line, msg)
}

type pair struct {
	key   string
	value *yaml.Node
	line  int
}

// pairs reads a mapping's keys and values; a key written twice keeps its
// last value, with a warning naming the second line.
func pairs(m *yaml.Node, in string, warn func(Warning)) []pair {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out []pair
	at := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		p := pair{key: k.Value, value: v, line: k.Line}
		if j, dup := at[p.key]; dup {
			warn(Warning{Line: k.Line, Kind: WarnTwice, Key: p.key, In: in, Also: out[j].line})
			out[j] = p
			continue
		}
		at[p.key] = len(out)
		out = append(out, p)
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// scalar reads a scalar, or the first item of a list (the earlier shape
// wraps values in lists).
func scalar(n *yaml.Node) string {
	switch {
	case isNull(n):
		return ""
	case n.Kind == yaml.ScalarNode:
		return strings.TrimSpace(n.Value)
	case n.Kind == yaml.SequenceNode && len(n.Content) > 0:
		return scalar(n.Content[0])
	}
	return ""
}

// accountOfURL reads an entry of the earlier shape.
func accountOfURL(key string, node *yaml.Node, warn func(Warning)) (*Account, error) {
	u, err := url.Parse(key)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("not an account URL")
	}
	a := &Account{Host: strings.ToLower(u.Host), Owner: strings.Trim(u.Path, "/")}
	forge := ""
	for _, p := range pairs(node, key, warn) {
		switch p.key {
		case "ignored_since":
			if !isNull(p.value) {
				return nil, nil
			}
		case "service_of":
			a.PSOName = scalar(p.value)
		case "pso_id":
			a.PSOID = scalar(p.value)
		case "forge":
			forge = scalar(p.value)
		}
	}
	a.Forge = forgeKind(forge, a.Host)
	return a, nil
}

// forgeKind: the file's forge key, else github for github.com, sourcehut
// for sr.ht, and gitlab for the rest, as code.gouv.fr assumes.
func forgeKind(forge, host string) string {
	f := strings.ToLower(strings.TrimSpace(forge))
	switch {
	case f != "":
		return f
	case host == "github.com":
		return "github"
	case host == "sr.ht" || host == "git.sr.ht":
		return "sourcehut"
	}
	return "gitlab"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ErrUnlistable marks an account whose forge ouvert cannot list (gogs,
// gitea, sourcehut: no API client here).
var ErrUnlistable = errors.New("cannot be listed")

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
			if acc.Owner == "" {
				err = fmt.Errorf("github.com as a whole %w: a GitHub account needs an organisation", ErrUnlistable)
				break
			}
			got, err = a.GitHubOrg(ctx, api, acc.Owner)
		case "gitlab":
			got, err = a.GitLabGroup(ctx, "https://"+acc.Host, acc.Owner)
		default:
			err = fmt.Errorf("forge %s %w: ouvert lists GitHub and GitLab only; name its repositories with --list", acc.Forge, ErrUnlistable)
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
			got[i].Org = acc.PSOID
		}
		ts = append(ts, got...)
	}
	return ts, problems, nil
}
