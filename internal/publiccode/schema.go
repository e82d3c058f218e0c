package publiccode

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// The schema is the standard's key tables (docs/standard/schema.core.rst
// and schema.it.rst) written as data: the walker in check.go knows types,
// presence and deprecations; the value checks are in values.go.

type kind uint8

const (
	kString       kind = iota // any scalar but null
	kBool                     // true or false
	kMap                      // a mapping with the keys of fields
	kList                     // a sequence of item
	kStringOrList             // a scalar or a sequence of item
	kDict                     // a mapping with free keys (languages), values of item
)

type spec struct {
	kind     kind
	fields   []*field
	item     *spec
	nonEmpty bool // a list or dict needs one entry at least
	// value checks a scalar once its type is right.
	value func(v *validator, n *yaml.Node, key string)
	// dictKey checks a key of a kDict.
	dictKey func(v *validator, k *yaml.Node, key string)
	// post checks what spans several keys of a mapping.
	post func(v *validator, m *yaml.Node, ps []pair, key string)
}

type field struct {
	name     string
	required bool
	spec     *spec
	// since is the version that introduced the key.
	since string
	// deprecated is the message id that says so; instead names the key to
	// use, when there is one.
	deprecated string
	instead    string
}

func (s *spec) field(name string) *field {
	for _, f := range s.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

func (s *spec) names() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.name
	}
	return out
}

func str(checks ...func(*validator, *yaml.Node, string)) *spec {
	return &spec{kind: kString, value: all(checks...)}
}

func all(checks ...func(*validator, *yaml.Node, string)) func(*validator, *yaml.Node, string) {
	if len(checks) == 0 {
		return nil
	}
	return func(v *validator, n *yaml.Node, key string) {
		for _, c := range checks {
			c(v, n, key)
		}
	}
}

func list(item *spec) *spec     { return &spec{kind: kList, item: item} }
func nonEmpty(s *spec) *spec    { s.nonEmpty = true; return s }
func object(fs ...*field) *spec { return &spec{kind: kMap, fields: fs} }
func boolean() *spec            { return &spec{kind: kBool} }

func req(name string, s *spec) *field { return &field{name: name, required: true, spec: s} }
func opt(name string, s *spec) *field { return &field{name: name, spec: s} }

func (f *field) from(version string) *field { f.since = version; return f }

func (f *field) deprecatedFor(instead string) *field {
	f.deprecated = "deprecated"
	if instead != "" {
		f.deprecated, f.instead = "deprecated-use", instead
	}
	return f
}

var (
	developmentStatuses = []string{"concept", "development", "beta", "stable", "obsolete"}
	softwareTypes       = []string{"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
		"standalone/backend", "standalone/other", "addon", "library", "configurationFiles"}
	maintenanceTypes = []string{"internal", "contract", "community", "none"}
	// Platforms outside the list are allowed by the standard: the list only
	// serves "did you mean" for a near-miss ("Linux", "windows ").
	platforms = []string{"web", "windows", "mac", "linux", "ios", "android"}
)

func dependency() *spec {
	return object(
		req("name", str()),
		opt("versionMin", str(versionString)),
		opt("versionMax", str(versionString)),
		opt("version", str(versionString)),
		opt("optional", boolean()),
	)
}

// organisation is the standard's Organisation: a stable uri, a name
// optional (as in the reference validator, for fundedBy too).
func organisation() *spec {
	return object(req("uri", str(isURI)), opt("name", str(nonBlank)))
}

func countrySection() *spec {
	b := boolean
	return object(
		opt("countryExtensionVersion", str(oneOf("0.2", "1.0"))),
		opt("conforme", object(
			opt("lineeGuidaDesign", b()),
			opt("modelloInteroperabilita", b()),
			opt("misureMinimeSicurezza", b()),
			opt("gdpr", b()),
		)).deprecatedFor(""),
		opt("piattaforme", object(
			opt("spid", b()),
			opt("pagopa", b()),
			opt("cie", b()),
			opt("anpr", b()),
			opt("io", b()),
		)),
		opt("riuso", object(
			opt("codiceIPA", str()).deprecatedFor("organisation.uri"),
		)),
	)
}

func description() *spec {
	lang := object(
		opt("localisedName", str()),
		opt("genericName", str(maxLen(35))).deprecatedFor(""),
		req("shortDescription", str(maxLen(150))),
		opt("longDescription", str(minLen(150), maxLen(10000))),
		opt("documentation", str(httpURL)),
		opt("apiDocumentation", str(httpURL)),
		opt("features", nonEmpty(list(str(nonBlank)))),
		opt("screenshots", list(str(imageFile(".png", ".jpg", ".jpeg")))),
		opt("videos", list(str(httpURL))),
		opt("awards", list(str())),
	)
	return &spec{kind: kDict, item: lang, nonEmpty: true, dictKey: languageKey, post: atLeastOneLanguage}
}

var schema = object(
	req("publiccodeYmlVersion", str()),
	req("name", str(nonBlank)),
	opt("applicationSuite", str()),
	req("url", str(anyURL)),
	opt("landingURL", str(httpURL)),
	opt("isBasedOn", &spec{kind: kStringOrList, item: str(anyURL)}),
	opt("softwareVersion", str(versionString)),
	opt("releaseDate", str(date)),
	opt("logo", str(imageFile(".svg", ".svgz", ".png"))),
	opt("monochromeLogo", str(imageFile(".svg", ".svgz", ".png"))).deprecatedFor("logo"),
	opt("inputTypes", list(str(mimeType))).deprecatedFor(""),
	opt("outputTypes", list(str(mimeType))).deprecatedFor(""),
	req("platforms", nonEmpty(&spec{kind: kStringOrList, item: str(nonBlank, platform)})),
	opt("categories", list(str(inList("category", categories)))),
	opt("usedBy", list(str())),
	opt("fundedBy", list(organisation())).from("0.5"),
	opt("roadmap", str(httpURL)),
	req("developmentStatus", str(oneOf(developmentStatuses...))),
	req("softwareType", str(oneOf(softwareTypes...))),
	opt("supports", list(object(req("id", str(supportsID))))).from("0.7"),
	opt("organisation", organisation()).from("0.5"),
	opt("intendedAudience", object(
		opt("countries", list(str(country))),
		opt("unsupportedCountries", list(str(country))),
		opt("scope", list(str(inList("scope", scopes)))),
	)),
	req("description", description()),
	req("legal", object(
		req("license", str(spdxExpression)),
		opt("mainCopyrightOwner", str()),
		opt("repoOwner", str()).deprecatedFor("organisation.name"),
		opt("authorsFile", str(repoFile)).deprecatedFor(""),
	)),
	req("maintenance", &spec{kind: kMap, post: maintenanceRules, fields: []*field{
		req("type", str(oneOf(maintenanceTypes...))),
		opt("contractors", list(object(
			req("name", str(nonBlank)),
			req("until", str(date)),
			opt("email", str(email)),
			opt("website", str(httpURL)),
		))),
		opt("contacts", list(object(
			req("name", str(nonBlank)),
			opt("email", str(email)),
			opt("phone", str()),
			opt("affiliation", str()),
		))),
	}}),
	req("localisation", object(
		req("localisationReady", boolean()),
		req("availableLanguages", nonEmpty(list(str(languageTag)))),
	)),
	opt("dependsOn", object(
		opt("open", list(dependency())),
		opt("proprietary", list(dependency())),
		opt("hardware", list(dependency())),
	)),
	opt("IT", countrySection()).deprecatedFor(""),
	opt("it", countrySection()).deprecatedFor("IT"),
)

func init() {
	// Country sections are deprecated since 0.7; the message says why.
	schema.field("IT").deprecated = "country-section"
	schema.field("it").deprecated = "country-lowercase-section"
	schema.post = rootRules
}

// rootRules: both spellings of the Italian section at once.
func rootRules(v *validator, m *yaml.Node, ps []pair, key string) {
	var upper, lower *pair
	for i := range ps {
		switch ps[i].name {
		case "IT":
			upper = &ps[i]
		case "it":
			lower = &ps[i]
		}
	}
	if upper != nil && lower != nil {
		v.errorf(lower.key, "it", "it-and-IT")
	}
}

// maintenanceRules: contractors exactly when the maintenance is a
// contract; contacts when it is internal or community.
func maintenanceRules(v *validator, m *yaml.Node, ps []pair, key string) {
	get := func(name string) *pair {
		for i := range ps {
			if ps[i].name == name {
				return &ps[i]
			}
		}
		return nil
	}
	t := get("type")
	if t == nil || t.value == nil || t.value.Kind != yaml.ScalarNode {
		return
	}
	typ := t.value.Value
	present := func(p *pair) bool {
		return p != nil && !isNull(p.value) && !(p.value.Kind == yaml.SequenceNode && len(p.value.Content) == 0)
	}
	contractors, contacts := get("contractors"), get("contacts")
	switch {
	case typ == "contract" && !present(contractors):
		v.errorf(m, join(key, "contractors"), "required-when", "field", "type", "value", typ)
	case typ != "contract" && contractors != nil:
		v.errorf(contractors.key, join(key, "contractors"), "excluded-unless", "field", "type", "value", "contract")
	}
	if (typ == "internal" || typ == "community") && !present(contacts) {
		v.errorf(m, join(key, "contacts"), "required-when", "field", "type", "value", typ)
	}
}

// atLeastOneLanguage: the standard wants longDescription and features in
// one language at least. The reference validator wants them in every
// language it finds, so their absence from some is a warning: the file is
// valid here and would not be there.
func atLeastOneLanguage(v *validator, m *yaml.Node, ps []pair, key string) {
	for _, name := range []string{"longDescription", "features"} {
		var filled int
		var absent []pair
		for _, p := range ps {
			if p.value == nil || p.value.Kind != yaml.MappingNode {
				continue
			}
			// A key present but empty is reported by its own checks.
			switch present, full := hasValue(p.value, name); {
			case full:
				filled++
			case !present:
				absent = append(absent, p)
			}
		}
		for _, p := range absent {
			k := join(join(key, p.name), name)
			if filled == 0 {
				v.errorf(p.key, k, "required")
			} else {
				v.warnf(p.key, k, "missing-in-language", "lang", p.name)
			}
		}
	}
}

// hasValue reports whether a mapping has a non-null name, and whether its
// value is not empty either.
func hasValue(m *yaml.Node, name string) (present, full bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != name {
			continue
		}
		val := m.Content[i+1]
		for d := 0; val.Kind == yaml.AliasNode && val.Alias != nil && d < 64; d++ {
			val = val.Alias
		}
		if isNull(val) {
			return false, false
		}
		switch val.Kind {
		case yaml.ScalarNode:
			return true, strings.TrimSpace(val.Value) != ""
		case yaml.SequenceNode, yaml.MappingNode:
			return true, len(val.Content) > 0
		}
		return true, true
	}
	return false, false
}
