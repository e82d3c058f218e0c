// Package report turns a finished scan into text for people and machines,
// one file per format. Reporters never detect: everything they print comes
// from engine.Result and the catalog's texts.
package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/engine"
)

// Options are what every format may use.
type Options struct {
	Lang    string // "fr" or "en"
	Color   bool   // ANSI colours (text only)
	Version string // ouvert's version, for the report's header
	Gate    *engine.Gate
}

// Writer writes one format.
type Writer func(w io.Writer, r *engine.Result, opts Options) error

// formats maps format names to writers (Lookup and FormatNames read it).
var formats = map[string]Writer{
	"text":        Text,
	"json":        JSON,
	"sarif":       SARIF,
	"markdown":    Markdown,
	"html":        HTML,
	"codequality": CodeQuality,
	"junit":       JUnit,
	"badge":       Badge,
}

// FormatNames lists the formats, sorted, for help texts and errors.
func FormatNames() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the writer of a format, or an error naming the known ones.
func Lookup(name string) (Writer, error) {
	if w, ok := formats[strings.ToLower(name)]; ok {
		return w, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(FormatNames(), ", "))
}

// LangFromEnv picks French for fr_* locales and English otherwise, from the
// variables in the order POSIX gives them precedence.
func LangFromEnv(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "fr") {
				return "fr"
			}
			return "en"
		}
	}
	return "en"
}
