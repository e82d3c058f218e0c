package checks

import (
	"strings"
	"sync"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/internal/source/sourcetest"
)

// readLog is a Repo that records what was read of each file.
type readLog struct {
	source.Repo
	mu   sync.Mutex
	read map[string]int // path → bytes handed over
}

func (r *readLog) log(p string, b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.read[p] += len(b)
}

func (r *readLog) Read(p string, limit int64) ([]byte, error) {
	b, err := r.Repo.Read(p, limit)
	r.log(p, b)
	return b, err
}

func (r *readLog) ReadText(p string, limit int64) ([]byte, error) {
	b, err := source.ReadText(r.Repo, p, limit)
	r.log(p, b)
	return b, err
}

// The tree scan leaves unread what is never scanned (images by their name,
// lockfiles, source maps) and reads no more than the first bytes of binary
// content, while still finding a secret in a text file.
func TestSecretsTreeReadsTextOnly(t *testing.T) {
	tok := sourcetest.GitHubToken(1)
	env := envOf(t, map[string]string{
		"img/logo.png":       "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + strings.Repeat("\x00token = ", 1000),
		"package-lock.json":  `{"token": "` + tok + `"}`,
		"dist/app.js.map":    `{"sourcesContent": ["token"]}`,
		"data/blob.dat":      "\x00\x01\x02" + strings.Repeat("z", 50000),
		"config/settings.py": "GITHUB_TOKEN = \"" + tok + "\"\n",
	})
	log := &readLog{Repo: env.Repo, read: map[string]int{}}
	env.Repo = log
	env.NoHistory = true
	env.Progress = &source.Progress{}
	_, _, fs := outcomes(t, Secrets{}, env)
	if s := env.Progress.Snapshot(); s.Phase != source.PhaseFiles || s.Files != 5 || s.FilesTotal != 5 {
		t.Errorf("progress %+v, want the 5 files counted", s)
	}
	for _, p := range []string{"img/logo.png", "package-lock.json", "dist/app.js.map", "data/blob.dat"} {
		if n := log.read[p]; n > 0 {
			t.Errorf("%s: %d bytes read for the secrets scan", p, n)
		}
	}
	found := false
	for _, f := range fs {
		found = found || f.Path == "config/settings.py" && f.Rule == "secrets/github-token"
	}
	if !found {
		t.Errorf("the token in config/settings.py was not found: %+v", fs)
	}
}
