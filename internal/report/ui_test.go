package report

import (
	"strings"
	"testing"
)

func TestUITextsInBothLanguages(t *testing.T) {
	for k, v := range ui {
		if strings.TrimSpace(v.FR) == "" || strings.TrimSpace(v.EN) == "" {
			t.Errorf("ui text %q lacks a language", k)
		}
		if strings.Count(v.FR, "{") != strings.Count(v.EN, "{") {
			t.Errorf("ui text %q: placeholders differ", k)
		}
	}
}
