package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ouvert-dev/ouvert/internal/report"
)

// helpLang is the language of --help: --lang on the command line, else
// LC_ALL/LANG. Cobra writes help before flags are parsed, so the
// arguments are read here.
func helpLang(args []string, getenv func(string) string) string {
	for i, a := range args {
		switch {
		case a == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "--lang="):
			return strings.TrimPrefix(a, "--lang=")
		case a == "--":
			return report.LangFromEnv(getenv)
		}
	}
	return report.LangFromEnv(getenv)
}

// auditFlagsFR are the French usages of the audit commands' flags.
var auditFlagsFR = map[string]string{
	"github-org":       "tous les dépôts de l'organisation GitHub `ORG` (répétable)",
	"github-api":       "`URL` de l'API GitHub (GitHub Enterprise Server\u00a0: https://HÔTE/api/v3)",
	"gitlab-group":     "tous les projets du groupe GitLab `GROUPE` et de ses sous-groupes (répétable)",
	"gitlab-url":       "instance GitLab de --gitlab-group (`URL`)",
	"list":             "dépôts listés dans `FICHIER`\u00a0: une URL ou un chemin par ligne (commentaires #), ou un CSV avec une colonne url\u202f; - pour l'entrée standard",
	"accounts":         "tous les comptes listés dans `FICHIER`, au format de comptes-organismes-publics.yml de code.gouv.fr",
	"include-archived": "auditer aussi les dépôts archivés",
	"include-forks":    "auditer aussi les fourches",
	"match":            "n'auditer que les dépôts dont l'URL correspond à cette `REGEX`",
	"config":           "`FICHIER` de configuration pour tous les dépôts, à la place du .ouvert.yml de chacun",
	"min-level":        "`DEGRÉ` le plus bas qui passe le seuil de chaque dépôt\u00a0: A, B, C ou none (par défaut\u00a0: celui de chaque configuration, sinon C)",
	"fail-on":          "faire aussi échouer le seuil d'un dépôt sur un constat de cette `GRAVITÉ`\u00a0: error, warning, note ou none",
	"history":          "analyser aussi chaque commit de chaque branche et étiquette à la recherche de secrets (plus lent\u00a0: clones complets)",
	"jobs":             "`N` dépôts clonés et analysés à la fois",
	"timeout":          "abandonner un dépôt (clone et analyse) au bout de cette `DURÉE`",
	"cache":            "garder des miroirs nus dans `DOSSIER`, pour que l'audit suivant ne récupère que ce qui a changé",
	"state":            "`FICHIER` d'état\u00a0: une ligne par dépôt dès qu'il est fini (par défaut " + stateFileName + " à côté de --output)",
	"resume":           "poursuivre l'audit du fichier d'état\u00a0: sauter les dépôts qu'il contient",
	"shard":            "n'auditer que la part `I/N` des dépôts (pour N tâches\u00a0; voir ouvert audit merge)",
	"format":           "`FORMAT` du rapport\u00a0: csv, jsonl, json, markdown ou html (par défaut d'après l'extension de --output, sinon markdown)",
	"output":           "écrire le rapport dans `FICHIER` plutôt que sur la sortie standard",
	"lang":             "`LANGUE` du rapport, fr ou en (par défaut d'après LC_ALL/LANG)",
	"quiet":            "aucune progression sur la sortie d'erreur",
	"repo-reports":     "écrire aussi le rapport de chaque dépôt dans `DOSSIER`\u00a0; le tableau de bord y renvoie",
	"repo-format":      "`FORMAT` des rapports de --repo-reports (l'un des --format de scan)",
	"csv-sep":          "`SÉPARATEUR` des champs du CSV\u00a0: , ou ; (tableurs en français) ou tab",
	"previous":         "comparer avec un audit précédent\u00a0: son `FICHIER` d'état ou son rapport JSON (degrés gagnés et perdus, secrets et dépôts nouveaux et disparus)",
	"dry-run":          "lister les comptes que l'audit couvrirait (hôte, forge, propriétaire, pso_id, listable) sans aucune requête réseau, puis s'arrêter",
	"help":             "afficher cette aide",
}

type helpFR struct{ short, long string }

var auditHelpFR = map[string]helpFR{
	"audit": {
		short: "Analyser tous les dépôts d'une organisation et en faire un seul rapport",
		long: `Analyse de nombreux dépôts, listés par les API des forges, des listes, des chemins
locaux et des URL, avec le moteur et la configuration d'ouvert scan, et écrit un
seul rapport sur tous.

Les entrées se combinent\u00a0: --github-org, --gitlab-group (sous-groupes compris),
--list, --accounts (comptes-organismes-publics.yml de code.gouv.fr) et des URL
en arguments. Les dépôts archivés et les fourches listés par une API sont
laissés de côté sauf demande\u00a0; un doublon est analysé une fois. --dry-run dit
ce que l'audit couvrirait, sans réseau.

Chaque dépôt est cloné (arborescence seule sauf --history), analysé et
supprimé\u00a0; --cache DOSSIER garde des miroirs nus. Chaque résultat est ajouté à
un fichier d'état dès qu'il est connu\u00a0: après une interruption, --resume
reprend où l'audit s'est arrêté. Un dépôt qui ne peut pas être analysé est
signalé avec la raison, et l'audit continue. --previous compare avec un audit
précédent.

--shard I/N analyse une part de la liste, pour N machines\u00a0; « ouvert audit
merge » réunit leurs fichiers d'état en un rapport.

GITHUB_TOKEN et GITLAB_TOKEN authentifient les API et les clones
(OUVERT_TOKEN, s'il est défini, sert pour chaque clone). Codes de sortie\u00a0:
0 rapport écrit, 2 erreur d'usage, 3 l'audit n'a pas pu se faire ou a été
interrompu.`,
	},
	"merge": {
		short: "Réunir les fichiers d'état des parts d'un audit en un rapport",
		long: `Réunit des fichiers d'état (les parts d'un audit, ou des audits d'entrées
différentes) en un seul rapport. Un dépôt présent dans plusieurs fichiers
prend son dernier enregistrement, dans l'ordre donné. Les fichiers faits avec
d'autres réglages (historique, configuration, seuil) sont refusés\u00a0; une part
manquante est signalée.`,
	},
	"diff": {
		short: "Dire ce qui a changé entre deux audits",
		long: `Compare deux audits, chacun donné par son fichier d'état ou son rapport JSON\u00a0:
dépôts qui ont gagné ou perdu un degré, secrets nouveaux et retirés, dépôts
nouveaux et disparus, et ceux analysés la dernière fois qui n'ont pas pu
l'être cette fois. En Markdown par défaut\u00a0; --format json pour les mêmes
données.`,
	},
}

// usageFR is cobra's usage template with its headings in French.
const usageFR = `Usage :{{if .Runnable}}
  {{frUse .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [commande]{{end}}{{if gt (len .Aliases) 0}}

Alias :
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Exemples :
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commandes :{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Options :
{{frFlags .LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Options communes :
{{frFlags .InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} [commande] --help » en dit plus sur une commande.{{end}}
`

func init() {
	// Used by usageFR only.
	cobra.AddTemplateFunc("frUse", func(s string) string { return strings.Replace(s, "[flags]", "[options]", 1) })
	cobra.AddTemplateFunc("frFlags", func(s string) string { return strings.ReplaceAll(s, " (default ", " (par défaut\u00a0: ") })
}

// frenchHelp puts an audit command's help in French.
func frenchHelp(cmd *cobra.Command, key string) {
	h := auditHelpFR[key]
	cmd.Short, cmd.Long = h.short, strings.ReplaceAll(h.long, `\u00a0`, "\u00a0")
	if cmd.Flags().Lookup("help") == nil {
		cmd.Flags().BoolP("help", "h", false, auditFlagsFR["help"])
	}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if u, ok := auditFlagsFR[f.Name]; ok {
			f.Usage = u
		}
	})
	if key == "diff" {
		cmd.Use = "diff ANCIEN NOUVEAU"
		if f := cmd.Flags().Lookup("format"); f != nil {
			f.Usage = "`FORMAT`\u00a0: markdown ou json (par défaut d'après l'extension de --output, sinon markdown)"
		}
	}
	cmd.SetUsageTemplate(strings.ReplaceAll(usageFR, " :", "\u00a0:"))
}
