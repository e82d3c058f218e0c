package audit

import (
	"fmt"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
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

var english = strs{
	Lang:              "en",
	Title:             "Openness audit",
	Levels:            "Openness levels",
	Level:             "Level",
	Repositories:      "Repositories",
	NotScanned:        "Not scanned",
	BlockingTitle:     "Blocking problems by rule",
	BlockingNone:      "No repository fails its gate.",
	Rule:              "Rule",
	Title2:            "Checks that",
	RepositoriesTitle: "Repositories",
	Repository:        "Repository",
	License:           "Licence",
	Failing:           "Failing rules",
	Secrets:           "Secrets",
	LastActivity:      "Last activity",
	NotScannedTitle:   "Repositories that could not be scanned",
	Why:               "Why",
	Filter:            "Filter",
	AllLevels:         "All levels",
	Provisional:       "provisional",
	None:              "none (not ready to publish)",
	Generated:         "Made by ouvert %s.",
	ChartLabel:        "Repositories by openness level",
	Shown:             "shown",
	PassGate:          "Pass their gate",
	HoldSecrets:       "Hold secrets",
	NotApproved:       "not on the decree list",

	ChangesTitle:    "Since the previous audit",
	NoChange:        "Nothing changed since %s.",
	Since:           "Since %s: ",
	LevelUp:         "Level gained",
	LevelDown:       "Level lost",
	NewSecrets:      "New secrets",
	FixedSecrets:    "Secrets removed",
	Added:           "New repositories",
	Removed:         "Repositories gone",
	NotScannedNow:   "Scanned last time, not this time",
	NoLevel:         "none",
	UpOne:           "repository gained a level",
	UpMany:          "repositories gained a level",
	DownOne:         "lost one",
	DownMany:        "lost one",
	NewSecretOne:    "holds new secrets",
	NewSecretMany:   "hold new secrets",
	FixedSecretOne:  "had secrets removed",
	FixedSecretMany: "had secrets removed",
	AddedOne:        "new repository",
	AddedMany:       "new repositories",
	RemovedOne:      "gone",
	RemovedMany:     "gone",

	AuditOf:      "Audit of %s",
	Inputs:       "inputs",
	SettingsWord: "settings",
	ByOrgTitle:   "By organisation",
	Organisation: "Organisation",
	Total:        "All",
	NextSteps:    "What to do next",
	Command:      "command",
	Nothing:      "nothing: level A reached",
	PSOID:        "pso_id",
	Detail:       "detail",
	Colon:        ": ",
}

var french = strs{
	Lang:              "fr",
	Title:             "Audit d'ouverture",
	Levels:            "Degrés d'ouverture",
	Level:             "Degré",
	Repositories:      "Dépôts",
	NotScanned:        "Non analysés",
	BlockingTitle:     "Problèmes bloquants par règle",
	BlockingNone:      "Aucun dépôt n'échoue à son seuil.",
	Rule:              "Règle",
	Title2:            "Vérifie que",
	RepositoriesTitle: "Dépôts",
	Repository:        "Dépôt",
	License:           "Licence",
	Failing:           "Règles en échec",
	Secrets:           "Secrets",
	LastActivity:      "Dernière activité",
	NotScannedTitle:   "Dépôts qui n'ont pas pu être analysés",
	Why:               "Raison",
	Filter:            "Filtrer",
	AllLevels:         "Tous les degrés",
	Provisional:       "provisoire",
	None:              "aucun (pas prêt à publier)",
	Generated:         "Produit par ouvert %s.",
	ChartLabel:        "Dépôts par degré d'ouverture",
	Shown:             "affichés",
	PassGate:          "Passent leur seuil",
	HoldSecrets:       "Contiennent des secrets",
	NotApproved:       "absente de la liste du décret",

	ChangesTitle:    "Depuis l'audit précédent",
	NoChange:        "Rien n'a changé depuis %s.",
	Since:           "Depuis %s\u00a0: ",
	LevelUp:         "Degré gagné",
	LevelDown:       "Degré perdu",
	NewSecrets:      "Nouveaux secrets",
	FixedSecrets:    "Secrets retirés",
	Added:           "Nouveaux dépôts",
	Removed:         "Dépôts disparus",
	NotScannedNow:   "Analysés la dernière fois, pas cette fois",
	NoLevel:         "aucun",
	UpOne:           "dépôt a gagné un degré",
	UpMany:          "dépôts ont gagné un degré",
	DownOne:         "en a perdu un",
	DownMany:        "en ont perdu un",
	NewSecretOne:    "contient de nouveaux secrets",
	NewSecretMany:   "contiennent de nouveaux secrets",
	FixedSecretOne:  "a vu des secrets retirés",
	FixedSecretMany: "ont vu des secrets retirés",
	AddedOne:        "nouveau dépôt",
	AddedMany:       "nouveaux dépôts",
	RemovedOne:      "disparu",
	RemovedMany:     "disparus",

	AuditOf:      "Audit du %s",
	Inputs:       "entrées",
	SettingsWord: "réglages",
	ByOrgTitle:   "Par organisation",
	Organisation: "Organisation",
	Total:        "Ensemble",
	NextSteps:    "Prochaines étapes",
	Command:      "commande",
	Nothing:      "rien : degré A atteint",
	PSOID:        "pso_id",
	Detail:       "détail",
	Colon:        "\u00a0: ",
}

func texts(lang string) *strs {
	if lang == "fr" {
		return &french
	}
	return &english
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
	if t.Lang == "fr" {
		return fmt.Sprintf("%s\u00a0: %d %s, %d non %s\u202f; %d %s leur seuil, %d %s des secrets.",
			count("fr", s.Repositories, "dépôt", "dépôts"), s.Scanned, word("fr", s.Scanned, "analysé", "analysés"),
			s.Failed, word("fr", s.Failed, "analysé", "analysés"), s.Passed, word("fr", s.Passed, "passe", "passent"),
			s.WithSecrets, word("fr", s.WithSecrets, "contient", "contiennent"))
	}
	return fmt.Sprintf("%s: %d scanned, %d not scanned; %d %s their gate, %d %s secrets.",
		count("en", s.Repositories, "repository", "repositories"), s.Scanned, s.Failed,
		s.Passed, word("en", s.Passed, "passes", "pass"), s.WithSecrets, word("en", s.WithSecrets, "holds", "hold"))
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
