package audit

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
)

// HTML writes the dashboard: one self-contained file (inline CSS, an
// inline SVG chart, a little inline script), readable without the script
// as plain tables. The script only adds sorting and filtering.
func HTML(w io.Writer, r *Report) error {
	r = r.shown()
	t := texts(r.Lang)
	s := r.Summarize()
	d := dashboard{T: t, Summary: s, Sentence: t.summary(s), Generated: t.fill(t.Generated, "version", r.Version), About: t.aboutLine(r.About, r.Version)}
	if orgs := r.ByOrg(); len(orgs) > 1 {
		for _, o := range orgs {
			d.Orgs = append(d.Orgs, orgRow{Label: t.orgLabel(o), S: o.Summary})
		}
		d.Orgs = append(d.Orgs, orgRow{Label: t.Total, S: s, Total: true})
	}

	bars := []struct {
		label, class string
		n            int
	}{}
	for i := len(levelOrder) - 1; i >= 0; i-- {
		l := levelOrder[i]
		bars = append(bars, struct {
			label, class string
			n            int
		}{t.levelName(l), levelClass(l), s.Levels[string(l)]})
	}
	bars = append(bars, struct {
		label, class string
		n            int
	}{t.NotScanned, "failed", s.Failed})
	most := 1
	for _, b := range bars {
		most = max(most, b.n)
	}
	for _, b := range bars {
		pct := 0
		if s.Repositories > 0 {
			pct = (b.n*100 + s.Repositories/2) / s.Repositories
		}
		d.Bars = append(d.Bars, bar{
			Label: b.label, Class: b.class, Count: b.n, Percent: t.percent(pct),
			Width: b.n * 100 / most,
		})
	}

	for _, rc := range s.Blocking {
		d.Blocking = append(d.Blocking, blockRow{Rule: rc.Rule, Title: r.ruleTitle(rc.Rule), Count: rc.Count, Width: rc.Count * 100 / max(s.Scanned, 1)})
	}
	for _, rec := range r.Records {
		if !rec.OK() {
			d.Failed = append(d.Failed, failRow{Name: rec.Name, Link: firstNonEmpty(rec.Web, webOf(rec.URL)), Error: t.reason(rec.Error), Detail: rec.Detail})
			continue
		}
		row := repoRow{
			Name: rec.Name, Report: rec.Report, Web: rec.Web,
			Level: string(levelOf(rec)), LevelText: t.levelCell(rec), LevelRank: levelOf(rec).Rank(),
			Class: levelClass(levelOf(rec)), License: rec.License, Approved: rec.Approved,
			Failing: rec.Failing, Secrets: rec.Secrets, Activity: dateOf(rec.LastActivity),
			Steps: r.NextSteps(rec), LevelA: levelOf(rec) == finding.LevelA,
		}
		if row.Report == "" && row.Web == "" {
			row.Web = webOf(rec.URL)
		}
		d.Repos = append(d.Repos, row)
	}
	if c := r.Changes; c != nil {
		d.ChangesSentence = t.changesSentence(c)
		sep := ": "
		if t.Lang == "fr" {
			sep = "\u00a0: "
		}
		levels := func(title, class string, l []LevelChange) {
			if len(l) == 0 {
				return
			}
			g := changeGroup{Title: title, Class: class}
			for _, x := range l {
				g.Items = append(g.Items, x.Name+sep+t.shortLevel(x.From)+" → "+t.shortLevel(x.To))
			}
			d.Changes = append(d.Changes, g)
		}
		secrets := func(title, class string, l []SecretChange) {
			if len(l) == 0 {
				return
			}
			g := changeGroup{Title: title, Class: class}
			for _, x := range l {
				g.Items = append(g.Items, fmt.Sprintf("%s%s%d → %d", x.Name, sep, x.From, x.To))
			}
			d.Changes = append(d.Changes, g)
		}
		repos := func(title, class string, l []RepoRef) {
			if len(l) == 0 {
				return
			}
			g := changeGroup{Title: title, Class: class}
			for _, x := range l {
				item := x.Name
				if x.Error != "" {
					item += " (" + x.Error + ")"
				}
				g.Items = append(g.Items, item)
			}
			d.Changes = append(d.Changes, g)
		}
		levels(t.LevelDown, "worse", c.Down)
		secrets(t.NewSecrets, "worse", c.NewSecrets)
		repos(t.NotScannedNow, "worse", c.NotScanned)
		levels(t.LevelUp, "better", c.Up)
		secrets(t.FixedSecrets, "better", c.FixedSecrets)
		repos(t.Added, "", c.Added)
		repos(t.Removed, "", c.Removed)
		d.HasChanges = true
	}
	d.LevelOptions = []levelOption{}
	for i := len(levelOrder) - 1; i >= 0; i-- {
		l := levelOrder[i]
		d.LevelOptions = append(d.LevelOptions, levelOption{Value: string(l), Label: t.levelName(l)})
	}
	return dashboardTmpl.Execute(w, d)
}

// webOf turns an https clone URL into a link; other transports have none.
func webOf(u string) string {
	if !strings.HasPrefix(u, "https://") {
		return ""
	}
	return strings.TrimSuffix(u, ".git")
}

func levelClass(l finding.Level) string {
	switch l {
	case finding.LevelA:
		return "la"
	case finding.LevelB:
		return "lb"
	case finding.LevelC:
		return "lc"
	}
	return "ln"
}

type dashboard struct {
	T            *strs
	Summary      Summary
	Sentence     string
	Generated    string
	About        string
	Orgs         []orgRow
	Bars         []bar
	Blocking     []blockRow
	Repos        []repoRow
	Failed       []failRow
	LevelOptions []levelOption
	// Changes since an earlier audit, when --previous gave one.
	HasChanges      bool
	ChangesSentence string
	Changes         []changeGroup
}

type changeGroup struct {
	Title, Class string
	Items        []string
}

type bar struct {
	Label, Class, Percent string
	Count, Width          int // Width in percent of the longest bar
}

type orgRow struct {
	Label string
	S     Summary
	Total bool
}

type blockRow struct {
	Rule, Title  string
	Count, Width int
}

type repoRow struct {
	Name, Report, Web, Level, LevelText, Class, License, Activity string
	LevelRank, Secrets                                            int
	Approved, LevelA                                              bool
	Failing                                                       []string
	Steps                                                         []Step
}

type failRow struct{ Name, Link, Error, Detail string }

type levelOption struct{ Value, Label string }

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"level": func(s Summary, l string) int { return s.Levels[l] },
	"join": func(ss []string) string {
		return strings.Join(ss, " ")
	},
}).Parse(dashboardHTML))

const dashboardHTML = `<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ouvert">
<title>{{.T.Title}}</title>
<style>
:root { --a: #18753c; --b: #0063cb; --c: #b34000; --n: #ce0500; --f: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e1e1e; margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
p.meta { color: #555; margin: 0 0 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 9rem; flex: 1 1 9rem; }
.card b { display: block; font-size: 1.5rem; }
.la { color: var(--a); } .lb { color: var(--b); } .lc { color: var(--c); } .ln { color: var(--n); } .failed { color: var(--f); }
.chart { list-style: none; margin: 0; padding: 0; }
.chart li { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .25rem .75rem; align-items: center; margin: .3rem 0; }
.chart .track { display: flex; align-items: center; gap: .5rem; min-width: 0; }
.chart .fill { display: inline-block; height: 1.4rem; border-radius: 3px; background: currentColor; min-width: 2px; }
.chart .n { color: #1e1e1e; white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus { outline: 2px solid var(--b); }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: #555; padding: 0 0 .25rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f6f6; white-space: nowrap; }
td.num, th.num { text-align: right; }
tr.total td { font-weight: bold; border-top: 2px solid var(--line); }
th button { font: inherit; font-weight: bold; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
code { font-size: .85em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
ul.steps { margin: 0; padding-left: 1.1rem; } ul.steps li { margin: 0 0 .2rem; }
a.rule { font-size: .85em; color: #555; }
.lvl { font-weight: bold; white-space: nowrap; }
.meter { display: inline-block; height: .6em; background: var(--n); vertical-align: middle; margin-right: .4em; }
.controls { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin-bottom: .75rem; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; max-width: 100%; }
.warn { color: var(--n); font-weight: bold; }
.changes { display: flex; flex-wrap: wrap; gap: .75rem; }
.change { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: .25rem 1rem; flex: 1 1 16rem; min-width: 0; }
.change.worse { border-left-color: var(--n); } .change.better { border-left-color: var(--a); }
.change h3 { font-size: 1rem; margin: .5rem 0 .25rem; } .change ul { margin: 0 0 .5rem; padding-left: 1.2rem; overflow-wrap: anywhere; }
footer { color: #555; margin-top: 2rem; font-size: .9em; }
@media (max-width: 40rem) {
  body { padding: .75rem; font-size: 14px; }
  .chart li { grid-template-columns: 1fr; }
  .card { min-width: 7rem; }
  td, th { padding: .3rem .35rem; }
}
@media print { .controls { display: none; } .scroll { overflow: visible; } }
</style>
</head>
<body>
<header>
<h1>{{.T.Title}}</h1>
<p class="meta" id="about">{{.About}}</p>
</header>
<main>
<p>{{.Sentence}}</p>

<div class="cards">
<div class="card"><b>{{.Summary.Repositories}}</b>{{.T.Repositories}}</div>
<div class="card"><b>{{.Summary.Passed}}</b>{{.T.PassGate}}</div>
<div class="card"><b>{{.Summary.WithSecrets}}</b>{{.T.HoldSecrets}}</div>
<div class="card"><b>{{.Summary.Failed}}</b>{{.T.NotScanned}}</div>
</div>

{{if .HasChanges}}<section aria-labelledby="changes">
<h2 id="changes">{{.T.ChangesTitle}}</h2>
<p>{{.ChangesSentence}}</p>
<div class="changes">
{{range .Changes}}<div class="change {{.Class}}"><h3>{{.Title}} ({{len .Items}})</h3>
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul></div>
{{end}}</div>
</section>{{end}}

<section aria-labelledby="levels">
<h2 id="levels">{{.T.Levels}}</h2>
<ul class="chart" id="chart" aria-label="{{.T.ChartLabel}}">
{{range .Bars}}<li class="{{.Class}}"><span class="label">{{.Label}}</span><span class="track"><span class="fill" style="width: {{.Width}}%"></span><span class="n">{{.Count}} ({{.Percent}})</span></span></li>
{{end}}</ul>
</section>

{{/* A section that holds a labelled scrolling region is no landmark of its own: two landmarks of one name (axe: landmark-unique). */}}
{{if .Orgs}}<section>
<h2 id="orgs">{{.T.ByOrgTitle}}</h2>
<div class="scroll" role="region" tabindex="0" aria-labelledby="orgs">
<table id="org-table">
<thead><tr><th scope="col">{{.T.Organisation}}</th><th scope="col" class="num">{{.T.Repositories}}</th><th scope="col" class="num">A</th><th scope="col" class="num">B</th><th scope="col" class="num">C</th><th scope="col" class="num">{{.T.NoLevel}}</th><th scope="col" class="num">{{.T.NotScanned}}</th><th scope="col" class="num">{{.T.PassGate}}</th><th scope="col" class="num">{{.T.HoldSecrets}}</th></tr></thead>
<tbody>
{{range .Orgs}}<tr{{if .Total}} class="total"{{end}}><th scope="row">{{.Label}}</th><td class="num">{{.S.Repositories}}</td><td class="num">{{level .S "A"}}</td><td class="num">{{level .S "B"}}</td><td class="num">{{level .S "C"}}</td><td class="num">{{level .S "none"}}</td><td class="num">{{.S.Failed}}</td><td class="num">{{.S.Passed}}</td><td class="num{{if .S.WithSecrets}} warn{{end}}">{{.S.WithSecrets}}</td></tr>
{{end}}</tbody>
</table>
</div>
</section>{{end}}

<section>
<h2 id="blocking">{{.T.BlockingTitle}}</h2>
{{if .Blocking}}<div class="scroll" role="region" tabindex="0" aria-labelledby="blocking"><table>
<thead><tr><th scope="col">{{.T.Rule}}</th><th scope="col">{{.T.Title2}}</th><th scope="col" class="num">{{.T.Repositories}}</th></tr></thead>
<tbody>
{{range .Blocking}}<tr><td><code>{{.Rule}}</code></td><td>{{.Title}}</td><td class="num"><span class="meter" style="width: {{.Width}}px"></span>{{.Count}}</td></tr>
{{end}}</tbody>
</table></div>{{else}}<p>{{.T.BlockingNone}}</p>{{end}}
</section>

<section>
<h2 id="repositories">{{.T.RepositoriesTitle}}</h2>
<div class="controls" id="controls" hidden>
<label>{{.T.Filter}} <input type="search" id="filter" autocomplete="off"></label>
<label>{{.T.Level}} <select id="level"><option value="">{{.T.AllLevels}}</option>{{range .LevelOptions}}<option value="{{.Value}}">{{.Label}}</option>{{end}}</select></label>
<span id="count" aria-live="polite"></span>
</div>
<div class="scroll" role="region" tabindex="0" aria-labelledby="repositories">
<table id="repos">
<thead><tr>
<th scope="col" data-type="text">{{.T.Repository}}</th>
<th scope="col" data-type="num">{{.T.Level}}</th>
<th scope="col" data-type="text">{{.T.NextSteps}}</th>
<th scope="col" data-type="text">{{.T.License}}</th>
<th scope="col" data-type="num" class="num">{{.T.Secrets}}</th>
<th scope="col" data-type="text">{{.T.LastActivity}}</th>
</tr></thead>
<tbody>
{{range .Repos}}<tr data-level="{{.Level}}">
<td data-v="{{.Name}}">{{if .Report}}<a href="{{.Report}}">{{.Name}}</a>{{else if .Web}}<a href="{{.Web}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td>
<td data-v="{{.LevelRank}}" class="lvl {{.Class}}">{{.LevelText}}</td>
<td data-v="{{join .Failing}}">{{if .Steps}}<ul class="steps">{{range .Steps}}<li>{{.Action}}{{if .Command}} ({{$.T.Command}}{{$.T.Colon}}<code>{{.Command}}</code>){{end}} <a class="rule" href="{{.Doc}}"><code>{{.Rule}}</code></a></li>{{end}}</ul>{{else if .LevelA}}{{$.T.Nothing}}{{else}}–{{end}}</td>
<td data-v="{{.License}}">{{if .License}}{{.License}}{{if not .Approved}} <span class="warn" title="{{$.T.NotApproved}}">!</span>{{end}}{{else}}–{{end}}</td>
<td data-v="{{.Secrets}}" class="num{{if .Secrets}} warn{{end}}">{{.Secrets}}</td>
<td data-v="{{.Activity}}">{{if .Activity}}{{.Activity}}{{else}}–{{end}}</td>
</tr>
{{end}}</tbody>
</table>
</div>
</section>

{{if .Failed}}<section>
<h2 id="not-scanned">{{.T.NotScannedTitle}}</h2>
<div class="scroll" role="region" tabindex="0" aria-labelledby="not-scanned">
<table>
<thead><tr><th scope="col">{{.T.Repository}}</th><th scope="col">{{.T.Why}}</th></tr></thead>
<tbody>
{{range .Failed}}<tr><td>{{if .Link}}<a href="{{.Link}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td><td>{{.Error}}{{if .Detail}}<details><summary>{{$.T.Detail}}</summary><code>{{.Detail}}</code></details>{{end}}</td></tr>
{{end}}</tbody>
</table>
</div>
</section>{{end}}
</main>
<footer><p>{{.Generated}}</p></footer>

<script>
(function () {
  var table = document.getElementById("repos");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var level = document.getElementById("level");
  var count = document.getElementById("count");
  document.getElementById("controls").hidden = false;
  function apply() {
    var q = filter.value.toLowerCase(), l = level.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!l || r.getAttribute("data-level") === l) && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown + " / " + rows.length + " {{.T.Shown}}";
  }
  filter.addEventListener("input", apply);
  level.addEventListener("change", apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(b);
    b.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var num = th.getAttribute("data-type") === "num";
      rows.sort(function (x, y) {
        var a = x.cells[i].getAttribute("data-v"), c = y.cells[i].getAttribute("data-v");
        var d = num ? Number(a) - Number(c) : a.localeCompare(c);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
}());
</script>
</body>
</html>
`
