package checks

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

// scanGit runs the secrets check over a real repository, its tree and its
// history, and checks that every message has its texts.
func scanGit(t *testing.T, r *sourcetest.Repo, since string) (map[string]finding.Outcome, []finding.Finding) {
	t.Helper()
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	o, _, fs := outcomes(t, Secrets{}, &Env{Repo: repo, Catalog: cat, Now: now, Since: since})
	return o, fs
}

// findingAt is the finding of rule whose first place is path, or nil.
func findingAt(fs []finding.Finding, rule, path string) *finding.Finding {
	for i, f := range fs {
		if f.Rule == rule && f.Path == path {
			return &fs[i]
		}
	}
	return nil
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// The credential files that real leaks are made of, each with a value
// made now, are found where they are, at the confidence their format
// deserves; their placeholders are not findings or stay low.
func TestSecretsCredentialFiles(t *testing.T) {
	pw := func(seed uint64) string { return randomValue(seed, 20) }
	r := sourcetest.New(t)
	files := map[string]string{
		".netrc":               "machine git.interieur.gouv.fr login deploy password " + pw(11) + "\n",
		"ops/_netrc":           "machine api.ministere.fr\n  login bot\n  password " + pw(12) + "\n",
		"ops/.pgpass":          "db.ministere.fr:5432:app:app:" + pw(13) + "\n",
		".git-credentials":     "https://bot:" + pw(14) + "@gitlab.ministere.fr\n",
		".npmrc":               "//npm.ministere.fr/:_authToken=" + pw(15) + "\n",
		"legacy/.npmrc":        "_auth=" + b64("ci:"+pw(16)) + "\n",
		"pkg/.npmrc":           "//npm.ministere.fr/:_password=" + b64(pw(17)) + "\n",
		".pypirc":              "[pypi]\nusername = bot\npassword = " + pw(18) + "\n",
		".docker/config.json":  `{"auths": {"registry.ministere.fr": {"auth": "` + b64("bot:"+pw(19)) + `"}}}` + "\n",
		".aws/credentials":     "[default]\naws_secret_access_key = " + randomValue(20, 40) + "\n",
		".kube/config":         "users:\n- name: admin\n  user:\n    token: " + randomValue(21, 40) + "\n",
		"deploy/kubeconfig":    "users:\n- name: ci\n  user:\n    client-key-data: " + b64(sourcetest.PrivateKey(60)) + "\n",
		"ops/template/.netrc":  "machine api.example.org login bot password changeme\n",
		"deploy/.htpasswd":     "admin:$apr1$" + randomValue(22, 8) + "$" + randomValue(23, 22) + "\n",
		"www/wp-config.php":    "<?php\ndefine( 'DB_NAME', 'wp' );\ndefine( 'DB_PASSWORD', '" + pw(24) + "' );\n",
		"docs/wp-config.php":   "<?php\ndefine( 'DB_PASSWORD', 'password_here' );\n",
		"ops/template/.pgpass": "localhost:5432:app:app:changeme\n",
		"env/prod.env": "REDIS_URL=redis://:" + pw(25) + "@cache.ministere.fr:6379/0\n" +
			"AMQP_URL=amqp://bot:" + pw(26) + "@mq.ministere.fr:5672/\n" +
			"MONGO_URL=mongodb+srv://bot:" + pw(27) + "@cluster0.ab1cd.mongodb.net/app\n" +
			"DATABASE_URL=postgres://bot:" + pw(28) + "@db.ministere.fr/app\n",
		"env/compose.env": "DATABASE_URL=postgres://bot:" + pw(29) + "@db:5432/app\n",
	}
	for p, c := range files {
		r.Write(p, c)
	}
	r.Commit("credentials", sourcetest.Epoch)
	_, fs := scanGit(t, r, "")
	want := []struct{ path, rule, conf, reason string }{
		{".netrc", "secrets/netrc-password", secrets.Medium, ""},
		{"ops/_netrc", "secrets/netrc-password", secrets.Medium, ""},
		{"ops/.pgpass", "secrets/netrc-password", secrets.Medium, ""},
		{".git-credentials", "secrets/url-credentials", secrets.Medium, ""},
		{".npmrc", "secrets/npm-token", secrets.High, ""},
		{"legacy/.npmrc", "secrets/npm-token", secrets.Medium, ""},
		{"pkg/.npmrc", "secrets/generic-assignment", secrets.Medium, ""},
		{".pypirc", "secrets/generic-assignment", secrets.Medium, ""},
		{".docker/config.json", "secrets/docker-config-auth", secrets.Medium, ""},
		{".aws/credentials", "secrets/aws-secret-key", secrets.High, ""},
		{".kube/config", "secrets/generic-assignment", secrets.Medium, ""},
		{"deploy/kubeconfig", "secrets/private-key", secrets.Medium, ""},
		{"deploy/.htpasswd", "secrets/netrc-password", secrets.Low, secrets.ReasonHash},
		{"www/wp-config.php", "secrets/generic-assignment", secrets.Medium, ""},
		{"env/compose.env", "secrets/url-credentials", secrets.Low, secrets.ReasonLocalHost},
	}
	for _, w := range want {
		f := findingAt(fs, w.rule, w.path)
		if f == nil {
			t.Errorf("%s: no %s finding", w.path, w.rule)
			continue
		}
		if f.Confidence != w.conf || w.reason != "" && f.Message.Args["reason"] != rules.List("low-"+w.reason) {
			t.Errorf("%s: %s %s %v, want %s %s", w.path, f.Rule, f.Confidence, f.Message.Args, w.conf, w.reason)
		}
	}
	urls := 0
	for _, f := range fs {
		if f.Path == "env/prod.env" && f.Rule == "secrets/url-credentials" && f.Confidence == secrets.Medium {
			urls++
		}
		if f.Path == "docs/wp-config.php" || f.Path == "ops/template/.pgpass" || f.Path == "ops/template/.netrc" {
			t.Errorf("placeholder reported: %s %s %s", f.Path, f.Rule, f.Confidence)
		}
		for _, v := range []string{pw(11), pw(24), pw(25)} {
			if strings.Contains(f.Evidence, v) || strings.Contains(f.Message.Args["evidence"], v) {
				t.Errorf("%s: the value shows in the finding", f.Path)
			}
		}
	}
	if urls != 4 {
		t.Errorf("%d URL credentials in env/prod.env, want 4 (redis, amqp, mongodb+srv, postgres)", urls)
	}
}

func utf16Bytes(s string, bigEndian bool) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(u))
	if bigEndian {
		b = append(b, 0xFE, 0xFF)
	} else {
		b = append(b, 0xFF, 0xFE)
	}
	for _, c := range u {
		if bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return string(b)
}

// Text in UTF-16 with its byte-order mark is read as text, in the tree and
// in the history, at the line an editor shows.
func TestSecretsUTF16(t *testing.T) {
	le, be := sourcetest.GitHubToken(31), sourcetest.GitHubToken(32)
	r := sourcetest.New(t)
	r.Write("scripts/deploy.ps1", utf16Bytes("# déploiement\r\n$env:GITHUB_TOKEN = \""+le+"\"\r\n", false))
	r.Write("config/app.ini", utf16Bytes("[forge]\ntoken = "+be+"\n", true))
	r.Commit("windows files", sourcetest.Epoch)
	r.Remove("config/app.ini")
	r.Commit("remove", sourcetest.Epoch.Add(time.Hour))
	_, fs := scanGit(t, r, "")
	f := findingAt(fs, "secrets/github-token", "scripts/deploy.ps1")
	if f == nil || f.Line != 2 || !f.Places[0].Tree {
		t.Errorf("UTF-16LE token: %+v, want line 2 of the tree", f)
	}
	g := findingAt(fs, "secrets/github-token", "config/app.ini")
	if g == nil || g.Line != 2 || g.Places[0].Tree || g.Message.ID != "found-history" {
		t.Errorf("UTF-16BE token in the history: %+v, want line 2 of a commit", g)
	}
}

// A base64 blob that decodes to text holding a provider's key or a private
// key is reported at the blob's place, saying it is encoded; a blob of a
// placeholder, or of text with no such key, is not.
func TestSecretsBase64Blobs(t *testing.T) {
	tok := sourcetest.GitHubToken(41)
	key := sourcetest.PrivateKey(42)
	r := sourcetest.New(t)
	r.Write("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  config: "+
		b64("GITHUB_TOKEN="+tok+"\nLOG_LEVEL=info\n")+"\n")
	r.Write("k8s/other.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  motd: "+b64("Bienvenue sur le service, bonne journée à tous\n")+"\n")
	r.Commit("k8s", sourcetest.Epoch)
	r.Write(".env", "APP_NAME=demo\nJWT_KEY="+b64(key)+"\n")
	r.Commit("key", sourcetest.Epoch.Add(time.Hour))
	r.Remove(".env")
	r.Commit("remove key", sourcetest.Epoch.Add(2*time.Hour))
	_, fs := scanGit(t, r, "")
	f := findingAt(fs, "secrets/github-token", "k8s/secret.yaml")
	if f == nil || f.Line != 7 || f.Message.ID != "found-encoded" || f.Message.Args["encoding"] != rules.List("encoded-base64") {
		t.Fatalf("token in the Secret's data: %+v", f)
	}
	if findingAt(fs, "secrets/kubernetes-secret", "k8s/secret.yaml") != nil {
		t.Error("the blob is reported twice: as a Secret's value and for the token it holds")
	}
	k := findingAt(fs, "secrets/private-key", ".env")
	if k == nil || k.Line != 2 || k.Message.ID != "found-encoded-history" {
		t.Errorf("base64 PEM key in the history: %+v", k)
	}
	for _, f := range fs {
		if f.Path == "k8s/other.yaml" {
			t.Errorf("a blob of plain text is reported: %s", f.Rule)
		}
	}
	// The text shown says it: no value, the encoding named.
	cat, _ := rules.Default()
	if txt := cat.Text(f.Rule, f.Message, "en"); !strings.Contains(txt, "encoded in base64") || strings.Contains(txt, tok) {
		t.Errorf("text %q", txt)
	}
}

// --since reads the history after a base: a revision (what it does not
// reach) or a date (what was committed from that day on). The tree is
// always scanned whole; of the history, a version the base already holds
// is not read again, nor anything only older commits hold.
func TestSecretsSince(t *testing.T) {
	old, inTree, added := sourcetest.GitHubToken(51), sourcetest.GitHubToken(52), sourcetest.GitHubToken(53)
	day := 24 * time.Hour
	r := sourcetest.New(t)
	r.Write("README.md", "# app\n")
	r.Write("config/old.env", "TOKEN="+old+"\n")
	r.Write("config/kept.env", "TOKEN="+inTree+"\n")
	r.Commit("first", sourcetest.Epoch)
	r.Remove("config/old.env")
	base := r.Commit("drop the old token", sourcetest.Epoch.Add(day))
	r.Write("deploy/ci.env", "TOKEN="+added+"\n")
	r.Commit("the change under review", sourcetest.Epoch.Add(3*day))
	r.Remove("deploy/ci.env")
	r.Commit("and its fix", sourcetest.Epoch.Add(4*day))

	has := func(fs []finding.Finding, path string) bool {
		return findingAt(fs, "secrets/github-token", path) != nil
	}
	_, all := scanGit(t, r, "")
	if !has(all, "config/old.env") || !has(all, "config/kept.env") || !has(all, "deploy/ci.env") {
		t.Fatalf("whole history: %+v", all)
	}
	for _, since := range []string{base, "HEAD~2", sourcetest.Epoch.Add(2 * day).Format("2006-01-02"), sourcetest.Epoch.Add(2 * day).Format(time.RFC3339)} {
		o, fs := scanGit(t, r, since)
		if has(fs, "config/old.env") {
			t.Errorf("--since %s: the token only older commits hold is reported", since)
		}
		if !has(fs, "config/kept.env") {
			t.Errorf("--since %s: the token in the tree is not reported", since)
		}
		f := findingAt(fs, "secrets/github-token", "deploy/ci.env")
		if f == nil || f.Places[0].Tree || o[secretsRule] != finding.Fail {
			t.Errorf("--since %s: the token added and removed since: %+v", since, f)
		}
	}
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	cat, _ := rules.Default()
	if _, err := (Secrets{}).Run(context.Background(), &Env{Repo: repo, Catalog: cat, Now: now, Since: "no-such-ref"}); !errors.Is(err, source.ErrBadRef) {
		t.Errorf("--since no-such-ref: %v, want an unknown ref", err)
	}
}

// A dump whose password column holds values in clear is one finding for
// the file, whatever its rows; a column of hashes is a note; a column of
// placeholders is nothing.
func TestSecretsDumps(t *testing.T) {
	pw := func(seed uint64) string { return randomValue(seed, 14) }
	bcrypt := func(seed uint64) string {
		return "$2b$12$" + strings.NewReplacer("0", ".", "1", "/").Replace(randomValue(seed, 53))
	}
	var rows []string
	for i := range 50 {
		rows = append(rows, "("+strconv.Itoa(i)+", 'agent"+strconv.Itoa(i)+"@ministere.fr', '"+pw(uint64(100+i))+"', NULL)")
	}
	r := sourcetest.New(t)
	r.Write("db/export.sql", "CREATE TABLE users (id int, email text, password text, token text);\n"+
		"INSERT INTO users (id, email, password, reset_token) VALUES "+strings.Join(rows, ",\n")+";\n")
	r.Write("db/pg.sql", "COPY public.accounts (id, login, encrypted_password) FROM stdin;\n1\tbot\t"+bcrypt(1)+"\n2\tops\t"+bcrypt(2)+"\n\\.\n")
	r.Write("data/users.csv", "id;email;mot_de_passe\n1;a@ministere.fr;"+pw(201)+"\n2;b@ministere.fr;"+pw(202)+"\n")
	r.Write("data/demo.csv", "id,email,password\n1,a@example.org,changeme\n2,b@example.org,password\n")
	r.Commit("exports", sourcetest.Epoch)
	r.Remove("db/export.sql")
	r.Commit("remove the export", sourcetest.Epoch.Add(time.Hour))
	o, fs := scanGit(t, r, "")
	per := map[string]int{}
	for _, f := range fs {
		if f.Rule == secrets.DumpRule {
			per[f.Path]++
			if strings.Contains(f.Message.Args["evidence"], pw(100)) {
				t.Errorf("%s: the value shows", f.Path)
			}
		}
	}
	if per["db/export.sql"] != 1 || per["data/users.csv"] != 1 || per["db/pg.sql"] != 1 || per["data/demo.csv"] != 0 {
		t.Fatalf("findings per file %v, want one for each dump but the placeholders'", per)
	}
	if f := findingAt(fs, secrets.DumpRule, "db/export.sql"); f.Confidence != secrets.Medium || f.Places[0].Tree || f.Line != 2 {
		t.Errorf("SQL dump in the history: %s line %d, tree %v", f.Confidence, f.Line, f.Places[0].Tree)
	}
	if f := findingAt(fs, secrets.DumpRule, "data/users.csv"); f.Confidence != secrets.Medium || f.Line != 2 {
		t.Errorf("CSV dump: %s line %d", f.Confidence, f.Line)
	}
	if f := findingAt(fs, secrets.DumpRule, "db/pg.sql"); f.Confidence != secrets.Low || f.Message.Args["reason"] != rules.List("low-hash") {
		t.Errorf("column of bcrypt hashes: %s %v", f.Confidence, f.Message.Args)
	}
	if o[secrets.DumpRule] != finding.Fail {
		t.Errorf("%s = %s", secrets.DumpRule, o[secrets.DumpRule])
	}
}
