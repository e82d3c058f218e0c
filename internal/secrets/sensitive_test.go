package secrets

import "testing"

// The false warnings of the real-world set, by class, beside the true
// ones of the same shape: a person's address, a real internal host.
func TestNotSensitive(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, content, rule string
		want                bool
	}{
		{"config/app.yml", "db_host: 10.5.0.4\n", "sensitive/private-ip", true},
		{"docker-compose.yml", "db_host: 10.5.0.4\n", "sensitive/private-ip", false},
		{"docker/compose/shared.yml", "db_host: 10.5.0.4\n", "sensitive/private-ip", false},
		{"config/app.yml", "networks:\n  front:\n    ipv4_address: 10.5.0.4\n", "sensitive/private-ip", false},
		{".github/workflows/e2e.yml", "PROXY_HOST: 10.200.3.4\n", "sensitive/private-ip", true},
		{"data/categories.json", `{"id": "10.2.1.4", "label": "Alimentation"}`, "sensitive/private-ip", false},
		{"config/app.yml", "upstream: http://10.2.1.4\n", "sensitive/private-ip", true},
		{"config/app.yml", "primary: 10.2.1.4:5432\n", "sensitive/private-ip", true},
		{"src/config.ts", `const REF = "claire.fontaine@interieur.gouv.fr";`, "sensitive/agent-email", true},
		{"src/config.ts", `const REF = "jean.dupont@interieur.gouv.fr";`, "sensitive/agent-email", false},
		{"src/config.ts", `const REF = "jean.dupontel@interieur.gouv.fr";`, "sensitive/agent-email", true},
		{"src/dreals.ts", `"ud-cap.dreal-ara@developpement-durable.gouv.fr",`, "sensitive/agent-email", false},
		{"src/dreals.ts", `"ud08.dreal-grand-est@developpement-durable.gouv.fr",`, "sensitive/agent-email", false},
		{"src/contact.ts", `"support.camino@beta.gouv.fr",`, "sensitive/agent-email", false},
		{".env", "API=http://host.docker.internal:8000\n", "sensitive/internal-hostname", false},
		{".env", "LDAP=ldap://ad.insee.intra:389\n", "sensitive/internal-hostname", true},
		{".env", "SMTP=smtp.ac-x.rie.gouv.fr\n", "sensitive/internal-hostname", true},
		{"settings.yml", "proxy: http://proxy.i2:8080\n", "sensitive/internal-hostname", true},
	} {
		got := hasRule(s.Scan(tc.path, []byte(tc.content)), tc.rule)
		if got != tc.want {
			t.Errorf("%s %q: %s found = %v, want %v", tc.path, tc.content, tc.rule, got, tc.want)
		}
	}
}
