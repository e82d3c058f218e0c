package publiccode

import (
	"mime"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/ouvert-dev/ouvert/internal/license"
)

// The value checks: one function per kind of value the standard names.
// Each reports its own problems at the value's position.

func nonBlank(v *validator, n *yaml.Node, key string) {
	if strings.TrimSpace(n.Value) == "" {
		v.errorf(n, key, "required")
	}
}

// versionString: an unquoted 1.10 is the number 1.1 to most YAML readers.
func versionString(v *validator, n *yaml.Node, key string) {
	if n.Tag == "!!float" || n.Tag == "!!int" {
		v.warnf(n, key, "unquoted-number", "value", n.Value)
	}
}

func quoted(values []string) string {
	q := make([]string, len(values))
	for i, s := range values {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func oneOf(values ...string) func(*validator, *yaml.Node, string) {
	return func(v *validator, n *yaml.Node, key string) {
		for _, s := range values {
			if n.Value == s {
				return
			}
		}
		if s := suggest(n.Value, values); s != "" {
			v.errorf(n, key, "enum-suggest", "value", n.Value, "values", quoted(values), "suggestion", s)
			return
		}
		v.errorf(n, key, "enum", "value", n.Value, "values", quoted(values))
	}
}

// inList checks a value against one of the standard's vocabularies
// (categories-list.rst, scope-list.rst).
func inList(list string, values []string) func(*validator, *yaml.Node, string) {
	return func(v *validator, n *yaml.Node, key string) {
		for _, s := range values {
			if n.Value == s {
				return
			}
		}
		if s := suggest(n.Value, values); s != "" {
			v.errorf(n, key, "not-in-"+list+"-suggest", "value", n.Value, "suggestion", s)
			return
		}
		v.errorf(n, key, "not-in-"+list, "value", n.Value)
	}
}

// platform: values outside the standard's list are allowed, but a known one
// written differently ("Linux") would not be recognised by catalogues.
func platform(v *validator, n *yaml.Node, key string) {
	for _, p := range platforms {
		if n.Value == p {
			return
		}
		if strings.EqualFold(strings.TrimSpace(n.Value), p) {
			v.warnf(n, key, "platform-case", "value", n.Value, "suggestion", p)
			return
		}
	}
}

func date(v *validator, n *yaml.Node, key string) {
	if _, err := time.Parse("2006-01-02", n.Value); err != nil || len(n.Value) != 10 {
		v.errorf(n, key, "date", "value", n.Value)
	}
}

// httpURL: an absolute http or https URL with a host.
func httpURL(v *validator, n *yaml.Node, key string) {
	if n.Value == "" {
		v.errorf(n, key, "empty-value")
		return
	}
	u, err := url.Parse(n.Value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.errorf(n, key, "http-url", "value", n.Value)
		return
	}
	v.urls = append(v.urls, urlRef{key, n.Line, n.Column, n.Value})
}

// anyURL: a URL of any scheme (a repository may be ssh:// or svn://).
func anyURL(v *validator, n *yaml.Node, key string) {
	if n.Value == "" {
		v.errorf(n, key, "empty-value")
		return
	}
	u, err := url.Parse(n.Value)
	if err != nil || u.Scheme == "" || u.Host == "" {
		v.errorf(n, key, "url", "value", n.Value)
		return
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		v.urls = append(v.urls, urlRef{key, n.Line, n.Column, n.Value})
	}
}

var uriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$`)

// isURI: RFC 3986's scheme ":" and something; URNs included.
func isURI(v *validator, n *yaml.Node, key string) {
	if n.Value == "" {
		v.errorf(n, key, "empty-value")
		return
	}
	if _, err := url.Parse(n.Value); err != nil || !uriScheme.MatchString(n.Value) {
		v.errorf(n, key, "uri", "value", n.Value)
	}
}

// aliases is the standard's aliases-list.rst, for supports[].id.
var aliases = []string{"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"}

func supportsID(v *validator, n *yaml.Node, key string) {
	if name, ok := strings.CutPrefix(n.Value, "alias:"); ok {
		for _, a := range aliases {
			if name == a {
				return
			}
		}
		v.errorf(n, key, "alias-unknown", "value", n.Value, "values", quoted(aliases))
		return
	}
	isURI(v, n, key)
}

// email: one bare address, no display name; an empty value is the
// template placeholder that the reference validator lets through.
func email(v *validator, n *yaml.Node, key string) {
	if n.Value == "" {
		v.warnf(n, key, "empty-value")
		return
	}
	a, err := mail.ParseAddress(n.Value)
	if err != nil || a.Address != n.Value || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
		v.errorf(n, key, "email", "value", n.Value)
	}
}

// bcp47 checks a tag's syntax and that its subtags are registered.
func bcp47(s string) (ok bool, fixed string) {
	if s == "" || strings.TrimSpace(s) != s {
		return false, ""
	}
	if strings.Contains(s, "_") {
		// language.Parse accepts "_" as a separator; BCP 47 does not.
		fixed = strings.ReplaceAll(s, "_", "-")
		if _, err := language.Parse(fixed); err == nil {
			return false, fixed
		}
		return false, ""
	}
	_, err := language.Parse(s)
	return err == nil, ""
}

func languageTag(v *validator, n *yaml.Node, key string) {
	if ok, fixed := bcp47(n.Value); !ok {
		if fixed != "" {
			v.errorf(n, key, "bcp47-underscore", "value", n.Value, "suggestion", fixed)
			return
		}
		v.errorf(n, key, "bcp47", "value", n.Value)
	}
}

// languageKey reports a bad language of description at "description", the
// key the reference validator names.
func languageKey(v *validator, k *yaml.Node, key string) {
	languageTag(v, k, "description")
}

// country: ISO 3166-1 alpha-2, uppercase since 0.5.
func country(v *validator, n *yaml.Node, key string) {
	s := n.Value
	// All lowercase is the deprecated spelling; mixed case is no spelling.
	if len(s) != 2 || !isAlpha(s) || (s != strings.ToUpper(s) && s != strings.ToLower(s)) {
		v.errorf(n, key, "country", "value", s)
		return
	}
	up := strings.ToUpper(s)
	r, err := language.ParseRegion(up)
	if err != nil || !r.IsCountry() || r.String() != up {
		v.errorf(n, key, "country", "value", s)
		return
	}
	if s != up {
		v.warnf(n, key, "country-lowercase", "value", s, "suggestion", up)
	}
}

func isAlpha(s string) bool {
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func spdxExpression(v *validator, n *yaml.Node, key string) {
	if strings.TrimSpace(n.Value) == "" {
		v.errorf(n, key, "required")
		return
	}
	if _, err := license.ParseExpression(n.Value); err != nil {
		if norm := license.Normalize(n.Value); norm != "" && norm != n.Value {
			if _, err := license.ParseExpression(norm); err == nil {
				v.errorf(n, key, "spdx-suggest", "value", n.Value, "suggestion", norm)
				return
			}
		}
		v.errorf(n, key, "spdx", "value", n.Value)
	}
}

func mimeType(v *validator, n *yaml.Node, key string) {
	t, _, err := mime.ParseMediaType(n.Value)
	if err != nil || !strings.Contains(t, "/") {
		v.errorf(n, key, "mime", "value", n.Value)
	}
}

func maxLen(limit int) func(*validator, *yaml.Node, string) {
	return func(v *validator, n *yaml.Node, key string) {
		if l := graphemes(n.Value); l > limit {
			v.errorf(n, key, "max-length", "max", strconv.Itoa(limit), "length", strconv.Itoa(l))
		}
	}
}

func minLen(limit int) func(*validator, *yaml.Node, string) {
	return func(v *validator, n *yaml.Node, key string) {
		if l := graphemes(n.Value); l < limit {
			v.errorf(n, key, "min-length", "min", strconv.Itoa(limit), "length", strconv.Itoa(l))
		}
	}
}
