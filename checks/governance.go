package checks

import (
	"context"
	"net/url"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/document"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Governance accepts a GOVERNANCE or ROADMAP file; a roadmap URL in
// publiccode.yml that looks like one (a project board, milestones, a page
// named roadmap, not a newspaper article or a home page); a section of the
// README or the contribution guide that explains governance, whatever its
// title ("Gouvernance", "Gestion du schéma", "Comité de pilotage"); or a
// link to a roadmap, in prose or in the README's header.
type Governance struct{}

const governanceRule = "governance/file"

func (Governance) ID() string               { return "governance" }
func (Governance) Rules() []string          { return []string{governanceRule} }
func (Governance) Needs() source.Capability { return source.Tree }

var governanceHeads = []string{"gouvernance", "governance", "roadmap", "feuille de route", "gestion du projet", "gestion du schema",
	"gestion du referentiel", "gestion du standard", "pilotage", "comite", "steering", "decision making", "prise de decision", "processus de decision",
	"qui decide", "who decides", "organisation du projet", "project organisation", "project organization"}

var roadmapWords = []string{"roadmap", "road map", "feuille de route", "feuille-de-route", "plan de developpement", "prochaines etapes", "next steps"}

func (Governance) Run(_ context.Context, env *Env) (Result, error) {
	res, _, ok := presence(env, governanceRule)
	if ok {
		return res, nil
	}
	pc := readPubliccode(env)
	if pc.path != "" && pc.roadmap != "" && roadmapURL(pc.roadmap) {
		return passOnly(governanceRule, finding.Msg("found-publiccode", "path", pc.path, "url", pc.roadmap)), nil
	}
	for _, p := range proseDocuments(env) {
		d := env.Doc(p)
		if d == nil {
			continue
		}
		if e, ok := governanceIn(d); ok {
			return passOnly(governanceRule, finding.Msg("found-in", "evidence", e.arg())), nil
		}
	}
	if pc.path != "" && pc.roadmap != "" {
		m := finding.Msg("roadmap-not-roadmap", "path", pc.path, "url", pc.roadmap)
		res.find(governanceRule, finding.Note, pc.path, 0, m)
	}
	return res, nil
}

// governanceIn finds a governance section with something under it, or a
// link to a roadmap.
func governanceIn(d *document.Document) (evidence, bool) {
	for i, s := range d.Sections {
		if i == 0 || !document.HasPhrase(document.Norm(s.Heading), governanceHeads...) {
			continue
		}
		for _, sen := range d.Sentences {
			if d.Within(sen.Section, i) && len(strings.Fields(sen.Text)) >= 5 {
				return sentenceEvidence(d, sen), true
			}
		}
		for _, l := range d.Links {
			if d.Within(l.Section, i) && !strings.HasPrefix(l.Target, "#") {
				return linkEvidence(d, l), true
			}
		}
	}
	for _, l := range d.Links {
		if strings.HasPrefix(l.Target, "#") {
			continue
		}
		if document.HasPhrase(document.Norm(l.Text+" "+l.Sentence+" "+linkPath(l.Target)), roadmapWords...) {
			return linkEvidence(d, l), true
		}
	}
	return evidence{}, false
}

// roadmapURL judges publiccode.yml's roadmap: a page that names itself a
// roadmap, a forge's project board, milestones or issue board, or a board
// service. A home page or an article does not tell where the project goes.
func roadmapURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	p := strings.ToLower(u.Path + " " + u.Fragment)
	if document.HasPhrase(document.Norm(p), append(roadmapWords, "projects", "project", "milestones", "milestone", "boards", "board", "kanban", "backlog")...) {
		return true
	}
	for _, h := range []string{"trello.com", "taiga.io", "openproject", "plane.so", "linear.app", "productboard", "framaboard", "kanboard"} {
		if strings.Contains(host, h) {
			return true
		}
	}
	return false
}

// passOnly is a Result with a single passing rule.
func passOnly(rule string, m finding.Message) Result {
	var r Result
	r.pass(rule, m)
	return r
}
