package license

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/license/internal/lregen"
)

// The embedded patterns must be what the generator writes from the
// checked-in references: run `go generate ./license` after changing either.
func TestPatternsUpToDate(t *testing.T) {
	b, err := lregen.Generate("texts", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, []byte(patternsGen)) {
		t.Error("patterns.gen.txt is stale: run go generate ./license")
	}
}

func TestParsePatterns(t *testing.T) {
	p, err := parsePatterns(patternsGen)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"CECILL-2.1", "CECILL-B", "CECILL-C", "CECILL-2.0", "CECILL-1.0", "EUPL-1.2", "etalab-2.0"} {
		if p.refWords[id] < 500 {
			t.Errorf("%s: %d reference words", id, p.refWords[id])
		}
	}
	bad := map[string]string{
		"no segments":         "%% ref MIT 10\n",
		"text outside":        "stray words\n%% ref MIT 10\n%% seg MIT\na b c\n",
		"bad ref":             "%% ref MIT many\n%% seg MIT\na b c\n",
		"segment without ref": "%% ref MIT 10\n%% seg ISC\na b c\n",
	}
	for name, data := range bad {
		if _, err := parsePatterns(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if !strings.HasPrefix(patternsGen, "% Code generated") {
		t.Error("patterns.gen.txt lacks its generated-code header")
	}
}
