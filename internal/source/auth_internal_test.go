package source

import (
	"testing"

	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

func TestAuthFor(t *testing.T) {
	env := map[string]string{"GITHUB_TOKEN": "gh", "GITLAB_TOKEN": "gl"}
	cases := []struct {
		target     string
		env        map[string]string
		user, pass string // "" user and pass: no auth
	}{
		{"https://github.com/o/r", env, "x-access-token", "gh"},
		{"https://github.example.com/o/r", env, "x-access-token", "gh"},
		{"https://gitlab.com/o/r", env, "oauth2", "gl"},
		{"https://gitlab.example.org/o/r", env, "oauth2", "gl"},
		{"https://codeberg.org/o/r", env, "", ""},
		{"https://codeberg.org/o/r", map[string]string{"OUVERT_TOKEN": "ov"}, "x-access-token", "ov"},
		{"https://github.com/o/r", map[string]string{"OUVERT_TOKEN": "ov", "GITHUB_TOKEN": "gh"}, "x-access-token", "ov"},
		{"https://gitlab.com/o/r", map[string]string{"OUVERT_TOKEN": "ov"}, "oauth2", "ov"},
		{"https://me:pw@github.com/o/r", env, "me", "pw"},
		{"ssh://git@github.com/o/r", env, "", ""},
		{"git@github.com:o/r", env, "", ""},
		{"file:///tmp/r", env, "", ""},
	}
	for _, c := range cases {
		u, isURL, err := parseTarget(c.target)
		if err != nil || !isURL {
			t.Fatalf("parseTarget(%s) = %v, %v", c.target, isURL, err)
		}
		a := authFor(u, Options{Getenv: func(k string) string { return c.env[k] }})
		if c.user == "" && c.pass == "" {
			if a != nil {
				t.Errorf("%s: auth %v, want none", c.target, a)
			}
			continue
		}
		b, ok := a.(*githttp.BasicAuth)
		if !ok || b.Username != c.user || b.Password != c.pass {
			t.Errorf("%s: auth %v, want %s:%s", c.target, a, c.user, c.pass)
		}
	}
}

func TestParseTarget(t *testing.T) {
	cases := map[string]bool{ // target: is a URL
		"https://host/r":       true,
		"ssh://git@host/r":     true,
		"git@host:o/r.git":     true,
		"deploy@10.0.0.1:repo": true,
		"file:///tmp/r":        true,
		"./dir":                false,
		"/abs/dir":             false,
		"dir/with:colon":       false,
		"user@host/not:scp":    false,
		"C:colon-first":        false,
	}
	for target, want := range cases {
		u, isURL, err := parseTarget(target)
		if err != nil || isURL != want {
			t.Errorf("parseTarget(%s) = %v, %v; want %v", target, isURL, err, want)
		}
		if isURL && u.dial != target {
			t.Errorf("parseTarget(%s) dials %q", target, u.dial)
		}
	}
	u, _, _ := parseTarget("https://a:b@host/r")
	if u.dial != "https://host/r" || u.clean != "https://host/r" || u.user != "a" || u.password != "b" {
		t.Errorf("credentials not moved out of the URL: %+v", u)
	}
}
