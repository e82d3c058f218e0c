package report

import "github.com/ouvert-dev/ouvert/rules"

// ui holds the reporters' own words; rule texts live in the catalog.
var ui = map[string]rules.Text{
	"level":           {FR: "Niveau", EN: "Level"},
	"licence":         {FR: "Licence", EN: "Licence"},
	"none-level":      {FR: "aucun (pas prêt à publier)", EN: "none (not ready to publish)"},
	"provisional":     {FR: "provisoire : {n} règle(s) non évaluée(s) ({rules}) ; niveau confirmé : {confirmed}", EN: "provisional: {n} rule(s) not evaluated ({rules}); confirmed level: {confirmed}"},
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
}

func t(key, lang string) string {
	return ui[key].In(lang)
}
