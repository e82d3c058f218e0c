package checks

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/license"
	"github.com/ouvert-dev/ouvert/source"
)

// PubliccodeConsistent compares what publiccode.yml says with what the
// repository shows: licence, address, latest release, maintenance status.
// Each comparison runs only when both sides are known.
type PubliccodeConsistent struct{}

const publiccodeConsistentRule = "publiccode/consistent"

// Windows for the activity comparisons: "obsolete" next to a commit of the
// last quarter, "maintained" with nothing for a year.
const (
	activeWindow = 90 * 24 * time.Hour
	idleWindow   = 365 * 24 * time.Hour
	// A release is often tagged a day or two after its date is written.
	releaseSlack = 3 * 24 * time.Hour
)

func (PubliccodeConsistent) ID() string               { return "publiccode-consistent" }
func (PubliccodeConsistent) Rules() []string          { return []string{publiccodeConsistentRule} }
func (PubliccodeConsistent) Needs() source.Capability { return source.Tree }

func (PubliccodeConsistent) Run(_ context.Context, env *Env) (Result, error) {
	var res Result
	p, vr, err := validatePubliccode(env)
	if err != nil {
		return res, err
	}
	if vr == nil || vr.Doc == nil {
		res.outcome(publiccodeConsistentRule, finding.Skip, finding.Msg("nothing-to-compare"))
		return res, nil
	}
	doc := vr.Doc
	meta := env.Repo.Meta()
	var checked []string
	bad := 0
	report := func(line int, m finding.Message) {
		bad++
		res.find(publiccodeConsistentRule, "", p, line, m)
	}

	if doc.License != "" && env.License != nil && env.License.Expression != "" {
		checked = append(checked, "legal.license")
		decl := license.Declaration{Path: p, Source: license.SourcePubliccode, Raw: doc.License, SPDX: license.Normalize(doc.License)}
		one := &license.Report{Expression: env.License.Expression, Declarations: []license.Declaration{decl}}
		if dis := license.Consistency(one); len(dis) > 0 && !dis[0].Unrecognised {
			report(doc.Line("legal", "license"), finding.Msg("license", "declared", doc.License, "detected", env.License.Expression))
		}
	}

	remote := meta.URL
	if remote == "" {
		remote = meta.Remote
	}
	if doc.URL != "" && remote != "" {
		checked = append(checked, "url")
		if repoKey(doc.URL) != repoKey(remote) {
			report(doc.Line("url"), finding.Msg("url", "declared", doc.URL, "remote", redactURL(remote)))
		}
	}

	if tag, ok := latestTag(meta.Tags); ok {
		if doc.SoftwareVersion != "" {
			checked = append(checked, "softwareVersion")
			if normVersion(doc.SoftwareVersion) != normVersion(tag.Name) {
				report(doc.Line("softwareVersion"), finding.Msg("version", "declared", doc.SoftwareVersion, "tag", tag.Name))
			}
		}
		if d, err := time.Parse("2006-01-02", doc.ReleaseDate); err == nil && !tag.Time.IsZero() &&
			(doc.SoftwareVersion == "" || normVersion(doc.SoftwareVersion) == normVersion(tag.Name)) {
			checked = append(checked, "releaseDate")
			if diff := d.Sub(tag.Time); diff > releaseSlack || diff < -releaseSlack {
				report(doc.Line("releaseDate"), finding.Msg("release-date", "declared", doc.ReleaseDate,
					"tag", tag.Name, "date", tag.Time.UTC().Format("2006-01-02")))
			}
		}
	}

	last := meta.LastCommit
	if last.Before(meta.HeadTime) {
		last = meta.HeadTime
	}
	if !last.IsZero() {
		checked = append(checked, "developmentStatus", "maintenance.type")
		age := env.Now.Sub(last)
		lastDate := last.UTC().Format("2006-01-02")
		switch {
		case age < activeWindow && doc.DevelopmentStatus == "obsolete":
			report(doc.Line("developmentStatus"), finding.Msg("obsolete-but-active", "key", "developmentStatus", "value", "obsolete", "date", lastDate))
		case age < activeWindow && doc.MaintenanceType == "none":
			report(doc.Line("maintenance", "type"), finding.Msg("obsolete-but-active", "key", "maintenance.type", "value", "none", "date", lastDate))
		case age > idleWindow && doc.DevelopmentStatus != "obsolete" &&
			(doc.MaintenanceType == "internal" || doc.MaintenanceType == "contract" || doc.MaintenanceType == "community"):
			report(doc.Line("maintenance", "type"), finding.Msg("maintained-but-idle", "value", doc.MaintenanceType, "date", lastDate))
		}
	}
	if doc.MaintenanceType == "contract" {
		for _, c := range doc.Contractors {
			if until, err := time.Parse("2006-01-02", c.Until); err == nil && until.Add(24*time.Hour).Before(env.Now) {
				checked = append(checked, "maintenance.contractors")
				report(doc.Line("maintenance", "contractors"), finding.Msg("contractors-expired", "name", c.Name, "date", c.Until))
			}
		}
	}

	if bad > 0 {
		res.fail(publiccodeConsistentRule, finding.Msg("disagrees", "count", strconv.Itoa(bad)))
		return res, nil
	}
	if len(checked) == 0 {
		res.outcome(publiccodeConsistentRule, finding.Skip, finding.Msg("nothing-to-compare"))
		return res, nil
	}
	res.pass(publiccodeConsistentRule, finding.Msg("agrees", "checked", strings.Join(checked, ", ")))
	return res, nil
}

// repoKey reduces a repository address to host/path, so that the https,
// ssh and scp-like spellings of one repository compare equal.
func repoKey(raw string) string {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		// git@host:org/repo
		if at := strings.Index(s, "@"); at >= 0 {
			s = s[at+1:]
		}
		s = "ssh://" + strings.Replace(s, ":", "/", 1)
	}
	u, err := url.Parse(s)
	if err != nil {
		return strings.ToLower(raw)
	}
	p := strings.Trim(u.Path, "/")
	p = strings.TrimSuffix(p, ".git")
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	return host + "/" + strings.ToLower(p)
}

// redactURL drops credentials from a remote before it is shown.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// latestTag is the tag of the most recent commit; ties go to the highest
// name so that v1.2.0 wins over v1.2.0-rc1 on one commit.
func latestTag(tags []source.Tag) (source.Tag, bool) {
	if len(tags) == 0 {
		return source.Tag{}, false
	}
	ts := append([]source.Tag(nil), tags...)
	sort.Slice(ts, func(i, j int) bool {
		if !ts[i].Time.Equal(ts[j].Time) {
			return ts[i].Time.After(ts[j].Time)
		}
		return ts[i].Name > ts[j].Name
	})
	return ts[0], true
}

func normVersion(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "release-")
	return strings.TrimPrefix(s, "v")
}
