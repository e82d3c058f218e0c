package document

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// ContactKind says how a contact point is reached.
type ContactKind string

const (
	Email ContactKind = "email"
	// Form is a web form: a contact page, a vulnerability disclosure
	// programme's report form.
	Form ContactKind = "form"
	// Channel is a discussion space: Matrix, Mattermost, Tchap, Gitter,
	// Slack, Discord, Zulip, a forum, the forge's discussions.
	Channel ContactKind = "channel"
	// Advisories is the forge's private vulnerability reporting.
	Advisories ContactKind = "advisories"
)

// Role is what the text around a contact point says it is for.
type Role string

const (
	RoleSecurity Role = "security"
	RoleContact  Role = "contact"
)

// Contact is a way to reach the people behind a project, with the sentence
// that gives it.
type Contact struct {
	Kind     ContactKind
	Value    string // the address or URL
	Role     Role
	Line     int
	Section  int
	Sentence string
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	urlRe   = regexp.MustCompile(`https?://[^\s)>\]"'` + "`" + `]+`)
)

// findBareURLs adds the URLs written as plain text in sentences (reST and
// text documents, and Markdown without autolinks).
func findBareURLs(d *Document) {
	known := map[string]bool{}
	for _, l := range d.Links {
		known[l.Target] = true
	}
	for _, s := range d.Sentences {
		for _, u := range urlRe.FindAllString(s.Text, -1) {
			u = strings.TrimRight(u, ".,;:")
			if !known[u] {
				known[u] = true
				d.Links = append(d.Links, Link{Text: u, Target: u, Line: s.Line, Section: s.Section, Sentence: s.Text})
			}
		}
	}
}

// findContacts lists the contact points: addresses in prose and mailto
// links, forms, channels and private advisories. Addresses in code, in a
// clone URL (git@host:org/repo), at reserved example domains, or given as
// a login with a password are not ways to reach anyone, and are left out.
func findContacts(d *Document) {
	seen := map[string]bool{}
	add := func(c Contact) {
		k := string(c.Kind) + "|" + strings.ToLower(c.Value)
		if seen[k] {
			return
		}
		seen[k] = true
		c.Role = roleOf(c.Sentence + " " + d.Heading(c.Section))
		d.Contacts = append(d.Contacts, c)
	}
	for _, s := range d.Sentences {
		for _, m := range emailRe.FindAllStringIndex(s.Text, -1) {
			addr := s.Text[m[0]:m[1]]
			if inCode(s.Text, m[0], m[1]) || !Reachable(addr, s.Text[m[1]:]) || credential(s.Text) {
				continue
			}
			add(Contact{Kind: Email, Value: addr, Line: s.Line, Section: s.Section, Sentence: s.Text})
		}
	}
	for _, l := range d.Links {
		ctx := l.Sentence
		if ctx == "" {
			ctx = l.Text
		}
		switch {
		case strings.HasPrefix(strings.ToLower(l.Target), "mailto:"):
			addr := strings.TrimPrefix(l.Target[len("mailto:"):], "//")
			if i := strings.IndexByte(addr, '?'); i >= 0 {
				addr = addr[:i]
			}
			if Reachable(addr, "") {
				add(Contact{Kind: Email, Value: addr, Line: l.Line, Section: l.Section, Sentence: ctx})
			}
		default:
			if k := urlKind(l.Target, l.Text+" "+l.Sentence); k != "" {
				add(Contact{Kind: k, Value: l.Target, Line: l.Line, Section: l.Section, Sentence: ctx})
			}
		}
	}
}

// inCode reports whether text[i:j] sits inside a `code span`.
func inCode(text string, i, j int) bool {
	return strings.Count(text[:i], "`")%2 == 1 && strings.Contains(text[j:], "`") && !quotedAddress(text, i, j)
}

// quotedAddress: an address alone in backquotes ("write to `x@y.fr`") is
// written as code for display, not as a command or configuration.
func quotedAddress(text string, i, j int) bool {
	return i > 0 && text[i-1] == '`' && j < len(text) && text[j] == '`'
}

var exampleDomains = regexp.MustCompile(`(?i)(^|\.)(example\.(com|org|net|fr)|example|test|invalid|localhost|local|domain\.(com|fr|tld)|domaine\.(fr|com|gouv\.fr)|acme\.(com|org)|foo\.(com|bar)|mail\.com|email\.com|yourdomain\.com|exemple\.(fr|com|gouv\.fr|org))$`)

var placeholderUser = regexp.MustCompile(`(?i)^(you|your[._-]?(name|email|user)?|votre[._-]?\w*|user(name)?|name|nom|prenom\.nom|firstname\.lastname|first\.last|john\.doe|jane\.doe|foo|bar|email|mail|me|someone|admin|root|test|noreply|no-reply|donotreply|ne-pas-repondre|random\.user|git)$`)

// Reachable reports whether an address can be written to: not a clone URL
// (git@github.com:org/repo, followed by a colon), not at a reserved example
// domain, not a placeholder user, not a forge's no-reply address.
func Reachable(addr, after string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return false
	}
	user, host := addr[:at], strings.ToLower(addr[at+1:])
	if strings.HasPrefix(after, ":") && !strings.HasPrefix(after, ": ") {
		return false
	}
	if exampleDomains.MatchString(host) || placeholderUser.MatchString(user) {
		return false
	}
	if strings.HasSuffix(host, "users.noreply.github.com") || strings.Contains(host, "noreply") {
		return false
	}
	return true
}

var credentialWords = []string{"password", "mot de passe", "mdp", "passwd", "identifiants de test", "test credentials",
	"se connecter avec", "connectez vous avec", "log in with", "login with", "compte de demo", "compte demo", "demo account"}

// credential reports a sentence that gives a login to try, where an address
// is a user name, not a contact.
func credential(sentence string) bool {
	return HasPhrase(Norm(sentence), credentialWords...)
}

var securityWords = []string{"securite", "security", "vulnerabilit*", "faille*", "divulgation", "disclos*", "cve", "exploit*"}

func roleOf(context string) Role {
	if HasPhrase(Norm(context), securityWords...) {
		return RoleSecurity
	}
	return RoleContact
}

// channelHosts are the discussion services a project invites people to.
var channelHosts = []string{"matrix.to", "element.io", "mattermost", "tchap.gouv.fr", "gitter.im", "slack.com", "discord.gg",
	"discord.com", "zulipchat.com", "rocket.chat", "discourse", "forum.", "framateam", "chat."}

// urlKind classifies a link target as a contact point, or "".
func urlKind(target, context string) ContactKind {
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	p := strings.ToLower(strings.TrimSuffix(u.Path, "/"))
	switch {
	case strings.HasSuffix(p, "/security/advisories/new") || strings.HasSuffix(p, "/security/advisories") ||
		(host == "github.com" && strings.HasSuffix(p, "/security") && strings.Count(p, "/") == 3):
		return Advisories
	case strings.Contains(strings.ToLower(u.RawQuery), "confidential"):
		return Advisories // a GitLab confidential issue
	case strings.HasPrefix(host, "vdp.") || strings.Contains(host, "yeswehack") || strings.Contains(host, "hackerone") ||
		strings.Contains(host, "bugcrowd") || strings.Contains(host, "intigriti"):
		return Form
	case strings.HasSuffix(p, "/discussions") || strings.Contains(p, "/discussions/"):
		return Channel
	}
	for _, h := range channelHosts {
		if strings.Contains(host, h) {
			return Channel
		}
	}
	n := Norm(context)
	if strings.HasSuffix(p, "/contact") || strings.Contains(p, "/contact/") || strings.Contains(p, "/nous-contacter") ||
		strings.Contains(p, "/form") || HasPhrase(n, "formulaire de contact", "contact form", "formulaire", "contactez nous", "contact us", "nous contacter") {
		return Form
	}
	return ""
}

// ---- words

var accents = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i",
	"ô", "o", "ö", "o", "ó", "o",
	"ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ç", "c", "œ", "oe", "æ", "ae", "ÿ", "y",
)

// Norm lowercases, folds French accents and turns punctuation into single
// spaces, with a space at both ends, so that phrase matching is "whole
// words in text" in both languages.
func Norm(s string) string {
	s = accents.Replace(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// HasPhrase reports whether a normalised text holds one of the phrases as
// whole words; a phrase ending in "*" matches words starting with it.
func HasPhrase(normText string, phrases ...string) bool {
	return FindPhrase(normText, phrases...) != ""
}

// FindPhrase returns the first of the phrases the normalised text holds.
func FindPhrase(normText string, phrases ...string) string {
	for _, p := range phrases {
		prefix := strings.HasSuffix(p, "*")
		n := Norm(strings.TrimSuffix(p, "*"))
		if prefix {
			n = strings.TrimSuffix(n, " ")
		}
		if strings.Contains(normText, n) {
			return p
		}
	}
	return ""
}
