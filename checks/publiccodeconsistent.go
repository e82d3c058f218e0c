package checks

import (
	"context"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
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

	if tag, ok := releaseTag(meta.Tags, doc.Name); ok {
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

	// Bots' branches (dependabot, gh-pages) are not a sign of maintenance.
	last, _ := lastActivity(meta)
	if !last.IsZero() && (doc.DevelopmentStatus != "" || doc.MaintenanceType != "") {
		if doc.DevelopmentStatus != "" {
			checked = append(checked, "developmentStatus")
		}
		if doc.MaintenanceType != "" {
			checked = append(checked, "maintenance.type")
		}
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

// versionTag splits a release tag into the package it names ("" for the
// whole repository) and its version: v1.2.0, release-1.2, 1.2.0-rc1,
// @scope/tools@1.8.1, server/v2.0.0, mylib-v0.3. Other tags (nightly,
// latest, a date, a deployment marker) are not releases.
var versionTag = regexp.MustCompile(`^(?:(.+?)(?:@|/|-|_))?(?:v|version-|release-|rel-)?(\d+(?:\.\d+){1,3}(?:[-.+]?(?:rc|beta|alpha|a|b|pre|dev|post)\.?\d*)?)$`)

// releaseTag is the release a publiccode.yml describes: among the
// version-like tags, those of the package its name designates when the
// repository tags several packages (a monorepo), else those without a
// package prefix; the highest version, ties going to the most recent.
func releaseTag(tags []source.Tag, name string) (source.Tag, bool) {
	want := packageKey(name)
	var own, plain []source.Tag
	for _, t := range tags {
		m := versionTag.FindStringSubmatch(t.Name)
		if m == nil {
			continue
		}
		switch pkg := packageKey(m[1]); {
		case pkg == "" || pkg == "release" || pkg == "rel" || pkg == "version" || pkg == "v":
			plain = append(plain, t)
		case want != "" && (pkg == want || strings.HasSuffix(pkg, want) || strings.HasSuffix(want, pkg)):
			own = append(own, t)
		}
	}
	candidates := plain
	if len(own) > 0 {
		candidates = own
	}
	if len(candidates) == 0 {
		return source.Tag{}, false
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		if c := compareVersions(tagVersion(candidates[i].Name), tagVersion(candidates[j].Name)); c != 0 {
			return c > 0
		}
		return candidates[i].Time.After(candidates[j].Time)
	})
	return candidates[0], true
}

// packageKey reduces a package name to letters and digits, without an npm
// scope: "@scope/tools", "tools" and "Tools" designate one package.
func packageKey(s string) string {
	s = strings.ToLower(s)
	if i := strings.LastIndexByte(s, '/'); i >= 0 && strings.HasPrefix(s, "@") {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func tagVersion(name string) string {
	if m := versionTag.FindStringSubmatch(name); m != nil {
		return m[2]
	}
	return ""
}

// compareVersions compares dotted versions numerically; a pre-release
// (1.2.0-rc1) comes before its release.
func compareVersions(a, b string) int {
	na, pa := splitVersion(a)
	nb, pb := splitVersion(b)
	for i := 0; i < len(na) || i < len(nb); i++ {
		var x, y int
		if i < len(na) {
			x = na[i]
		}
		if i < len(nb) {
			y = nb[i]
		}
		if x != y {
			if x > y {
				return 1
			}
			return -1
		}
	}
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	case pa > pb:
		return 1
	}
	return -1
}

func splitVersion(v string) ([]int, string) {
	var nums []int
	i := 0
	for i < len(v) {
		j := i
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			j++
		}
		if j == i {
			break
		}
		n, _ := strconv.Atoi(v[i:j])
		nums = append(nums, n)
		i = j
		if i < len(v) && v[i] == '.' && i+1 < len(v) && v[i+1] >= '0' && v[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	return nums, strings.TrimLeft(v[i:], "-.+")
}

func normVersion(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if v := tagVersion(s); v != "" {
		return v
	}
	s = strings.TrimPrefix(s, "release-")
	return strings.TrimPrefix(s, "v")
}
