package checks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/rules"
)

// certPEM makes a certificate for cn and dns, signed by itself, and its
// key, both PEM, at test time.
func certPEM(t *testing.T, cn string, dns []string, ips []net.IP) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, DNSNames: dns, IPAddresses: ips,
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd}))
}

// A private key beside certificates made for local hosts only (a local
// Kafka CA and its localhost certificate) is low, with its reason; beside
// a public host's certificate, or also found elsewhere, it blocks.
func TestSecretsKeyBesideLocalCertificates(t *testing.T) {
	caCert, caKey := certPEM(t, "AppKafkaCA", nil, nil)
	leafCert, leafKey := certPEM(t, "localhost", []string{"localhost", "kafka"}, []net.IP{net.IPv4(127, 0, 0, 1)})
	pubCert, pubKey := certPEM(t, "api.service.gouv.fr", []string{"api.service.gouv.fr"}, nil)
	_, strayKey := certPEM(t, "x", nil, nil)
	env := envOf(t, map[string]string{
		"infra/kafka/certs/ca.crt":    caCert,
		"infra/kafka/certs/ca.key":    caKey,
		"infra/kafka/certs/kafka.crt": leafCert,
		"infra/kafka/certs/kafka.key": leafKey,
		"deploy/tls/api.crt":          pubCert,
		"deploy/tls/api.key":          pubKey,
		"infra/kafka/certs/extra.key": strayKey,
		"config/extra.key":            strayKey,
	})
	env.NoHistory = true
	_, _, fs := outcomes(t, Secrets{}, env)
	want := map[string]string{"infra/kafka/certs/ca.key": secrets.Low, "infra/kafka/certs/kafka.key": secrets.Low,
		"deploy/tls/api.key": secrets.Medium, "config/extra.key": secrets.Medium}
	got := map[string]string{}
	for _, f := range fs {
		if f.Rule != "secrets/private-key" {
			continue
		}
		got[f.Path] = f.Confidence
		if f.Confidence == secrets.Low && f.Message.Args["reason"] != "@low-"+secrets.ReasonLocalCert {
			t.Errorf("%s: reason %v, want low-local-cert", f.Path, f.Message.Args["reason"])
		}
	}
	for p, c := range want {
		if got[p] != c {
			t.Errorf("%s: confidence %q, want %q (all: %v)", p, got[p], c, got)
		}
	}
}

// Every reason a low finding may give has its text in the catalog, in
// both languages: the note says why in words, not by a code.
func TestSecretsLowReasonsHaveTexts(t *testing.T) {
	cat, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{secrets.ReasonTest, secrets.ReasonExample, secrets.ReasonDocs, secrets.ReasonDevDefault,
		secrets.ReasonLocalCert, secrets.ReasonLocalHost, secrets.ReasonPlaceholder, secrets.ReasonPublic, secrets.ReasonHash,
		secrets.ReasonLocalFile, secrets.ReasonExpired} {
		txt, ok := cat.Common["low-"+r]
		if !ok || txt.In("fr") == "" || txt.In("en") == "" {
			t.Errorf("no fr and en text for low-%s", r)
		}
	}
}
