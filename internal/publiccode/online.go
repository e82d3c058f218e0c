package publiccode

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
)

// Online tunes CheckOnline.
type Online struct {
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	// Retries after a timeout or a 5xx, with doubling waits from Backoff
	// (default 2 retries, 500 ms).
	Retries int
	Backoff time.Duration
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses. Off by default: a publiccode.yml from a pull request must
	// not make a CI runner probe its own network.
	AllowPrivate bool
	// UserAgent names the client.
	UserAgent string
}

// CheckOnline checks that the well-formed http(s) URLs of a validated file
// answer. An answer of 401, 403 or 429 is "could not check", a warning; a
// 404, 410 or a host that does not resolve is an error. Problems are added
// to r, sorted again.
func CheckOnline(ctx context.Context, r *Result, o Online) {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.Retries == 0 {
		o.Retries = 2
	}
	if o.UserAgent == "" {
		o.UserAgent = "ouvert (publiccode.yml validation)"
	}
	client := &http.Client{
		Timeout:   o.Timeout,
		Transport: &http.Transport{DialContext: dialer(o.AllowPrivate), TLSHandshakeTimeout: o.Timeout, Proxy: http.ProxyFromEnvironment},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
	v := &validator{problems: r.Problems}
	seen := map[string]outcome{}
	for _, u := range r.urls {
		out, ok := seen[u.url]
		if !ok {
			out = probe(ctx, client, u.url, o)
			seen[u.url] = out
		}
		switch {
		case out.ok:
		case out.unchecked:
			v.addAt(finding.Warning, u.key, u.line, u.col, "online-unchecked", "value", u.url, "reason", out.reason)
		default:
			v.addAt(finding.Error, u.key, u.line, u.col, "online-unreachable", "value", u.url, "reason", out.reason)
		}
	}
	r.Problems = v.sorted()
}

type outcome struct {
	ok, unchecked bool
	again         bool // worth another try: a timeout, a 5xx
	reason        string
}

func probe(ctx context.Context, c *http.Client, url string, o Online) outcome {
	wait := o.Backoff
	var last outcome
	for attempt := 0; attempt <= o.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return outcome{unchecked: true, reason: ctx.Err().Error()}
			case <-time.After(wait):
			}
			wait *= 2
		}
		last = once(ctx, c, url, o)
		if !last.again {
			return last
		}
	}
	return last
}

func once(ctx context.Context, c *http.Client, url string, o Online) outcome {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return outcome{reason: err.Error()}
	}
	req.Header.Set("User-Agent", o.UserAgent)
	resp, err := c.Do(req)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			return outcome{reason: "no such host"}
		}
		if errors.Is(err, errPrivate) {
			return outcome{unchecked: true, reason: "private address"}
		}
		return outcome{unchecked: true, again: true, reason: oneLine(err)}
	}
	resp.Body.Close()
	switch s := resp.StatusCode; {
	case s < 400:
		return outcome{ok: true}
	case s == 401 || s == 403 || s == 429:
		return outcome{unchecked: true, reason: "HTTP " + strconv.Itoa(s)}
	case s >= 500:
		return outcome{unchecked: true, again: true, reason: "HTTP " + strconv.Itoa(s)}
	default:
		return outcome{reason: "HTTP " + strconv.Itoa(s)}
	}
}

func oneLine(err error) string {
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		return "timeout"
	}
	return err.Error()
}

var errPrivate = errors.New("private address")

// dialer refuses private addresses after resolution, so that a name that
// resolves to 127.0.0.1 is refused as well as the literal.
func dialer(allowPrivate bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
				ip.IsUnspecified() || ip.IsMulticast() {
				return fmt.Errorf("%s: %w", host, errPrivate)
			}
			return nil
		}
	}
	return d.DialContext
}
