package report

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
	"github.com/ouvert-dev/ouvert/rules"
)

// SARIF 2.1.0 (OASIS), the subset GitHub code scanning reads: every rule of
// the catalog in tool.driver.rules with its help, one result per finding
// with a location relative to the repository's root (%SRCROOT%, declared in
// originalUriBaseIds without a machine's path) and a partial fingerprint,
// and one result per rule that fails without any finding (no README, no
// licence recognised), on the file that decides it or the project's
// directory. No timestamps or invocation details, so the same scan gives
// the same bytes.

const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool         `json:"tool"`
	BaseIDs    map[string]sarifA `json:"originalUriBaseIds"`
	Results    []sarifResult     `json:"results"`
	Properties map[string]any    `json:"properties,omitempty"`
	VCS        []sarifVCS        `json:"versionControlProvenance,omitempty"`
}

type sarifVCS struct {
	RepositoryURI string `json:"repositoryUri"`
	RevisionID    string `json:"revisionId,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Language       string      `json:"language"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  sarifText      `json:"fullDescription"`
	Help             sarifText      `json:"help"`
	HelpURI          string         `json:"helpUri,omitempty"`
	Default          sarifConfig    `json:"defaultConfiguration"`
	Properties       map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID       int           `json:"id,omitempty"` // related locations: 1, 2…
	Physical sarifPhysical `json:"physicalLocation"`
	Message  *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifA       `json:"artifactLocation"`
	Region   *sarifRegion `json:"region,omitempty"`
}

type sarifA struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine,omitempty"`
}

const informationURI = "https://github.com/ouvert-dev/ouvert"

// SARIF writes a SARIF 2.1.0 log of every finding.
func SARIF(w io.Writer, r *engine.Result, opts Options) error {
	r = shown(r)
	lang := opts.Lang
	cat := r.Catalog
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "ouvert", Version: opts.Version, InformationURI: informationURI, Language: lang,
		}},
		// The base is the repository's root; its absolute URI depends on
		// the machine, so it is left out (SARIF allows that).
		BaseIDs: map[string]sarifA{srcRoot: {Description: &sarifText{Text: t("sarif-srcroot", lang)}}},
		Results: []sarifResult{},
		Properties: map[string]any{
			"opennessLevel": r.Level.ID, "provisional": r.Level.Provisional, "confirmedLevel": r.Level.Confirmed,
		},
	}
	if uri := repositoryURI(r); uri != "" {
		run.VCS = []sarifVCS{{RepositoryURI: uri, RevisionID: r.Meta.Commit}}
	}
	index := map[string]int{}
	for i, rr := range r.Rules {
		rule := rr.Rule
		index[rule.ID] = i
		help := rule.Fix.In(lang) + "\n\n" + rule.Why.In(lang)
		sr := sarifRule{
			ID:               rule.ID,
			ShortDescription: sarifText{Text: rule.Title.In(lang)},
			FullDescription:  sarifText{Text: rule.Why.In(lang)},
			Help:             sarifText{Text: help, Markdown: "**" + rule.Fix.In(lang) + "**\n\n" + rule.Why.In(lang)},
			Default:          sarifConfig{Level: sarifLevel(rr.Severity)},
			Properties:       map[string]any{"tags": []string{"ouvert", "compliance"}},
		}
		if rule.Level != "" {
			sr.Properties["opennessLevel"] = string(rule.Level)
		}
		for _, s := range rule.Sources {
			if s.URL != "" {
				sr.HelpURI = s.URL
				break
			}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sr)
	}
	for _, f := range r.Findings {
		// Code scanning wants a location for every result; a finding
		// about the whole project points at its directory.
		loc := sarifAt(scanRoot(r), false, 0, 0)
		if f.Path != "" {
			loc = sarifAt(f.Path, true, f.Line, f.EndLine)
		}
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: cat.Text(f.Rule, f.Message, lang)},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{"ouvert/v1": f.Fingerprint},
		}
		if f.Commit != "" || f.Evidence != "" {
			res.Properties = map[string]any{}
			if f.Commit != "" {
				res.Properties["commit"] = f.Commit
			}
			if f.Evidence != "" {
				res.Properties["evidence"] = f.Evidence
			}
		}
		// Every other place of the same value is a related location, with
		// the commit that holds it; the count includes those not listed.
		if n := placeCount(f); n > 1 {
			for i, p := range f.Places[1:] {
				rl := sarifAt(p.Path, true, p.Line, p.EndLine)
				rl.ID = i + 1
				text := t("place-tree", lang)
				if !p.Tree {
					text = rules.Expand(t("place-history", lang), map[string]string{"commit": shortSHA(p.Commit), "date": p.Date})
				}
				rl.Message = &sarifText{Text: text}
				res.RelatedLocations = append(res.RelatedLocations, rl)
			}
			if res.Properties == nil {
				res.Properties = map[string]any{}
			}
			res.Properties["places"] = n
			res.Message.Text += " (" + alsoIn(f, lang) + ")"
		}
		if p := purgeOf(f); p != nil {
			res.Properties["purge"] = p.InvertPaths
		}
		run.Results = append(run.Results, res)
	}
	for _, rf := range ruleFailures(r) {
		rr := rf.rule
		run.Results = append(run.Results, sarifResult{
			RuleID: rr.Rule.ID, RuleIndex: index[rr.Rule.ID], Level: sarifLevel(rr.Severity),
			Message:             sarifText{Text: titled(rr.Rule.Title.In(lang), cat.Text(rr.Rule.ID, rr.Reason, lang), lang)},
			Locations:           []sarifLocation{sarifAt(rf.path, rf.file, 0, 0)},
			PartialFingerprints: map[string]string{"ouvert/v1": rf.fingerprint},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

const srcRoot = "%SRCROOT%"

// sarifAt locates a result on a file (lines from 1; a file as a whole is
// its first line, where code scanning annotates it) or on a directory (no
// region).
func sarifAt(uri string, file bool, line, end int) sarifLocation {
	// A path is not a URI: spaces, "%" or "#" in a file name are escaped.
	loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifA{URI: (&url.URL{Path: uri}).EscapedPath(), URIBaseID: srcRoot}}}
	if file {
		line = max(line, 1)
		loc.Physical.Region = &sarifRegion{StartLine: line, EndLine: max(end, line)}
	}
	return loc
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// repositoryURI is the remote as an absolute URI, as SARIF wants it: the
// forge's page when it is known, an scp-like remote (git@host:path) in its
// ssh:// form, "" when the remote is no URI at all (a local path).
func repositoryURI(r *engine.Result) string {
	if fg, ok := forgeOf(r); ok {
		return fg.base
	}
	remote := r.Meta.URL
	if remote == "" {
		remote = r.Meta.Remote
	}
	if m := scpLike.FindStringSubmatch(remote); m != nil && !strings.Contains(remote, "://") && !strings.HasPrefix(remote, "/") {
		user, _, _ := strings.Cut(remote, "@")
		if !strings.Contains(remote, "@") {
			user = ""
		}
		if user != "" {
			user += "@"
		}
		return "ssh://" + user + m[1] + "/" + strings.TrimPrefix(m[2], "/")
	}
	if u, err := url.Parse(remote); err == nil && u.Scheme != "" && u.IsAbs() {
		return remote
	}
	return ""
}
