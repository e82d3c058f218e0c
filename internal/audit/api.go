package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrAPI marks a listing that failed: the forge refused, or was not
// reachable, or kept the client waiting beyond the cap.
var ErrAPI = errors.New("forge API error")

// API lists repositories from forge APIs: pagination, tokens, and rate
// limits with waiting and a cap. The zero value works; tests set the
// clock, the sleep and the HTTP client.
type API struct {
	Client *http.Client
	// Getenv gives GITHUB_TOKEN and GITLAB_TOKEN (nil: no token).
	Getenv func(string) string
	// MaxWait is the longest the client waits for a rate limit to lift
	// (default 15 minutes); a longer wait is an error that says until when.
	MaxWait time.Duration
	// Notify receives one line when the client waits, for the progress
	// stream; nil drops them.
	Notify func(string)
	// Now and Sleep default to the real clock.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// UserAgent is sent with every request (GitHub wants one).
	UserAgent string
	// Lang is the language of the lines given to Notify ("fr" or English);
	// the reasons inside stay as the forge or the network gave them.
	Lang string

	pauseUntil time.Time // the window's last request was made: wait for its reset
}

const (
	defaultMaxWait = 15 * time.Minute
	maxAttempts    = 6
	// maxNetAttempts caps the tries when the forge does not answer at
	// all (timeouts, resets): with the client's timeout, a call gives up
	// within about two minutes.
	maxNetAttempts = 3
	maxPages       = 10000
	maxBody        = 32 << 20
)

// forge is one API: its kind decides the auth header and the messages.
type forge struct {
	kind  string // "GitHub" or "GitLab"
	token string
	env   string // the variable the token comes from, for messages
}

func (a *API) github() forge {
	return forge{kind: "GitHub", token: a.getenv("GITHUB_TOKEN"), env: "GITHUB_TOKEN"}
}

func (a *API) gitlab() forge {
	return forge{kind: "GitLab", token: a.getenv("GITLAB_TOKEN"), env: "GITLAB_TOKEN"}
}

func (a *API) getenv(k string) string {
	if a.Getenv == nil {
		return ""
	}
	return a.Getenv(k)
}

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *API) sleep(ctx context.Context, d time.Duration) error {
	if a.Sleep != nil {
		return a.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (a *API) client() *http.Client {
	if a.Client != nil {
		return a.Client
	}
	return &http.Client{Timeout: time.Minute}
}

// pages GETs first and every next page, handing each body to each.
func (a *API) pages(ctx context.Context, f forge, first string, each func([]byte) error) error {
	start, err := url.Parse(first)
	if err != nil {
		return fmt.Errorf("%s API %s: %w: %w", f.kind, first, err, ErrAPI)
	}
	seen := map[string]bool{}
	next := first
	for n := 0; next != ""; n++ {
		if n >= maxPages || seen[next] {
			return fmt.Errorf("%s API %s: pagination does not end: %w", f.kind, first, ErrAPI)
		}
		seen[next] = true
		body, h, err := a.get(ctx, f, next)
		if err != nil {
			return err
		}
		if err := each(body); err != nil {
			return fmt.Errorf("%s API %s: %w: %w", f.kind, redactQuery(next), err, ErrAPI)
		}
		cur, _ := url.Parse(next)
		next = nextPage(h, cur)
		if next == "" {
			break
		}
		// The token goes to the API's host only, whatever a header says.
		if u, err := url.Parse(next); err != nil || u.Scheme != start.Scheme || u.Host != start.Host {
			return fmt.Errorf("%s API %s: the next page is on another host (%s): %w", f.kind, first, redactQuery(next), ErrAPI)
		}
	}
	return nil
}

// nextPage reads the Link header (GitHub and GitLab), else GitLab's
// X-Next-Page.
func nextPage(h http.Header, cur *url.URL) string {
	for _, link := range h.Values("Link") {
		for _, part := range strings.Split(link, ",") {
			target, params, ok := strings.Cut(part, ";")
			if !ok {
				continue
			}
			target = strings.TrimSpace(target)
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(k, "rel") && hasWord(strings.Trim(v, `"`), "next") {
					if u, err := cur.Parse(target[1 : len(target)-1]); err == nil {
						return u.String()
					}
				}
			}
		}
	}
	if np := strings.TrimSpace(h.Get("X-Next-Page")); np != "" && cur != nil {
		u := *cur
		q := u.Query()
		q.Set("page", np)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return ""
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// get makes one request, waiting out rate limits and retrying server
// errors, within the caps.
func (a *API) get(ctx context.Context, f forge, u string) ([]byte, http.Header, error) {
	shown := redactQuery(u)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s API %s: %s: %w", f.kind, shown, fmt.Sprintf(format, args...), ErrAPI)
	}
	maxWait := a.MaxWait
	if maxWait <= 0 {
		maxWait = defaultMaxWait
	}
	if d := a.pauseUntil.Sub(a.now()); d > 0 {
		if d > maxWait {
			return nil, nil, fail("rate limit used up until %s, longer than the %s the audit waits", a.pauseUntil.UTC().Format(time.RFC3339), maxWait)
		}
		if err := a.wait(ctx, f, d, maxWait, "rate limit used up"); err != nil {
			return nil, nil, err
		}
	}
	var last string
	netFailures := 0
	for attempt := 0; attempt < maxAttempts; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, nil, fail("%v", err)
		}
		ua := a.UserAgent
		if ua == "" {
			ua = "ouvert"
		}
		req.Header.Set("User-Agent", ua)
		switch f.kind {
		case "GitHub":
			req.Header.Set("Accept", "application/vnd.github+json")
			req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
			if f.token != "" {
				req.Header.Set("Authorization", "Bearer "+f.token)
			}
		case "GitLab":
			if f.token != "" {
				req.Header.Set("PRIVATE-TOKEN", f.token)
			}
		}
		resp, err := a.client().Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			// A cause that waiting cannot change (no DNS, a refused
			// connection, a certificate, a proxy) ends the listing at
			// once; a timeout or a reset is tried again, a few times.
			reason, permanent := netCause(err, req.URL.Host)
			if permanent {
				return nil, nil, fail("%s", reason)
			}
			if reason == "" {
				reason = scrubErr(err, f.token)
			}
			last = reason
			if netFailures++; netFailures >= maxNetAttempts {
				return nil, nil, fail("gave up after %d attempts: %s", netFailures, last)
			}
			if err := a.wait(ctx, f, backoff(attempt, 2*time.Second), maxWait, reason); err != nil {
				return nil, nil, err
			}
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		if err != nil {
			last = scrubErr(err, f.token)
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			continue
		}
		if len(body) > maxBody {
			return nil, nil, fail("answer larger than %d MiB", maxBody>>20)
		}
		h := resp.Header
		switch {
		case resp.StatusCode == http.StatusOK:
			// The last request of the window: wait before the next one
			// rather than be refused.
			if remaining(h) == "0" {
				if d, ok := untilReset(h, a.now()); ok && d > 0 {
					a.pauseUntil = a.now().Add(d)
				}
			}
			return body, h, nil
		case isRateLimited(resp.StatusCode, h, body):
			d, until := rateWait(h, a.now(), attempt)
			if d > maxWait {
				hint := ""
				if f.token == "" {
					hint = fmt.Sprintf(" (set %s for a higher limit)", f.env)
				}
				return nil, nil, fail("rate limited until %s, longer than the %s the audit waits%s", until.UTC().Format(time.RFC3339), maxWait, hint)
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, apiMessage(body))
			if err := a.wait(ctx, f, d, maxWait, "rate limited"); err != nil {
				return nil, nil, err
			}
			continue
		case resp.StatusCode >= 500:
			last = fmt.Sprintf("%d %s", resp.StatusCode, apiMessage(body))
			if err := a.wait(ctx, f, backoff(attempt, 2*time.Second), maxWait, "server error "+strconv.Itoa(resp.StatusCode)); err != nil {
				return nil, nil, err
			}
			continue
		case resp.StatusCode == http.StatusUnauthorized:
			if f.token == "" {
				return nil, nil, fail("401 %s: set %s", apiMessage(body), f.env)
			}
			return nil, nil, fail("401 %s: %s was refused", apiMessage(body), f.env)
		case resp.StatusCode == http.StatusForbidden:
			if f.token == "" {
				return nil, nil, fail("403 %s: refused without a token (set %s)", apiMessage(body), f.env)
			}
			return nil, nil, fail("403 %s: %s has no access to it", apiMessage(body), f.env)
		case resp.StatusCode == http.StatusNotFound:
			hint := ""
			if f.token == "" {
				hint = fmt.Sprintf(" (if it is private, set %s)", f.env)
			}
			return nil, nil, fail("404 %s: no such organisation or group%s", apiMessage(body), hint)
		default:
			return nil, nil, fail("%d %s", resp.StatusCode, apiMessage(body))
		}
	}
	return nil, nil, fail("gave up after %d attempts: %s", maxAttempts, last)
}

// wait sleeps d, saying so on the progress stream when it is long enough
// for someone to wonder.
func (a *API) wait(ctx context.Context, f forge, d, maxWait time.Duration, why string) error {
	if d > maxWait {
		d = maxWait
	}
	if d >= 5*time.Second {
		if a.Lang == "fr" {
			switch {
			case why == "rate limited":
				why = "limite de requêtes atteinte"
			case why == "rate limit used up":
				why = "quota de requêtes épuisé"
			case strings.HasPrefix(why, "server error "):
				why = "erreur du serveur " + strings.TrimPrefix(why, "server error ")
			}
			a.note(fmt.Sprintf("API %s\u00a0: %s\u202f; attente de %s", f.kind, why, frDuration(d)))
		} else {
			a.note(fmt.Sprintf("%s API: %s; waiting %s", f.kind, why, d.Round(time.Second)))
		}
	}
	return a.sleep(ctx, d)
}

func (a *API) note(s string) {
	if a.Notify != nil {
		a.Notify(s)
	}
}

// backoff doubles from base with each attempt.
func backoff(attempt int, base time.Duration) time.Duration {
	return base << attempt
}

func remaining(h http.Header) string {
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(h.Get("RateLimit-Remaining"))
}

// untilReset reads the reset time (Unix seconds: GitHub's X-RateLimit-Reset,
// GitLab's RateLimit-Reset).
func untilReset(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("X-RateLimit-Reset")
	if v == "" {
		v = h.Get("RateLimit-Reset")
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, false
	}
	// One second more: the reset is rounded down to the second.
	return time.Unix(sec, 0).Sub(now) + time.Second, true
}

func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}

// isRateLimited: 429, or a 403 that says it is one (GitHub answers a
// primary limit with 403 and X-RateLimit-Remaining: 0, a secondary one
// with 403 and Retry-After or a message).
func isRateLimited(status int, h http.Header, body []byte) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status != http.StatusForbidden {
		return false
	}
	if remaining(h) == "0" || h.Get("Retry-After") != "" {
		return true
	}
	return strings.Contains(strings.ToLower(apiMessage(body)), "rate limit")
}

// rateWait is how long to wait: Retry-After, else until the reset, else
// a minute, doubling, as GitHub asks for secondary limits.
func rateWait(h http.Header, now time.Time, attempt int) (time.Duration, time.Time) {
	d, ok := retryAfter(h, now)
	if !ok && remaining(h) == "0" {
		d, ok = untilReset(h, now)
	}
	if !ok {
		d = backoff(attempt, time.Minute)
	}
	if d < time.Second {
		d = time.Second
	}
	return d, now.Add(d)
}

// apiMessage takes the message out of an error body: GitHub's and
// GitLab's {"message": …}, GitLab's OAuth {"error_description": …}, else
// the start of the text.
func apiMessage(body []byte) string {
	var m struct {
		Message          any    `json:"message"`
		Error            any    `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	msg := ""
	if json.Unmarshal(body, &m) == nil {
		switch {
		case m.ErrorDescription != "":
			msg = m.ErrorDescription
		case m.Message != nil:
			msg = flat(m.Message)
		case m.Error != nil:
			msg = flat(m.Error)
		}
	}
	if msg == "" {
		msg = string(body)
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

func flat(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// redactQuery keeps a URL shown without its query's private_token or
// access_token, should a user put one there.
func redactQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	changed := false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "token") {
			q.Set(k, "***")
			changed = true
		}
	}
	if changed {
		p.RawQuery = q.Encode()
	}
	p.User = nil
	return p.String()
}

func scrubErr(err error, token string) string {
	s := err.Error()
	if token != "" {
		s = strings.ReplaceAll(s, token, "***")
	}
	return strings.Join(strings.Fields(s), " ")
}
