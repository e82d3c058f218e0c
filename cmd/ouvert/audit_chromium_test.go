package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit/audittest"
)

// TestAuditDashboardInChromium opens the dashboard in headless Chromium
// at 1280 and 400 px wide, in a frame of that width, and measures it from
// a script of the test's own page: the page itself never scrolls
// sideways (the tables scroll in their own regions), the chart's text
// keeps a legible size, and the landmarks are there.
func TestAuditDashboardInChromium(t *testing.T) {
	bin := chromium(t)
	ag := audittest.New(t, 10, filepath.Join("..", "..", "testdata"))
	env, _ := auditEnv(t, ag)
	dir := t.TempDir()
	list := writeList(t, audittest.URLs(append(append([]audittest.Repo{}, ag.Repos...), ag.Broken(t)...)))
	if o := ouvert(t, dir, env, "audit", "--list", list, "--quiet", "--lang", "fr", "--output", "audit.html"); o.code != 0 {
		t.Fatalf("audit: code %d, stderr %q", o.code, o.stderr)
	}
	for _, width := range []int{1280, 400} {
		page := filepath.Join(dir, fmt.Sprintf("measure-%d.html", width))
		measure := fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="audit.html" style="width:%dpx;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentDocument, w = this.contentWindow, r = {};
  r.scroll = d.documentElement.scrollWidth;
  r.view = d.documentElement.clientWidth;
  r.main = d.querySelectorAll("main").length;
  r.header = d.querySelectorAll("header").length;
  var fs = [];
  d.querySelectorAll("#chart .label, #chart .n").forEach(function (e) { fs.push(parseFloat(w.getComputedStyle(e).fontSize)); });
  r.fonts = fs.length;
  r.minFont = Math.min.apply(null, fs);
  r.bars = 0;
  d.querySelectorAll("#chart .fill").forEach(function (e) { if (e.getBoundingClientRect().width >= 2) { r.bars++; } });
  r.loose = 0;
  d.querySelectorAll("table").forEach(function (t) { if (!t.closest(".scroll")) { r.loose++; } });
  r.regions = d.querySelectorAll(".scroll[role=region][tabindex='0'][aria-labelledby]").length;
  document.getElementById("out").textContent = "RESULT" + JSON.stringify(r) + "END";
});
</script></body></html>`, width)
		if err := os.WriteFile(page, []byte(measure), 0o644); err != nil {
			t.Fatal(err)
		}
		dom := string(runChromium(t, bin, "--allow-file-access-from-files", "--virtual-time-budget=10000", "--window-size=1400,1000", "--dump-dom", "file://"+page))
		m := regexp.MustCompile(`RESULT(.*?)END`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("%d px: the page measured nothing:\n%.1500s", width, dom)
		}
		var r struct {
			Scroll, View, Main, Header, Fonts, Bars, Loose, Regions int
			MinFont                                                 float64
		}
		if err := json.Unmarshal([]byte(htmlUnescape(m[1])), &r); err != nil {
			t.Fatalf("%d px: %v: %s", width, err, m[1])
		}
		if r.View > width || r.View < width-20 || r.Scroll > r.View { // less a vertical scroll bar
			t.Errorf("%d px: the page is %d px wide in a %d px view: it scrolls sideways", width, r.Scroll, r.View)
		}
		if r.Main != 1 || r.Header != 1 {
			t.Errorf("%d px: %d main, %d header landmarks", width, r.Main, r.Header)
		}
		if r.Fonts != 10 || r.MinFont < 12 {
			t.Errorf("%d px: chart text: %d pieces, smallest %.1f px", width, r.Fonts, r.MinFont)
		}
		if r.Bars < 4 {
			t.Errorf("%d px: %d bars drawn", width, r.Bars)
		}
		if r.Loose != 0 || r.Regions < 3 {
			t.Errorf("%d px: %d tables outside a scrolling region, %d labelled regions", width, r.Loose, r.Regions)
		}
	}
}

func htmlUnescape(s string) string {
	return regexp.MustCompile(`&quot;|&amp;|&lt;|&gt;`).ReplaceAllStringFunc(s, func(e string) string {
		return map[string]string{"&quot;": `"`, "&amp;": "&", "&lt;": "<", "&gt;": ">"}[e]
	})
}
