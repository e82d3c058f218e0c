package secrets

import (
	"bytes"
	"regexp"
	"strings"
)

// hostRe finds the hosts a text names: the host of a URL of any scheme
// (after its credentials, if any), the value of a key that names a host
// (DB_HOST=, host:, VIRTUAL_HOST=), and a Traefik rule's Host(`…`).
var hostRe = regexp.MustCompile("(?i)[a-z][a-z0-9+.-]*://(?:[^\\s/@\"'`<>]*@)?(\\[[0-9a-f:]+\\]|[a-z0-9_.-]+)" +
	"|\\b[a-z_]*host(?:name)?[\"']?\\s*[:=]\\s*[\"']?([a-z0-9_.-]+)" +
	"|\\bHost\\(`([a-z0-9_.-]+)`")

// localOnly reports a file that talks only to hosts of a developer's
// machine or of its compose network: it names at least one host and every
// host it names is local (localhost, 127.0.0.1, a compose service, *.local…).
// A Compose file that names no host at all runs its services locally too.
// Such a file is a local stack's (a Postman environment for localhost, a
// load test against it, a CI job's database service): the credentials in
// it open nothing outside that machine.
func localOnly(b []byte, fc fileClass) bool {
	if kubeManifest.Match(b) {
		return false // deployed to a cluster, even the dev one: its hosts may be base64
	}
	seen := false
	for _, m := range hostRe.FindAllSubmatch(b, 256) {
		h := m[1]
		if h == nil {
			h = m[2]
		}
		if h == nil {
			h = m[3]
		}
		if len(h) == 0 {
			continue
		}
		if !bytes.ContainsRune(h, '.') && hasUpper(h) {
			continue // not a host name: a base64 value, a variable
		}
		host := lowerString(h)
		if exampleHost(host) {
			continue // documentation's stand-in: says nothing of where the file runs
		}
		if !localHost(host) {
			return false
		}
		seen = true
	}
	return seen || fc.compose
}

// exampleHost reports the reserved names documentation uses (RFC 2606).
func exampleHost(h string) bool {
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return strings.HasSuffix(h, ".example") || strings.HasSuffix(h, ".invalid")
}

// kubeManifest: a Kubernetes object (apiVersion and kind at a line's start).
var kubeManifest = regexp.MustCompile(`(?m)^apiVersion:\s*\S+[\s\S]*^kind:\s*\w+|^kind:\s*\w+[\s\S]*^apiVersion:`)

func hasUpper(b []byte) bool {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

func lowerString(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lower(c)
	}
	return string(out)
}
