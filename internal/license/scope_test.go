package license

import "testing"

// TestStatementScope: a README statement naming a part of the repository
// carries that part as its scope; one about the whole project carries none.
func TestStatementScope(t *testing.T) {
	cases := []struct {
		readme, spdx, scope string
	}{
		{"The documentation, in docs/, is licensed under Etalab-2.0.", "etalab-2.0", "documentation, in docs/"},
		{"Ce projet est publié sous licence AGPL-3.0-or-later, la documentation sous licence Etalab 2.0.", "etalab-2.0", "documentation"},
		{"Ce projet est publié sous licence AGPL-3.0-or-later, la documentation sous licence Etalab 2.0.", "AGPL-3.0-or-later", ""},
		{"Les données sont publiées sous Licence Ouverte 2.0.", "etalab-2.0", "données"},
		{"Les bibliothèques clientes sont distribuées sous licence CeCILL-C ; le serveur est distribué sous licence CeCILL 2.1.", "CECILL-C", "bibliothèques clientes"},
		{"Les bibliothèques clientes sont distribuées sous licence CeCILL-C ; le serveur est distribué sous licence CeCILL 2.1.", "CECILL-2.1", "serveur"},
		{"Le contenu du dossier assets/ est sous licence CC-BY-4.0.", "CC-BY-4.0", "contenu du dossier assets/"},
		{"Icons are licensed under CC-BY-4.0.", "CC-BY-4.0", "Icons"},
		{"Le dépôt est publié sous licence MIT pour le code et sous licence Etalab 2.0 pour les autres contenus.", "etalab-2.0", "contenus"},
		{"Le dépôt est publié sous licence MIT pour le code et sous licence Etalab 2.0 pour les autres contenus.", "MIT", ""},
		{"Le code est publié sous licence EUPL-1.2 pour permettre sa réutilisation.", "EUPL-1.2", ""},
		{"Ce guide est publié sous licence GPL-3.0-or-later et sous licence ouverte 2.0.", "etalab-2.0", ""},
		{"Ce logiciel est sous licence MIT.", "MIT", ""},
		{"This library is licensed under the MIT licence.", "MIT", ""},
		{"This software and its documentation are licensed under the MIT licence.", "MIT", ""},
		{"Le code source est publié sous licence EUPL-1.2.", "EUPL-1.2", ""},
		{"Le code source de l'application est publié sous licence EUPL-1.2, voir https://joinup.ec.europa.eu/collection/eupl.", "EUPL-1.2", ""},
	}
	for _, c := range cases {
		t.Run(c.readme+" "+c.spdx, func(t *testing.T) {
			r := detect(t, map[string]string{"README.md": "# App\n\n" + c.readme + "\n"})
			for _, d := range r.Declarations {
				if d.SPDX == c.spdx {
					if d.Scope != c.scope {
						t.Errorf("scope %q, want %q", d.Scope, c.scope)
					}
					return
				}
			}
			t.Errorf("no %s declaration in %+v", c.spdx, r.Declarations)
		})
	}
}
