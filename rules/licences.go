package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/embedded"
)

//go:embed licences.yaml
var licencesYAML []byte

// LicenceStatus says where a licence stands against the list of CRPA
// D323-2-1.
type LicenceStatus string

const (
	// LicenceListed: on the list (data.gouv.fr's SPDX ids).
	LicenceListed LicenceStatus = "listed"
	// LicenceAccepted: another id for a listed licence (GNU -only variants,
	// deprecated SPDX ids); compliant, worth a note.
	LicenceAccepted LicenceStatus = "accepted"
	// LicenceUnlisted: known, not on the list.
	LicenceUnlisted LicenceStatus = "unlisted"
)

// LicenceScope separates the licences the list gives for software from
// those it gives for data and documents.
type LicenceScope string

const (
	LicenceSoftware LicenceScope = "software"
	LicenceData     LicenceScope = "data"
)

// LicenceFamily is the decree's category of a listed software licence.
type LicenceFamily string

const (
	LicencePermissive LicenceFamily = "permissive"
	LicenceReciprocal LicenceFamily = "reciprocal"
)

// Reason codes an entry may carry; the license package reports them as is.
const (
	LicenceReasonGNUOnly      = "gnu-only"
	LicenceReasonDeprecatedID = "deprecated-id"
	LicenceReasonOldVersion   = "old-version"
)

// LicenceName is a display name in French and English: a catalog Text.
type LicenceName = Text

// Licence is one entry of licences.yaml.
type Licence struct {
	ID     string        `yaml:"id"`
	Status LicenceStatus `yaml:"status"`
	Scope  LicenceScope  `yaml:"scope"`
	Family LicenceFamily `yaml:"family"`
	// Reason is one of the LicenceReason codes, or "" for a licence that is
	// listed or plainly not on the list.
	Reason string `yaml:"reason"`
	// Listed is the listed id this entry stands for or was superseded by.
	Listed  string      `yaml:"listed"`
	Name    LicenceName `yaml:"name"`
	Aliases []string    `yaml:"aliases"`
}

// LicenceList is the loaded, validated licences.yaml.
type LicenceList struct {
	Licences   []Licence
	Exceptions []string
	byID       map[string]int    // lower-case id -> index
	byKey      map[string]string // name key -> id
	exceptions map[string]string // lower-case exception -> canonical
}

type licenceFile struct {
	Licences   []Licence `yaml:"licences"`
	Exceptions []string  `yaml:"exceptions"`
}

// loadLicences parses the embedded list once; every caller after the
// first gets the same list or the same error.
var loadLicences = embedded.Once("rules/licences.yaml", func() (*LicenceList, error) {
	return ParseLicences(licencesYAML)
})

// LoadLicences returns the embedded list, parsed once, or why it could not
// be read. Entry points that depend on the list (licence detection,
// expression parsing, ouvert init license) call it and hand the error on.
func LoadLicences() (*LicenceList, error) { return loadLicences() }

// Licences returns the embedded list for helpers that cannot return an
// error (name lookups inside an expression parser). When the list did not
// load it is empty, so nothing is found in it: the entry point that led
// there has called LoadLicences and reported the error.
func Licences() *LicenceList {
	if l, err := loadLicences(); err == nil {
		return l
	}
	return &LicenceList{}
}

var licenceIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*\+?$`)

// ParseLicences parses and validates a licences file.
func ParseLicences(data []byte) (*LicenceList, error) {
	var f licenceFile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("licences: %w", err)
	}
	l := &LicenceList{
		Licences:   f.Licences,
		Exceptions: f.Exceptions,
		byID:       make(map[string]int, len(f.Licences)),
		byKey:      make(map[string]string),
		exceptions: make(map[string]string, len(f.Exceptions)),
	}
	if len(l.Licences) == 0 {
		return nil, fmt.Errorf("licences: empty list")
	}
	for i := range l.Licences {
		lic := &l.Licences[i]
		if !licenceIDPattern.MatchString(lic.ID) {
			return nil, fmt.Errorf("licences: bad id %q", lic.ID)
		}
		k := strings.ToLower(lic.ID)
		if _, dup := l.byID[k]; dup {
			return nil, fmt.Errorf("licences: %s listed twice", lic.ID)
		}
		l.byID[k] = i
	}
	for i := range l.Licences {
		if err := l.checkLicence(&l.Licences[i]); err != nil {
			return nil, fmt.Errorf("licences: %s: %w", l.Licences[i].ID, err)
		}
	}
	// Ids are names too, but a spelling listed on purpose wins over an id
	// that merely folds to the same key ("GPLv3" is -only, not deprecated
	// GPL-3.0), and listed ids win over the others (GPL-3.0-or-later over
	// the deprecated GPL-3.0+).
	explicit := map[string]string{}
	for _, lic := range l.Licences {
		for _, a := range lic.Aliases {
			key := LicenceNameKey(a)
			if key == "" {
				return nil, fmt.Errorf("licences: %s: alias %q has no words", lic.ID, a)
			}
			if other, ok := explicit[key]; ok && other != lic.ID {
				return nil, fmt.Errorf("licences: alias %q names both %s and %s", a, other, lic.ID)
			}
			explicit[key] = lic.ID
		}
	}
	for _, status := range []LicenceStatus{LicenceListed, LicenceAccepted, LicenceUnlisted} {
		for _, lic := range l.Licences {
			if lic.Status != status {
				continue
			}
			key := LicenceNameKey(lic.ID)
			if _, taken := l.byKey[key]; !taken {
				l.byKey[key] = lic.ID
			}
		}
	}
	for key, id := range explicit {
		l.byKey[key] = id
	}
	for _, e := range l.Exceptions {
		if !licenceIDPattern.MatchString(e) || strings.HasSuffix(e, "+") {
			return nil, fmt.Errorf("licences: bad exception id %q", e)
		}
		k := strings.ToLower(e)
		if _, dup := l.exceptions[k]; dup {
			return nil, fmt.Errorf("licences: exception %s listed twice", e)
		}
		if _, clash := l.byID[k]; clash {
			return nil, fmt.Errorf("licences: %s is both a licence and an exception", e)
		}
		l.exceptions[k] = e
	}
	return l, nil
}

func (l *LicenceList) checkLicence(lic *Licence) error {
	if lic.Name.FR == "" || lic.Name.EN == "" {
		return fmt.Errorf("needs a French and an English name")
	}
	switch lic.Scope {
	case LicenceSoftware, LicenceData:
	default:
		return fmt.Errorf("unknown scope %q", lic.Scope)
	}
	switch lic.Family {
	case "", LicencePermissive, LicenceReciprocal:
	default:
		return fmt.Errorf("unknown family %q", lic.Family)
	}
	if lic.Family != "" && lic.Scope != LicenceSoftware {
		return fmt.Errorf("a family is for software licences")
	}
	switch lic.Status {
	case LicenceListed:
		if lic.Reason != "" || lic.Listed != "" {
			return fmt.Errorf("a listed licence has no reason or listed id")
		}
		if lic.Scope == LicenceSoftware && lic.Family == "" {
			return fmt.Errorf("a listed software licence needs a family")
		}
		return nil
	case LicenceAccepted:
		if lic.Reason != LicenceReasonGNUOnly && lic.Reason != LicenceReasonDeprecatedID {
			return fmt.Errorf("accepted needs reason %s or %s, not %q", LicenceReasonGNUOnly, LicenceReasonDeprecatedID, lic.Reason)
		}
	case LicenceUnlisted:
		if lic.Reason != "" && lic.Reason != LicenceReasonOldVersion {
			return fmt.Errorf("unlisted takes no reason or %s, not %q", LicenceReasonOldVersion, lic.Reason)
		}
		if lic.Reason == "" {
			if lic.Listed != "" {
				return fmt.Errorf("listed id without reason")
			}
			return nil
		}
	default:
		return fmt.Errorf("unknown status %q", lic.Status)
	}
	target, ok := l.Lookup(lic.Listed)
	if !ok || target.Status != LicenceListed {
		return fmt.Errorf("listed %q is not a listed licence", lic.Listed)
	}
	return nil
}

// Lookup finds a licence by SPDX id, ignoring case as SPDX does.
func (l *LicenceList) Lookup(id string) (*Licence, bool) {
	i, ok := l.byID[strings.ToLower(id)]
	if !ok {
		return nil, false
	}
	return &l.Licences[i], true
}

// Exception returns the canonical spelling of an SPDX exception id.
func (l *LicenceList) Exception(id string) (string, bool) {
	e, ok := l.exceptions[strings.ToLower(id)]
	return e, ok
}

// Alias maps a free-form licence name ("Apache License, Version 2.0",
// "CeCILL v2.1", "GPLv3+") to an SPDX id of the list.
func (l *LicenceList) Alias(name string) (string, bool) {
	key := LicenceNameKey(name)
	if key == "" {
		return "", false
	}
	id, ok := l.byKey[key]
	return id, ok
}

// licenceFillers carry no identity: "The MIT License", "MIT" and "MIT
// licence" are one licence.
var licenceFillers = map[string]bool{
	"the": true, "a": true, "an": true, "of": true,
	"le": true, "la": true, "les": true, "l": true, "de": true, "du": true, "des": true, "d": true,
	"license": true, "licence": true, "licenses": true, "licences": true, "licensed": true,
	"version": true, "ver": true, "v": true, "gnu": true,
}

// licenceLaterPhrases all mean "or any later version".
var licenceLaterPhrases = [][]string{
	{"or", "any", "later"}, {"or", "later"}, {"and", "later"}, {"or", "newer"},
	{"or", "greater"}, {"or", "above"},
	{"ou", "toute", "ulterieure"}, {"ou", "ulterieure"}, {"ou", "toute", "superieure"},
	{"ou", "superieure"}, {"ou", "plus", "recente"},
}

// LicenceNameKey reduces a licence name to what identifies it: lower-case
// words without accents, fillers and punctuation, versions without trailing
// ".0", "or later" as "+". Two names with the same key name one licence.
func LicenceNameKey(name string) string {
	var toks []string
	rs := []rune(licenceFold(name))
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '+':
			toks = append(toks, "+")
			i++
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			w := string(rs[i:j])
			// "GPLv3", "EUPL v1.2": a v glued to a version number.
			if j < len(rs) && unicode.IsDigit(rs[j]) && len(w) > 1 && strings.HasSuffix(w, "v") {
				w = w[:len(w)-1]
			}
			toks = append(toks, w)
			i = j
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.' && j+1 < len(rs) && unicode.IsDigit(rs[j+1])) {
				j++
			}
			w := string(rs[i:j])
			for strings.HasSuffix(w, ".0") {
				w = strings.TrimSuffix(w, ".0")
			}
			toks = append(toks, w)
			i = j
		default:
			i++
		}
	}
	var out []string
	for i := 0; i < len(toks); i++ {
		if n := licenceLaterAt(toks[i:]); n > 0 {
			out = append(out, "+")
			i += n - 1
			continue
		}
		t := toks[i]
		switch t {
		case "seulement", "uniquement":
			t = "only"
		}
		if licenceFillers[t] {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == t {
			continue // "The MIT License (MIT)"
		}
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

func licenceLaterAt(toks []string) int {
	for _, p := range licenceLaterPhrases {
		n, k := 0, 0
		for ; k < len(toks) && n < len(p); k++ {
			if licenceFillers[toks[k]] && toks[k] != p[n] {
				continue // "or any later version", "ou toute version ultérieure"
			}
			if toks[k] != p[n] {
				break
			}
			n++
		}
		if n == len(p) {
			return k
		}
	}
	return 0
}

// licenceFold lower-cases and strips the accents French names carry.
func licenceFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'à', 'â', 'ä':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï':
			r = 'i'
		case 'ô', 'ö':
			r = 'o'
		case 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'œ':
			b.WriteString("oe")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
