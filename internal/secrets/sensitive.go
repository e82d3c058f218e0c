package secrets

import (
	"path"
	"regexp"
	"strings"
)

// notSensitive reports a sensitive/* match that names no person and no
// internal host: what the hand-labelled real-world set found to be most of
// the false warnings (bench/realworld, classes functional-mailbox,
// placeholder and local-host). Each test is on the value or on where it
// stands, never on the repository.
func notSensitive(id, v string, content []byte, start int, fc fileClass) bool {
	switch id {
	case "sensitive/agent-email":
		local, _, _ := strings.Cut(strings.ToLower(v), "@")
		return serviceMailbox(local) || placeholderName(local)
	case "sensitive/private-ip":
		ls, le := lineBounds(content, start)
		before, after := content[ls:start], content[min(start+len(v), le):le]
		return localAddress(v) || fc.compose || networkKey(before) || !addressContext(before, after)
	case "sensitive/internal-hostname":
		h := strings.ToLower(v)
		return h == "docker.internal" || strings.HasSuffix(h, ".docker.internal")
	}
	return false
}

// mailboxWords are parts of a mailbox's local part that name a function
// or a unit of an administration, not a person: "ud-a.dreal-…",
// "contact.egapro", "dpo.…". A person's address is given.family.
var mailboxWords = map[string]bool{
	"contact": true, "contacts": true, "support": true, "dpo": true, "rgpd": true, "admin": true, "administrateur": true,
	"noreply": true, "no": true, "reply": true, "ne": true, "pas": true, "repondre": true, "nepasrepondre": true,
	"webmaster": true, "accueil": true, "secretariat": true, "assistance": true, "communication": true, "info": true,
	"infos": true, "information": true, "donnees": true, "data": true, "dsi": true, "sg": true, "cabinet": true,
	"mission": true, "pole": true, "bureau": true, "cellule": true, "service": true, "services": true, "equipe": true,
	"team": true, "bal": true, "courrier": true, "plateforme": true, "projet": true, "produit": true, "dev": true,
	"dreal": true, "ddt": true, "ddtm": true, "ddpp": true, "ddcspp": true, "ddcs": true, "dreets": true, "ddets": true,
	"ddetspp": true, "draaf": true, "drac": true, "deal": true, "driea": true, "drieat": true, "driee": true,
	"drihl": true, "dgaln": true, "dgpr": true, "dgfip": true, "dgccrf": true, "dgcl": true, "ars": true, "pref": true,
	"prefecture": true, "rectorat": true, "ud": true, "ut": true, "uid": true, "udc": true, "ude": true, "grud": true,
	"sret": true, "sepr": true, "dir": true, "direction": true, "inspection": true, "systeme": true, "system": true,
	"robot": true, "bot": true, "alerte": true, "alertes": true, "notification": true, "notifications": true,
	"index": true, "egapro": true, "signalement": true, "recrutement": true, "presse": true, "juridique": true,
}

func serviceMailbox(local string) bool {
	for _, w := range keyTokens(local) {
		if mailboxWords[w] || mailboxWords[strings.TrimRight(w, "0123456789")] {
			return true
		}
	}
	return false
}

// nobodyWords are the names documentation, forms and test data use
// for nobody in particular: "prenom.nom@", "jean.dupont@", "john.doe@".
var nobodyWords = map[string]bool{
	"prenom": true, "nom": true, "firstname": true, "lastname": true, "first": true, "last": true, "name": true,
	"doe": true, "factice": true, "fictif": true, "fictive": true, "exemple": true, "example": true, "test": true,
	"demo": true, "foo": true, "bar": true, "toto": true, "tata": true, "titi": true, "xxx": true, "fake": true,
	"dummy": true, "sample": true, "agent": true, "utilisateur": true, "user": true,
}

// placeholderGiven are given names that, beside one of the surnames of
// placeholderFamilies, make the French "Jean Dupont".
var placeholderGiven = map[string]bool{"jean": true, "jeanne": true, "marie": true, "pierre": true, "paul": true,
	"john": true, "jane": true, "camille": true, "michel": true}
var placeholderFamilies = map[string]bool{"dupont": true, "dupond": true}

func placeholderName(local string) bool {
	given, family, ok := strings.Cut(local, ".")
	if !ok {
		return false
	}
	family = strings.TrimRight(family, "0123456789")
	if nobodyWords[given] || nobodyWords[family] {
		return true
	}
	return placeholderGiven[given] && placeholderFamilies[family]
}

// localAddress: Docker's default bridge gateway and the Android emulator's
// alias for the developer's machine.
func localAddress(ip string) bool {
	return ip == "172.17.0.1" || ip == "10.0.2.2"
}

// composeFile: the addresses of a Compose file are those of the networks
// Docker creates for it on the developer's machine.
var composeRe = regexp.MustCompile(`^(docker-)?compose([.-][^/]*)?\.ya?ml$`)

func composeFile(lp string) bool {
	return composeRe.MatchString(path.Base(lp)) || strings.Contains(lp, "docker/compose/")
}

// networkKey: a line that declares a container network's own range.
var networkKeyRe = regexp.MustCompile(`(?i)\b(subnet|ip_range|ipv4_address|ipv4-address|gateway|docker_network|bridge_ip|bip)\b`)

func networkKey(line []byte) bool { return networkKeyRe.Match(line) }

// addressWordsRe: the words that make a dotted quad an address: a key or a scheme that says
// host, server, URL… or a port after it. Without one it is a version, an
// OID or a category code ("10.2.1.4" in a JSON list of categories).
var addressWordsRe = regexp.MustCompile(`(?i)host|\bip|addr|server|url|uri\b|proxy|dns|gateway|endpoint|subnet|listen|bind|upstream|allow|deny|network|cidr|route|resolver|ldap|smtp|\bdb|database|redis|mongo|postgres|mysql|://|@`)

func addressContext(before, after []byte) bool {
	if len(after) > 1 && after[0] == ':' && after[1] >= '0' && after[1] <= '9' {
		return true // a port
	}
	return addressWordsRe.Match(before)
}
