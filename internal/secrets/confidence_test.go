package secrets

import (
	"encoding/base64"
	"strings"
	"testing"
)

// The classes of false findings measured on real repositories
// (bench/realworld, issue 12): each layout reproduces one, and beside it a
// true secret of a similar shape that must still be found, and how sure.
// Values are generated at test time ([[kind:n]], see gen_test.go).

type confCase struct {
	name, path, content string
	rule                string // "" when nothing may be reported
	conf, reason        string
}

func runConfCases(t *testing.T, cases []confCase) {
	t.Helper()
	s := mustNew(t)
	g := newGen(12)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for round := 0; round < 10; round++ {
				in := g.expand(c.content)
				r := s.Scan(c.path, []byte(in))
				if c.rule == "" {
					if len(r.Findings) > 0 {
						t.Fatalf("%s: reported %s (%s %s) in %q", c.path, r.Findings[0].Rule, r.Findings[0].Confidence, r.Findings[0].Reason, in)
					}
					continue
				}
				var got *Finding
				for i := range r.Findings {
					if r.Findings[i].Rule == c.rule {
						got = &r.Findings[i]
					}
				}
				if got == nil {
					t.Fatalf("%s: missed %s in %q (got %v)", c.path, c.rule, in, r.Findings)
				}
				if got.Confidence != c.conf || got.Reason != c.reason {
					t.Fatalf("%s: %s is %s/%q, want %s/%q in %q", c.path, c.rule, got.Confidence, got.Reason, c.conf, c.reason, in)
				}
			}
		})
	}
}

// Not a secret at all: the value classifier and the file kinds.
func TestNotASecretClasses(t *testing.T) {
	runConfCases(t, []confCase{
		// i18n: a key naming a password maps to a word in some language.
		{"i18n json", "src/assets/i18n/bg.json", "{\n  \"password\": \"Парола за достъп\",\n  \"new_password\": \"Новапарола\"\n}\n", "", "", ""},
		{"i18n yaml", "config/locales/devise.ja.yml", "ja:\n  devise:\n    password_expired: パスワードの有効期限\n", "", "", ""},
		{"non-ascii word in code", "src/strings.ts", "const servicePassword = \"Standarddienstpasswört\";\n", "", "", ""},
		{"true: password in a settings json", "config/settings.json", "{\"password\": \"[[alnum:20]]\"}\n", "secrets/generic-assignment", Medium, ""},
		// CSS: selectors and custom properties.
		{"css selector", "app/assets/stylesheets/dsfr.css", ".fr-password__btn:disabled:hover,\n.fr-password__btn:disabled:active{color:red}\n--highlight-color-text-no-token: CanvasText;\n", "", "", ""},
		// Paths, file names and route targets.
		{"template path", "config/settings.py", "WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = \"core/password_required.html\"\n", "", "", ""},
		{"route path", "config/routes.rb", "  resources :password_resets, controller: \"agents/password_resets\"\n  patch \"password\", to: \"passwords#update\"\n", "", "", ""},
		// Names: environment variables, namespaced keys, dates, rule lists.
		{"env name", "kubernetes/external-secrets/backend.yaml", "      - secretKey: S3_ENDPOINT\n        remoteRef:\n          key: S3_ENDPOINT\n", "", "", ""},
		{"namespaced key", "src/auth/storage.ts", "export const AUTH_TOKEN_STORAGE_KEY = \"app:authToken\";\n", "", "", ""},
		{"date", "tools/mock/auth.json", "{\"DATE_PWD\": \"2024-01-31T10:00:00\"}\n", "", "", ""},
		{"validation rules", "app/Http/Requests/Register.php", "'password' => 'required|min:8|confirmed',\n", "", "", ""},
		// The keyword inside another word.
		{"secretariat", "app/models/domain.rb", "  SECRETARIAT_EMAIL = \"bureau-[[lower:8]]\"\n", "", "", ""},
		{"passage", "erp/schema.py", "LARGEUR_PASSAGE_CHOICE = \"[[alnum:12]]\"\n", "", "", ""},
		{"pascal-case name", "back/libs/redis/src/redis.constants.ts", "export const REDIS_MODULE_CONNECTION_TOKEN = 'RedisModuleConnectionToken';\n", "", "", ""},
		{"snake-case name", "src/constants.ts", "export const PLATFORM_TOKEN = 'fc_core_v2_app';\n", "", "", ""},
		{"camel constant", "back/libs/access-control/src/tokens/access-control.token.ts", "export const ACCESS_CONTROL_TOKEN = 'accessControl';\n", "", "", ""},
		{"email under a token key", "lib/mailer_previews/preview.rb", "    token_owner_email = 'jean@service.fr'\n    api_token = 'jean@service.fr'\n", "", "", ""},
		{"true: random letters in code", "src/app.ts", "const apiToken = '[[letters:15]]';\n", "secrets/generic-assignment", Medium, ""},
		{"key word echoed", "app/models/user.rb", "    self.token = 'temporarytoken'\n", "", "", ""},
		{"true: db_pass", "config/app.py", "DB_PASS = \"[[alnum:16]]\"\n", "secrets/generic-assignment", Medium, ""},
		{"true: upper-case random password", "config/app.env", "API_TOKEN=[[upper:24]]\n", "secrets/generic-assignment", Medium, ""},
	})
}

// Roles of files, sections and hosts lower confidence; they never hide.
func TestConfidenceRoles(t *testing.T) {
	runConfCases(t, []confCase{
		// Tests, specs, snapshots, stories.
		{"kotlin test", "backend/src/test/kotlin/fr/app/UserTest.kt", "val password = \"[[alnum:14]]\"\n", "secrets/generic-assignment", Low, ReasonTest},
		{"rspec", "spec/controllers/webhooks_controller_spec.rb", "  let(:secret) { \"[[alnum:20]]\" }\n  secret: \"[[alnum:20]]\"\n", "secrets/generic-assignment", Low, ReasonTest},
		{"story", "src/components/Login.stories.tsx", "const args = { password: \"[[alnum:12]]\" };\n", "secrets/generic-assignment", Low, ReasonTest},
		{"jwt in a test", "tests/api/auth.py", "TOKEN = \"[[jwt]]\"\n", "secrets/jwt", Low, ReasonTest},
		{"pem in a test", "backend/src/test/resources/key.txt", "[[pem:RSA PRIVATE KEY]]", "secrets/private-key", Low, ReasonTest},
		{"high-confidence token in a test still blocks", "tests/test_client.py", "GITHUB = \"[[ghtoken:ghp]]\"\n", "secrets/github-token", High, ""},
		{"true: jwt in shipped code", "src/api/client.js", "const token = \"[[jwt]]\";\n", "secrets/jwt", Medium, ""},
		// Examples and docs.
		{"example env", ".env.example", "API_KEY=[[alnum:32]]\n", "secrets/generic-assignment", Low, ReasonExample},
		{"docs", "docs/install.md", "Set it in the file:\n\n    api_key: [[alnum:32]]\n", "secrets/generic-assignment", Low, ReasonDocs},
		{"true: same in shipped config", "config/app.yml", "api_key: [[alnum:32]]\n", "secrets/generic-assignment", Medium, ""},
		{"compose fallback", "tools/a11y/docker-compose.yml", "    environment:\n      MYSQL_PASSWORD: \"${DB_PASSWORD:-[[alnum:20]]}\"\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: not a fallback", "tools/a11y/settings.yml", "    environment:\n      MYSQL_PASSWORD: \"[[alnum:20]]\"\n", "secrets/generic-assignment", Medium, ""},
		// Public by design, and API descriptions.
		{"docsearch", "apps/doc/docusaurus.config.js", "  algolia: {\n    appId: \"[[upper:10]]\",\n    apiKey: \"[[hex:32]]\",\n  },\n", "secrets/generic-assignment", Low, ReasonPublic},
		{"openapi example", "config/api-v3-openapi.yml", "      example:\n        token: \"[[alnum:40]]\"\n", "secrets/generic-assignment", Low, ReasonDocs},
		{"true: api key in shipped js", "src/services/stats.ts", "  apiKey: \"[[hex:32]]\",\n", "secrets/generic-assignment", Medium, ""},
		// Local stacks and local hosts.
		{"compose service host", "docker-compose.yml", "DATABASE_URL: postgres://app:[[alnum:16]]@db:5432/app\n", "secrets/url-credentials", Low, ReasonLocalHost},
		{"localhost", ".github/workflows/ci.yml", "  DATABASE_URL: postgres://postgres:[[alnum:12]]@localhost:5432/test\n", "secrets/url-credentials", Low, ReasonLocalHost},
		{"docker internal", "config/app.env", "REDIS_URL=redis://default:[[alnum:16]]@host.docker.internal:6379\n", "secrets/url-credentials", Low, ReasonLocalHost},
		{"true: remote host", "config/app.env", "DATABASE_URL=postgres://app:[[alnum:16]]@db.prod.example-agency.fr:5432/app\n", "secrets/url-credentials", Medium, ""},
		{"local file", "backend/.env.local.defaults", "OIDC_CLIENT_SECRET=[[alnum:32]]\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"ci service password", ".github/workflows/ci.yml", "        env:\n          POSTGRES_PASSWORD: [[alnum:16]]\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: ci deploy token", ".github/workflows/ci.yml", "        env:\n          DEPLOY_TOKEN: [[alnum:32]]\n", "secrets/generic-assignment", Medium, ""},
		{"image default in base64", "k8s/secret-dev.yml", "data:\n  DB_PASSWORD: cG9zdGdyZXM=\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"samples dir", "api-samples/declaration.http", "Authorization: Bearer [[jwt]]\n", "secrets/jwt", Low, ReasonExample},
		{"local stack dir", "docker/compose/app/.env/core.env", "SESSION_TOKEN=[[alnum:32]]\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		// Development defaults: the application's own key in a development
		// file or section; a third-party credential there stays medium.
		{"django insecure", "config/settings.py", "SECRET_KEY = 'django-insecure-[[b64url:50]]'\n", "secrets/django-secret-key", Low, ReasonDevDefault},
		{"rails dev section", "config/secrets.yml", "development:\n  secret_key_base: [[hex:128]]\n\nproduction:\n  secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>\n", "secrets/rails-secret-key-base", Low, ReasonDevDefault},
		{"true: rails production section", "config/secrets.yml", "development:\n  adapter: x\n\nproduction:\n  secret_key_base: [[hex:128]]\n", "secrets/rails-secret-key-base", Medium, ""},
		{"commented-out generator default", "config/initializers/devise.rb", "  # config.secret_key = '[[hex:128]]'\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: live own key in an initializer", "config/initializers/devise.rb", "  config.secret_key = '[[hex:128]]'\n", "secrets/generic-assignment", Medium, ""},
		{"seeded account", "db/seeds/agents.rb", "Agent.create!(email: \"a@b.fr\", password: \"[[alnum:14]]\")\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"own key in a dev env file", "env.d/development/common", "FERNET_KEY=[[b64:44]]\n", "", "", ""},
		{"own key in .env.development", ".env.development", "JWT_SECRET=[[alnum:40]]\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"encryption key in a dev env file", "env.d/development/common", "OIDC_STORE_REFRESH_TOKEN_KEY=[[b64url:43]]=\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: service token in .env.development", ".env.development", "SENTRY_AUTH_TOKEN=[[hex:64]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: token in a dev inventory", "infra/ansible/inventories/dev/group_vars/all/vault", "registry_token: [[hex:40]]\n", "secrets/generic-assignment", Medium, ""},
	})
}

// Documented placeholders: counting runs and self-describing phrases.
func TestPlaceholderValues(t *testing.T) {
	runConfCases(t, []confCase{
		{"counting run", "config/app.env", "API_KEY=abcdefgh12345678\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
		{"case-alternating run", "config/i18n-tasks.yml", "#   google_translate_api_key: \"AbCdEfGh\"\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
		{"alternating run", "infra/compose.yml", "JWT_SECRET: a1b2c3d4e5f6g7h8i9\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
		{"self-describing phrase", "config/app.env", "SECRET_KEY=generate-with-openssl-rand-base64-32\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
		{"camel phrase", "config/app.env", "APP_TOKEN=ThisIsMySecretTokenChangeIt\n", "", "", ""},
		{"true: random", "config/app.env", "API_KEY=[[alnum:32]]\n", "secrets/generic-assignment", Medium, ""},
	})
	for _, v := range []string{"put-some-unique-and-secret-key-here-for-security", "must-be-exactly-32-characters-long", "1234567890abcdef"} {
		if !placeholderValue(v) {
			t.Errorf("placeholderValue(%q) = false", v)
		}
	}
	g := newGen(3)
	for i := 0; i < 2000; i++ {
		for _, v := range []string{g.str(alnum, 32), g.str(hexa, 40), g.str(b64, 44), g.str(alnum, 16)} {
			if placeholderValue(v) {
				t.Fatalf("placeholderValue(random %d chars) = true", len(v))
			}
		}
	}
}

// A JWT of the anonymous role (Supabase, PostgREST) ships to browsers.
func TestAnonJWT(t *testing.T) {
	g := newGen(5)
	enc := base64.RawURLEncoding.EncodeToString
	anon := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(`{"iss":"supabase","role":"anon"}`)) + "." + g.str(b64url, 43)
	r := mustNew(t).Scan("src/db.js", []byte("const key = \""+anon+"\";\n"))
	if len(r.Findings) != 1 || r.Findings[0].Confidence != Low || r.Findings[0].Reason != ReasonPublic {
		t.Fatalf("anon JWT: %+v, want one low public finding", r.Findings)
	}
	user := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(`{"sub":"`+g.str(alnum, 10)+`","role":"service_role"}`)) + "." + g.str(b64url, 43)
	r = mustNew(t).Scan("src/db.js", []byte("const key = \""+user+"\";\n"))
	if len(r.Findings) != 1 || r.Findings[0].Confidence != Medium {
		t.Fatalf("service-role JWT: %+v, want one medium finding", r.Findings)
	}
}

func TestRoles(t *testing.T) {
	for p, want := range map[string]fileRole{
		"spec/models/user_spec.rb": roleTest, "src/__tests__/a.ts": roleTest, "a/__snapshots__/x.yaml": roleTest,
		"src/DataFixtures/Loader/LoadUserData.php": roleTest, "conftest.py": roleTest, "src/app.test.ts": roleTest,
		".env.example": roleExample, "config/settings.py.dist": roleExample, "docs/a.md": roleDocs, "README.md": roleDocs,
		"docker/volumes/app/key.pem": roleLocal, "src/app.py": roleShip, "config/secrets.yml": roleShip,
		"src/testimonials/page.tsx": roleShip, "swagger/v1/api.json": roleDocs, "public/swaggers/api-particulier.yml": roleDocs, ".miniorc.template": roleExample,
		"src/helm/env.d/staging/values.yaml.gotmpl": roleShip, "src/contest.py": roleShip,
	} {
		lp := strings.ToLower(p)
		if got, _ := role(lp, lp[strings.LastIndexByte(lp, '/')+1:]); got != want {
			t.Errorf("role(%s) = %d, want %d", p, got, want)
		}
	}
}

// Classes of the second round (issue 12): password hashes, Nx Cloud's
// read-only token, Keycloak realm exports; each beside a true secret.
func TestSecondRoundClasses(t *testing.T) {
	runConfCases(t, []confCase{
		{"jupyter argon2 hash", "jupyter/jupyter_notebook_config.py", "c.NotebookApp.password = 'argon2:$argon2id$v=19$m=10240,t=10,p=8$[[b64:22]]$[[b64:43]]'\n", "secrets/generic-assignment", Low, ReasonHash},
		{"sha1 hash", "jupyter/config.py", "c.NotebookApp.password = 'sha1:[[hex:12]]:[[hex:40]]'\n", "secrets/generic-assignment", Low, ReasonHash},
		{"true: password beside", "jupyter/config.py", "c.NotebookApp.password = '[[alnum:24]]'\n", "secrets/generic-assignment", Medium, ""},
		{"nx cloud token", "nx.json", "{\n  \"tasksRunnerOptions\": {\"default\": {\"options\": {\n    \"accessToken\": \"[[alnum:60]]\"}}}\n}\n", "secrets/generic-assignment", Low, ReasonPublic},
		{"true: token in another json", "config/app.json", "{\n  \"accessToken\": \"[[alnum:60]]\"\n}\n", "secrets/generic-assignment", Medium, ""},
		{"keycloak realm export", "keycloak/realm-export.json", "{\n  \"realm\": \"app\",\n  \"clients\": [{\"clientId\": \"web\", \"secret\": \"[[alnum:32]]\"}]\n}\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: client secret in a config json", "keycloak/client.json", "{\n  \"realm\": \"app\",\n  \"clients\": [{\"clientId\": \"web\", \"secret\": \"[[alnum:32]]\"}]\n}\n", "secrets/generic-assignment", Medium, ""},
	})
}

// TestSensitiveHasNoTier: the tiers are a secret's; sensitive data is
// advice and carries none, even where a secret would be lowered.
func TestSensitiveHasNoTier(t *testing.T) {
	runConfCases(t, []confCase{
		{name: "private IP in configuration", path: "config/app.yml", content: "db_host: 10.12.4.7\n", rule: "sensitive/private-ip"},
		{name: "private IP in a test", path: "tests/app_test.yml", content: "db_host: 10.12.4.7\n", rule: "sensitive/private-ip"},
	})
}

// Classes of the third round (issue 12): a Phoenix app's shared config.exs
// whose environment file sets production's key, and an application key that
// a comment marks for development only; each beside a true one.
func TestThirdRoundClasses(t *testing.T) {
	phoenix := "import Config\n\nconfig :app, AppWeb.Endpoint,\n  url: [host: \"localhost\"],\n  secret_key_base: \"[[b64:64]]\",\n  render_errors: [view: AppWeb.ErrorView]\n\n"
	runConfCases(t, []confCase{
		{"phoenix config.exs importing the env file", "config/config.exs", phoenix + "import_config \"#{Mix.env()}.exs\"\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"phoenix config.exs, config_env", "apps/web/config/config.exs", phoenix + "import_config \"#{config_env()}.exs\"\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: phoenix prod.exs", "config/prod.exs", phoenix, "secrets/generic-assignment", Medium, ""},
		{"true: config.exs importing nothing", "config/config.exs", phoenix, "secrets/generic-assignment", Medium, ""},
		{"true: third-party key in config.exs", "config/config.exs", "config :app, Mailer,\n  api_key: \"[[alnum:32]]\"\n\nimport_config \"#{Mix.env()}.exs\"\n", "secrets/generic-assignment", Medium, ""},
		{"dev-only comment above", "app/settings.py", "# dev only: production reads SECRET_KEY from the environment\nSECRET_KEY = \"[[alnum:40]]\"\n", "secrets/django-secret-key", Low, ReasonDevDefault},
		{"french comment on the line", "src/config.ts", "export const jwtSecret = '[[alnum:40]]'; // clé de développement\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: a comment that says nothing", "app/settings.py", "# the key\nSECRET_KEY = \"[[alnum:40]]\"\n", "secrets/django-secret-key", Medium, ""},
		{"true: dev comment far above", "app/settings.py", "# dev only\n\nDEBUG = False\nALLOWED = []\nSECRET_KEY = \"[[alnum:40]]\"\n", "secrets/django-secret-key", Medium, ""},
		{"true: third-party token under a dev comment", "app/settings.py", "# dev only\nMAILJET_API_TOKEN = \"[[alnum:40]]\"\n", "secrets/generic-assignment", Medium, ""},
		{"example comment on the line", "app/main.py", "settings = dict(\n\tcookie_secret = \"[[alnum:40]]\", ### example / store real key in ignored config\n)\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: an example.com URL on the line", "app/main.py", "cookie_secret = \"[[alnum:40]]\"; url = \"https://example.com\"\n", "secrets/generic-assignment", Medium, ""},
		// A value that says it is for development.
		{"value says dev only", "packages/api/config.py", "SECRET = \"[[lower:6]]fordevonly\"\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		// A base64 default made with echo (its newline encoded).
		{"base64 of postgres and a newline", "k8s/secret-dev.yml", "data:\n  POSTGRES_APP_PASSWORD: cG9zdGdyZXMK # postgres\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: base64 of a random password", "k8s/secret.yml", "data:\n  POSTGRES_APP_PASSWORD: [[b64:32]]\n", "secrets/generic-assignment", Medium, ""},
		// A key that says its value is fake.
		{"fake key name", "config/config.json", "{\n  \"FAKE_ACCESS_TOKEN\": \"[[hex:40]]\"\n}\n", "secrets/generic-assignment", Low, ReasonTest},
		{"true: access token", "config/config.json", "{\n  \"ACCESS_TOKEN\": \"[[hex:40]]\"\n}\n", "secrets/generic-assignment", Medium, ""},
		// A Firebase Storage download link in a generated page.
		{"image download token", "startups.html", "![](https://firebasestorage.googleapis.com/v0/b/x.appspot.com/o/img.png%3Falt=media%26token=[[hex:8]]-[[hex:4]]-[[hex:4]]-[[hex:4]]-[[hex:12]]&#x26;width=400)\n", "secrets/generic-assignment", Low, ReasonPublic},
		{"true: token in another URL", "startups.html", "<a href=\"https://api.service.fr/export?format=csv&token=[[alnum:32]]\">\n", "secrets/generic-assignment", Medium, ""},
		// A generator's Rails secrets.yml written by a script (a heredoc).
		{"rake heredoc, development section", "lib/tasks/project_init.rake", "task :init do\n  File.write('config/secrets.yml', <<EOF)\n    development:\n      secret_key_base: [[hex:128]]\n    production:\n      secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>\nEOF\nend\n", "secrets/rails-secret-key-base", Low, ReasonDevDefault},
		{"true: rake heredoc, production section", "lib/tasks/project_init.rake", "task :init do\n  File.write('config/secrets.yml', <<EOF)\n    production:\n      secret_key_base: [[hex:128]]\nEOF\nend\n", "secrets/rails-secret-key-base", Medium, ""},
		{"true: nested under production", "config/secrets.yml", "production:\n  app:\n    secret_key_base: [[hex:128]]\n", "secrets/rails-secret-key-base", Medium, ""},
		// A generator's documented key, its letters counting (AbC-dEf).
		{"letters that count", "config/i18n-tasks.yml", "# translation:\n#   google_translate_api_key: \"AbC-dEf5\"\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
	})
}

// A generic rule in a fixture directory reports at the low tier with its
// reason, never nothing; a provider's format there stays high.
func TestFixturesAreLowNotHidden(t *testing.T) {
	runConfCases(t, []confCase{
		{"testdata env", "testdata/fixture.env", "PASSWORD=[[alnum:20]]\n", "secrets/generic-assignment", Low, ReasonTest},
		{"fixtures json", "src/app/fixtures/users.json", "{\"api_token\": \"[[alnum:32]]\"}\n", "secrets/generic-assignment", Low, ReasonTest},
		{"mocks", "front/src/mocks/handlers.ts", "const apiToken = '[[alnum:32]]';\n", "secrets/generic-assignment", Low, ReasonTest},
		{"python test file", "app/test_views.py", "PASSWORD = \"[[alnum:20]]\"\n", "secrets/generic-assignment", Low, ReasonTest},
		{"examples dir", "examples/client/config.yml", "client_secret: [[alnum:32]]\n", "secrets/generic-assignment", Low, ReasonExample},
		{"high: provider token in a fixture", "testdata/fixture.env", "GITHUB_TOKEN=[[ghtoken:ghp]]\n", "secrets/github-token", High, ""},
	})
}

// A JWT quoted in a translation file (an API's documentation entries) is
// documentation.
func TestJWTInTranslationFile(t *testing.T) {
	runConfCases(t, []confCase{
		{"jwt in locale", "config/locales/api/documentation_entries.fr.yml", "fr:\n  doc:\n    example: \"Authorization: Bearer [[jwt]]\"\n", "secrets/jwt", Low, ReasonDocs},
		{"true: jwt in config", "config/api.yml", "token: [[jwt]]\n", "secrets/jwt", Medium, ""},
	})
}

// The classes that the spent parts of the real-world set still showed
// (tune, heldout, heldout2 at a947ff0): a layout each, and beside it the
// true secret of a similar shape that must still be found.
func TestSpentPartsClasses(t *testing.T) {
	ghp := "[[ghtoken:ghp]]"
	runConfCases(t, []confCase{
		// A bundler's hashed chunk (a built gh-pages branch): generated, like dist/.
		{"built chunk", "assets/js/1147.a74e5127.js", "n={token:\"[[letters:6]]-[[letters:4]]\"},r={token:\"[[letters:9]]\"};\n", "", "", ""},
		{"true: provider token in a built chunk", "assets/js/main.3f9c2b1d.chunk.js", "var t=\"" + ghp + "\";\n", "secrets/github-token", High, ""},
		{"true: same line in a source file", "src/editor/tokens.js", "const cfg = {token: \"[[alnum:20]]\"};\n", "secrets/generic-assignment", Medium, ""},
		// GraphQL documents declare variables' types.
		{"graphql variable", "app/src/routes/manager/_confirm.gql", "mutation confirm($id: uuid!, $accessKey: String!) {\n  confirm(id: $id, key: $accessKey) { id }\n}\n", "", "", ""},
		// A quoted sentence under a key naming a password is text.
		{"quoted sentence", "src/connectors/mailer.js", "const subjects = {\n  'reset-password': 'Instructions pour la réinitialisation du mot de passe',\n};\n", "", "", ""},
		{"true: quoted token then a comment", "src/connectors/api.js", "const apiToken = '[[alnum:24]]'; // used below\n", "secrets/generic-assignment", Medium, ""},
		// A qualified name (a warning filter's module path) is no value.
		{"warning filter", "pyproject.toml", "filterwarnings = [\n    \"ignore:allauth.headless.tokens.base.AbstractTokenStrategy is deprecated, use allauth.headless.tokens.strategies.base.AbstractTokenStrategy:UserWarning:allauth.headless.tokens.base\",\n]\n", "", "", ""},
		// A French self-describing placeholder.
		{"french placeholder", "src/views/account.ejs", "<input class=\"fr-input\" disabled type=\"password\" id=\"password-input-disabled\" name=\"password-input-disabled\" value=\"CeciEstUnFauxMotDePasseTuNeNousPiraterasPas\">\n", "secrets/generic-assignment", Low, ReasonPlaceholder},
		// Test factories and test runners' configurations are tests.
		{"factory_boy factory", "itou/users/factories.py", "    password = factory.PostGenerationMethodCall(\"set_password\", \"[[alnum:10]]\")\n    token = \"[[alnum:12]]\"\n", "secrets/generic-assignment", Low, ReasonTest},
		{"playwright config", "playwright.config.ts", "    env: { SECRET_COOKIE: \"[[letters:23]]\" },\n", "secrets/generic-assignment", Low, ReasonTest},
		// A file whose every host is local: a local stack's credentials.
		{"postman environment for localhost", "api/documentation/API LOCAL.postman_environment.json",
			"{\"values\": [\n {\"key\": \"host\", \"value\": \"http://localhost:8080\"},\n {\"key\": \"token\", \"value\": \"[[jwt]]\"}\n]}\n", "secrets/jwt", Low, ReasonLocalFile},
		{"load test", "api-load-testing/create.js", "const BASE = 'http://localhost:8080';\nconst body = { email: 'operator@example.com', password: '[[alnum:16]]' };\n", "secrets/generic-assignment", Low, ReasonTest},
		{"true: a settings file naming localhost", "app/settings.py", "DATABASES = {'default': {'HOST': 'localhost'}}\nEMAIL_HOST_PASSWORD = '[[alnum:16]]'\n", "secrets/generic-assignment", Medium, ""},
		{"ci job with local services", ".github/workflows/build.yml", "    env:\n      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n      AUTH_SECRET: [[alnum:16]]\n", "secrets/generic-assignment", Low, ReasonLocalFile},
		{"compose file naming no host", "docker-compose.yml", "services:\n  minio:\n    environment:\n      MINIO_ROOT_USER: admin\n      MINIO_ROOT_PASSWORD: [[alnum:14]]\n", "secrets/generic-assignment", Low, ReasonLocalFile},
		{"true: a public host beside it", ".env.development", "NEXT_PUBLIC_API=http://localhost:3000\nSENTRY_URL=https://sentry.incubateur.net/\nSENTRY_AUTH_TOKEN=[[hex:64]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: compose naming a public host", "docker-compose.prod.yml", "services:\n  app:\n    labels:\n      - traefik.http.routers.app.rule=Host(`app.beta.gouv.fr`)\n    environment:\n      SMTP_PASSWORD: [[alnum:16]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: a hosted service's key in a CI file", ".gitlab-ci/stages/quality.yml", "  services:\n    - postgres\n  variables:\n    DATABASE_URL: postgres://app:app@postgres:5432/app\n    MJ_APIKEY_PRIVATE: [[hex:32]]\n", "secrets/mailjet-key", Medium, ""},
		{"true: a SaaS token in a local dev file", ".env.development", "API_URL=http://localhost:3000\nSENTRY_AUTH_TOKEN=[[hex:64]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: a dev cluster's secret", "k8s/secret-dev.yml", "apiVersion: v1\nkind: Secret\nstringData:\n  MAIL_HOST: smtp\n  MAIL_PASSWORD: [[alnum:16]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: a base64 host is no local host", ".env.dev", "MAIL_HOST=[[alpha:22]]\nMAIL_PASSWORD=[[alnum:16]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: a file naming no host", "config.py", "SIRENE_API_KEY = \"[[alnum:40]]\"\n", "secrets/generic-assignment", Medium, ""},
		// A session's token that expired long ago; a client's token stays.
		{"expired session jwt", "src/routes/debug.ts", "const token = \"[[jwtlife:24]]\";\n", "secrets/jwt", Low, ReasonExpired},
		{"true: expired client jwt", "src/api/client.ts", "const auth = \"Bearer [[jwtlife:13000]]\";\n", "secrets/jwt", Medium, ""},
	})
}

// A query parameter's value ends at the next parameter; a directory named
// for development holds development keys.
func TestQueryParameterAndDevDirectory(t *testing.T) {
	runConfCases(t, []confCase{
		{"matomo anonymous token in an image URL", "app/views/partials/stats.html",
			"<img src=\"https://stats.data.gouv.fr/index.php?module=API&idSite=9&token_auth=anonymous&graphType=evolution&period=day&date=previous30\">\n", "", "", ""},
		{"true: a token in a query parameter", "app/views/partials/stats.html",
			"<img src=\"https://stats.data.gouv.fr/index.php?module=API&idSite=9&token_auth=[[hex:32]]&graphType=evolution&period=day\">\n", "secrets/generic-assignment", Medium, ""},
		{"key in a dev-secrets directory", "src/dev-secrets/private.pem.js", "export const DEV_PRIVATE_KEY = `[[pem:RSA PRIVATE KEY]]`;\n", "secrets/private-key", Low, ReasonDevDefault},
		{"true: key in a secrets directory", "src/secrets/private.pem.js", "export const PRIVATE_KEY = `[[pem:RSA PRIVATE KEY]]`;\n", "secrets/private-key", Medium, ""},
	})
}

// An XML attribute giving a type is no key; one naming the text is.
func TestXMLAttributeKeys(t *testing.T) {
	runConfCases(t, []confCase{
		{"relax ng datatype", "api/pastis/src/main/resources/rng/profile.rng", "<rng:element name=\"Title\">\n  <rng:value type=\"token\">[[alnum:12]]</rng:value>\n</rng:element>\n", "", "", ""},
		{"true: a properties entry", "src/main/resources/config.xml", "<properties>\n  <entry key=\"db.password\">[[alnum:16]]</entry>\n</properties>\n", "secrets/generic-assignment", Medium, ""},
	})
}

// A Kubernetes Secret's base64 data is judged by the text it decodes to.
func TestBase64DataJudgedDecoded(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	runConfCases(t, []confCase{
		{"the variable's own name", ".k8s/secret-dev.yml", "apiVersion: v1\nkind: Secret\ndata:\n  DB_NAME: ZW1qcG0=\n  OCMI_FILE_PASSWORD: " + b64("OCMI_FILE_PASSWORD") + "\n", "", "", ""},
		{"a word compound naming the key", ".k8s/secret-dev.yml", "apiVersion: v1\nkind: Secret\ndata:\n  DB_NAME: ZW1qcG0=\n  HASURA_WEB_HOOK_SECRET: " + b64("emjpm-hasura-secret") + "\n", "", "", ""},
		{"a counting placeholder", ".k8s/secret-dev.yml", "apiVersion: v1\nkind: Secret\ndata:\n  SMTP_PASS: " + b64("abcdef123456") + "\n", "secrets/kubernetes-secret", Low, ReasonPlaceholder},
		{"true: a password", ".k8s/secret-dev.yml", "apiVersion: v1\nkind: Secret\ndata:\n  DB_NAME: ZW1qcG0=\n  SMTP_PASS: [[b64of:Xq3vR8pLm2Tz9WkY]]\n", "secrets/generic-assignment", Medium, ""},
	})
}

// Layouts of heldout3 once measured (so they count for heldout4).
func TestHeldout3Classes(t *testing.T) {
	runConfCases(t, []confCase{
		{"true: helm env pair", "packages/app/.k8s/values.yaml", "app:\n  env:\n    - name: SENTRY_AUTH_TOKEN\n      value: [[hex:64]]\n", "secrets/generic-assignment", Medium, ""},
		{"helm env pair from a secret", "packages/app/.k8s/values.yaml", "app:\n  env:\n    - name: SENTRY_AUTH_TOKEN\n      valueFrom:\n        secretKeyRef: {name: app, key: sentry}\n", "", "", ""},
		{"vagrant box ssh key", "deployment/vagrant/ssh/vitamuiroot_rsa", "[[pem:RSA PRIVATE KEY]]", "secrets/private-key", Low, ReasonDevDefault},
		{"cookiecutter-django local env", ".envs/.local/.postgres", "POSTGRES_HOST=postgres\nPOSTGRES_PASSWORD=[[alnum:64]]\n", "secrets/generic-assignment", Low, ReasonDevDefault},
		{"true: cookiecutter-django production env", ".envs/.production/.postgres", "POSTGRES_HOST=postgres\nPOSTGRES_PASSWORD=[[alnum:64]]\n", "secrets/generic-assignment", Medium, ""},
	})
}

// Layouts of heldout4 once measured (so they count for the next part).
func TestHeldout4Classes(t *testing.T) {
	runConfCases(t, []confCase{
		{"java resource bundle", "keycloak/themes/base/login/messages/messages_de.properties", "password=Passwort\nnewPassword=[[letters:14]]\n", "", "", ""},
		{"resource bundle with a country", "themes/admin/messages/admin-messages_pt_BR.properties", "credentialPassword=[[letters:12]]\n", "", "", ""},
		{"true: an environment's properties", "src/main/resources/application_qa.properties", "db.password=[[alnum:16]]\n", "secrets/generic-assignment", Medium, ""},
		{"true: a dev properties file", "src/main/resources/env/dv/app_dv.properties", "db.password=[[alnum:16]]\n", "secrets/generic-assignment", Medium, ""},
		{"cocoapods sources", "ios/Pods/Vendor/Sources/client.cpp", "static const char *apiToken = \"[[alnum:24]]\";\n", "", "", ""},
		{"true: the same line in the app", "ios/App/Sources/client.cpp", "static const char *apiToken = \"[[alnum:24]]\";\n", "secrets/generic-assignment", Medium, ""},
	})
}
