package secrets

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// A labelled corpus generated at test time: files of many kinds with planted
// secrets (random but well-formed) and look-alike decoys.

type plant struct {
	rule  string
	lines []string // the first line holds the secret's start
	raw   string   // the secret, to prove it never leaks
}

type corpusFile struct {
	path    string
	content []byte
	labels  map[string]bool // "rule@line"
	secrets []string
}

type kindSpec struct {
	path   string
	noise  []string
	plants []func(g *gen) plant
	decoys []func(g *gen) string
}

func pl(rule, raw string, lines ...string) plant { return plant{rule: rule, lines: lines, raw: raw} }

func pw(g *gen) string { return g.str(alnum, 12) + g.str("0123456789", 2) + g.str(alnum, 4) }

var commonDecoys = []func(g *gen) string{
	func(g *gen) string { return "commit: " + g.str(hexa, 40) },
	func(g *gen) string {
		return "id: " + g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-4" + g.str(hexa, 3) + "-a" + g.str(hexa, 3) + "-" + g.str(hexa, 12)
	},
	func(g *gen) string { return `integrity: "sha512-` + g.str(b64, 86) + `=="` },
	func(g *gen) string { return "ssh-rsa AAAAB3NzaC1yc2E" + g.str(b64, 300) + " agent@poste" },
	func(g *gen) string { return "publishable_key: pk_live_" + g.str(alnum, 24) },
	func(g *gen) string { return "aws_access_key_id: AKIAIOSFODNN7EXAMPLE" },
	func(g *gen) string { return `logo: "data:image/png;base64,` + g.str(b64, 200) + `"` },
	func(g *gen) string { return "# the password must be at least 12 characters long" },
	func(g *gen) string { return "ghp_" + g.str(alnum, 36) }, // wrong checksum
	func(g *gen) string { return "sha256: " + g.str(hexa, 64) },
}

func corpusKinds() []kindSpec {
	return []kindSpec{
		{path: "internal/client/client.go", noise: []string{"package client", "import \"net/http\"", "func (c *Client) Do(r *http.Request) error {", "\treturn nil", "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					t := g.github("ghp")
					return pl("secrets/github-token", t, `const token = "`+t+`"`)
				},
				func(g *gen) plant { v := pw(g); return pl("secrets/generic-assignment", v, `	dbPassword := "`+v+`"`) },
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `	password := os.Getenv("DB_PASSWORD")` },
				func(*gen) string { return `	token := cfg.Token` },
				func(*gen) string { return `	Password string ` + "`json:\"password\"`" },
				func(*gen) string { return `	cmd.Env = append(cmd.Env, "PWD="+cfg.Dir)` },
			}},
		{path: "app/settings.py", noise: []string{"import os", "DEBUG = False", "ALLOWED_HOSTS = ['*']", "INSTALLED_APPS = []"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "django-insecure-" + g.str(b64url, 50)
					return pl("secrets/django-secret-key", v, "SECRET_KEY = '"+v+"'")
				},
				func(g *gen) plant {
					v := "xoxb-" + g.str("0123456789", 12) + "-" + g.str("0123456789", 13) + "-" + g.str(alnum, 24)
					return pl("secrets/slack-token", v, `SLACK_TOKEN = "`+v+`"`)
				},
				func(g *gen) plant { v := g.nir(); return pl("sensitive/nir", v, `numero_secu = "`+v+`"`) },
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]` },
				func(*gen) string { return `DATABASES = {"default": {"PASSWORD": os.getenv("DB_PASSWORD")}}` },
				func(*gen) string { return `password = "%(db_password)s"` },
			}},
		{path: "src/api.js", noise: []string{"const express = require('express');", "module.exports = router;", "app.use(express.json());"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "sk_live_" + g.str(alnum, 24)
					return pl("secrets/stripe-key", v, "const stripe = require('stripe')('"+v+"');")
				},
				func(g *gen) plant {
					v := "SG." + g.str(b64url, 22) + "." + g.str(b64url, 43)
					return pl("secrets/sendgrid-key", v, "sgMail.setApiKey('"+v+"');")
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "const token = process.env.API_TOKEN;" },
				func(*gen) string { return "const apiKey = config.apiKey;" },
				func(*gen) string { return "const password = '';" },
			}},
		{path: "web/src/http.ts", noise: []string{"import axios from 'axios';", "export const http = axios.create();"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.jwt()
					return pl("secrets/jwt", v, `headers: { Authorization: "Bearer `+v+`" },`)
				},
				func(g *gen) plant {
					v := "AIza" + g.str(b64url, 35)
					return pl("secrets/google-api-key", v, `export const MAPS_KEY = "`+v+`";`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "password: string;" },
				func(*gen) string { return "const secret = this.secretService.get();" },
				func(g *gen) string { return `const siteKey = "6L` + g.str(b64url, 38) + `";` },
			}},
		{path: "src/main/java/fr/gouv/App.java", noise: []string{"package fr.gouv;", "public class App {", "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `    private static final String DB_PASSWORD = "`+v+`";`)
				},
				func(g *gen) plant {
					v := g.str("abcdefghijklmnopqrstuvwxyz", 6) + "." + g.str("abcdefghijklmnopqrstuvwxyz", 8) + "@finances.gouv.fr"
					return pl("sensitive/agent-email", v, `    private static final String ADMIN = "`+v+`";`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `    @Value("${app.password}") private String password;` },
				func(*gen) string { return `    String CONTACT = "support@numerique.gouv.fr";` },
			}},
		{path: "config/database.php", noise: []string{"<?php", "return [", "];"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `    'password' => '`+v+`',`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `    'password' => env('DB_PASSWORD', ''),` },
				func(*gen) string { return `    'password' => 'secret',` },
			}},
		{path: "config/environments/production.rb", noise: []string{"Rails.application.configure do", "end"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.str(hexa, 128)
					return pl("secrets/rails-secret-key-base", v, `  config.secret_key_base = "`+v+`"`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `  config.secret_key_base = ENV["SECRET_KEY_BASE"]` },
			}},
		{path: "deploy/values.yaml", noise: []string{"replicaCount: 2", "image:", "  repository: registry.example.org/app", "  tag: 1.4.2"},
			plants: []func(g *gen) plant{
				func(g *gen) plant { v := pw(g); return pl("secrets/generic-assignment", v, "  password: "+v) },
				func(g *gen) plant {
					v := "https://hooks.slack.com/services/T" + g.str(alnum[:36], 8) + "/B" + g.str(alnum[:36], 10) + "/" + g.str(alnum, 24)
					return pl("secrets/slack-webhook", v, "  webhook: "+v)
				},
				func(g *gen) plant { v := g.iban(); return pl("sensitive/iban", v, "  iban: "+v) },
				func(g *gen) plant {
					return pl("sensitive/private-ip", "", "  dbHost: 10."+fmt.Sprint(g.r.IntN(250))+".3.17")
				},
				func(g *gen) plant { // an env list entry: name and value on two lines
					v := g.str(hexa, 64)
					return pl("secrets/generic-assignment", v, "  - name: SENTRY_AUTH_TOKEN", "    value: "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string {
					return "  - {name: SENTRY_AUTH_TOKEN, valueFrom: {secretKeyRef: {name: app, key: sentry}}}"
				},
				func(*gen) string { return `  password: "{{ .Values.db.password }}"` },
				func(*gen) string { return "  existingSecret: app-secret" },
				func(*gen) string { return "  passwordSecretRef: db-credentials" },
				func(*gen) string { return "  dns: 8.8.8.8" },
				func(*gen) string { return "  title: No secret: Stripe/PayPlug secret key" },
				func(*gen) string { return "  tokenizer: whitespace" },
			}},
		{path: "config/credentials.json", noise: []string{"{", `  "type": "authorized_user",`, `  "project_id": "demo",`, "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := strings.ReplaceAll(strings.TrimSuffix(g.pem("PRIVATE KEY"), "\n"), "\n", `\n`)
					return pl("secrets/private-key", v, `  "private_key": "`+v+`",`)
				},
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `  "client_secret": "`+v+`",`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `  "client_secret": "<client-secret>",` },
				func(*gen) string { return `  "password": "********",` },
			}},
		{path: ".env", noise: []string{"APP_ENV=prod", "APP_DEBUG=0", "PORT=8080"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.str(alnum, 16)
					return pl("secrets/url-credentials", v, "DATABASE_URL=postgres://app:"+v+"@db.internal.example:5432/app")
				},
				func(g *gen) plant {
					v := "AKIA" + g.str(upper32, 16)
					return pl("secrets/aws-access-key", v, "AWS_ACCESS_KEY_ID="+v)
				},
				func(g *gen) plant {
					v := g.str(b64, 40)
					return pl("secrets/aws-secret-key", v, "AWS_SECRET_ACCESS_KEY="+v)
				},
				func(g *gen) plant {
					v := "base64:" + g.str(b64, 43) + "="
					return pl("secrets/laravel-app-key", v, "APP_KEY="+v)
				},
				func(g *gen) plant { v := g.str(hexa, 32); return pl("secrets/symfony-app-secret", v, "APP_SECRET="+v) },
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "DB_PASSWORD=" },
				func(*gen) string { return "DB_PASSWORD=changeme" },
				func(*gen) string { return "REDIS_URL=redis://${REDIS_USER}:${REDIS_PASSWORD}@redis:6379" },
				func(*gen) string { return "SECRET_TOKEN=your-token-here" },
			}},
		{path: "src/main/resources/application.properties", noise: []string{"server.port=8080", "spring.jpa.hibernate.ddl-auto=none"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, "spring.datasource.password="+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "spring.datasource.password=${DB_PASSWORD}" },
				func(*gen) string { return "app.password.min-length=12" },
			}},
		{path: "conf/server.xml", noise: []string{`<?xml version="1.0"?>`, "<server>", "</server>"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, "  <password>"+v+"</password>")
				},
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `  <add key="ApiToken" value="`+v+`"/>`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "  <password>${env.DB_PASSWORD}</password>" },
				func(*gen) string { return `  <add key="TokenLifetime" value="3600"/>` },
			}},
		{path: "infra/main.tf", noise: []string{`provider "scaleway" {}`, `resource "scaleway_instance_server" "web" {`, "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "glpat-" + g.str(alnum, 20)
					return pl("secrets/gitlab-token", v, `  token = "`+v+`"`)
				},
				func(g *gen) plant {
					v := g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-" + g.str(hexa, 4) + "-" + g.str(hexa, 4) + "-" + g.str(hexa, 12)
					return pl("secrets/scaleway-key", v, `  scw_secret_key = "`+v+`"`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "  password = var.db_password" },
				func(*gen) string { return `  token = data.vault_generic_secret.gitlab.data["token"]` },
			}},
		{path: "Dockerfile", noise: []string{"FROM node:22-alpine", "WORKDIR /app", "RUN npm ci", `CMD ["node", "server.js"]`},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "npm_" + g.str(alnum, 36)
					return pl("secrets/npm-token", v, "ENV NPM_TOKEN="+v)
				},
				func(g *gen) plant {
					v := "dckr_pat_" + g.str(alnum, 27)
					return pl("secrets/dockerhub-token", v, "ARG HUB_TOKEN="+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "ARG NPM_TOKEN" },
				func(*gen) string { return "RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token" },
			}},
		{path: "k8s/kubeconfig.yaml", noise: []string{"apiVersion: v1", "kind: Config", "clusters:", "- name: prod"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := base64.StdEncoding.EncodeToString([]byte(g.pem("RSA PRIVATE KEY")))
					return pl("secrets/private-key", v, "    client-key-data: "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(g *gen) string {
					return "    certificate-authority-data: " + base64.StdEncoding.EncodeToString([]byte(g.pem("CERTIFICATE")))
				},
			}},
		{path: "k8s/secret.yaml", noise: []string{"apiVersion: v1", "metadata:", "  namespace: prod", "# managed by kustomize"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := base64.StdEncoding.EncodeToString([]byte(pw(g) + pw(g)))
					return pl("secrets/kubernetes-secret", v, "kind: Secret", "type: Opaque", "data:", "  db-password: "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "  password: " + base64.StdEncoding.EncodeToString([]byte("changeme")) },
				func(*gen) string { return "kind: ConfigMap" },
			}},
		{path: "deploy/docker/config.json", noise: []string{"{", `  "credsStore": "desktop",`, "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := base64.StdEncoding.EncodeToString([]byte("deploy:" + pw(g)))
					return pl("secrets/docker-config-auth", v, `  "auths": {"registry.example.org": {"auth": "`+v+`"}},`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `  "auths": {"registry.example.org": {}},` },
			}},
		{path: "ansible/group_vars/all.yml", noise: []string{"---", "ansible_user: deploy", "app_port: 8080"},
			plants: []func(g *gen) plant{
				func(g *gen) plant { v := pw(g); return pl("secrets/generic-assignment", v, "ansible_become_pass: "+v) },
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, "ansible_password: '"+v+"'")
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `ansible_password: "{{ vault_ansible_password }}"` },
				func(*gen) string { return "ansible_become_pass: !vault |" },
			}},
		{path: "deploy/gcp/sa-key.json", noise: []string{`  "universe_domain": "googleapis.com",`, `  "token_uri": "https://oauth2.googleapis.com/token",`, `  "auth_uri": "https://accounts.google.com/o/oauth2/auth",`},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := strings.ReplaceAll(strings.TrimSuffix(g.pem("PRIVATE KEY"), "\n"), "\n", `\n`) + `\n`
					return pl("secrets/gcp-service-account", v, "{", `  "type": "service_account",`, `  "project_id": "demo-`+g.str(lowerDigits, 6)+`",`,
						`  "private_key_id": "`+g.str(hexa, 40)+`",`, `  "private_key": "`+v+`",`,
						`  "client_email": "ci@demo.iam.gserviceaccount.com",`, "}")
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string {
					return `{"type": "service_account", "project_id": "your-project-id", "private_key_id": "your-private-key-id", "private_key": "your-private-key"}`
				},
				func(g *gen) string {
					return `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"}`
				},
				func(g *gen) string { return `  "client_id": "` + g.str("0123456789", 21) + `",` },
				func(g *gen) string { return `  "private_key_id": "` + g.str(hexa, 40) + `",` },
			}},
		{path: "config/client_secret.json", noise: []string{"{", `  "web": {`, `    "redirect_uris": ["https://demarche.example.gouv.fr/oauth2callback"],`, "  }", "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "GOCSPX-" + g.str(b64url, 28)
					return pl("secrets/google-oauth-secret", v, `    "client_secret": "`+v+`",`)
				},
			},
			decoys: []func(g *gen) string{
				func(g *gen) string {
					return `    "client_id": "` + g.str("0123456789", 12) + "-" + g.str(lowerDigits, 32) + `.apps.googleusercontent.com",`
				},
				func(*gen) string { return `    "client_secret": "GOCSPX-your-client-secret",` },
			}},
		{path: "deploy/.env.prod", noise: []string{"NODE_ENV=production", "PORT=3000", "OSC_REGION=eu-west-2", "OVH_ENDPOINT=ovh-eu", "GITEA_URL=https://codeberg.org"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/ovh-key", v, "OVH_APPLICATION_SECRET="+v)
				},
				func(g *gen) plant { v := g.str(alnum, 32); return pl("secrets/ovh-key", v, "OVH_CONSUMER_KEY="+v) },
				func(g *gen) plant { v := g.str(upper36, 40); return pl("secrets/outscale-key", v, "OSC_SECRET_KEY="+v) },
				func(g *gen) plant { v := g.str(upper36, 20); return pl("secrets/outscale-key", v, "OSC_ACCESS_KEY="+v) },
				func(g *gen) plant {
					v := g.str(hexa, 32)
					return pl("secrets/clevercloud-token", v, "CLEVER_SECRET="+v)
				},
				func(g *gen) plant { v := g.str(hexa, 32); return pl("secrets/mailjet-key", v, "MJ_APIKEY_PRIVATE="+v) },
				func(g *gen) plant { v := g.str(alnum, 32); return pl("secrets/mistral-key", v, "MISTRAL_API_KEY="+v) },
				func(g *gen) plant { v := g.str(hexa, 40); return pl("secrets/gitea-token", v, "GITEA_TOKEN="+v) },
				func(g *gen) plant {
					v := g.str(hexa, 64)
					return pl("secrets/franceconnect-secret", v, "FC_CLIENT_SECRET="+v)
				},
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/franceconnect-secret", v, "PROCONNECT_CLIENT_SECRET="+v)
				},
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/keycloak-secret", v, "KEYCLOAK_CLIENT_SECRET="+v)
				},
				func(g *gen) plant {
					v := "AC" + g.str(hexa, 32)
					return pl("secrets/twilio-account-sid", v, "TWILIO_ACCOUNT_SID="+v)
				},
				func(g *gen) plant {
					v := "SK" + g.str(hexa, 32)
					return pl("secrets/twilio-key", v, "TWILIO_API_KEY="+v)
				},
				func(g *gen) plant {
					v := "GOCSPX-" + g.str(alnum, 28)
					return pl("secrets/google-oauth-secret", v, "GOOGLE_CLIENT_SECRET="+v)
				},
				func(g *gen) plant {
					v := "AQE" + g.str(b64, 77) + "=-" + g.str(b64, 43) + "="
					return pl("secrets/adyen-key", v, "ADYEN_API_KEY="+v)
				},
				func(g *gen) plant {
					v := "access_token$production$" + g.str(lowerDigits, 16) + "$" + g.str(hexa, 32)
					return pl("secrets/paypal-key", v, "BRAINTREE_ACCESS_TOKEN="+v)
				},
				func(g *gen) plant {
					v := g.str(hexa, 32)
					return pl("secrets/paypal-key", v, "BRAINTREE_PRIVATE_KEY="+v)
				},
				func(g *gen) plant {
					v := g.str(b64url, 80)
					return pl("secrets/paypal-key", v, "PAYPAL_CLIENT_SECRET="+v)
				},
			},
			decoys: []func(g *gen) string{
				func(g *gen) string { return "MJ_APIKEY_PUBLIC=" + g.str(hexa, 32) },
				func(g *gen) string { return "FC_CLIENT_ID=" + g.str(hexa, 64) },
				func(g *gen) string { return "KEYCLOAK_CLIENT_ID=" + g.str(lowerDigits, 12) },
				func(*gen) string { return "TWILIO_ACCOUNT_SID=ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
				func(g *gen) string {
					return "BRAINTREE_ACCESS_TOKEN=access_token$sandbox$" + g.str(lowerDigits, 16) + "$" + g.str(hexa, 32)
				},
				func(*gen) string { return "GOOGLE_CLIENT_SECRET=GOCSPX-your-client-secret" },
				func(*gen) string { return "OVH_APPLICATION_SECRET=" },
				func(*gen) string { return "CLEVER_SECRET=${CLEVER_SECRET}" },
				func(*gen) string { return "OSC_ACCESS_KEY=ACCESS_KEY" },
				func(*gen) string { return "ADYEN_API_KEY=AQE_YOUR_API_KEY" },
				func(g *gen) string { return "GITEA_DEPLOYED_COMMIT=" + g.str(hexa, 40) },
				func(g *gen) string { return "OVH_APPLICATION_KEY=" + g.str(alnum, 16) },
			}},
		{path: "app/services/notify.py", noise: []string{"import os", "import logging", "logger = logging.getLogger(__name__)", "def send(to, body):", "    return None"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "AC" + g.str(hexa, 32)
					return pl("secrets/twilio-account-sid", v, `account_sid = "`+v+`"`)
				},
				func(g *gen) plant {
					v := "SK" + g.str(hexa, 32)
					return pl("secrets/twilio-key", v, `api_key_sid = "`+v+`"`)
				},
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/mistral-key", v, `client = Mistral(api_key="`+v+`")`)
				},
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/ovh-key", v, `client = ovh.Client(endpoint="ovh-eu", application_secret="`+v+`")`)
				},
				func(g *gen) plant {
					v := g.str(hexa, 32)
					return pl("secrets/paypal-key", v, `braintree.Configuration.configure(braintree.Environment.Production, merchant_id="shop", private_key="`+v+`")`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])` },
				func(*gen) string { return `account_sid = os.environ["TWILIO_ACCOUNT_SID"]` },
				func(*gen) string {
					return `client = ovh.Client(endpoint="ovh-eu", application_secret=settings.OVH_SECRET)`
				},
				func(g *gen) string { return `REQUEST_ID = "` + g.str(hexa, 32) + `"` },
			}},
		{path: "src/payment/adyen.js", noise: []string{"const { Client, CheckoutAPI } = require('@adyen/api-library');", "module.exports = { checkout };"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "AQE" + g.str(b64, 93) + "==-" + g.str(b64, 43) + "="
					return pl("secrets/adyen-key", v, `const client = new Client({ apiKey: "`+v+`", environment: "LIVE" });`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string {
					return "const client = new Client({ apiKey: process.env.ADYEN_API_KEY, environment: 'TEST' });"
				},
				func(g *gen) string { return `const clientKey = "live_` + g.str(upper36, 32) + `";` },
			}},
		{path: "src/main/resources/keycloak.json", noise: []string{"{", `  "realm": "agents",`, `  "resource": "portail",`, `  "ssl-required": "external",`, "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.str(alnum, 32)
					return pl("secrets/keycloak-secret", v, `  "auth-server-url": "https://sso.interieur.gouv.fr/",`, `  "credentials": { "secret": "`+v+`" },`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `  "credentials": { "secret": "secret" },` },
				func(*gen) string { return `  "public-client": true,` },
				func(g *gen) string {
					return `  "realm-public-key": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA` + g.str(b64, 300) + `",`
				},
			}},
		{path: "config/tea.yml", noise: []string{"logins:", "  - name: codeberg", "    url: https://codeberg.org", "    default: true"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.str(hexa, 40)
					return pl("secrets/gitea-token", v, "  - name: forge", "    url: https://gitea.example.gouv.fr", "    token: "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(g *gen) string { return "    ssh_key_fingerprint: " + g.str(hexa, 40) },
				func(*gen) string { return "    token: ${{ secrets.GITEA_TOKEN }}" },
			}},
		{path: ".npmrc", noise: []string{"registry=https://registry.npmjs.org/", "save-exact=true"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "npm_" + g.str(alnum, 36)
					return pl("secrets/npm-token", v, "//registry.npmjs.org/:_authToken="+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" },
			}},
		{path: ".netrc", noise: []string{"default login anonymous"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/netrc-password", v, "machine git.example.org login bot password "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "machine api.example.org login bot password $NETRC_PASSWORD" },
			}},
		// Leak layouts, part 2 (issue 12): desktop clients' files, escaped
		// notebooks, split literals, block scalars, connection strings,
		// provider formats without a prefix of their own.
		{path: "deploy/sitemanager.xml", noise: []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<FileZilla3 version="3.66.4" platform="windows">`, "<Host>ftp.prod-infra.fr</Host>", "<Port>21</Port>", "<Logontype>1</Logontype>"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := base64.StdEncoding.EncodeToString([]byte(pw(g)))
					return pl("secrets/saved-connection", v, `<Pass encoding="base64">`+v+"</Pass>")
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `<Pass encoding="base64" />` },
				func(*gen) string { return "<User>deploy</User>" },
			}},
		{path: "notebooks/analyse.ipynb", noise: []string{"{", ` "cells": [`, `   "cell_type": "code",`, `    "import pandas as pd\n",`, ` "nbformat": 4,`},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `    "conn = psycopg2.connect(host=\"db.prod-infra.fr\", password=\"`+v+`\")\n",`)
				},
				func(g *gen) plant {
					v := g.github("ghp")
					return pl("secrets/github-token", v, `    "GITHUB_TOKEN = \"`+v+`\"\n",`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `    "password = os.environ[\"DB_PASSWORD\"]\n",` },
				func(*gen) string { return `    "token = getpass.getpass()\n",` },
			}},
		{path: "src/main/java/fr/gouv/Tokens.java", noise: []string{"package fr.gouv;", "final class Tokens {", "}"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := g.github("ghp")
					return pl("secrets/github-token", v, `    static final String GH = "ghp_" +`, `        "`+v[4:]+`";`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return `    String u = "https://" + host + "/api";` },
				func(*gen) string { return `    String m = "token: " + "expired";` },
			}},
		{path: "config/app.yml", noise: []string{"production:", "  adapter: postgresql", "  host: db.prod-infra.fr", "  pool: 5"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, "  password: >-", "    "+v)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "  description: >" }, // a block scalar that holds no credential
				func(*gen) string { return "    the password is read from the vault" },
				func(*gen) string { return "  password: ${DB_PASSWORD}" },
			}},
		{path: "Web.config", noise: []string{`<?xml version="1.0" encoding="utf-8"?>`, "<configuration>", "  <connectionStrings>", "  </connectionStrings>", "</configuration>"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `    <add name="Db" connectionString="Server=db.prod-infra.fr;Database=app;User Id=app;Password=`+v+`;" />`)
				},
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/generic-assignment", v, `    <add name="Odbc" connectionString="Driver={SQL Server};Server=db.prod-infra.fr;Uid=app;Pwd=`+v+`;" />`)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string {
					return `    <add name="Local" connectionString="Server=.;Database=app;Integrated Security=true" />`
				},
			}},
		{path: "config/providers.env", noise: []string{"APP_ENV=prod", "LOG_LEVEL=info", "PORT=8080"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := "whsec_" + g.str(alnum, 32)
					return pl("secrets/stripe-webhook-secret", v, "STRIPE_WEBHOOK_SECRET="+v)
				},
				func(g *gen) plant {
					v := g.str(hexa, 32)
					return pl("secrets/sentry-dsn", v, "SENTRY_DSN=https://"+v+"@o4504.ingest.sentry.io/4504123")
				},
				func(g *gen) plant {
					v := g.str(b64, 300)
					return pl("secrets/aws-session-token", v, "AWS_SESSION_TOKEN="+v)
				},
				func(g *gen) plant {
					v := g.str(b64, 43)
					return pl("secrets/azure-sas-token", v, "BLOB_SAS_URL=https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig="+v+"%3D")
				},
				func(g *gen) plant {
					v := g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-4" + g.str(hexa, 3) + "-a" + g.str(hexa, 3) + "-" + g.str(hexa, 12)
					return pl("secrets/generic-assignment", v, "WEBHOOK_SECRET="+v)
				},
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/url-credentials", v, "SQLALCHEMY_DATABASE_URI=postgresql+psycopg2://app:"+v+"@db.prod-infra.fr/app")
				},
			},
			decoys: []func(g *gen) string{
				func(g *gen) string {
					return "TENANT_ID=" + g.str(hexa, 8) + "-" + g.str(hexa, 4) + "-4" + g.str(hexa, 3) + "-a" + g.str(hexa, 3) + "-" + g.str(hexa, 12)
				},
				func(*gen) string { return "SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0" },
				func(*gen) string { return "BLOB_URL=https://acct.blob.core.windows.net/c" },
				func(*gen) string { return "SQLALCHEMY_DATABASE_URI=postgresql+psycopg2://app:${DB_PASSWORD}@db/app" },
			}},
		{path: "README.md", noise: []string{"# Projet", "Ce dépôt contient l'API.", "## Installation", "```sh", "make install", "```"},
			plants: []func(g *gen) plant{
				func(g *gen) plant {
					v := pw(g)
					return pl("secrets/curl-basic-auth", v, "curl -u admin:"+v+" https://api.example.org/v1/ping")
				},
				func(g *gen) plant {
					v := g.pem("OPENSSH PRIVATE KEY")
					return pl("secrets/private-key", v, strings.Split(strings.TrimSuffix(v, "\n"), "\n")...)
				},
			},
			decoys: []func(g *gen) string{
				func(*gen) string { return "Set `DB_PASSWORD=<your password>` in your `.env`." },
				func(*gen) string { return "curl -u $USER:$TOKEN https://api.example.org/" },
				func(g *gen) string {
					return "[![codecov](https://codecov.io/gh/org/repo/branch/main/graph/badge.svg?token=" + g.str(alnum, 10) + ")](https://codecov.io/gh/org/repo)"
				},
				func(*gen) string { return "The API token: generate it in your account settings." },
				func(*gen) string { return "Exemple : `AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`" },
			}},
	}
}

func buildCorpus(seed uint64, files int) []corpusFile {
	g := newGen(seed)
	kinds := corpusKinds()
	var out []corpusFile
	for i := 0; i < files; i++ {
		k := kinds[i%len(kinds)]
		var lines []string
		cf := corpusFile{path: fmt.Sprintf("r%d/%s", i, k.path), labels: map[string]bool{}}
		nPlant := g.r.IntN(3) // some files hold no secret at all
		for j := 0; j < 6+g.r.IntN(10); j++ {
			switch r := g.r.IntN(10); {
			case r < 5:
				lines = append(lines, k.noise[g.r.IntN(len(k.noise))])
			case r < 7:
				lines = append(lines, k.decoys[g.r.IntN(len(k.decoys))](g))
			case r < 8:
				lines = append(lines, commonDecoys[g.r.IntN(len(commonDecoys))](g))
			default:
				if nPlant == 0 {
					continue
				}
				nPlant--
				p := k.plants[g.r.IntN(len(k.plants))](g)
				at := 0
				for i, l := range p.lines {
					if p.raw != "" && strings.Contains(l, p.raw[:min(len(p.raw), 24)]) {
						at = i
						break
					}
				}
				cf.labels[fmt.Sprintf("%s@%d", p.rule, len(lines)+1+at)] = true
				if p.raw != "" {
					cf.secrets = append(cf.secrets, p.raw)
				}
				lines = append(lines, p.lines...)
			}
		}
		cf.content = []byte(strings.Join(lines, "\n") + "\n")
		out = append(out, cf)
	}
	// Files that are skipped or hold only look-alikes.
	out = append(out,
		corpusFile{path: "package-lock.json", content: []byte(`{"packages": {"node_modules/a": {"integrity": "sha512-` + g.str(b64, 86) + `==", "resolved": "https://registry.npmjs.org/a"}}}` + "\n")},
		corpusFile{path: "go.sum", content: []byte("github.com/a/b v1.0.0 h1:" + g.str(b64, 43) + "=\n")},
		corpusFile{path: "public/app.min.js", content: []byte(strings.Repeat(`var a={password:"`+g.str(alnum, 10)+`",token:e.token};`, 500) + "\n")},
		corpusFile{path: "vendor/github.com/x/y/z.go", content: []byte(`const token = "` + g.github("ghp") + `"` + "\n")},
		corpusFile{path: "keys/id_rsa.pub", content: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + g.str(b64, 43) + " agent@poste\n")},
	)
	return out
}

func TestCorpusRecallPrecision(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var planted, found, tp, fp int
	missed := map[string]int{}
	for _, cf := range buildCorpus(42, 600) {
		r := s.Scan(cf.path, cf.content)
		planted += len(cf.labels)
		got := map[string]bool{}
		for _, f := range r.Findings {
			found++
			key := fmt.Sprintf("%s@%d", f.Rule, f.Line)
			if cf.labels[key] && !got[key] {
				tp++
				got[key] = true
			} else {
				fp++
				if fp <= 15 {
					t.Logf("false positive %s in %s: line %q", key, cf.path, lineOf(cf.content, f.Line))
				}
			}
			for _, sec := range cf.secrets {
				if leaks(f, sec) {
					t.Errorf("finding %+v leaks a planted secret", f)
				}
			}
		}
		for l := range cf.labels {
			if !got[l] {
				missed[strings.SplitN(l, "@", 2)[0]]++
				if len(missed) <= 15 {
					n := 0
					fmt.Sscanf(strings.SplitN(l, "@", 2)[1], "%d", &n)
					t.Logf("missed %s in %s: %q", l, cf.path, lineOf(cf.content, n))
				}
			}
		}
	}
	recall := float64(tp) / float64(planted)
	precision := float64(tp) / float64(max(found, 1))
	t.Logf("corpus: %d planted, %d findings, recall %.3f, precision %.3f, missed by rule %v", planted, found, recall, precision, missed)
	if planted < 300 {
		t.Errorf("corpus too small: %d planted secrets", planted)
	}
	if recall < 0.95 || precision < 0.95 {
		t.Errorf("recall %.3f, precision %.3f: both must be >= 0.95", recall, precision)
	}
}

// leaks reports whether a finding shows more of the secret than the allowed
// prefix: any 6 consecutive characters of it, past the first 4.
func leaks(f Finding, secret string) bool {
	fields := f.Rule + "|" + f.Evidence + "|" + f.Fingerprint
	if strings.Contains(fields, secret) {
		return true
	}
	for i := 4; i+6 <= len(secret); i++ {
		if strings.Contains(f.Evidence, secret[i:i+6]) {
			return true
		}
	}
	return false
}

func lineOf(b []byte, n int) string {
	lines := strings.Split(string(b), "\n")
	if n >= 1 && n <= len(lines) {
		return lines[n-1]
	}
	return ""
}
