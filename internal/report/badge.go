package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/engine"
)

// The code.gouv.fr documentation offers one shields.io badge per openness
// level for the top of a README, linking to its page on the levels; there is
// none below C (see shared/reference/etalab.md, §1.3).
const badgeDoc = "https://code.gouv.fr/documentation/#quels-degres-douverture-pour-les-codes-sources"

var shieldsURLs = map[finding.Level]string{
	finding.LevelA: "https://img.shields.io/badge/code.gouv.fr-contributif-blue.svg",
	finding.LevelB: "https://img.shields.io/badge/code.gouv.fr-ouvert-mediumseagreen.svg",
	finding.LevelC: "https://img.shields.io/badge/code.gouv.fr-publi%C3%A9-orange.svg",
}

// BadgeURL is the shields.io URL of the code.gouv.fr badge of a level;
// false for none, which has no badge.
func BadgeURL(l finding.Level) (string, bool) {
	u, ok := shieldsURLs[l]
	return u, ok
}

// BadgeMarkdown is the README line the code.gouv.fr documentation gives for
// a level: the badge linked to the page on the levels; "" for none.
func BadgeMarkdown(l finding.Level) string {
	u, ok := BadgeURL(l)
	if !ok {
		return ""
	}
	return "[![code.gouv.fr : " + l.Name() + "](" + u + ")](" + badgeDoc + ")"
}

// Badge writes the level as a self-contained SVG badge, in the two-part
// shape READMEs use, with a <title> and an aria-label for screen readers.
// Its colours are darker than shields.io's so that white text stays
// readable (contrast of at least 4.5:1).
func Badge(w io.Writer, r *engine.Result, opts Options) error {
	_, err := io.WriteString(w, badgeSVG(r.Level.ID, opts.Lang))
	return err
}

var badgeColours = map[finding.Level]string{
	finding.LevelA: "#0065a8", finding.LevelB: "#267347", finding.LevelC: "#b04700",
}

func badgeSVG(l finding.Level, lang string) string {
	label := "code.gouv.fr"
	value := l.Name()
	colour, ok := badgeColours[l]
	if !ok {
		value, colour = t("badge-none", lang), "#595959"
	}
	title := tx("badge-title", lang, map[string]string{"level": levelTitle(l, lang)})
	lw, vw := textWidth(label)+12, textWidth(value)+12
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">`, lw+vw, label, esc.Replace(value))
	fmt.Fprintf(&b, `<title>%s</title>`, esc.Replace(title))
	fmt.Fprintf(&b, `<rect width="%d" height="20" rx="3" fill="#404040"/>`, lw+vw)
	fmt.Fprintf(&b, `<rect x="%d" width="%d" height="20" rx="3" fill="%s"/>`, lw, vw, colour)
	fmt.Fprintf(&b, `<rect x="%d" width="4" height="20" fill="%s"/>`, lw, colour)
	fmt.Fprintf(&b, `<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`)
	fmt.Fprintf(&b, `<text x="%d" y="14">%s</text>`, lw/2, label)
	fmt.Fprintf(&b, `<text x="%d" y="14">%s</text>`, lw+vw/2, esc.Replace(value))
	b.WriteString("</g></svg>\n")
	return b.String()
}

// textWidth estimates the width of text in 11px Verdana, the badges' font,
// from the widths of its narrow, wide and ordinary letters.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("ijlI.,:;'!|", r):
			w += 3.5
		case strings.ContainsRune("ft r", r):
			w += 4.8
		case strings.ContainsRune("mwMW", r):
			w += 10.5
		case r >= 'A' && r <= 'Z':
			w += 8
		default:
			w += 7
		}
	}
	return int(w + 0.5)
}
