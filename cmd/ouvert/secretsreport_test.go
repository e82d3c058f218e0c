package main

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// password makes a password a person might choose, for this run only.
func password(t *testing.T) string {
	t.Helper()
	const letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(letters))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = letters[n.Int64()]
	}
	return "Sx" + string(b) + "!9"
}

const settingsRule = "secrets/generic-assignment"

// A password in several versions of a file that is gone from the tree:
// one secret, one finding, every version a place.
func passwordHistory(t *testing.T, pw string) *sourcetest.Repo {
	t.Helper()
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	for i := range 3 {
		r.Write("app/settings.py", "DEBUG = False\n"+strings.Repeat("# tuned\n", i)+"DB_PASSWORD = \""+pw+"\"\n")
		r.Commit("settings", sourcetest.Epoch.Add(time.Duration(i+1)*time.Hour))
	}
	r.Write("app/settings.py", "import os\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n")
	r.Commit("read the password from the environment", sourcetest.Epoch.Add(5*time.Hour))
	return r
}

// One value kept in three files over several commits, and still in the
// tree: one finding, its places (the tree's first, then the history's
// oldest first), and the command to purge exactly those paths, which
// does remove it when run.
func TestSecretOneFindingEveryPlace(t *testing.T) {
	key := freshKey(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Write("deploy/id_rsa", key)
	c1 := r.Commit("deploy key", sourcetest.Epoch.Add(time.Hour))
	r.Write("old/key.pem", key+"# a copy\n")
	c2 := r.Commit("a copy", sourcetest.Epoch.Add(2*time.Hour))
	r.Remove("deploy/id_rsa")
	r.Remove("old/key.pem")
	r.Write("config/server.key", key+"# now here\n")
	r.Commit("move it", sourcetest.Epoch.Add(3*time.Hour))

	j, o := scanJSON(t, r.Dir(), nil)
	keys := j.of("secrets/private-key")
	if o.code != 1 || len(keys) != 1 {
		t.Fatalf("code %d, %d private-key findings for one key: %+v", o.code, len(keys), j.Findings)
	}
	f := j.Findings[keys[0]]
	want := []finding.Place{
		{Path: "config/server.key", Line: 1, Tree: true},
		{Path: "deploy/id_rsa", Line: 1, Commit: c1, Date: "2024-01-02"},
		{Path: "old/key.pem", Line: 1, Commit: c2, Date: "2024-01-02"},
	}
	if len(f.Places) != len(want) {
		t.Fatalf("places = %+v", f.Places)
	}
	for i, p := range f.Places {
		w := want[i]
		if p.Path != w.Path || p.Line != w.Line || p.Tree != w.Tree || p.Commit != w.Commit || (w.Date != "" && p.Date == "") || p.EndLine <= p.Line {
			t.Errorf("place %d = %+v, want %+v", i, p, w)
		}
	}
	if f.Path != "config/server.key" || f.Commit != "" {
		t.Errorf("the finding is at %s @%s, want its first place, in the tree", f.Path, f.Commit)
	}
	if f.Purge == nil || f.Purge.InvertPaths != "git filter-repo --invert-paths --path config/server.key --path deploy/id_rsa --path old/key.pem" || f.Purge.ReplaceText != "" {
		t.Fatalf("purge = %+v", f.Purge)
	}
	text := ouvert(t, r.Dir(), nil, "scan", "--lang", "en")
	for _, w := range []string{"3 places: config/server.key:1, deploy/id_rsa:1 @" + c1[:12], f.Purge.InvertPaths, "Revoke or rotate this secret first"} {
		if !strings.Contains(text.stdout, w) {
			t.Errorf("text report lacks %q", w)
		}
	}

	// The advice works: run it in a fresh clone, and the key is gone.
	if _, err := exec.LookPath("git-filter-repo"); err != nil {
		t.Skip("git-filter-repo not installed: the purge command is not run")
	}
	clone := r.Clone(false)
	purge := exec.Command("bash", "-c", f.Purge.InvertPaths)
	purge.Dir, purge.Env = clone, sourcetest.Env()
	if out, err := purge.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", f.Purge.InvertPaths, err, out)
	}
	after, o := scanJSON(t, clone, nil)
	if len(after.of("secrets/private-key")) != 0 || o.code != 0 {
		t.Errorf("after the purge: code %d, findings %+v", o.code, after.Findings)
	}
}

// A password in history: its evidence shows nothing of it, and the
// --replace-text advice, with the value written as the report says,
// removes it from every commit while keeping the file.
func TestPasswordPurgedByReplaceText(t *testing.T) {
	pw := password(t)
	r := passwordHistory(t, pw)
	j, o := scanJSON(t, r.Dir(), nil)
	found := j.of(settingsRule)
	if o.code != 1 || len(found) != 1 {
		t.Fatalf("code %d, %d findings of %s", o.code, len(found), settingsRule)
	}
	f := j.Findings[found[0]]
	if f.Evidence != finding.Hidden || len(f.Places) != 3 || f.Places[0].Path != "app/settings.py" || f.Purge == nil || f.Purge.ReplaceText == "" {
		t.Fatalf("finding = %+v", f)
	}
	if _, err := exec.LookPath("git-filter-repo"); err != nil {
		t.Skip("git-filter-repo not installed: the purge command is not run")
	}
	clone := r.Clone(false)
	// ../ouvert-replace.txt, as the report says: beside the clone.
	if err := os.WriteFile(filepath.Join(filepath.Dir(clone), "ouvert-replace.txt"), []byte("literal:"+pw+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	purge := exec.Command("bash", "-c", f.Purge.ReplaceText)
	purge.Dir, purge.Env = clone, sourcetest.Env()
	if out, err := purge.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", f.Purge.ReplaceText, err, out)
	}
	after, _ := scanJSON(t, clone, nil)
	if n := len(after.of(settingsRule)); n != 0 {
		t.Errorf("after --replace-text: %d findings", n)
	}
	if _, err := os.Stat(filepath.Join(clone, "app", "settings.py")); err != nil {
		t.Errorf("--replace-text must keep the file: %v", err)
	}
}

// cheapDigests are what anyone holding a report can compute from a guess
// in microseconds: plain hashes of the value, alone or with the rule (as
// ouvert's first fingerprints were), in hex and base64.
func cheapDigests(rule, value string) []string {
	var out []string
	for _, in := range []string{value, rule + "\x00" + value + "\x00", rule + value, rule + ":" + value} {
		s256, s1, m5 := sha256.Sum256([]byte(in)), sha1.Sum([]byte(in)), md5.Sum([]byte(in))
		for _, d := range [][]byte{s256[:], s1[:], m5[:]} {
			out = append(out, hex.EncodeToString(d)[:10], base64.StdEncoding.EncodeToString(d)[:10], base64.RawURLEncoding.EncodeToString(d)[:10])
		}
	}
	return append(out, finding.Fingerprint(rule, value)[:10])
}

// No report, in any format, lets a holder confirm a guessed password with
// a cheap computation: it shows no character and no length of it, no
// plain hash of it matches, and under a fingerprint key even the
// stretched hash without the key does not.
func TestReportCannotConfirmAGuess(t *testing.T) {
	pw := password(t)
	r := passwordHistory(t, pw)
	key := strings.Repeat("c0ffee", 8)
	check := func(keyed bool) {
		var all strings.Builder
		for _, format := range []string{"text", "json", "sarif", "markdown", "html", "codequality", "junit"} {
			o := ouvert(t, r.Dir(), nil, "scan", "--format", format)
			all.WriteString(o.stdout + o.stderr)
		}
		out := all.String()
		for i := 0; i+4 <= len(pw); i++ {
			if strings.Contains(out, pw[i:i+4]) {
				t.Errorf("keyed %v: the reports show %q, part of the password", keyed, pw[i:i+4])
			}
		}
		if strings.Contains(out, "("+strconv.Itoa(len(pw))+" chars)") {
			t.Errorf("keyed %v: the reports show the password's length", keyed)
		}
		for _, d := range cheapDigests(settingsRule, pw) {
			if strings.Contains(out, d) {
				t.Errorf("keyed %v: the reports carry %q, a cheap digest of the password", keyed, d)
			}
		}
		stretched := finding.SecretFingerprint(nil, settingsRule, pw)
		if keyed == strings.Contains(out, stretched) {
			t.Errorf("keyed %v: the reports hold the unkeyed stretched fingerprint: %v", keyed, !keyed)
		}
		if keyed && !strings.Contains(out, finding.SecretFingerprint([]byte(key), settingsRule, pw)) {
			t.Error("keyed: the reports lack the keyed fingerprint")
		}
	}
	check(false)
	r.Write(".ouvert.yml", "secrets:\n  fingerprint-key: "+key+"\n")
	r.Commit("fingerprint key", sourcetest.Epoch.Add(6*time.Hour))
	check(true)
}

// A baseline written on one machine accepts the same secrets in a clone
// elsewhere, run after run, with or without a key; a baseline made under
// another key, or by an ouvert whose fingerprints were plain hashes, is
// refused with what to do.
func TestBaselineOfSecretsAcrossMachines(t *testing.T) {
	pw := password(t)
	r := passwordHistory(t, pw)
	key := strings.Repeat("5eed", 10)
	r.Write(".ouvert.yml", "secrets:\n  fingerprint-key: "+key+"\n")
	r.Commit("fingerprint key", sourcetest.Epoch.Add(6*time.Hour))
	base := filepath.Join(t.TempDir(), "baseline.json")
	if o := ouvert(t, r.Dir(), nil, "scan", "--format", "json", "--output", base); o.code != 1 {
		t.Fatalf("first scan: code %d, %s", o.code, o.stderr)
	}

	elsewhere := r.Clone(false) // another directory, another clone: another machine
	j, o := scanJSON(t, elsewhere, nil, "--baseline", base)
	f := j.of(settingsRule)
	if o.code != 0 || len(f) != 1 || j.Findings[f[0]].Accepted == nil || j.Findings[f[0]].Accepted.By != "baseline" {
		t.Errorf("with the baseline, elsewhere: code %d, %+v", o.code, j.Findings)
	}

	// Another key: every secret fingerprint changes, and the baseline says so.
	os.WriteFile(filepath.Join(elsewhere, ".ouvert.yml"), []byte("secrets:\n  fingerprint-key: "+strings.Repeat("beef", 10)+"\n"), 0o644)
	o = ouvert(t, elsewhere, nil, "scan", "--baseline", base)
	if o.code != 2 || !strings.Contains(o.stderr, "another fingerprint key") || !strings.Contains(o.stderr, base) {
		t.Errorf("baseline under another key: code %d, stderr %q", o.code, o.stderr)
	}

	// A baseline of the first scheme: its secret fingerprints were plain
	// hashes of the values.
	data, _ := os.ReadFile(base)
	var doc map[string]any
	json.Unmarshal(data, &doc)
	for _, x := range doc["findings"].([]any) {
		m := x.(map[string]any)
		if m["rule"] == settingsRule {
			m["fingerprint"] = finding.Fingerprint(settingsRule, "a value")
		}
	}
	data, _ = json.Marshal(doc)
	old := filepath.Join(t.TempDir(), "old.json")
	os.WriteFile(old, data, 0o644)
	o = ouvert(t, r.Dir(), nil, "scan", "--baseline", old)
	if o.code != 2 || !strings.Contains(o.stderr, "older ouvert") || !strings.Contains(o.stderr, "write the baseline again") {
		t.Errorf("old baseline: code %d, stderr %q", o.code, o.stderr)
	}
}

// --redact full (or secrets.redact) shows nothing of any secret, a token's
// prefix and length included; partial, the default, shows a key's first
// characters and length and nothing of a password.
func TestRedactFull(t *testing.T) {
	key := freshKey(t)
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	r.Write("config/server.key", key)
	r.Commit("a key", sourcetest.Epoch.Add(time.Hour))
	evidence := func(args ...string) string {
		j, _ := scanJSON(t, r.Dir(), nil, args...)
		for _, i := range j.of("secrets/private-key") {
			return j.Findings[i].Evidence
		}
		t.Fatal("no private key found")
		return ""
	}
	if e := evidence(); !strings.Contains(e, " chars)") {
		t.Errorf("partial: evidence %q", e)
	}
	if e := evidence("--redact", "full"); e != finding.Hidden {
		t.Errorf("--redact full: evidence %q", e)
	}
	r.Write(".ouvert.yml", "secrets:\n  redact: full\n")
	r.Commit("redact all", sourcetest.Epoch.Add(2*time.Hour))
	if e := evidence(); e != finding.Hidden {
		t.Errorf("secrets.redact full: evidence %q", e)
	}
	if e := evidence("--redact", "partial"); e == finding.Hidden {
		t.Error("--redact partial does not win over the configuration")
	}
	if o := ouvert(t, r.Dir(), nil, "scan", "--redact", "most"); o.code != 2 || !strings.Contains(o.stderr, "--redact") {
		t.Errorf("--redact most: code %d, stderr %q", o.code, o.stderr)
	}
}

// Files not scanned are counted and named per reason, and never counted
// among the files scanned.
func TestFilesNotScannedAreNamed(t *testing.T) {
	r := sourcetest.FromTxtar(t, filepath.Join("..", "..", "testdata", "repos", "c.txtar"))
	before, _ := scanJSON(t, r.Dir(), nil)
	r.Write("assets/logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+strings.Repeat("\x00", 64))
	r.Write("assets/icon.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+strings.Repeat("\x01\x00", 64))
	r.Write("package-lock.json", `{"lockfileVersion": 3}`+"\n")
	r.Write("data/big.sql", strings.Repeat("-- a generated dump line, long enough\n", 200))
	r.Write(".ouvert.yml", "secrets:\n  max-file-size: 4KiB\n")
	r.Commit("assets, a lockfile and a dump", sourcetest.Epoch.Add(time.Hour))
	j, o := scanJSON(t, r.Dir(), nil, "--lang", "en")
	if o.code != 0 {
		t.Fatalf("code %d, %s", o.code, o.stderr)
	}
	notes := map[string]string{}
	for _, f := range j.Findings {
		if f.Rule == "secrets/scan" {
			notes[f.MessageID+"/"+f.Args["reason"]] = f.Message
		}
	}
	for key, want := range map[string]string{
		"not-scanned/@reason-binary":   "2 files not scanned, binary content: assets/icon.png, assets/logo.png",
		"not-scanned/@reason-lockfile": "1 file not scanned, dependency lockfiles (checksums, not secrets): package-lock.json",
		"too-large/":                   "1 file over 4 KiB not scanned: data/big.sql",
	} {
		if notes[key] != want {
			t.Errorf("note %s = %q, want %q (notes %v)", key, notes[key], want, notes)
		}
	}
	// One more file (.ouvert.yml) was scanned; the four others were not.
	was, is := before.reason("secrets/scan"), j.reason("secrets/scan")
	if !strings.Contains(was, "no secret in the 3 files scanned") || !strings.Contains(is, "no secret in the 4 files scanned") {
		t.Errorf("files scanned: before %q, after %q", was, is)
	}
}
