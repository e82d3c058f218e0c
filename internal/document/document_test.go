package document

import (
	"strings"
	"testing"
)

func TestMarkdownSections(t *testing.T) {
	md := "intro\n\n# Title\n\nbody\n```sh\n# not a heading\nnpm test # run them\n```\nSetext\n------\n\nmore [guide](docs/INSTALL.md) here.\n"
	d := Parse("README.md", []byte(md))
	var heads []string
	for _, s := range d.Sections {
		heads = append(heads, s.Heading)
	}
	if strings.Join(heads, "|") != "|Title|Setext" {
		t.Errorf("headings = %q", heads)
	}
	if len(d.Code) != 1 || d.Code[0].Section != 1 || strings.Join(d.Code[0].Commands(), ";") != "npm test" {
		t.Errorf("code = %+v", d.Code)
	}
	if len(d.Links) != 1 || d.Links[0].Target != "docs/INSTALL.md" || d.Links[0].Section != 2 || d.Links[0].Sentence != "more guide here." {
		t.Errorf("links = %+v", d.Links)
	}
	if d.Code[0].Line != 7 {
		t.Errorf("code line = %d", d.Code[0].Line)
	}
}

func TestLineFormats(t *testing.T) {
	org := Parse("README.org", []byte("* Installation\n- item\n** Licence\ntext [[https://x.org/l][the licence]]\n"))
	if len(org.Sections) != 3 || org.Sections[1].Heading != "Installation" || org.Sections[2].Level != 2 {
		t.Errorf("org = %+v", org.Sections)
	}
	if len(org.Links) != 1 || org.Links[0].Text != "the licence" {
		t.Errorf("org links = %+v", org.Links)
	}
	rst := Parse("README.rst", []byte("Projet\n======\n\nInstall it with::\n\n    pip install x\n\nSee `the guide <https://x.org/g>`_.\n"))
	if len(rst.Sections) != 2 || len(rst.Code) != 1 || rst.Code[0].Commands()[0] != "pip install x" {
		t.Errorf("rst = %+v %+v", rst.Sections, rst.Code)
	}
	if len(rst.Links) != 1 || rst.Links[0].Target != "https://x.org/g" {
		t.Errorf("rst links = %+v", rst.Links)
	}
	adoc := Parse("README.adoc", []byte("= Titre\n\n== Installation\n\n----\nmvn package\n----\n\nVoir https://x.org/doc[la doc].\n"))
	if len(adoc.Sections) != 3 || len(adoc.Code) != 1 || adoc.Code[0].Text != "mvn package\n" || len(adoc.Links) != 1 || adoc.Links[0].Text != "la doc" {
		t.Errorf("adoc = %+v %+v %+v", adoc.Sections, adoc.Code, adoc.Links)
	}
	list := Parse("README.md", []byte("* item one\n* item two\n"))
	if len(list.Sections) != 1 {
		t.Errorf("a markdown list is not a heading: %+v", list.Sections)
	}
}

func TestContacts(t *testing.T) {
	md := "# X\n\n```sh\ngit clone git@github.com:org/repo.git\n```\n\nClone with git@github.com:org/repo.git then.\n\n" +
		"Demo: log in with admin@demo.gouv.fr and the password demo.\n\nWrite to equipe@beta.gouv.fr for questions.\n\n" +
		"Example: `git config user.email random.user@example.com`.\n\n## Sécurité\n\nSignalez les failles via [ce formulaire](https://vdp.numerique.gouv.fr/p/Send).\n\n" +
		"Join [our Matrix](https://matrix.to/#/#x:matrix.org).\n"
	d := Parse("README.md", []byte(md))
	var got []string
	for _, c := range d.Contacts {
		got = append(got, string(c.Kind)+":"+string(c.Role)+":"+c.Value)
	}
	want := "email:contact:equipe@beta.gouv.fr,form:security:https://vdp.numerique.gouv.fr/p/Send,channel:security:https://matrix.to/#/#x:matrix.org"
	if strings.Join(got, ",") != want {
		t.Errorf("contacts = %v\nwant %s", got, want)
	}
}

func TestNormFoldsFrench(t *testing.T) {
	if n := Norm("Sécurité & Contributions — Feuille-de-route!"); n != " securite contributions feuille de route " {
		t.Errorf("Norm = %q", n)
	}
	if !HasPhrase(Norm("Pour contribuer, ouvrez une PR."), "pr") || HasPhrase(Norm("improve"), "pr") {
		t.Error("HasPhrase must match whole words")
	}
	if !HasPhrase(Norm("Installation"), "install*") {
		t.Error("prefix match")
	}
}

func TestDecodeLatin1AndBOM(t *testing.T) {
	if got := Decode([]byte("\xef\xbb\xbfa\r\nb")); got != "a\nb" {
		t.Errorf("bom/crlf = %q", got)
	}
	if got := Decode([]byte("s\xe9curit\xe9")); got != "sécurité" {
		t.Errorf("latin-1 = %q", got)
	}
}
