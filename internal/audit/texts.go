package audit

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/rules"
)

// strs are the reports' words in one language.
type strs struct {
	Lang, Title, Levels, Level, Repositories, NotScanned, BlockingTitle, BlockingNone string
	Rule, Title2, RepositoriesTitle, Repository, License, Failing, Secrets            string
	LastActivity, NotScannedTitle, Why, Filter, AllLevels, Provisional, None          string
	Generated, ChartLabel, Shown, PassGate, HoldSecrets, NotApproved                  string

	// Changes since an earlier audit.
	ChangesTitle, NoChange, Since, LevelUp, LevelDown, NewSecrets, FixedSecrets   string
	Added, Removed, NotScannedNow, NoLevel                                        string
	UpOne, UpMany, DownOne, DownMany, NewSecretOne, NewSecretMany                 string
	FixedSecretOne, FixedSecretMany, AddedOne, AddedMany, RemovedOne, RemovedMany string

	// The manager's view.
	AuditOf, Inputs, SettingsWord, ByOrgTitle, Organisation, Total, NextSteps, Command, Nothing string
	PSOID, Detail, Colon                                                                        string
}

// texts are the reports' words in lang: each field of strs is the
// catalog's audit-report.<field> (rules/cli.yaml), read once per language.
func texts(lang string) *strs {
	if lang != "fr" {
		lang = "en"
	}
	textsOnce.Do(func() {
		for _, l := range rules.Languages() {
			t := &strs{Lang: l}
			v := reflect.ValueOf(t).Elem()
			for i := 0; i < v.NumField(); i++ {
				if name := v.Type().Field(i).Name; name != "Lang" {
					v.Field(i).SetString(rules.CLI().Messages["audit-report."+fieldKey(name)].In(l))
				}
			}
			textsByLang[l] = t
		}
	})
	return textsByLang[lang]
}

var (
	textsOnce   sync.Once
	textsByLang = map[string]*strs{}
)

// fieldKey is a field's name as a catalog key: RepositoriesTitle is
// repositories-title, PSOID psoid.
func fieldKey(name string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range name {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = r
	}
	return b.String()
}

// fill expands a text's placeholders in the reports' language.
func (t *strs) fill(text string, kv ...string) string {
	args := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i]] = kv[i+1]
	}
	return rules.ExpandIn(t.Lang, text, args)
}

func (t *strs) levelName(l finding.Level) string {
	if l == finding.LevelNone || l == "" {
		return t.None
	}
	return string(l) + " — " + l.Name()
}

func (t *strs) levelCell(rec Record) string {
	s := t.shortLevel(levelOf(rec))
	if rec.Provisional {
		s += " (" + t.Provisional + ")"
	}
	return s
}

func (t *strs) summary(s Summary) string {
	return rules.Say(t.Lang, "audit.summary", "repos", strconv.Itoa(s.Repositories), "scanned", strconv.Itoa(s.Scanned),
		"failed", strconv.Itoa(s.Failed), "passed", strconv.Itoa(s.Passed), "secrets", strconv.Itoa(s.WithSecrets))
}

// percent writes "42 %" in French and "42%" in English.
func (t *strs) percent(n int) string {
	if t.Lang == "fr" {
		return fmt.Sprintf("%d\u00a0%%", n)
	}
	return fmt.Sprintf("%d%%", n)
}

// count writes n and the noun in the right number.
func count(lang string, n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, word(lang, n, one, many))
}

// word picks the singular or the plural: French counts 0 as singular,
// English as plural.
func word(lang string, n int, one, many string) string {
	if n == 1 || (n == 0 && lang == "fr") {
		return one
	}
	return many
}

// reason is why a repository could not be scanned, as recorded (in
// English: the state file is the same whatever the report's language),
// with the audit's own words put in the report's language. What git or a
// server said stays as it was said.
func (t *strs) reason(s string) string {
	if t.Lang != "fr" {
		return s
	}
	for _, r := range []struct{ en, fr string }{
		{"empty repository: nothing to publish", "dépôt vide\u00a0: rien à publier"},
		{"timed out after ", "abandonné au bout de "},
		{"could not clone: ", "clonage impossible\u00a0: "},
		{"could not list the account: ", "compte non listé\u00a0: "},
	} {
		if strings.HasPrefix(s, r.en) {
			return r.fr + strings.TrimPrefix(s, r.en)
		}
	}
	return s
}
