package audit

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing"
)

// netCause says in a few words why a connection to host failed, and
// whether waiting can change it. It knows the causes a person can act on:
// a name that does not resolve (no network, a typo), a refused connection,
// a proxy, a certificate; "" when err is none of them.
func netCause(err error, host string) (reason string, permanent bool) {
	// go-git wraps what the network said without unwrapping to it.
	var ue *plumbing.UnexpectedError
	if errors.As(err, &ue) && ue.Err != nil {
		if r, p := netCause(ue.Err, host); r != "" {
			return r, p
		}
	}
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var badName x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var notTLS tls.RecordHeaderError
	var op *net.OpError
	switch {
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return "the proxy (HTTPS_PROXY) could not be reached or refused: " + oneLine(op.Err.Error()), true
	case errors.As(err, &dns):
		if dns.IsTimeout {
			return "DNS: no answer for " + host + " (no network?)", false
		}
		return "DNS: cannot resolve " + host + " (no network, or the name is wrong)", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return host + " refused the connection (nothing listens on that port)", true
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "no route to " + host + " (no network?)", true
	case errors.As(err, &unknownCA):
		return "TLS: the certificate of " + host + " is signed by an unknown authority (SSL_CERT_FILE adds one)", true
	case errors.As(err, &badName):
		return "TLS: the certificate of " + host + " is for another name", true
	case errors.As(err, &invalid):
		return "TLS: the certificate of " + host + " is not valid (" + oneLine(invalid.Error()) + ")", true
	case errors.As(err, &verify):
		return "TLS: the certificate of " + host + " was refused (" + oneLine(verify.Err.Error()) + ")", true
	case errors.As(err, &notTLS):
		return host + " does not speak TLS (an http:// address?)", true
	case errors.Is(err, syscall.ECONNRESET):
		return "the connection to " + host + " was reset", false
	case isTimeout(err):
		return host + " did not answer in time", false
	}
	return "", false
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// cloneReason turns what a failed clone said into a short reason a person
// acts on, and the full text behind it ("" when the reason is all of it).
func cloneReason(err error, host string) (reason, detail string) {
	full := oneLine(err.Error())
	if r, _ := netCause(err, host); r != "" {
		return "could not clone: " + r, full
	}
	return full, ""
}
