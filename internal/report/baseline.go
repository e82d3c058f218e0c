package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/finding"
)

// ReadBaseline reads an earlier JSON report (any schema version 1 report)
// and returns the fingerprints of its findings: the findings a new scan
// shares with it are accepted and do not count for the gate.
//
// A report written before secret fingerprints were keyed and stretched
// (finding.SecretFingerprint) is refused: its secret fingerprints are plain
// hashes of the values, which no longer match, and accepting the rest in
// silence would turn every accepted secret into a failure with no word of
// why.
func ReadBaseline(r io.Reader) (map[string]bool, error) {
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Findings      []struct {
			Rule        string `json:"rule"`
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
	old := 0
	for _, f := range doc.Findings {
		if f.Fingerprint == "" {
			continue
		}
		if _, ok := finding.SecretFingerprintKeyID(f.Fingerprint); finding.ValueRule(f.Rule) && !ok {
			old++
		}
		out[f.Fingerprint] = true
	}
	if old > 0 {
		return nil, fmt.Errorf("written by an older ouvert: its %d secret fingerprint(s) are plain hashes of the values, which let anyone holding the report test a guessed secret, and no longer match; review its findings and write the baseline again (ouvert scan --format json --output FILE)", old)
	}
	return out, nil
}

// CheckBaselineKey refuses a baseline whose secret fingerprints were made
// under another fingerprint key than keyID (finding.KeyID of the
// configuration's): none of them could match.
func CheckBaselineKey(baseline map[string]bool, keyID string) error {
	other := map[string]int{}
	for fp := range baseline {
		if id, ok := finding.SecretFingerprintKeyID(fp); ok && id != keyID {
			other[id]++
		}
	}
	if len(other) == 0 {
		return nil
	}
	ids := make([]string, 0, len(other))
	n := 0
	for id, c := range other {
		ids = append(ids, id)
		n += c
	}
	sort.Strings(ids)
	now := "this configuration has none"
	if keyID != finding.KeyID(nil) {
		now = "this configuration's is " + keyID
	}
	return fmt.Errorf("%d secret fingerprint(s) were made under another fingerprint key (id %s; %s): none can match; write the baseline again, or set back the key it was made with (secrets.fingerprint-key)", n, strings.Join(ids, ", "), now)
}
