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
	d := dashboard{T: t, Summary: s, Sentence: t.summary(s), Generated: fmt.Sprintf(t.Generated, r.Version)}

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
	for i, b := range bars {
		pct := 0
		if s.Repositories > 0 {
			pct = (b.n*100 + s.Repositories/2) / s.Repositories
		}
		d.Bars = append(d.Bars, bar{
			Label: b.label, Class: b.class, Count: b.n, Percent: t.percent(pct),
			Y: 8 + i*34, Width: b.n * 420 / most,
		})
	}
	d.ChartHeight = 8 + len(d.Bars)*34

	for _, rc := range s.Blocking {
		d.Blocking = append(d.Blocking, blockRow{Rule: rc.Rule, Title: r.ruleTitle(rc.Rule), Count: rc.Count, Width: rc.Count * 100 / max(s.Scanned, 1)})
	}
	for _, rec := range r.Records {
		if !rec.OK() {
			d.Failed = append(d.Failed, failRow{Name: rec.Name, Link: firstNonEmpty(rec.Web, webOf(rec.URL)), Error: rec.Error})
			continue
		}
		row := repoRow{
			Name: rec.Name, Report: rec.Report, Web: rec.Web,
			Level: string(levelOf(rec)), LevelText: t.levelCell(rec), LevelRank: levelOf(rec).Rank(),
			Class: levelClass(levelOf(rec)), License: rec.License, Approved: rec.Approved,
			Failing: rec.Failing, Secrets: rec.Secrets, Activity: dateOf(rec.LastActivity),
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
	Bars         []bar
	ChartHeight  int
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
	Count, Y, Width       int
}

type blockRow struct {
	Rule, Title  string
	Count, Width int
}

type repoRow struct {
	Name, Report, Web, Level, LevelText, Class, License, Activity string
	LevelRank, Secrets                                            int
	Approved                                                      bool
	Failing                                                       []string
}

type failRow struct{ Name, Link, Error string }

type levelOption struct{ Value, Label string }

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"add": func(a, b int) int { return a + b },
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
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 9rem; }
.card b { display: block; font-size: 1.5rem; }
svg text { font: 13px system-ui, sans-serif; fill: #1e1e1e; }
.la { fill: var(--a); color: var(--a); } .lb { fill: var(--b); color: var(--b); } .lc { fill: var(--c); color: var(--c); } .ln { fill: var(--n); color: var(--n); } .failed { fill: var(--f); color: var(--f); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f6f6; white-space: nowrap; }
td.num, th.num { text-align: right; }
th button { font: inherit; font-weight: bold; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
code { font-size: .85em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
.lvl { font-weight: bold; }
.meter { display: inline-block; height: .6em; background: var(--n); vertical-align: middle; margin-right: .4em; }
.controls { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin-bottom: .75rem; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; }
.warn { color: var(--n); font-weight: bold; }
.changes { display: flex; flex-wrap: wrap; gap: .75rem; }
.change { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: .25rem 1rem; flex: 1 1 16rem; }
.change.worse { border-left-color: var(--n); } .change.better { border-left-color: var(--a); }
.change h3 { font-size: 1rem; margin: .5rem 0 .25rem; } .change ul { margin: 0 0 .5rem; padding-left: 1.2rem; }
@media print { .controls { display: none; } }
</style>
</head>
<body>
<h1>{{.T.Title}}</h1>
<p class="meta">{{.Sentence}} {{.Generated}}</p>

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

<h2 id="levels">{{.T.Levels}}</h2>
<svg role="img" aria-labelledby="chart-title" width="100%" viewBox="0 0 720 {{.ChartHeight}}" preserveAspectRatio="xMinYMin meet">
<title id="chart-title">{{.T.ChartLabel}}</title>
{{range .Bars}}<g class="{{.Class}}">
<text x="0" y="{{add .Y 17}}">{{.Label}}</text>
<rect x="210" y="{{.Y}}" width="{{.Width}}" height="24" rx="3"></rect>
<text x="{{add 216 .Width}}" y="{{add .Y 17}}">{{.Count}} ({{.Percent}})</text>
</g>
{{end}}</svg>

<h2 id="blocking">{{.T.BlockingTitle}}</h2>
{{if .Blocking}}<table>
<thead><tr><th>{{.T.Rule}}</th><th>{{.T.Title2}}</th><th class="num">{{.T.Repositories}}</th></tr></thead>
<tbody>
{{range .Blocking}}<tr><td><code>{{.Rule}}</code></td><td>{{.Title}}</td><td class="num"><span class="meter" style="width: {{.Width}}px"></span>{{.Count}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>{{.T.BlockingNone}}</p>{{end}}

<h2 id="repositories">{{.T.RepositoriesTitle}}</h2>
<div class="controls" id="controls" hidden>
<label>{{.T.Filter}} <input type="search" id="filter" autocomplete="off"></label>
<label>{{.T.Level}} <select id="level"><option value="">{{.T.AllLevels}}</option>{{range .LevelOptions}}<option value="{{.Value}}">{{.Label}}</option>{{end}}</select></label>
<span id="count" aria-live="polite"></span>
</div>
<table id="repos">
<thead><tr>
<th data-type="text">{{.T.Repository}}</th>
<th data-type="num">{{.T.Level}}</th>
<th data-type="text">{{.T.License}}</th>
<th data-type="text">{{.T.Failing}}</th>
<th data-type="num" class="num">{{.T.Secrets}}</th>
<th data-type="text">{{.T.LastActivity}}</th>
</tr></thead>
<tbody>
{{range .Repos}}<tr data-level="{{.Level}}">
<td data-v="{{.Name}}">{{if .Report}}<a href="{{.Report}}">{{.Name}}</a>{{else if .Web}}<a href="{{.Web}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td>
<td data-v="{{.LevelRank}}" class="lvl {{.Class}}">{{.LevelText}}</td>
<td data-v="{{.License}}">{{if .License}}{{.License}}{{if not .Approved}} <span class="warn" title="{{$.T.NotApproved}}">!</span>{{end}}{{else}}–{{end}}</td>
<td data-v="{{join .Failing}}">{{range .Failing}}<code>{{.}}</code> {{else}}–{{end}}</td>
<td data-v="{{.Secrets}}" class="num{{if .Secrets}} warn{{end}}">{{.Secrets}}</td>
<td data-v="{{.Activity}}">{{if .Activity}}{{.Activity}}{{else}}–{{end}}</td>
</tr>
{{end}}</tbody>
</table>

{{if .Failed}}<h2 id="not-scanned">{{.T.NotScannedTitle}}</h2>
<table>
<thead><tr><th>{{.T.Repository}}</th><th>{{.T.Why}}</th></tr></thead>
<tbody>
{{range .Failed}}<tr><td>{{if .Link}}<a href="{{.Link}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</td><td>{{.Error}}</td></tr>
{{end}}</tbody>
</table>{{end}}

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
