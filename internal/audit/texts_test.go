package audit

import (
	"reflect"
	"testing"
)

// TestEveryReportWordInTheCatalog: each word of the audit reports comes
// from the catalog in both languages; a field without its
// audit-report.<field> text would print empty.
func TestEveryReportWordInTheCatalog(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		v := reflect.ValueOf(texts(lang)).Elem()
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).String() == "" {
				t.Errorf("%s: %s (audit-report.%s) is empty", lang, v.Type().Field(i).Name, fieldKey(v.Type().Field(i).Name))
			}
		}
	}
	if got := texts("fr").fill(texts("fr").AuditOf, "date", "2026-12-06"); got != "Audit du 2026-12-06" {
		t.Errorf("AuditOf in French: %q", got)
	}
}
