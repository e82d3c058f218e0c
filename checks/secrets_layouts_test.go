package checks

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

// fresh draws n characters of set with crypto/rand: values made for this
// run, never stored anywhere.
func fresh(t *testing.T, set string, n int) string {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = set[k.Int64()]
	}
	return string(b)
}

const (
	alnumSet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	hexSet   = "0123456789abcdef"
)

// Real leak layouts, part 2 (issue 12): credential files of desktop
// clients, values laid out over several lines or escaped, and provider
// formats; each in a real repository, each value made by this run. A
// decoy beside most of them must stay silent.
func TestSecretsLeakLayouts(t *testing.T) {
	var made []string
	keep := func(v string) string { made = append(made, v); return v }
	pw := func() string { return keep(fresh(t, alnumSet, 12) + "7" + fresh(t, alnumSet, 5)) }
	hex32 := func() string { return keep(fresh(t, hexSet, 32)) }
	uuid := func() string {
		return fresh(t, hexSet, 8) + "-" + fresh(t, hexSet, 4) + "-4" + fresh(t, hexSet, 3) + "-a" + fresh(t, hexSet, 3) + "-" + fresh(t, hexSet, 12)
	}
	seed := uint64(time.Now().UnixNano())
	var toks []string
	ghp := func() string { // a different token per file: one value is one finding
		seed++
		toks = append(toks, sourcetest.GitHubToken(seed))
		return toks[len(toks)-1]
	}
	pyTok, jsTok := ghp(), ghp()
	dbeaver := make([]byte, 96)
	if _, err := rand.Read(dbeaver); err != nil {
		t.Fatal(err)
	}
	dbeaver[10] = 0 // binary, as DBeaver's AES output is
	type want struct{ rule, conf string }
	cases := map[string]struct {
		content string
		want    want // rule "" = nothing found in the file
	}{
		// 1. Credential files by what they are.
		"deploy/sitemanager.xml": {"<?xml version=\"1.0\"?>\n<FileZilla3>\n<Servers>\n<Server>\n<Host>ftp.prod-infra.fr</Host>\n<User>deploy</User>\n<Pass encoding=\"base64\">" +
			base64.StdEncoding.EncodeToString([]byte(pw())) + "</Pass>\n</Server>\n</Servers>\n</FileZilla3>\n", want{"secrets/saved-connection", "medium"}},
		"recentservers.xml": {"<RecentServers>\n<Server>\n<Host>ftp.prod-infra.fr</Host>\n<User>deploy</User>\n<Pass>" + pw() + "</Pass>\n</Server>\n</RecentServers>\n", want{"secrets/saved-connection", "medium"}},
		"tools/WinSCP.ini":  {"[Sessions\\deploy@ftp.prod-infra.fr]\nHostName=ftp.prod-infra.fr\nUserName=deploy\nPassword=" + strings.ToUpper(fresh(t, hexSet, 60)) + "\n", want{"secrets/generic-assignment", "medium"}},
		"sftp-config.json":  {"{\n    \"type\": \"sftp\",\n    \"host\": \"ftp.prod-infra.fr\",\n    \"user\": \"deploy\",\n    \"password\": \"" + pw() + "\",\n}\n", want{"secrets/generic-assignment", "medium"}},
		".idea/WebServers.xml": {"<project version=\"4\">\n  <component name=\"WebServers\">\n    <option name=\"servers\">\n      <webServer id=\"1\" name=\"prod\">\n        <fileTransfer host=\"ftp.prod-infra.fr\" port=\"21\" accessType=\"FTP\" login=\"deploy\" password=\"" +
			fresh(t, hexSet, 40) + "\" />\n      </webServer>\n    </option>\n  </component>\n</project>\n", want{"secrets/generic-assignment", "medium"}},
		".idea/deployment.xml":                       {"<project version=\"4\">\n  <component name=\"PublishConfigData\">\n    <serverData>\n      <paths name=\"prod\">\n        <serverdata><option name=\"password\" value=\"" + pw() + "\" /></serverdata>\n      </paths>\n    </serverData>\n  </component>\n</project>\n", want{"secrets/generic-assignment", "medium"}},
		".remote-sync.json":                          {"{\n  \"transport\": \"ftp\",\n  \"hostname\": \"ftp.prod-infra.fr\",\n  \"username\": \"deploy\",\n  \"password\": \"" + pw() + "\",\n  \"target\": \"/www\"\n}\n", want{"secrets/generic-assignment", "medium"}},
		".ftpconfig":                                 {"{\n    \"protocol\": \"sftp\",\n    \"host\": \"ftp.prod-infra.fr\",\n    \"user\": \"deploy\",\n    \"pass\": \"" + pw() + "\",\n    \"remote\": \"/\"\n}\n", want{"secrets/saved-connection", "medium"}},
		"workspace/.dbeaver/data-sources.json":       {"{\n\t\"connections\": {\n\t\t\"postgres-1\": {\n\t\t\t\"provider\": \"postgresql\",\n\t\t\t\"configuration\": {\n\t\t\t\t\"host\": \"db.prod-infra.fr\",\n\t\t\t\t\"user\": \"app\",\n\t\t\t\t\"password\": \"" + pw() + "\"\n\t\t\t}\n\t\t}\n\t}\n}\n", want{"secrets/generic-assignment", "medium"}},
		"workspace/.dbeaver/credentials-config.json": {string(dbeaver), want{"secrets/saved-connection", "medium"}},
		"config/master.key":                          {hex32() + "\n", want{"secrets/rails-master-key", "medium"}},
		"config/credentials/production.key":          {hex32(), want{"secrets/rails-master-key", "medium"}},
		"config/credentials/development.key":         {hex32() + "\n", want{"secrets/rails-master-key", "low"}},
		"lib/master.key":                             {hex32() + "\n", want{}},                       // not Rails' place
		"config/credentials/staging.key":             {"00000000000000000000000000000000\n", want{}}, // a placeholder
		"docs/empty-sitemanager/sitemanager.xml":     {"<Server><Pass encoding=\"base64\"></Pass></Server>\n", want{}},

		// 2. Layouts.
		"config/tls.yml":          {"tls:\n  key: |\n" + indent(testKey(t), "    "), want{"secrets/private-key", "medium"}},
		"config/api.yml":          {"api:\n  token: >\n    " + ghp() + "\n", want{"secrets/github-token", "high"}},
		"config/db.yml":           {"production:\n  password: >-\n    " + pw() + "\n", want{"secrets/generic-assignment", "medium"}},
		"config/db-env.yml":       {"production:\n  password: >-\n    ${DB_PASSWORD}\n  summary: >\n    the password is read from the environment\n", want{}},
		"Web.config":              {"<configuration>\n  <connectionStrings>\n    <add name=\"Db\" connectionString=\"Server=db.prod-infra.fr;Database=app;User Id=app;Password=" + pw() + ";\" providerName=\"System.Data.SqlClient\" />\n  </connectionStrings>\n</configuration>\n", want{"secrets/generic-assignment", "medium"}},
		"src/App/app.config":      {"<connectionStrings>\n  <add name=\"Db\" connectionString=\"Driver={SQL Server};Server=db.prod-infra.fr;Uid=app;Pwd=" + pw() + ";\" />\n</connectionStrings>\n", want{"secrets/generic-assignment", "medium"}},
		"src/main/java/Gh.java":   {"class Gh {\n  static final String TOKEN = \"ghp_\" +\n      \"" + ghp()[4:] + "\";\n}\n", want{"secrets/github-token", "high"}},
		"app/gh.py":               {"TOKEN = (\"" + pyTok[:14] + "\"\n         \"" + pyTok[14:] + "\")\n", want{"secrets/github-token", "high"}},
		"web/gh.js":               {"const token = 'ghp_' + '" + jsTok[4:20] + "' +\n  '" + jsTok[20:] + "';\n", want{"secrets/github-token", "high"}},
		"web/gh-bad.js":           {"const token = 'ghp_' + '" + fresh(t, alnumSet, 36) + "';\n", want{}}, // no checksum
		"notebooks/explore.ipynb": {"{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"source\": [\n    \"import psycopg2\\n\",\n    \"conn = psycopg2.connect(host=\\\"db.prod-infra.fr\\\", password=\\\"" + pw() + "\\\")\\n\"\n   ]\n  }\n ]\n}\n", want{"secrets/generic-assignment", "medium"}},
		"notebooks/env.ipynb":     {"{\"cells\": [{\"source\": [\"import os\\n\", \"password = os.environ[\\\"DB_PASSWORD\\\"]\\n\"]}]}\n", want{}},
		"app/db.py":               {"SQLALCHEMY_DATABASE_URI = \"postgresql+psycopg2://app:" + pw() + "@db.prod-infra.fr:5432/app\"\n", want{"secrets/url-credentials", "medium"}},

		// 3. Provider formats.
		"web/src/sentry.ts": {"Sentry.init({ dsn: \"https://" + hex32() + "@o4504.ingest.sentry.io/4504123\" });\n", want{"secrets/sentry-dsn", "low"}},
		"app/settings.py":   {"SENTRY_DSN = \"https://" + hex32() + "@o4504.ingest.sentry.io/4504123\"\n", want{"secrets/sentry-dsn", "low"}}, // public by design, in a backend too
		"config/stripe.env": {"STRIPE_WEBHOOK_SECRET=whsec_" + fresh(t, alnumSet, 32) + "\n", want{"secrets/stripe-webhook-secret", "high"}},
		"config/sts.env":    {"AWS_SESSION_TOKEN=" + base64.StdEncoding.EncodeToString([]byte(fresh(t, alnumSet, 240))) + "\n", want{"secrets/aws-session-token", "high"}},
		"config/blob.env":   {"BLOB_URL=https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=" + fresh(t, alnumSet, 43) + "%3D\n", want{"secrets/azure-sas-token", "high"}},
		"config/ovh.conf":   {"[ovh-eu]\napplication_key=" + fresh(t, alnumSet, 16) + "\napplication_secret=" + fresh(t, alnumSet, 32) + "\n", want{"secrets/ovh-key", "medium"}},
		"config/hooks.env":  {"WEBHOOK_SECRET=" + uuid() + "\n", want{"secrets/generic-assignment", "medium"}},
		"config/ids.env":    {"TENANT_ID=" + uuid() + "\nSECRET_ID=" + uuid() + "\n", want{}},
		"app/twitter.py":    {"consumer_key = \"" + fresh(t, alnumSet, 25) + "\"\nconsumer_secret = \"" + fresh(t, alnumSet, 50) + "\"\n", want{"secrets/generic-assignment", "medium"}},
	}
	r := sourcetest.New(t)
	for p, c := range cases {
		r.Write(p, c.content)
	}
	r.Write("old/config/master.key", hex32()+"\n")
	r.Commit("layouts", sourcetest.Epoch)
	r.Remove("old/config/master.key")
	r.Commit("remove the old key", sourcetest.Epoch.Add(time.Hour))

	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Secrets{}.Run(context.Background(), &Env{Repo: repo, Catalog: cat, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		if f.Rule != secretsRule {
			got[f.Path] = append(got[f.Path], f)
		}
		for _, a := range f.Message.Args {
			for _, v := range append(made, toks...) {
				if strings.Contains(a, v[4:12]) {
					t.Errorf("finding %s in %s shows a value", f.Rule, f.Path)
				}
			}
		}
	}
	for p, c := range cases {
		fs := got[p]
		if c.want.rule == "" {
			for _, f := range fs {
				t.Errorf("%s: unexpected %s (%s)", p, f.Rule, f.Confidence)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Rule != c.want.rule || fs[0].Confidence != c.want.conf {
			var seen []string
			for _, f := range fs {
				seen = append(seen, f.Rule+" "+f.Confidence)
			}
			t.Errorf("%s: found %v, want %s %s", p, seen, c.want.rule, c.want.conf)
		}
	}
	if fs := got["old/config/master.key"]; len(fs) != 1 || fs[0].Rule != "secrets/rails-master-key" || fs[0].Commit == "" {
		t.Errorf("the removed master key in the history: %+v", fs)
	}
}

func indent(s, pre string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "")
}
