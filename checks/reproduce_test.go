package checks

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// gitRepo writes files into a new git repository, commits them at date,
// then runs each step (git arguments, or "at DATE" to change the date of
// the commits that follow), and opens it as a scan would.
func gitRepo(t *testing.T, files map[string]string, date string, steps ...[]string) *Env {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Agent", "GIT_AUTHOR_EMAIL=agent@ville.fr", "GIT_COMMITTER_NAME=Agent", "GIT_COMMITTER_EMAIL=agent@ville.fr")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "--quiet", "--initial-branch=main")
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("add", "-A")
	run("commit", "--quiet", "-m", "initial")
	for _, s := range steps {
		if s[0] == "at" {
			date = s[1]
			continue
		}
		run(s...)
	}
	repo, err := source.Open(context.Background(), dir, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Repo: repo, Catalog: cat, Now: now}
}

// ruleText runs a check and returns the rule's outcome and its message in
// lang.
func ruleText(t *testing.T, c Check, env *Env, rule, lang string) (finding.Outcome, string) {
	t.Helper()
	o, _, _ := outcomes(t, c, env)
	res, _ := c.Run(context.Background(), env)
	for _, r := range res.Rules {
		if r.Rule == rule {
			return o[rule], env.Catalog.Text(rule, r.Reason, lang)
		}
	}
	t.Fatalf("%s: no outcome", rule)
	return "", ""
}

const recent = "2026-11-01T12:00:00Z"

// Issue 14's reproductions, each in a real git repository.
func TestIssue14Reproductions(t *testing.T) {
	t.Run("contributing: title and installation are not how to submit", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"CONTRIBUTING.md": "# Contribuer\n\n## Installation\n\n```sh\nnpm install\n```\n\n## Effectuer les tests\n\n```sh\nnpm test\n```\n"}, recent)
		o, msg := ruleText(t, Contributing{}, env, contributingContentRule, "fr")
		if o != finding.Fail || !strings.Contains(msg, "proposer une modification") || strings.Contains(msg, "lancer les tests") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("contributing: CI is not how to test", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"CONTRIBUTING.md": "# Contributing\n\nPull requests must pass the CI check.\n"}, recent)
		o, msg := ruleText(t, Contributing{}, env, contributingContentRule, "en")
		if o != finding.Fail || !strings.Contains(msg, "set up") || !strings.Contains(msg, "run the tests") || !strings.Contains(msg, "submit a change") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("contributing: a pass quotes its evidence", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"CONTRIBUTING.md": "# Contribuer\n\n## Installation\n\n```sh\nnpm install\n```\n\n## Effectuer les tests\n\n```sh\nnpm test\n```\n\n## Proposer une modification\n\nOuvrez une merge request vers `main`.\n"}, recent)
		o, msg := ruleText(t, Contributing{}, env, contributingContentRule, "fr")
		if o != finding.Pass || !strings.Contains(msg, "`npm test` sous «\u00a0Effectuer les tests\u00a0», CONTRIBUTING.md:12") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("maintenance: clone URLs and demo logins reach nobody", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"README.md": "# Outil\n\n```sh\ngit clone git@github.com:ville/outil.git\n```\n\nDémo : connectez-vous avec admin@demo.ville.fr et le mot de passe demo.\n"}, recent)
		if o, msg := ruleText(t, Maintenance{}, env, maintenanceRule, "fr"); o != finding.Fail {
			t.Errorf("%s: %s", o, msg)
		}
	})
	for name, files := range map[string]map[string]string{
		"R DESCRIPTION Authors@R cre":  {"DESCRIPTION": "Package: disagg\nAuthors@R: c(\n    person(\"Ana\", \"Lopez\", role = \"aut\"),\n    person(\"Jean\", \"Dupont\", email = \"jean.dupont@insee.fr\", role = c(\"aut\", \"cre\")))\nLicense: MIT + file LICENSE\n"},
		"package.json maintainers":     {"package.json": `{"name": "x", "maintainers": [{"name": "Équipe", "email": "equipe@beta.gouv.fr"}]}`},
		"pyproject authors":            {"pyproject.toml": "[project]\nname = \"x\"\nauthors = [{name = \"Équipe\", email = \"equipe@data.gouv.fr\"}]\n"},
		"team address in CONTRIBUTING": {"CONTRIBUTING.md": "# Contribuer\n\nPour toute question, écrivez à l'équipe : equipe-outil@numerique.gouv.fr.\n"},
		"channel in the README":        {"README.md": "# Outil\n\nRejoignez-nous sur [le canal Mattermost](https://mattermost.incubateur.net/betagouv/channels/outil).\n"},
	} {
		t.Run("maintenance: "+name, func(t *testing.T) {
			env := gitRepo(t, files, recent)
			if o, msg := ruleText(t, Maintenance{}, env, maintenanceRule, "en"); o != finding.Pass {
				t.Errorf("%s: %s", o, msg)
			}
		})
	}
	t.Run("security: public issues only", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"SECURITY.md": "# Security\n\nIf you find a vulnerability, report it by posting a GitHub issue.\n"}, recent)
		o, msg := ruleText(t, Security{}, env, securityRule, "en")
		if o != finding.Fail || !strings.Contains(msg, "public issues") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("security: CI scanners and risk analysis are not a channel", func(t *testing.T) {
		env := gitRepo(t, map[string]string{
			"README.md":   "# App\n\n## Security and vulnerabilities analysis\n\nThe CI runs [npm audit](https://docs.npmjs.com/cli/audit), [CodeQL](https://codeql.github.com/) and [Trivy](https://trivy.dev/).\n",
			"securite.md": "# Sécurité des produits\n\nL'analyse de risque commence par les valeurs métier et les besoins de sécurité de chacune.\n",
		}, recent)
		if o, msg := ruleText(t, Security{}, env, securityRule, "fr"); o != finding.Fail {
			t.Errorf("%s: %s", o, msg)
		}
	})
	for name, text := range map[string]string{
		"address":    "Report vulnerabilities to securite@numerique.gouv.fr, not in the issues.",
		"form":       "Use [this form](https://vdp.numerique.gouv.fr/p/Send-a-report).",
		"advisories": "Open a [private advisory](https://github.com/ville/outil/security/advisories/new).",
	} {
		t.Run("security: "+name, func(t *testing.T) {
			env := gitRepo(t, map[string]string{"SECURITY.md": "# Security policy\n\n" + text + "\n"}, recent)
			if o, msg := ruleText(t, Security{}, env, securityRule, "en"); o != finding.Pass {
				t.Errorf("%s: %s", o, msg)
			}
		})
	}
	t.Run("governance: roadmap linked in prose", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"README.md": "# Outil\n\nPour en savoir plus sur notre roadmap, voir [Roadmap](https://github.com/orgs/ville/projects/3).\n"}, recent)
		if o, msg := ruleText(t, Governance{}, env, governanceRule, "fr"); o != finding.Pass || !strings.Contains(msg, "projects/3") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("governance: README header link", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"README.md": "<p align=\"center\"><a href=\"https://github.com/orgs/ville/projects/3/views/2\">Roadmap</a> - <a href=\"CHANGELOG.md\">Changelog</a></p>\n\n# Outil\n"}, recent)
		if o, msg := ruleText(t, Governance{}, env, governanceRule, "fr"); o != finding.Pass {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("governance: section under another title", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"README.md": "# Schéma\n\n## Gestion du schéma\n\nLa gestion du schéma est centralisée sur un tableur ouvert en lecture, où chacun peut proposer une évolution.\n"}, recent)
		if o, msg := ruleText(t, Governance{}, env, governanceRule, "fr"); o != finding.Pass {
			t.Errorf("%s: %s", o, msg)
		}
	})
	pc := func(roadmap string) string {
		return "publiccodeYmlVersion: \"0\"\nname: outil\nroadmap: " + roadmap + "\n"
	}
	for url, want := range map[string]finding.Outcome{
		"https://www.lemonde.fr/economie/article/2024/01/01/outil_123.html": finding.Fail,
		"https://outil.beta.gouv.fr/":                                       finding.Fail,
		"https://github.com/orgs/ville/projects/3":                          finding.Pass,
		"https://gitlab.com/ville/outil/-/milestones":                       finding.Pass,
		"https://outil.beta.gouv.fr/feuille-de-route":                       finding.Pass,
	} {
		t.Run("governance: publiccode roadmap "+url, func(t *testing.T) {
			env := gitRepo(t, map[string]string{"publiccode.yml": pc(url)}, recent)
			if o, msg := ruleText(t, Governance{}, env, governanceRule, "en"); o != want {
				t.Errorf("%s: %s", o, msg)
			}
		})
	}
	t.Run("readme: installation by a link or in prose, licence in its sense", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"README.md": "# Logiciel\n\nCe logiciel calcule les droits des usagers à partir des barèmes publiés chaque année.\n\n" +
			"- [Documentation générale (installation, paramétrage…)](https://doc.ville.fr)\n\nIl est publié sous licence EUPL-1.2.\n"}, recent)
		if o, msg := ruleText(t, Readme{}, env, readmeContentRule, "fr"); o != finding.Pass || !strings.Contains(msg, "doc.ville.fr") {
			t.Errorf("link: %s: %s", o, msg)
		}
		env = gitRepo(t, map[string]string{"README.md": "# Logiciel\n\nCe logiciel calcule les droits des usagers à partir des barèmes publiés chaque année.\n\n" +
			"La compilation du logiciel s'effectue via la commande fournie dans le Makefile.\n\nIl évite l'achat d'une licence de tableur.\n"}, recent)
		o, msg := ruleText(t, Readme{}, env, readmeContentRule, "fr")
		if o != finding.Fail || !strings.Contains(msg, "sa licence") || strings.Contains(msg, "installer") {
			t.Errorf("prose: %s: %s", o, msg)
		}
	})
	t.Run("readme: README.rst in French beside README.en.rst", func(t *testing.T) {
		env := gitRepo(t, map[string]string{
			"README.rst":    "Outil\n=====\n\nCet outil publie les délibérations du conseil municipal en données ouvertes.\n\nInstallation\n------------\n\n::\n\n    pip install outil\n\nLicence\n-------\n\nPublié sous licence CeCILL-2.1.\n",
			"README.en.rst": "Tool\n====\n\nThis tool publishes the council's decisions.\n",
		}, recent)
		if o, msg := ruleText(t, Readme{}, env, readmeContentRule, "en"); o != finding.Pass || !strings.Contains(msg, "README.rst") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("readme: the licence statement under the Licence heading is the evidence", func(t *testing.T) {
		// Found on ouvert's own README: a section about licence detection
		// names licences before the section that says which one applies.
		env := gitRepo(t, map[string]string{
			"README.md": "# Tool\n\nThis tool checks the repositories of an agency.\n\n## Install\n\n```sh\ngo install example.org/tool@latest\n```\n\n" +
				"## Licences\n\nDetection compares files with the MIT License and the GNU licences.\n\n## Licence\n\nThe tool is published under the EUPL-1.2 licence.\n",
		}, recent)
		if o, msg := ruleText(t, Readme{}, env, readmeContentRule, "en"); o != finding.Pass || !strings.Contains(msg, "published under the EUPL-1.2") {
			t.Errorf("%s: %s", o, msg)
		}
	})
	t.Run("headers: SAS only is skipped with its reason, never passed", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"data.csv": "a,b\n", "notes.txt": "x"}, recent)
		if o, msg := ruleText(t, Headers{}, env, headersRule, "fr"); o != finding.Skip || !strings.Contains(msg, "non évaluée") {
			t.Errorf("%s: %s", o, msg)
		}
		env = gitRepo(t, map[string]string{"prog/calcul.sas": "data x; run;\n", "prog/stats.do": "summarize\n"}, recent)
		if o, msg := ruleText(t, Headers{}, env, headersRule, "fr"); o != finding.Fail || !strings.Contains(msg, "aucun fichier source ne porte sa licence, sur 2") {
			t.Errorf("SAS: %s: %s", o, msg)
		}
	})
	for _, ext := range []string{".sas", ".R", ".jl", ".do", ".m", ".sql", ".pks", ".cbl", ".f90", ".lua", ".pl", ".groovy", ".tf", ".nix", ".ex", ".dart", ".scala", ".kts"} {
		if !isSource("src/x" + ext) {
			t.Errorf("%s is not counted as source", ext)
		}
	}
	t.Run("publiccode: version-like tags of the package only", func(t *testing.T) {
		files := map[string]string{"publiccode.yml": "publiccodeYmlVersion: \"0\"\nname: \"@ville/outil\"\nsoftwareVersion: \"2.1.0\"\n"}
		env := gitRepo(t, files, "2026-06-01T12:00:00Z",
			[]string{"tag", "v2.1.0"},
			[]string{"at", "2026-09-01T12:00:00Z"}, []string{"commit", "--quiet", "--allow-empty", "-m", "tools"},
			[]string{"tag", "@ville/tools@1.8.1"}, []string{"tag", "nightly"})
		o, msg := ruleText(t, PubliccodeConsistent{}, env, publiccodeConsistentRule, "fr")
		if o != finding.Pass || !strings.Contains(msg, "softwareVersion") || strings.Contains(msg, "developmentStatus") {
			t.Errorf("%s: %s", o, msg)
		}
		env = gitRepo(t, files, "2026-06-01T12:00:00Z",
			[]string{"tag", "@ville/outil@2.0.0"},
			[]string{"at", "2026-09-01T12:00:00Z"}, []string{"commit", "--quiet", "--allow-empty", "-m", "next"},
			[]string{"tag", "@ville/tools@9.0.0"})
		res, _ := PubliccodeConsistent{}.Run(context.Background(), env)
		if len(res.Findings) != 1 || !strings.Contains(env.Catalog.Text(publiccodeConsistentRule, res.Findings[0].Message, "fr"), "@ville/outil@2.0.0") {
			t.Errorf("monorepo: %+v", res.Findings)
		}
	})
	t.Run("activity: bot branches do not count", func(t *testing.T) {
		env := gitRepo(t, map[string]string{"a.txt": "a"}, "2024-01-10T12:00:00Z",
			[]string{"at", "2026-11-20T12:00:00Z"},
			[]string{"checkout", "--quiet", "-b", "dependabot/npm_and_yarn/lodash-4.17.21"},
			[]string{"commit", "--quiet", "--allow-empty", "-m", "bump"},
			[]string{"checkout", "--quiet", "-b", "gh-pages"},
			[]string{"commit", "--quiet", "--allow-empty", "-m", "site"},
			[]string{"checkout", "--quiet", "main"})
		o, msg := ruleText(t, Activity{}, env, activityRule, "fr")
		if o != finding.Fail || !strings.Contains(msg, "2024-01-10") || !strings.Contains(msg, "2 branches plus récentes poussées par des robots") {
			t.Errorf("%s: %s", o, msg)
		}
		env = gitRepo(t, map[string]string{"a.txt": "a"}, "2024-01-10T12:00:00Z",
			[]string{"at", "2026-11-20T12:00:00Z"},
			[]string{"checkout", "--quiet", "-b", "feature/export"},
			[]string{"commit", "--quiet", "--allow-empty", "-m", "work"})
		if o, msg := ruleText(t, Activity{}, env, activityRule, "fr"); o != finding.Pass {
			t.Errorf("person's branch: %s: %s", o, msg)
		}
	})
}
