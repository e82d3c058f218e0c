package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// ReadBaseline reads an earlier JSON report (any schema version 1 report)
// and returns the fingerprints of its findings: the findings a new scan
// shares with it are accepted and do not count for the gate.
func ReadBaseline(r io.Reader) (map[string]bool, error) {
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Findings      []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a JSON report of ouvert: %w", err)
	}
	if doc.SchemaVersion != 1 {
		return nil, fmt.Errorf("not a JSON report of ouvert (schemaVersion %d, want 1)", doc.SchemaVersion)
	}
	out := make(map[string]bool, len(doc.Findings))
	for _, f := range doc.Findings {
		if f.Fingerprint != "" {
			out[f.Fingerprint] = true
		}
	}
	return out, nil
}
