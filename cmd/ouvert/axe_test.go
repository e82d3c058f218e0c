package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// axeScript is axe-core's browser build: .ci/run fetches the pinned
// version from the npm registry (its checksum checked) and names it in
// OUVERT_AXE_JS; without it the accessibility tests skip.
func axeScript(t *testing.T) string {
	t.Helper()
	p := os.Getenv("OUVERT_AXE_JS")
	if p == "" {
		p = filepath.Join("..", "..", ".ci", "axe", "package", "axe.min.js")
	}
	if _, err := os.Stat(p); err != nil {
		t.Skip("axe-core is not here (.ci/run installs it; or set OUVERT_AXE_JS to axe.min.js): accessibility not checked")
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

type axeViolation struct {
	ID     string     `json:"id"`
	Impact string     `json:"impact"`
	Nodes  int        `json:"nodes"`
	Target [][]string `json:"target"`
}

// axeCheck opens page in headless Chromium with axe-core run on it for the
// WCAG 2.1 A and AA rules and axe's best practices, and returns what it
// flags.
func axeCheck(t *testing.T, bin, axe, page string, width int) []axeViolation {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	run := `<script src="file://` + axe + `"></script>
<script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(function (r) {
  var v = r.violations.map(function (x) {
    return {id: x.id, impact: x.impact, nodes: x.nodes.length, target: x.nodes.slice(0, 3).map(function (n) { return n.target; })};
  });
  var out = document.createElement("template");
  out.id = "axe-out";
  out.setAttribute("data-result", "AXE" + JSON.stringify(v) + "END");
  document.body.appendChild(out);
});
</script></body>`
	html := string(b)
	i := strings.LastIndex(html, "</body>")
	if i < 0 {
		t.Fatalf("%s: no </body>", page)
	}
	checked := filepath.Join(filepath.Dir(page), "axe-"+filepath.Base(page))
	if err := os.WriteFile(checked, []byte(html[:i]+run+html[i+len("</body>"):]), 0o644); err != nil {
		t.Fatal(err)
	}
	size := "--window-size=" + strconv.Itoa(width) + ",1000"
	dom := string(runChromium(t, bin, "--allow-file-access-from-files", "--virtual-time-budget=20000", size, "--dump-dom", "file://"+checked))
	m := regexp.MustCompile(`AXE(\[.*?\])END`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("%s: axe-core reported nothing:\n%.1500s", page, dom)
	}
	var v []axeViolation
	if err := json.Unmarshal([]byte(htmlUnescape(m[1])), &v); err != nil {
		t.Fatalf("%s: %v: %s", page, err, m[1])
	}
	return v
}

// TestAccessibilityWithAxe: the audit dashboard and the scan's HTML
// report, in French and English, at a desktop and a phone width, have
// nothing that axe-core flags.
func TestAccessibilityWithAxe(t *testing.T) {
	bin := chromium(t)
	axe := axeScript(t)
	dir := t.TempDir()

	ag := audittest.New(t, 6, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	list := writeList(t, audittest.URLs(append(append([]audittest.Repo{}, ag.Repos...), ag.Broken(t)...)))
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "b.txtar"))
	var pages []string
	for _, lang := range []string{"fr", "en"} {
		dash := "audit-" + lang + ".html"
		if o := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--lang", lang, "--output", dash); o.code != 0 {
			t.Fatalf("audit: code %d, stderr %q", o.code, o.stderr)
		}
		rep := filepath.Join(dir, "scan-"+lang+".html")
		if o := ouvert(t, r.Dir(), nil, "scan", "--report", "html="+rep, "--lang", lang, "-q"); o.code > 1 {
			t.Fatalf("scan: code %d, stderr %q", o.code, o.stderr)
		}
		pages = append(pages, filepath.Join(dir, dash), rep)
	}
	for _, page := range pages {
		for _, width := range []int{1280, 400} {
			for _, v := range axeCheck(t, bin, axe, page, width) {
				t.Errorf("%s at %d px: axe %s (%s) on %d elements, e.g. %v", filepath.Base(page), width, v.ID, v.Impact, v.Nodes, v.Target)
			}
		}
	}
}
