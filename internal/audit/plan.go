package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/ouvert-dev/ouvert/internal/printable"
)

// PlanEntry is one account an audit would list, as --dry-run shows it:
// the keys of its JSON form are part of the interface.
type PlanEntry struct {
	Host     string `json:"host"`
	Forge    string `json:"forge"`
	Owner    string `json:"owner"` // "" for a whole forge
	PSOID    string `json:"pso_id"`
	Listable bool   `json:"listable"`
}

// Plan says what an audit of these accounts would cover, in their order,
// without a request.
func Plan(accs []Account) []PlanEntry {
	out := make([]PlanEntry, 0, len(accs))
	for _, a := range accs {
		out = append(out, PlanEntry{Host: a.Host, Forge: a.Forge, Owner: a.Owner, PSOID: a.PSOID, Listable: a.Listable()})
	}
	return out
}

// HostOf is the host of an API or instance URL given on the command line
// (https://api.github.com is github.com's API).
func HostOf(apiURL string) string {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return apiURL
	}
	h := strings.ToLower(u.Host)
	if h == "api.github.com" {
		return "github.com"
	}
	return h
}

// WritePlanJSON writes the plan as a JSON array.
func WritePlanJSON(w io.Writer, plan []PlanEntry) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(plan)
}

// WritePlanText writes the plan as a table for a person, then one line of
// totals.
func WritePlanText(w io.Writer, plan []PlanEntry, lang string) error {
	t := planTexts(lang)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.host, t.forge, t.owner, "pso_id", t.listable)
	listable := 0
	for _, e := range plan {
		owner := printable.String(e.Owner)
		if owner == "" {
			owner = t.whole
		}
		yes := t.no
		if e.Listable {
			yes = t.yes
			listable++
		}
		psoID := printable.String(e.PSOID)
		if psoID == "" {
			psoID = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", printable.String(e.Host), printable.String(e.Forge), owner, psoID, yes)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, t.total(len(plan), listable))
	return err
}

type planStrs struct {
	host, forge, owner, listable, whole, yes, no string
	total                                        func(n, listable int) string
}

func planTexts(lang string) planStrs {
	if lang == "fr" {
		return planStrs{host: "hôte", forge: "forge", owner: "propriétaire", listable: "listable", whole: "(toute la forge)", yes: "oui", no: "non",
			total: func(n, l int) string {
				return fmt.Sprintf("%s, dont %d %s\u00a0; aucune requête n'a été faite.", count("fr", n, "compte", "comptes"), l, word("fr", l, "listable", "listables"))
			}}
	}
	return planStrs{host: "host", forge: "forge", owner: "owner", listable: "listable", whole: "(whole forge)", yes: "yes", no: "no",
		total: func(n, l int) string {
			return fmt.Sprintf("%s, %d of them listable; no request was made.", count("en", n, "account", "accounts"), l)
		}}
}
