package scaffold

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	gitconfig "github.com/go-git/go-git/v5/plumbing/format/config"
	"go.yaml.in/yaml/v3"

	"github.com/ouvert-dev/ouvert/internal/license"
	"github.com/ouvert-dev/ouvert/internal/source"
)

// Forge is where the repository is hosted, which decides the words
// ("merge request" or "pull request") and the links of the drafts.
type Forge string

const (
	GitHub Forge = "github"
	GitLab Forge = "gitlab"
	Other  Forge = ""
)

// Project is what the generators know of a repository: its files, and what
// could be inferred from them and from git. Empty strings mean unknown.
type Project struct {
	Repo source.Repo
	// Name is the project's name; NameFrom says where it was read:
	// "publiccode.yml", "remote" or "directory".
	Name, NameFrom string
	// Remote is origin's URL, credentials stripped; Web is the project's
	// https page on its forge, derived from it.
	Remote, Web string
	Forge       Forge
	// Branch is the default branch: origin's HEAD, else the checked out one.
	Branch string
	// LatestTag is the most recent tag by commit date, nil without tags.
	LatestTag *source.Tag
	// Holder is the copyright holder; HolderFrom says where it was read:
	// "publiccode.yml" (legal.mainCopyrightOwner or legal.repoOwner) or
	// "git" (user.name of the git configuration, a guess).
	Holder, HolderFrom string
	// Commands are the build and test commands guessed from the files.
	Commands []Command

	licOnce sync.Once
	lic     *license.Report
	licErr  error
}

// InspectOptions say where Inspect looks beyond the repository.
type InspectOptions struct {
	// Getenv finds HOME and XDG_CONFIG_HOME, for the user's git
	// configuration (user.name); nil means os.Getenv.
	Getenv func(string) string
}

// Inspect reads what the generators need from a local repository: a git
// work tree or a plain directory, opened with source.Open. Nothing from
// the repository is run; only files, refs and git configuration are read.
func Inspect(repo source.Repo, opts InspectOptions) (*Project, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	m := repo.Meta()
	p := &Project{Repo: repo, Remote: m.Remote}
	p.Web, p.Forge = webPage(m.Remote)
	p.LatestTag = latestTag(m.Tags)

	var user string
	if m.Path != "" && m.URL == "" {
		var err error
		if p.Branch, user, err = gitFacts(m.Path); err != nil {
			return nil, err
		}
	}
	if user == "" {
		user = globalGitUser(getenv)
	}

	pc := readPubliccode(repo)
	switch {
	case pc.Name != "":
		p.Name, p.NameFrom = pc.Name, "publiccode.yml"
	case repoName(m.Remote) != "":
		p.Name, p.NameFrom = repoName(m.Remote), "remote"
	case m.Path != "":
		p.Name, p.NameFrom = filepath.Base(m.Path), "directory"
	}
	switch {
	case pc.Legal.MainCopyrightOwner != "":
		p.Holder, p.HolderFrom = pc.Legal.MainCopyrightOwner, "publiccode.yml"
	case pc.Legal.RepoOwner != "":
		p.Holder, p.HolderFrom = pc.Legal.RepoOwner, "publiccode.yml"
	case user != "":
		p.Holder, p.HolderFrom = user, "git"
	}
	p.Commands = guessCommands(repo)
	return p, nil
}

// License returns the licence detection of the repository, run once.
func (p *Project) License() (*license.Report, error) {
	p.licOnce.Do(func() { p.lic, p.licErr = license.Detect(p.Repo) })
	return p.lic, p.licErr
}

// licence is the repository's licence expression, "" when unknown.
func (p *Project) licence() string {
	rep, err := p.License()
	if err != nil || rep == nil {
		return ""
	}
	return rep.Expression
}

// ErrBare: a bare repository has no work tree to write into.
var ErrBare = errors.New("a bare repository has no work tree to write files into")

// gitFacts reads the default branch and user.name of the repository's own
// configuration. A directory in no repository has neither.
func gitFacts(dir string) (branch, user string, err error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		// Looking for .git upwards misses a bare repository itself.
		if b, err := git.PlainOpen(dir); err == nil {
			if _, err := b.Worktree(); errors.Is(err, git.ErrIsBareRepository) {
				return "", "", usageErr{dir + ": " + ErrBare.Error()}
			}
		}
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", dir, err)
	}
	if _, err := r.Worktree(); errors.Is(err, git.ErrIsBareRepository) {
		return "", "", usageErr{dir + ": " + ErrBare.Error()}
	}
	if ref, err := r.Reference("refs/remotes/origin/HEAD", false); err == nil && ref.Type() == plumbing.SymbolicReference {
		branch = strings.TrimPrefix(ref.Target().String(), "refs/remotes/origin/")
	}
	if branch == "" {
		if ref, err := r.Reference(plumbing.HEAD, false); err == nil && ref.Type() == plumbing.SymbolicReference && ref.Target().IsBranch() {
			branch = ref.Target().Short()
		}
	}
	if cfg, err := r.Config(); err == nil {
		user = strings.TrimSpace(cfg.User.Name)
	}
	return branch, user, nil
}

// globalGitUser reads user.name from the user's git configuration files,
// in git's order (the later file wins).
func globalGitUser(getenv func(string) string) string {
	home := getenv("HOME")
	xdg := getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	var files []string
	if xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	}
	if home != "" {
		files = append(files, filepath.Join(home, ".gitconfig"))
	}
	var name string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || len(b) > 1<<20 {
			continue
		}
		cfg := gitconfig.New()
		if err := gitconfig.NewDecoder(strings.NewReader(string(b))).Decode(cfg); err != nil {
			continue
		}
		if v := strings.TrimSpace(cfg.Section("user").Option("name")); v != "" {
			name = v
		}
	}
	return name
}

// pcNames is the little of publiccode.yml the drafts use.
type pcNames struct {
	Name  string `yaml:"name"`
	Legal struct {
		MainCopyrightOwner string `yaml:"mainCopyrightOwner"`
		RepoOwner          string `yaml:"repoOwner"`
	} `yaml:"legal"`
}

// readPubliccode reads publiccode.yml leniently: a broken file gives
// nothing rather than an error (validating it is another rule's job).
func readPubliccode(repo source.Repo) pcNames {
	var pc pcNames
	for _, name := range []string{"publiccode.yml", "publiccode.yaml"} {
		b, err := repo.Read(name, 1<<20)
		if err != nil {
			continue
		}
		var doc pcNames
		if yaml.Unmarshal(b, &doc) == nil {
			pc = doc
		}
		break
	}
	pc.Name = strings.TrimSpace(pc.Name)
	pc.Legal.MainCopyrightOwner = strings.TrimSpace(pc.Legal.MainCopyrightOwner)
	pc.Legal.RepoOwner = strings.TrimSpace(pc.Legal.RepoOwner)
	return pc
}

var scpRemote = regexp.MustCompile(`^(?:[^/@:]+@)?([^/:]+):(.+)$`)

// remoteParts splits a remote URL into host and path (without .git);
// local paths and file:// URLs have no host.
func remoteParts(remote string) (host, p string) {
	if remote == "" {
		return "", ""
	}
	if strings.Contains(remote, "://") {
		u, err := url.Parse(remote)
		if err != nil || u.Scheme == "file" {
			return "", ""
		}
		host, p = u.Hostname(), u.Path
	} else if m := scpRemote.FindStringSubmatch(remote); m != nil && !strings.HasPrefix(remote, "/") {
		host, p = m[1], m[2]
	} else {
		return "", ""
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	return host, p
}

// webPage derives the forge's https page from a remote URL.
func webPage(remote string) (string, Forge) {
	host, p := remoteParts(remote)
	if host == "" || p == "" {
		return "", Other
	}
	forge := Other
	switch h := strings.ToLower(host); {
	case h == "github.com":
		forge = GitHub
	case strings.Contains(h, "gitlab"):
		forge = GitLab
	}
	return "https://" + host + "/" + p, forge
}

func repoName(remote string) string {
	if host, p := remoteParts(remote); host != "" {
		return path.Base(p)
	}
	return ""
}

// latestTag is the tag on the most recent commit; tags on the same commit
// (or with no known date) are ordered by version.
func latestTag(tags []source.Tag) *source.Tag {
	var best *source.Tag
	for i := range tags {
		t := &tags[i]
		if best == nil || t.Time.After(best.Time) || t.Time.Equal(best.Time) && versionLess(best.Name, t.Name) {
			best = t
		}
	}
	return best
}

var numRe = regexp.MustCompile(`\d+|\D+`)

// versionLess compares tag names with their numbers as numbers: v1.10 > v1.9.
func versionLess(a, b string) bool {
	pa, pb := numRe.FindAllString(a, -1), numRe.FindAllString(b, -1)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		if x == y {
			continue
		}
		if isDigits(x) && isDigits(y) {
			x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
			if len(x) != len(y) {
				return len(x) < len(y)
			}
		}
		return x < y
	}
	return len(pa) < len(pb)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
