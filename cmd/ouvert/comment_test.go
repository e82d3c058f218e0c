package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ouvert-dev/ouvert/internal/prcomment"
	"github.com/ouvert-dev/ouvert/internal/prcomment/prcommenttest"
)

func TestCommentCommand(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "summary.md")
	os.WriteFile(report, []byte("### ouvert: level C\n"), 0o644)

	// GitLab CI's variables name the merge request; the report comes on
	// standard input.
	gl := prcommenttest.NewGitLab(t, "42", 9, "glpat-x")
	cmd := exec.Command(exe(t), "comment", "-")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GITLAB_CI=true", "CI_API_V4_URL=" + gl.URL,
		"CI_PROJECT_ID=42", "CI_MERGE_REQUEST_IID=9", "GITLAB_TOKEN=glpat-x"}
	cmd.Stdin = strings.NewReader("### ouvert: level B\n")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil || !strings.Contains(errb.String(), "ouvert: comment posted: gitlab 42 !9") {
		t.Fatalf("%v: %s", err, errb.String())
	}
	if mine := gl.Mine(); len(mine) != 1 || mine[0].Body != prcomment.Marker("")+"\n### ouvert: level B\n" {
		t.Errorf("notes: %+v", gl.Comments())
	}

	gh := prcommenttest.NewGitHub(t, "agency/budget", 3, "ghs_x")
	base := []string{"GITHUB_TOKEN=ghs_x"}
	for _, c := range []struct {
		name   string
		env    []string
		args   []string
		code   int
		stderr string
	}{
		{"posted", base, []string{"--forge", "github", "--api", gh.URL, "--repo", "agency/budget", "--number", "3", report}, 0, "comment posted: https://github.com/agency/budget/pull/3#issuecomment-"},
		{"updated", append(base, "GITHUB_ACTIONS=true", "GITHUB_API_URL="+gh.URL, "GITHUB_REPOSITORY=agency/budget"), []string{"--number", "3", report}, 0, "comment updated: "},
		{"no token", nil, []string{"--forge", "github", "--api", gh.URL, "--repo", "agency/budget", "--number", "3", report}, 2, "GITHUB_TOKEN is empty"},
		{"outside CI", base, []string{report}, 2, "--forge github or gitlab is needed"},
		{"unknown forge", base, []string{"--forge", "gitea", report}, 2, `unknown forge "gitea"`},
		{"no number", base, []string{"--forge", "github", "--api", gh.URL, "--repo", "agency/budget", report}, 2, "no pull or merge request number"},
		{"no file", base, []string{"--forge", "github", "--api", gh.URL, "--repo", "agency/budget", "--number", "3", filepath.Join(dir, "nope.md")}, 2, "nope.md"},
		{"refused", []string{"GITHUB_TOKEN=wrong"}, []string{"--forge", "github", "--api", gh.URL, "--repo", "agency/budget", "--number", "3", report}, 3, "401"},
	} {
		o := ouvert(t, dir, c.env, append([]string{"comment"}, c.args...)...)
		if o.code != c.code || !strings.Contains(o.stderr, c.stderr) || strings.Count(o.stderr, "\n") != 1 || strings.Contains(o.stderr, "ghs_x") {
			t.Errorf("%s: code %d, stderr %q", c.name, o.code, o.stderr)
		}
	}
	if mine := gh.Mine(); len(mine) != 1 || mine[0].Edits != 1 {
		t.Errorf("comments: %+v", gh.Comments())
	}
}
