package checks

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ouvert-dev/ouvert/finding"
	"github.com/ouvert-dev/ouvert/internal/secrets"
	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
	"github.com/ouvert-dev/ouvert/rules"
)

// importHistory feeds a git fast-import stream to a new repository: a long
// history in a second, where one git commit per call would take minutes.
func importHistory(t *testing.T, stream []byte) *sourcetest.Repo {
	t.Helper()
	r := sourcetest.New(t)
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Env, cmd.Stdin = r.Dir(), sourcetest.Env(), bytes.NewReader(stream)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	r.Git("checkout", "--quiet", "--force", "main")
	return r
}

func testKey(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

// A key kept through 10,000 commits, and copied to 10 other files on the
// way, is one finding: its first places listed (each of the 11 paths
// among them, so that the purge names every file), the rest counted.
func TestValueInTenThousandCommits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-commit history")
	}
	key := testKey(t)
	const commits = 10000
	var s bytes.Buffer
	blob := func(content string) {
		fmt.Fprintf(&s, "data %d\n%s\n", len(content), content)
	}
	for i := 1; i <= commits; i++ {
		when := sourcetest.Epoch.Add(time.Duration(i) * time.Minute).Unix()
		fmt.Fprintf(&s, "commit refs/heads/main\nmark :%d\nauthor A <a@example.com> %d +0000\ncommitter A <a@example.com> %d +0000\n", i, when, when)
		blob(fmt.Sprintf("revision %d", i))
		if i > 1 {
			fmt.Fprintf(&s, "from :%d\n", i-1)
		}
		s.WriteString("M 100644 inline config/app.pem\n")
		blob(fmt.Sprintf("%s# revision %d\n", key, i))
		if i%1000 == 500 {
			fmt.Fprintf(&s, "M 100644 inline copies/k%d.pem\n", i/1000)
			blob(fmt.Sprintf("%s# copy %d\n", key, i/1000))
		}
		if i == commits {
			s.WriteString("D copies\n")
		}
	}
	r := importHistory(t, s.Bytes())
	repo, err := source.Open(context.Background(), r.Dir(), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	cat, _ := rules.Default()
	start := time.Now()
	res, err := Secrets{}.Run(context.Background(), &Env{Repo: repo, Catalog: cat, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d commits scanned in %s", commits, time.Since(start).Round(time.Millisecond))
	var fs []finding.Finding
	for _, f := range res.Findings {
		if f.Rule == "secrets/private-key" {
			fs = append(fs, f)
		}
	}
	if len(fs) != 1 {
		t.Fatalf("%d findings for one key", len(fs))
	}
	f := fs[0]
	total := commits + 10 // 9,999 versions in the history, the tree's, 10 copies
	if len(f.Places) != finding.MaxPlaces || len(f.Places)+f.MorePlaces != total || f.OtherPaths != 0 {
		t.Errorf("%d places listed, %d more (want %d in all), %d other paths", len(f.Places), f.MorePlaces, total, f.OtherPaths)
	}
	paths := map[string]bool{}
	for i, p := range f.Places {
		paths[p.Path] = true
		if i > 0 && !f.Places[i-1].Tree && (p.Tree || p.Date < f.Places[i-1].Date) {
			t.Errorf("places out of order at %d: %+v after %+v", i, p, f.Places[i-1])
		}
	}
	if len(paths) != 11 || !f.Places[0].Tree || f.Places[0].Path != "config/app.pem" || f.Path != "config/app.pem" || f.Commit != "" {
		t.Errorf("paths %v; first place %+v; finding at %s @%s", paths, f.Places[0], f.Path, f.Commit)
	}
}

// A note on what was not scanned counts every file and names the first
// ones, whatever order they came in.
func TestSkipsNameTheFirstPaths(t *testing.T) {
	sk := newSkips()
	names := []string{"img/z.png", "img/b.png", "a.png", "img/c.png", "img/a.png", "a.png"}
	for i, p := range names {
		sk.add("binary", p, strings.Repeat(fmt.Sprint(i), 40))
	}
	sk.add(skipTooLarge, "dump.sql", strings.Repeat("f", 40))
	var res Result
	sk.notes(&res, true, "4 MiB")
	if len(res.Findings) != 2 {
		t.Fatalf("notes = %+v", res.Findings)
	}
	bin, big := res.Findings[0].Message, res.Findings[1].Message
	if bin.ID != "not-scanned-history" || bin.Args["count"] != "6" || bin.Args["paths"] != "a.png, img/a.png, img/b.png, …" || bin.Args["reason"] != rules.List("reason-binary") || res.Findings[0].Path != "a.png" {
		t.Errorf("binary note = %+v at %s", bin, res.Findings[0].Path)
	}
	if big.ID != "too-large-history" || big.Args["commit"] != "ffffffffffff" || big.Args["max"] != "4 MiB" {
		t.Errorf("too-large note = %+v", big)
	}
	cat, _ := rules.Default()
	if got := cat.Text(secretsRule, bin, "fr"); got != "6 versions de fichiers de l'historique non analysées, contenu binaire\u00a0: a.png, img/a.png, img/b.png, …" {
		t.Errorf("French note = %q", got)
	}
	for _, why := range skipReasons {
		if !cat.HasMessage(secretsRule, "reason-"+why) {
			t.Errorf("reason %s has no text", why)
		}
	}
}

// pickPlaces keeps every distinct path when they fit, then the earliest
// places, in order.
func TestPickPlaces(t *testing.T) {
	var sorted []placeAt
	for i := range 50 {
		sorted = append(sorted, placeAt{Place: finding.Place{Path: "a.env", Line: i + 1}})
	}
	sorted = append(sorted, placeAt{Place: finding.Place{Path: "b.env", Line: 1}}, placeAt{Place: finding.Place{Path: "c.env", Line: 1}})
	got, n := pickPlaces(sorted, 5)
	var s []string
	for _, p := range got {
		s = append(s, fmt.Sprintf("%s:%d", p.Path, p.Line))
	}
	if want := "a.env:1 a.env:2 a.env:3 b.env:1 c.env:1"; strings.Join(s, " ") != want || n != 3 {
		t.Errorf("picked %v (%d paths), want %s", s, n, want)
	}
}

// Blobs arrive in no set order: the finding made of a value's places, kept
// or counted, does not depend on it.
func TestPlacesDoNotDependOnArrival(t *testing.T) {
	type arrival struct {
		path, commit string
		when         time.Time
	}
	var all []arrival
	for i := range 3000 {
		all = append(all, arrival{fmt.Sprintf("dir%d/f.env", i%700), fmt.Sprintf("%040d", i), sourcetest.Epoch.Add(time.Duration(i%977) * time.Hour)})
	}
	all = append(all, arrival{"tree.env", "", time.Time{}})
	var first []finding.Finding
	for round := range 3 {
		vs := newValues()
		order := append([]arrival(nil), all...)
		if round > 0 {
			sort.Slice(order, func(i, j int) bool {
				return (order[i].path+order[i].commit < order[j].path+order[j].commit) == (round == 1)
			})
		}
		for _, a := range order {
			vs.add(a.path, []secrets.Finding{{Rule: "secrets/x", Line: 1, EndLine: 1, Evidence: "•••", Fingerprint: "s2-0000-x"}}, a.commit, a.when)
		}
		got := vs.findings()
		if round == 0 {
			first = got
			if len(got) != 1 || len(got[0].Places) != finding.MaxPlaces || got[0].MorePlaces != len(all)-finding.MaxPlaces || got[0].OtherPaths != 701-finding.MaxPlaces {
				t.Fatalf("finding = %d places, %d more, %d other paths", len(got[0].Places), got[0].MorePlaces, got[0].OtherPaths)
			}
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(first) {
			t.Errorf("round %d: another arrival order gives another finding", round)
		}
	}
}
