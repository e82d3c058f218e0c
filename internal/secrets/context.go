package secrets

import (
	"path"
	"regexp"
	"strings"
)

type fileKind int

const (
	kindOther fileKind = iota
	kindCode
	kindConfig
	kindNetrc
	kindPgpass   // PostgreSQL's password file: host:port:database:user:password
	kindHtpasswd // Apache's user:hash lines
)

type fileClass struct {
	kind     fileKind
	skip     string // reason code when the whole content is skipped
	minified bool   // generic rules off
	fixture  bool   // test fixtures: sensitive rules off
	// noAssign: resources where a key maps to text, not to a setting
	// (translation files, style sheets): generic rules off.
	noAssign bool
	i18n     bool     // a translation file
	role     fileRole // what the file is for: lowers confidence (see judge)
	dev      bool     // a development, test or CI file
	ci       bool     // a CI pipeline (.github/workflows, .gitlab-ci.yml…)
	base     string   // the file's name, lower case
	compose  bool     // a Docker Compose file: its addresses are local networks
	notebook bool     // a Jupyter notebook: code in JSON strings
	yaml     bool     // YAML: a value may follow its key on the next line (> and | scalars)
	// apiClient: an API client's saved requests or environment (Postman,
	// Bruno, Insomnia, .http files): real tokens are pasted there too.
	apiClient bool
}

var lockfiles = map[string]bool{
	"package-lock.json": true, "npm-shrinkwrap.json": true, "yarn.lock": true, "pnpm-lock.yaml": true,
	"go.sum": true, "cargo.lock": true, "poetry.lock": true, "pipfile.lock": true, "composer.lock": true,
	"gemfile.lock": true, "uv.lock": true, "bun.lock": true, "packages.lock.json": true, "mix.lock": true,
	"pubspec.lock": true, "flake.lock": true, "gradle.lockfile": true, "podfile.lock": true,
}

var vendoredDirs = []string{"vendor/", "node_modules/", "bower_components/", "third_party/", "third-party/", "jspm_packages/", ".yarn/",
	"ios/pods/"} // CocoaPods' sources, committed by some React Native apps

var codeExts = map[string]bool{
	".go": true, ".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".jsx": true, ".tsx": true,
	".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true, ".php": true, ".rb": true,
	".cs": true, ".vb": true, ".rs": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".hpp": true,
	".swift": true, ".m": true, ".dart": true, ".vue": true, ".svelte": true, ".lua": true, ".pl": true,
	".ex": true, ".exs": true, ".erl": true, ".clj": true, ".r": true, ".jl": true,
}

var configExts = map[string]bool{
	".yml": true, ".yaml": true, ".json": true, ".env": true, ".properties": true, ".ini": true, ".conf": true,
	".cfg": true, ".cnf": true, ".toml": true, ".tf": true, ".tfvars": true, ".hcl": true, ".xml": true,
	".config": true, ".npmrc": true, ".pypirc": true, ".sh": true, ".bash": true, ".zsh": true, ".ps1": true,
	".sql": true, ".plist": true, ".gradle": true, ".sbt": true, ".j2": true, ".tpl": true, ".tmpl": true,
}

func classify(p string) fileClass {
	lp := strings.ToLower(strings.TrimPrefix(p, "./"))
	base := path.Base(lp)
	var fc fileClass
	if lockfiles[base] {
		fc.skip = "lockfile"
		return fc
	}
	for _, d := range vendoredDirs {
		if strings.HasPrefix(lp, d) || strings.Contains(lp, "/"+d) {
			fc.skip = "vendored"
			return fc
		}
	}
	if strings.HasSuffix(base, ".map") || strings.HasSuffix(base, ".min.js.map") {
		fc.skip = "minified"
		return fc
	}
	fc.minified = strings.Contains(base, ".min.") || strings.HasSuffix(base, "-min.js") || strings.Contains(lp, "/dist/") ||
		strings.HasPrefix(lp, "dist/") || (strings.HasSuffix(base, "js") && builtChunk.MatchString(base)) // classify runs on every blob: the regex only where it can match
	fc.fixture = isFixture(lp, base)
	fc.role, fc.dev = role(lp, base)
	fc.base = base
	fc.compose = composeFile(lp)
	fc.ci = strings.HasPrefix(lp, ".github/workflows/") || strings.HasPrefix(lp, ".circleci/") || base == ".gitlab-ci.yml" ||
		strings.HasPrefix(lp, ".gitlab-ci/") || base == ".travis.yml" || base == "jenkinsfile" || base == "bitbucket-pipelines.yml"
	fc.i18n = translationFile(lp)
	fc.noAssign = styleExts[path.Ext(base)] || fc.i18n || graphqlExts[path.Ext(base)]
	ext := path.Ext(base)
	fc.notebook = ext == ".ipynb"
	fc.yaml = ext == ".yml" || ext == ".yaml"
	fc.apiClient = ext == ".http" || ext == ".rest" || ext == ".bru" || strings.Contains(base, ".postman_") || strings.HasPrefix(base, "insomnia")
	switch {
	case base == ".netrc" || base == "_netrc" || base == ".git-credentials":
		fc.kind = kindNetrc
	case base == ".pgpass" || base == "pgpass.conf" || base == "pgpass":
		fc.kind = kindPgpass
	case base == ".htpasswd" || base == "htpasswd" || ext == ".htpasswd":
		fc.kind = kindHtpasswd
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"),
		base == "dockerfile" || strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile"),
		base == "makefile" || base == ".npmrc" || base == ".pypirc" || base == "procfile" || base == "jenkinsfile",
		configExts[ext]:
		fc.kind = kindConfig
	case codeExts[ext]:
		fc.kind = kindCode
	}
	return fc
}

var styleExts = map[string]bool{".css": true, ".scss": true, ".sass": true, ".less": true, ".styl": true}

// graphqlExts are GraphQL documents: "$accessKey: String!" declares a
// variable's type; a query holds no setting.
var graphqlExts = map[string]bool{".graphql": true, ".gql": true}

// builtChunk is the name a bundler gives the chunks it writes, with the
// content hash that busts caches (1147.a74e5127.js, main.3f9c2b1d.chunk.js,
// app-5f3e9a0b.js): generated files, found once in their source, whose
// built copy (a gh-pages branch, a committed build/) would only repeat it.
var builtChunk = regexp.MustCompile(`[.-][0-9a-f]{8,20}(\.chunk|\.bundle)?\.m?js$|\.(chunk|bundle)\.m?js$`)

var translationDirs = map[string]bool{"i18n": true, "l10n": true, "locales": true, "locale": true, "lang": true, "langs": true, "translations": true, "translation": true}

// translationFile reports a resource file of translated strings: a key
// naming a password maps to the word in some language, not to a password.
func translationFile(lp string) bool {
	switch path.Ext(lp) {
	case ".json", ".yml", ".yaml", ".ts", ".js", ".properties", ".po", ".xlf", ".arb", ".strings":
	default:
		return false
	}
	segs := strings.Split(lp, "/")
	for _, d := range segs[:len(segs)-1] {
		if translationDirs[d] {
			return true
		}
	}
	if m := bundleRe.FindStringSubmatch(path.Base(lp)); m != nil && languages[m[1]] {
		return true // a Java resource bundle: messages_de.properties, admin-messages_pt_br.properties
	}
	return false
}

// bundleRe is a Java resource bundle's name: base_language[_COUNTRY].
var bundleRe = regexp.MustCompile(`^[a-z0-9-]+_([a-z]{2})(?:_[a-z]{2})?\.properties$`)

// languages are ISO 639-1 codes of the languages resource bundles are
// translated to (not dev, qa or other environment names).
var languages = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Fields("ar bg ca cs cy da de el en es et eu fa fi fr ga gl he hr hu id is it ja ko lt lv ms nb nl nn no pl pt ro ru sk sl sr sv th tr uk vi zh") {
		m[l] = true
	}
	return m
}()

func isFixture(lp, base string) bool {
	for _, d := range []string{"testdata/", "fixtures/", "fixture/", "__fixtures__/", "__mocks__/", "mocks/", "_example/", "examples/"} {
		if strings.HasPrefix(lp, d) || strings.Contains(lp, "/"+d) {
			return true
		}
	}
	return strings.Contains(base, ".spec.") || strings.Contains(base, ".test.") || strings.HasSuffix(base, "_test.go") ||
		strings.HasPrefix(base, "test_") && strings.HasSuffix(base, ".py")
}

// binaryExts are formats whose content is binary: Scan finds them so and
// skips them.
var binaryExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".bmp": true, ".ico": true, ".webp": true,
	".tif": true, ".tiff": true, ".psd": true, ".xcf": true, ".heic": true, ".avif": true,
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true,
	".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true, ".7z": true, ".rar": true,
	".zst": true, ".jar": true, ".war": true,
	".mp3": true, ".mp4": true, ".m4a": true, ".wav": true, ".ogg": true, ".flac": true, ".avi": true,
	".mov": true, ".mkv": true, ".webm": true,
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".odp": true,
	".exe": true, ".dll": true, ".so": true, ".dylib": true, ".class": true, ".pyc": true,
	".sqlite": true, ".sqlite3": true,
}

// SkipsByName reports whether Scan skips whatever content path holds, from
// its name alone: lockfiles, vendored and source-map files, and formats
// whose content is binary. A file whose content is not at hand (a partial
// clone did not download it) needs no reading then.
func SkipsByName(p string) bool {
	lp := strings.ToLower(p)
	return classify(lp).skip != "" || binaryExts[path.Ext(lp)]
}
