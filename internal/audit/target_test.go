package audit_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/audit"
)

func TestKeyAgreesAcrossSpellings(t *testing.T) {
	same := []string{
		"https://github.com/Etalab/Budget.git",
		"https://github.com/etalab/budget",
		"https://github.com/etalab/budget/",
		"https://x-access-token:s3cret@github.com/etalab/budget.git",
		"git@github.com:etalab/budget.git",
		"ssh://git@github.com/etalab/budget.git",
		" https://GITHUB.COM/etalab/budget.git ",
	}
	for _, u := range same {
		if k := audit.Key(u); k != "github.com/etalab/budget" {
			t.Errorf("Key(%q) = %q", u, k)
		}
	}
	if audit.Key("https://gitlab.com/a/b") == audit.Key("https://gitlab.com/a/c") {
		t.Error("two repositories share a key")
	}
	if k := audit.Key("https://x:s3cret@git.example.org/a.git"); strings.Contains(k, "s3cret") {
		t.Errorf("key keeps a credential: %q", k)
	}
}

func TestShardsSplitWithoutOverlapOrGap(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7} {
		counts := make([]int, n)
		for i := range 2000 {
			key := audit.Key(fmt.Sprintf("https://gitlab.example.org/g/repo-%d.git", i))
			in := 0
			for s := 1; s <= n; s++ {
				if (audit.Shard{I: s, N: n}).Has(key) {
					in++
					counts[s-1]++
				}
			}
			if in != 1 {
				t.Fatalf("%s is in %d of %d shards", key, in, n)
			}
		}
		for s, c := range counts {
			if c < 2000/n*3/4 || c > 2000/n*5/4 {
				t.Errorf("shard %d/%d holds %d of 2000", s+1, n, c)
			}
		}
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "3", "-1/2"} {
		if _, err := audit.ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := audit.ParseShard("2/8"); err != nil || s.String() != "2/8" {
		t.Errorf("ParseShard(2/8) = %v, %v", s, err)
	}
}

func TestSelect(t *testing.T) {
	ts := []audit.Target{
		{URL: "https://github.com/org/a.git", Name: "org/a"},
		{URL: "https://github.com/org/old.git", Archived: true},
		{URL: "https://github.com/org/fork.git", Fork: true},
		{URL: "https://github.com/ORG/A", Web: "https://github.com/org/a"},
		{URL: "https://github.com/org/kept-old.git", Archived: true},
		{URL: "https://github.com/org/kept-old", Explicit: true},
		{URL: "https://github.com/org/api-x.git"},
	}
	got := names(audit.Select(ts, audit.Filter{}))
	if got != "https://github.com/org/a.git https://github.com/org/kept-old.git https://github.com/org/api-x.git" {
		t.Errorf("default filter: %s", got)
	}
	sel := audit.Select(ts, audit.Filter{})
	if sel[0].Web != "https://github.com/org/a" || sel[0].Name != "org/a" {
		t.Errorf("a later listing does not fill what the first lacked: %+v", sel[0])
	}
	all := audit.Select(ts, audit.Filter{IncludeArchived: true, IncludeForks: true})
	if len(all) != 5 {
		t.Errorf("with archived and forks: %s", names(all))
	}
	m := audit.Select(ts, audit.Filter{Match: regexp.MustCompile(`/api-`)})
	if names(m) != "https://github.com/org/api-x.git" {
		t.Errorf("--match: %s", names(m))
	}
}

func names(ts []audit.Target) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.URL)
	}
	return strings.Join(s, " ")
}

func TestReadList(t *testing.T) {
	plain := "# the agency's repositories\n\nhttps://github.com/org/a.git\n  git@gitlab.com:org/b.git  \n# done\nhttps://tok:s3cret@git.example.org/c.git\n"
	ts, err := audit.ReadList(strings.NewReader(plain), "repos.txt")
	if err != nil {
		t.Fatal(err)
	}
	if names(ts) != "https://github.com/org/a.git git@gitlab.com:org/b.git https://git.example.org/c.git" {
		t.Errorf("plain list: %s", names(ts))
	}
	if ts[0].Name != "org/a" || !ts[0].Explicit || ts[0].Source != "list:repos.txt" {
		t.Errorf("target = %+v", ts[0])
	}

	csv := "\ufeffname,URL,owner\nBudget,https://github.com/org/budget.git,dsi\n\"Cadastre, v2\",https://gitlab.com/org/cadastre,dsi\n"
	ts, err = audit.ReadList(strings.NewReader(csv), "repos.csv")
	if err != nil {
		t.Fatal(err)
	}
	if names(ts) != "https://github.com/org/budget.git https://gitlab.com/org/cadastre" || ts[1].Name != "Cadastre, v2" {
		t.Errorf("CSV list: %s, %+v", names(ts), ts)
	}

	for _, c := range []struct{ in, want string }{
		{"https://github.com/a/b\nhttp://plain.example.org/x.git\n", "repos.txt:2:"},
		{"https://github.com/a/b\n./local/dir\n", "repos.txt:2:"},
		{"url,name\nhttps://github.com/a/b,x\n,y\n", "repos.txt:3:"},
		{"url\next::sh -c evil\n", "repos.txt:2:"},
	} {
		_, err := audit.ReadList(strings.NewReader(c.in), "repos.txt")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || !errors.Is(err, audit.ErrInput) {
			t.Errorf("ReadList(%q) = %v, want an input error at %s", c.in, err, c.want)
		}
	}
}
