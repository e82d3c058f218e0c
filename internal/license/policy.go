package license

import (
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// Status is the verdict on an expression against the list of CRPA
// D323-2-1.
type Status string

const (
	// Approved: the expression grants a listed licence.
	Approved Status = "approved"
	// ApprovedWithNote: compliant through an id the list does not spell
	// (GPL-3.0-only, a deprecated id, an exception); see Reason.
	ApprovedWithNote Status = "approved-with-note"
	// Warning: only data/documents licences (Licence Ouverte, ODbL) on a
	// repository that holds software.
	Warning Status = "warning"
	// NotApproved: no way to receive the work under a listed licence.
	NotApproved Status = "not-approved"
	// Invalid: the expression does not parse.
	Invalid Status = "invalid"
	// NoLicence: the expression is empty.
	NoLicence Status = "none"
)

// Reason codes, kept few on purpose: the messages live in the rule
// catalog and are keyed by these values.
//
//	gnu-only         a GNU licence "version 3 only": accepted, the list
//	                 names the -or-later id (note).
//	deprecated-id    a deprecated SPDX id of a listed licence (GPL-3.0,
//	                 GPL-3.0+): accepted, use the current id (note).
//	with-exception   a listed licence WITH an exception (note).
//	data-only        only data/documents licences on software (warning).
//	not-listed       a licence that is not on the list (not approved).
//	old-version      an older version of a listed licence: CeCILL 1.x and
//	                 2.0, GPL-2.0, LGPL-2.1, EPL-1.0, EUPL-1.1, MPL-1.x…
//	                 (not approved; rules.Licences() gives the current one).
//	invalid          the expression does not parse.
//	no-licence       the expression is empty.
type Reason string

const (
	ReasonGNUOnly       Reason = rules.LicenceReasonGNUOnly
	ReasonDeprecatedID  Reason = rules.LicenceReasonDeprecatedID
	ReasonWithException Reason = "with-exception"
	ReasonDataOnly      Reason = "data-only"
	ReasonNotListed     Reason = "not-listed"
	ReasonOldVersion    Reason = rules.LicenceReasonOldVersion
	ReasonInvalid       Reason = "invalid"
	ReasonNoLicence     Reason = "no-licence"
)

// Note is one reason and the licence ids it is about.
type Note struct {
	Reason Reason   `json:"reason"`
	IDs    []string `json:"ids,omitempty"`
}

// Verdict is data for a renderer: no prose.
type Verdict struct {
	Status Status `json:"status"`
	// Reason and IDs are the main reason (Notes[0]); empty when plainly
	// approved.
	Reason Reason   `json:"reason,omitempty"`
	IDs    []string `json:"ids,omitempty"`
	// Notes lists every reason found, main one first.
	Notes []Note `json:"notes,omitempty"`
	// Expression is the canonical form evaluated.
	Expression string `json:"expression,omitempty"`
}

// Evaluate judges an SPDX expression. software says the repository holds
// source code, which makes data/documents licences alone a warning.
//
// OR is compliant when one operand is (the recipient may choose it); AND
// only when all are, where a data/documents licence counts as compliant as
// long as some software licence is there ("MIT AND etalab-2.0" for code
// and docs).
func Evaluate(expr string, software bool) Verdict {
	if strings.TrimSpace(expr) == "" {
		return Verdict{Status: NoLicence, Reason: ReasonNoLicence, Notes: []Note{{Reason: ReasonNoLicence}}}
	}
	e, err := ParseExpression(expr)
	if err != nil {
		return Verdict{Status: Invalid, Reason: ReasonInvalid, Notes: []Note{{Reason: ReasonInvalid}}, Expression: expr}
	}
	return EvaluateExpr(e, software)
}

// grade orders how good an operand is; OR keeps the best, AND the worst.
type grade uint8

const (
	gradeBad grade = iota
	gradeData
	gradeSoftware
)

type judged struct {
	grade grade
	notes []Note // reasons along the chosen way (for bad: the offences)
}

// EvaluateExpr is Evaluate on a parsed expression.
func EvaluateExpr(e *Expr, software bool) Verdict {
	j := judge(e)
	v := Verdict{Expression: e.String()}
	switch j.grade {
	case gradeSoftware:
		v.Status = Approved
	case gradeData:
		v.Status = Approved
		if software {
			v.Status = Warning
			var ids []string
			for _, l := range e.Leaves() {
				if judge(l).grade == gradeData {
					ids = append(ids, leafName(l))
				}
			}
			j.notes = append([]Note{{Reason: ReasonDataOnly, IDs: dedupe(ids)}}, j.notes...)
		}
	default:
		v.Status = NotApproved
		j.notes = mergeOffences(j.notes)
	}
	v.Notes = mergeNotes(j.notes)
	if len(v.Notes) > 0 {
		v.Reason, v.IDs = v.Notes[0].Reason, v.Notes[0].IDs
		if v.Status == Approved {
			v.Status = ApprovedWithNote
		}
	}
	return v
}

func judge(e *Expr) judged {
	switch e.Op {
	case OpOr:
		var best judged
		var offences []Note
		for i, a := range e.Args {
			j := judge(a)
			if j.grade == gradeBad {
				offences = append(offences, j.notes...)
			}
			// A plain approval beats one with notes.
			if i == 0 || j.grade > best.grade || j.grade == best.grade && j.grade != gradeBad && len(j.notes) < len(best.notes) {
				best = j
			}
		}
		if best.grade == gradeBad {
			best.notes = offences
		}
		return best
	case OpAnd:
		out := judged{grade: gradeData}
		var offences, notes []Note
		for _, a := range e.Args {
			j := judge(a)
			switch j.grade {
			case gradeBad:
				offences = append(offences, j.notes...)
			case gradeSoftware:
				out.grade = gradeSoftware
				notes = append(notes, j.notes...)
			default:
				notes = append(notes, j.notes...)
			}
		}
		if len(offences) > 0 {
			return judged{grade: gradeBad, notes: offences}
		}
		out.notes = notes
		return out
	}
	return judgeLeaf(e)
}

func judgeLeaf(e *Expr) judged {
	name := leafName(e)
	if e.IsRef() {
		return judged{notes: []Note{{Reason: ReasonNotListed, IDs: []string{name}}}}
	}
	if e.Plus && strings.HasSuffix(e.ID, "-only") && gnuBare[strings.TrimSuffix(e.ID, "-only")] {
		e = &Expr{Op: OpLicense, ID: strings.TrimSuffix(e.ID, "-only") + "-or-later", Exception: e.Exception}
	}
	list := rules.Licences()
	var lic *rules.Licence
	var ok bool
	if e.Plus {
		lic, ok = list.Lookup(e.ID + "+") // GPL-3.0+: a deprecated id of its own
	}
	if !ok {
		lic, ok = list.Lookup(e.ID)
	}
	if !ok {
		return judged{notes: []Note{{Reason: ReasonNotListed, IDs: []string{name}}}}
	}
	var j judged
	switch lic.Status {
	case rules.LicenceListed, rules.LicenceAccepted:
		j.grade = gradeSoftware
		if lic.Scope == rules.LicenceData {
			j.grade = gradeData
		}
		if lic.Status == rules.LicenceAccepted {
			j.notes = append(j.notes, Note{Reason: Reason(lic.Reason), IDs: []string{name}})
		}
		if e.Exception != "" {
			j.notes = append(j.notes, Note{Reason: ReasonWithException, IDs: []string{name}})
		}
	default:
		r := ReasonNotListed
		if lic.Reason == rules.LicenceReasonOldVersion {
			r = ReasonOldVersion
		}
		j.notes = []Note{{Reason: r, IDs: []string{name}}}
	}
	return j
}

// leafName is how a leaf is named in a verdict: the id with its "+", not
// the exception (the renderer names the licence, the reason says why).
func leafName(e *Expr) string {
	if e.Plus {
		return e.ID + "+"
	}
	return e.ID
}

// mergeOffences puts the offences under one reason: old-version when every
// offending id is an old version, not-listed otherwise (the renderer can
// still look each id up in rules.Licences()).
func mergeOffences(notes []Note) []Note {
	all := Note{Reason: ReasonOldVersion}
	for _, n := range notes {
		if n.Reason != ReasonOldVersion {
			all.Reason = ReasonNotListed
		}
		all.IDs = append(all.IDs, n.IDs...)
	}
	all.IDs = dedupe(all.IDs)
	return []Note{all}
}

// mergeNotes joins notes of one reason, keeping first-seen order.
func mergeNotes(notes []Note) []Note {
	var out []Note
	idx := map[Reason]int{}
	for _, n := range notes {
		i, ok := idx[n.Reason]
		if !ok {
			idx[n.Reason] = len(out)
			out = append(out, Note{Reason: n.Reason})
			i = len(out) - 1
		}
		out[i].IDs = dedupe(append(out[i].IDs, n.IDs...))
	}
	return out
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
