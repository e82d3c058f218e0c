package secrets

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"path"
	"strings"
)

// certExts name the files that may hold a PEM certificate beside a key.
var certExts = map[string]bool{".crt": true, ".pem": true, ".cer": true, ".cert": true}

// CertificateFile reports a file name that may hold a certificate: the
// secrets check reads those of the tree with LocalCertificates.
func CertificateFile(p string) bool {
	return certExts[strings.ToLower(path.Ext(p))]
}

// LocalCertificates reports whether content holds PEM certificates (found)
// and whether every one of them is made for hosts that exist only locally
// (local): its subject's common name and DNS names are localhost, loopback,
// a compose service or a reserved domain, its IP addresses loopback. A key
// in a directory whose certificates are all such is a local stack's
// (a development CA, a TLS key for a docker network): see LowerLocalKeys.
func LocalCertificates(content []byte) (found, local bool) {
	if !bytes.Contains(content, []byte("-----BEGIN CERTIFICATE-----")) {
		return false, false
	}
	rest := content
	local = true
	for {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return found, false
		}
		found = true
		if !localCert(c) {
			local = false
		}
	}
	return found, found && local
}

func localCert(c *x509.Certificate) bool {
	names := append([]string{}, c.DNSNames...)
	if cn := c.Subject.CommonName; cn != "" {
		names = append(names, cn)
	}
	if len(names) == 0 && len(c.IPAddresses) == 0 {
		return false
	}
	for _, n := range names {
		n = strings.ToLower(n)
		if strings.ContainsAny(n, " /@") || !localHost(n) {
			return false // a person's or organisation's name, or a public host
		}
	}
	for _, ip := range c.IPAddresses {
		if !ip.IsLoopback() && !ip.IsUnspecified() {
			return false
		}
	}
	return true
}
