package checks

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/publiccode"
	"github.com/ouvert-dev/ouvert/internal/source"
)

func validPubliccode(t *testing.T) string {
	b, err := os.ReadFile("../internal/publiccode/testdata/valid.yml")
	if err != nil {
		t.Fatal(err)
	}
	// The logo and screenshot are checked by the publiccode package's
	// tests; here they would be missing files.
	s := strings.Replace(string(b), "logo: img/logo.svg\n", "", 1)
	return strings.Replace(s, "    screenshots:\n      - img/capture.png\n", "", 1)
}

func TestPubliccodeValid(t *testing.T) {
	good := validPubliccode(t)
	cases := []struct {
		name   string
		files  map[string]string
		want   finding.Outcome
		reason string
		errors int
	}{
		{"valid", map[string]string{"publiccode.yml": good}, finding.Pass, "valid", 0},
		{"yaml extension", map[string]string{"publiccode.yaml": good}, finding.Pass, "valid", 0},
		{"missing", map[string]string{"README.md": "x"}, finding.Skip, "no-file", 0},
		{"invalid", map[string]string{"publiccode.yml": strings.Replace(good, "developmentStatus: stable", "developmentStatus: done", 1)},
			finding.Fail, "invalid", 1},
		{"logo missing", map[string]string{"publiccode.yml": good + "logo: logo.png\n"}, finding.Fail, "invalid", 1},
		{"logo present", map[string]string{"publiccode.yml": good + "logo: logo.svg\n",
			"logo.svg": `<svg xmlns="http://www.w3.org/2000/svg"/>`}, finding.Pass, "valid", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, reasons, fs := outcomes(t, PubliccodeValid{}, envOf(t, c.files))
			if o[publiccode.Rule] != c.want || reasons[publiccode.Rule] != c.reason {
				t.Fatalf("got %s %s, want %s %s; findings %+v", o[publiccode.Rule], reasons[publiccode.Rule], c.want, c.reason, fs)
			}
			errs := 0
			for _, f := range fs {
				if f.Severity == finding.Error {
					errs++
					if f.Line == 0 || !strings.HasPrefix(f.Path, "publiccode.y") {
						t.Errorf("finding without a place: %+v", f)
					}
				}
			}
			if errs != c.errors {
				t.Errorf("%d errors, want %d: %+v", errs, c.errors, fs)
			}
		})
	}
}

func TestPubliccodeConsistent(t *testing.T) {
	good := validPubliccode(t) // EUPL-1.2 OR AGPL-3.0-or-later, 2.10 of 2026-03-02, contract until 2027-12-31
	tag := func(name, date string) source.Tag {
		d, _ := time.Parse("2006-01-02", date)
		return source.Tag{Name: name, Time: d}
	}
	recent := now.Add(-10 * 24 * time.Hour)
	meta := source.Meta{Remote: "git@git.example.gouv.fr:collectivites/registre.git", LastCommit: recent,
		Tags: []source.Tag{tag("v2.9", "2025-11-02"), tag("v2.10", "2026-03-01")}}
	lic := &license.Report{Expression: "EUPL-1.2 OR AGPL-3.0-or-later"}
	cases := []struct {
		name  string
		edit  func(string) string
		meta  source.Meta
		lic   *license.Report
		want  finding.Outcome
		found []string // message ids of the findings
	}{
		{"agrees", nil, meta, lic, finding.Pass, nil},
		{"other licence", nil, meta, &license.Report{Expression: "MIT"}, finding.Fail, []string{"license"}},
		{"licence alias agrees", func(s string) string {
			return strings.Replace(s, "license: EUPL-1.2 OR AGPL-3.0-or-later", "license: EUPL-1.2 OR AGPL-3.0+", 1)
		}, meta, lic, finding.Pass, nil},
		{"other remote", nil, source.Meta{Remote: "https://github.com/someone/else", LastCommit: recent}, lic, finding.Fail, []string{"url"}},
		{"old version", nil, source.Meta{LastCommit: recent, Tags: []source.Tag{tag("v3.0.0", "2026-10-01")}}, lic, finding.Fail, []string{"version"}},
		{"release date off", func(s string) string {
			return strings.Replace(s, `releaseDate: "2026-03-02"`, `releaseDate: "2025-01-01"`, 1)
		}, meta, lic, finding.Fail, []string{"release-date"}},
		{"obsolete but active", func(s string) string {
			return strings.Replace(s, "developmentStatus: stable", "developmentStatus: obsolete", 1)
		}, meta, lic, finding.Fail, []string{"obsolete-but-active"}},
		{"maintained but idle", nil, source.Meta{LastCommit: now.Add(-800 * 24 * time.Hour)}, lic, finding.Fail, []string{"maintained-but-idle"}},
		{"contract expired", func(s string) string {
			return strings.Replace(s, `until: "2027-12-31"`, `until: "2024-06-30"`, 1)
		}, meta, lic, finding.Fail, []string{"contractors-expired"}},
		{"nothing known", nil, source.Meta{}, nil, finding.Skip, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := good
			if c.edit != nil {
				s = c.edit(s)
			}
			env := envOf(t, map[string]string{"publiccode.yml": s}, c.meta)
			env.License = c.lic
			o, _, fs := outcomes(t, PubliccodeConsistent{}, env)
			if o[publiccodeConsistentRule] != c.want {
				t.Errorf("outcome %s, want %s; %+v", o[publiccodeConsistentRule], c.want, fs)
			}
			var ids []string
			for _, f := range fs {
				ids = append(ids, f.Message.ID)
				if f.Line == 0 {
					t.Errorf("finding without a line: %+v", f)
				}
			}
			if strings.Join(ids, ",") != strings.Join(c.found, ",") {
				t.Errorf("findings %v, want %v", ids, c.found)
			}
		})
	}
}

func TestRepoKey(t *testing.T) {
	same := []string{"https://github.com/Etalab/Outil.git", "git@github.com:etalab/outil.git", "ssh://git@github.com/etalab/outil",
		"https://www.github.com/etalab/outil/", "https://user:tok@github.com/etalab/outil"}
	for _, s := range same[1:] {
		if repoKey(s) != repoKey(same[0]) {
			t.Errorf("repoKey(%q) = %q, want %q", s, repoKey(s), repoKey(same[0]))
		}
	}
	if repoKey("https://gitlab.com/etalab/outil") == repoKey(same[0]) {
		t.Error("another host is another repository")
	}
}

// With Online, the URLs are checked; a loopback address is refused, which
// is "could not check", never a failure. Without it, nothing is requested.
func TestPubliccodeValidOnline(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	// Only loopback URLs: the test must not depend on DNS.
	pc := "publiccodeYmlVersion: \"0\"\nname: x\nurl: " + srv.URL + "/x.git\nlandingURL: " + srv.URL + "\nplatforms: [web]\n" +
		"developmentStatus: beta\nsoftwareType: library\ndescription:\n  en:\n    shortDescription: x\n    longDescription: " +
		strings.Repeat("word ", 40) + "\n    features: [x]\nlegal:\n  license: MIT\nmaintenance:\n  type: none\n" +
		"localisation:\n  localisationReady: false\n  availableLanguages: [en]\n"
	for _, online := range []bool{false, true} {
		env := envOf(t, map[string]string{"publiccode.yml": pc})
		env.Online = online
		o, _, fs := outcomes(t, PubliccodeValid{}, env)
		unchecked := 0
		for _, f := range fs {
			if f.Message.ID == "online-unchecked" && f.Message.Args["value"] == srv.URL {
				unchecked++
			}
		}
		if o[publiccode.Rule] != finding.Pass || (unchecked == 1) != online {
			t.Errorf("online=%v: %s, %d unchecked; %+v", online, o[publiccode.Rule], unchecked, fs)
		}
	}
	if hits != 0 {
		t.Errorf("the loopback server was reached %d times", hits)
	}
}
