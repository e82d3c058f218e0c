package report

import (
	"regexp"

	"github.com/ouvert-dev/ouvert/rules"
)

// ui holds the reporters' own words; rule texts live in the catalog.
var ui = map[string]rules.Text{
	"level":           {FR: "Niveau", EN: "Level"},
	"licence":         {FR: "Licence", EN: "Licence"},
	"none-level":      {FR: "aucun (pas prêt à publier)", EN: "none (not ready to publish)"},
	"provisional":     {FR: "provisoire : {n|one:# règle non évaluée|other:# règles non évaluées} ({rules}) ; niveau confirmé : {confirmed}", EN: "provisional: {n|one:# rule|other:# rules} not evaluated ({rules}); confirmed level: {confirmed}"},
	"no-licence":      {FR: "aucune licence reconnue", EN: "no licence recognised"},
	"approved":        {FR: "sur la liste du décret", EN: "on the decree list"},
	"not-approved":    {FR: "hors de la liste du décret", EN: "not on the decree list"},
	"advisory":        {FR: "Conseils (hors niveaux)", EN: "Advice (outside the levels)"},
	"next":            {FR: "Pour atteindre le niveau {level} :", EN: "To reach level {level}:"},
	"confirm":         {FR: "Pour confirmer le niveau {level} :", EN: "To confirm level {level}:"},
	"top":             {FR: "Niveau A atteint : rien ne manque. Gardez le dépôt vivant.", EN: "Level A reached: nothing is missing. Keep the repository alive."},
	"gate-pass":       {FR: "Contrôle : réussi (niveau minimal {min}{failon})", EN: "Gate: passed (minimum level {min}{failon})"},
	"gate-fail":       {FR: "Contrôle : échoué (niveau minimal {min}{failon}) à cause de : {rules}", EN: "Gate: failed (minimum level {min}{failon}) because of: {rules}"},
	"gate-broken":     {FR: "Contrôle : indéterminé, une vérification a échoué : {rules}", EN: "Gate: undecided, a check failed: {rules}"},
	"fail-on":         {FR: ", échec dès la gravité {sev}", EN: ", failing on {sev} or worse"},
	"level-none-name": {FR: "aucun", EN: "none"},
	"accepted":        {FR: "accepté", EN: "accepted"},
	"baseline":        {FR: "déjà dans la ligne de base", EN: "already in the baseline"},

	// Markdown, HTML, JUnit and badges.
	"md-title":          {FR: "ouvert : niveau {level}", EN: "ouvert: level {level}"},
	"report-title":      {FR: "Rapport ouvert", EN: "ouvert report"},
	"scanned":           {FR: "Dépôt", EN: "Repository"},
	"gate":              {FR: "Contrôle", EN: "Gate"},
	"findings-title":    {FR: "Constats ({n})", EN: "Findings ({n})"},
	"no-findings":       {FR: "Aucun constat.", EN: "No findings."},
	"more-findings":     {FR: "… et {n|one:# constat|other:# constats} de plus : voir le rapport complet (JSON, SARIF ou HTML).", EN: "… and {n|one:# more finding|other:# more findings}: see the full report (JSON, SARIF or HTML)."},
	"accepted-title":    {FR: "Constats acceptés ({n})", EN: "Accepted findings ({n})"},
	"rules-summary":     {FR: "Règles : {pass|one:# réussie|other:# réussies}, {fail} en échec, {skip|one:# non évaluée|other:# non évaluées}, {error} en erreur", EN: "Rules: {pass} passed, {fail} failed, {skip} not evaluated, {error} errored"},
	"rules-title":       {FR: "Règles par niveau", EN: "Rules by level"},
	"col-severity":      {FR: "Gravité", EN: "Severity"},
	"col-rule":          {FR: "Règle", EN: "Rule"},
	"col-location":      {FR: "Emplacement", EN: "Location"},
	"col-message":       {FR: "Constat", EN: "Finding"},
	"col-evidence":      {FR: "Indice (masqué)", EN: "Evidence (redacted)"},
	"col-result":        {FR: "Résultat", EN: "Result"},
	"col-detail":        {FR: "Détail", EN: "Detail"},
	"outcome-pass":      {FR: "réussie", EN: "passed"},
	"outcome-fail":      {FR: "en échec", EN: "failed"},
	"outcome-skip":      {FR: "non évaluée", EN: "not evaluated"},
	"outcome-error":     {FR: "erreur", EN: "error"},
	"sev-error":         {FR: "erreur", EN: "error"},
	"sev-warning":       {FR: "avertissement", EN: "warning"},
	"sev-note":          {FR: "note", EN: "note"},
	"whole-repo":        {FR: "(tout le dépôt)", EN: "(whole repository)"},
	"commit":            {FR: "Commit", EN: "Commit"},
	"ref":               {FR: "Référence", EN: "Ref"},
	"made-by":           {FR: "Produit par ouvert {version}", EN: "Made by ouvert {version}"},
	"licence-files":     {FR: "Fichiers de licence", EN: "Licence files"},
	"declarations":      {FR: "Licences déclarées ailleurs", EN: "Licences declared elsewhere"},
	"coverage":          {FR: "part du texte reconnue", EN: "share of the text recognised"},
	"licence-share":     {FR: "le texte de la licence fait {percent}\u00a0% du fichier", EN: "the licence text is {percent}% of the file"},
	"family-permissive": {FR: "licence permissive", EN: "permissive licence"},
	"family-reciprocal": {FR: "licence avec obligation de réciprocité", EN: "reciprocal (copyleft) licence"},
	"unknown":           {FR: "non reconnue", EN: "not recognised"},
	"more-html":         {FR: "… et {n|one:# constat|other:# constats} de plus, dans le rapport JSON.", EN: "… and {n|one:# more finding|other:# more findings}, in the JSON report."},
	"provisional-short": {FR: "provisoire", EN: "provisional"},
	"badge-title":       {FR: "Degré d'ouverture code.gouv.fr : {level}", EN: "code.gouv.fr openness level: {level}"},
	"badge-none":        {FR: "non publiable", EN: "not ready"},

	// Where a secret lives, and how to remove it from the history.
	"places":           {FR: "{n} emplacements : {list}", EN: "{n} places: {list}"},
	"more-places":      {FR: "… et {n} de plus", EN: "… and {n} more"},
	"also-in":          {FR: "aussi à {n|one:# autre emplacement|other:# autres emplacements}", EN: "also in {n|one:# other place|other:# other places}"},
	"col-places":       {FR: "Emplacements", EN: "Places"},
	"places-title":     {FR: "Où vivent les secrets", EN: "Where the secrets live"},
	"place-tree":       {FR: "fichiers actuels", EN: "current files"},
	"place-history":    {FR: "historique, commit {commit} du {date}", EN: "history, commit {commit} of {date}"},
	"purge-rotate":     {FR: "Révoquez ou renouvelez d'abord ce secret : il est public depuis qu'il a été poussé. Ensuite, dans un clone neuf, retirez-le de l'historique avec git filter-repo :", EN: "Revoke or rotate this secret first: it has been public since it was pushed. Then, in a fresh clone, remove it from the history with git filter-repo:"},
	"purge-invert":     {FR: "soit en retirant ces fichiers de tous les commits (les actuels aussi) :", EN: "either remove these files from every commit (the current ones too):"},
	"purge-incomplete": {FR: "(et {n|one:# chemin|other:# chemins} de plus, que le rapport ne nomme pas : préférez --replace-text)", EN: "(and {n|one:# more path|other:# more paths} the report does not name: prefer --replace-text)"},
	"purge-replace":    {FR: "soit en gardant les fichiers et en remplaçant la valeur : écrivez sur une ligne de {file}, hors du dépôt, « literal: » suivi de la valeur, puis :", EN: "or keep the files and replace the value: write on one line of {file}, outside the repository, \"literal:\" followed by the value, then:"},
	"purge-after":      {FR: "Puis poussez de force chaque branche et étiquette, et faites recloner chaque copie.", EN: "Then force-push every branch and tag, and have every copy cloned again."},
	"sarif-srcroot":    {FR: "La racine du dépôt.", EN: "The root of the repository."},
}

func t(key, lang string) string {
	return ui[key].In(lang)
}

// tx is t with its arguments, plural forms chosen for lang.
func tx(key, lang string, args map[string]string) string {
	return rules.ExpandIn(lang, ui[key].In(lang), args)
}

// charsUnit is the unit the secrets package writes in redacted evidence
// ("AKIA… (20 chars)"); people reading French see it in French.
var charsUnit = regexp.MustCompile(`\((\d+) chars\)$`)

// evidenceIn shows redacted evidence in the reader's language.
func evidenceIn(e, lang string) string {
	if lang != "fr" {
		return e
	}
	return charsUnit.ReplaceAllStringFunc(e, func(m string) string {
		n := charsUnit.FindStringSubmatch(m)[1]
		if n == "0" || n == "1" {
			return "(" + n + " caractère)"
		}
		return "(" + n + "\u00a0caractères)"
	})
}
