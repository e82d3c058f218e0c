package publiccode

import (
	"net/mail"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// Gather reads the facts of a draft from a repository: the licence
// expression comes from the caller (licence detection is the license
// package's), the rest from the files and the git metadata.
func Gather(repo source.Repo, licence string) Facts {
	meta := repo.Meta()
	f := Facts{License: licence}
	files := repo.Files()

	remote := meta.URL
	if remote == "" {
		remote = meta.Remote
	}
	f.URL = httpsRemote(remote)
	f.Name = repoName(f.URL, meta.Path)

	if t, ok := newestTag(meta.Tags); ok {
		f.Version = strings.TrimPrefix(t.Name, "v")
		if !t.Time.IsZero() {
			f.ReleaseDate = t.Time.UTC().Format("2006-01-02")
		}
	}

	if readme := findReadme(files); readme != "" {
		if b, err := repo.Read(readme, 1<<20); err == nil {
			text := string(b)
			f.Lang = guessLang(text)
			if title := readmeTitle(text); title != "" {
				f.Name = title
			}
			f.ShortDescription, f.LongDescription = describe(firstParagraphs(text))
		}
	}
	f.Platforms, f.SoftwareType, f.Guess = guessKind(files)
	f.Contacts = contacts(repo, files)
	return f
}

// httpsRemote turns a remote into the https address catalogues want; a
// remote with credentials or an unknown shape is dropped (a TODO is better
// than a token in a published file).
func httpsRemote(remote string) string {
	r := strings.TrimSpace(remote)
	if r == "" {
		return ""
	}
	if strings.HasPrefix(r, "git@") {
		host, p, ok := strings.Cut(strings.TrimPrefix(r, "git@"), ":")
		if !ok {
			return ""
		}
		r = "https://" + host + "/" + p
	}
	r = strings.Replace(r, "ssh://git@", "https://", 1)
	if !strings.HasPrefix(r, "https://") && !strings.HasPrefix(r, "http://") {
		return ""
	}
	if at := strings.Index(r, "@"); at >= 0 && at < strings.Index(r[8:]+"/", "/")+8 {
		return "" // user:token@host
	}
	return strings.TrimSuffix(strings.TrimSuffix(r, "/"), ".git")
}

func repoName(url, dir string) string {
	if url != "" {
		return path.Base(url)
	}
	if dir != "" && dir != "." {
		return path.Base(strings.ReplaceAll(dir, "\\", "/"))
	}
	return ""
}

func newestTag(tags []source.Tag) (source.Tag, bool) {
	if len(tags) == 0 {
		return source.Tag{}, false
	}
	ts := append([]source.Tag(nil), tags...)
	sort.SliceStable(ts, func(i, j int) bool {
		if !ts[i].Time.Equal(ts[j].Time) {
			return ts[i].Time.After(ts[j].Time)
		}
		return ts[i].Name > ts[j].Name
	})
	return ts[0], true
}

func findReadme(files []source.File) string {
	best := ""
	for _, f := range files {
		if strings.Contains(f.Path, "/") {
			continue
		}
		base := strings.ToLower(f.Path)
		if strings.HasPrefix(base, "readme") && (best == "" || strings.HasSuffix(base, ".md")) {
			best = f.Path
		}
	}
	return best
}

var (
	frWords = map[string]bool{"le": true, "la": true, "les": true, "des": true, "est": true, "et": true, "pour": true,
		"une": true, "du": true, "dans": true, "qui": true, "sur": true, "avec": true, "au": true, "ce": true}
	enWords = map[string]bool{"the": true, "and": true, "is": true, "for": true, "of": true, "to": true, "with": true,
		"this": true, "that": true, "it": true, "on": true, "are": true, "you": true, "an": true}
	wordRE = regexp.MustCompile(`[\pL']+`)
)

// guessLang counts function words of French and English.
func guessLang(text string) string {
	fr, en := 0, 0
	for _, w := range wordRE.FindAllString(strings.ToLower(text), 3000) {
		if frWords[w] {
			fr++
		}
		if enWords[w] {
			en++
		}
	}
	if fr > en {
		return "fr"
	}
	return "en"
}

var (
	mdLink  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdMarks = regexp.MustCompile("[*_`]+")
	htmlTag = regexp.MustCompile(`<[^>]+>`)
)

func readmeTitle(text string) string {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "# ") {
			t := strings.TrimSpace(clean(strings.TrimPrefix(l, "# ")))
			if len([]rune(t)) <= 60 {
				return t
			}
			return ""
		}
	}
	return ""
}

// firstParagraphs returns the README's prose paragraphs, in order: not
// headings, badges, code, tables or lists.
func firstParagraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if p := strings.TrimSpace(clean(strings.Join(cur, " "))); len([]rune(p)) >= 20 {
			out = append(out, p)
		}
		cur = nil
	}
	fence := false
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			flush()
			continue
		}
		if fence || t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "- ") ||
			strings.HasPrefix(t, "* ") || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "[![") || strings.HasPrefix(t, "![") ||
			strings.HasPrefix(t, "<") || strings.HasPrefix(t, "===") || strings.HasPrefix(t, "---") {
			flush()
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

func clean(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = mdMarks.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// describe takes the first sentence as the short description (when it
// fits) and the paragraphs up to the standard's minimum as the long one.
func describe(paras []string) (short, long string) {
	if len(paras) == 0 {
		return "", ""
	}
	first := paras[0]
	if i := sentenceEnd(first); i > 0 {
		first = first[:i]
	}
	if graphemes(first) <= 150 {
		short = first
	}
	var b strings.Builder
	for _, p := range paras {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
		if graphemes(b.String()) >= 150 {
			break
		}
	}
	if g := graphemes(b.String()); g >= 150 && g <= 10000 {
		long = b.String()
	}
	return short, long
}

func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			return i + 1
		}
	}
	return len(s)
}

// guessKind reads the platform and the kind of software from the files
// that usually mark them; the last value names what the guess rests on
// (the catalog's guess.<basis> says it in words).
func guessKind(files []source.File) (platforms []string, kind, basis string) {
	has := map[string]bool{}
	for _, f := range files {
		has[path.Base(f.Path)] = true
		if strings.HasSuffix(f.Path, ".xcodeproj/project.pbxproj") {
			has["xcodeproj"] = true
		}
		if strings.HasPrefix(f.Path, "cmd/") {
			has["cmd/"] = true
		}
	}
	switch {
	case has["AndroidManifest.xml"] && has["xcodeproj"]:
		return []string{"android", "ios"}, "standalone/mobile", "android-ios"
	case has["AndroidManifest.xml"]:
		return []string{"android"}, "standalone/mobile", "android"
	case has["xcodeproj"] || has["Podfile"]:
		return []string{"ios"}, "standalone/mobile", "xcode"
	case has["Chart.yaml"] || has["playbook.yml"] || has["ansible.cfg"] || has["main.tf"]:
		return []string{"linux"}, "configurationFiles", "deployment"
	case has["manage.py"] || has["Gemfile"] && has["config.ru"] || has["artisan"] || has["symfony.lock"] ||
		has["next.config.js"] || has["angular.json"] || has["vite.config.js"] || has["vite.config.ts"] || has["index.html"]:
		return []string{"web"}, "standalone/web", "web"
	case has["Dockerfile"] || has["docker-compose.yml"] || has["compose.yaml"]:
		return []string{"web"}, "standalone/backend", "dockerfile"
	case has["go.mod"] && has["cmd/"]:
		return []string{"linux", "mac", "windows"}, "standalone/other", "go-command"
	case has["go.mod"] || has["setup.py"] || has["pyproject.toml"] || has["Cargo.toml"] || has["package.json"] || has["pom.xml"]:
		return nil, "library", "library"
	}
	return nil, "", ""
}

var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// contacts reads MAINTAINERS (names and e-mails) or CODEOWNERS (e-mails
// only: handles are not names).
func contacts(repo source.Repo, files []source.File) []Contact {
	var out []Contact
	for _, name := range []string{"MAINTAINERS", "MAINTAINERS.md", "MAINTAINERS.txt", "CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"} {
		ok := false
		for _, f := range files {
			ok = ok || f.Path == name
		}
		if !ok {
			continue
		}
		b, err := repo.Read(name, 64<<10)
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(strings.TrimLeft(l, "-*# "))
			if l == "" {
				continue
			}
			a, err := mail.ParseAddress(l)
			if err != nil {
				a, err = mail.ParseAddress(emailRE.ReplaceAllStringFunc(l, func(e string) string { return "<" + e + ">" }))
			}
			if err == nil && a.Name != "" {
				out = append(out, Contact{Name: a.Name, Email: a.Address})
			} else if e := emailRE.FindString(l); e != "" && strings.Contains(name, "CODEOWNERS") {
				out = append(out, Contact{Email: e})
			}
			if len(out) == 5 {
				return out
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}
