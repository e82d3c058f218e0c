package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ouvert-dev/ouvert/internal/prcomment"
)

type commentOptions struct {
	forge, api, repo, key string
	number                int
}

func newCommentCmd(e *env) *cobra.Command {
	o := &commentOptions{}
	cmd := &cobra.Command{
		Use: "comment FILE",
		Example: `  ouvert comment --forge github --repo agency/budget --number 7 summary.md
  ouvert comment --forge gitlab --number "$CI_MERGE_REQUEST_IID" --key api summary.md`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return e.usage("comment.args", "n", strconv.Itoa(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runComment(cmd.Context(), e, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.forge, "forge", "", "")
	f.StringVar(&o.api, "api", "", "")
	f.StringVar(&o.repo, "repo", "", "")
	f.IntVar(&o.number, "number", 0, "")
	f.StringVar(&o.key, "key", "", "")
	return cmd
}

func runComment(ctx context.Context, e *env, o *commentOptions, file string) error {
	t := prcomment.Target{Forge: prcomment.Forge(o.forge), API: o.api, Repo: o.repo, Number: o.number, Key: o.key,
		UserAgent: "ouvert/" + ouvertVersion()}
	if t.Forge == "" {
		switch {
		case e.getenv("GITHUB_ACTIONS") == "true":
			t.Forge = prcomment.GitHub
		case e.getenv("GITLAB_CI") == "true":
			t.Forge = prcomment.GitLab
		default:
			return e.usage("comment.forge-needed")
		}
	}
	switch t.Forge {
	case prcomment.GitHub:
		t.API = or(t.API, e.getenv("GITHUB_API_URL"), "https://api.github.com")
		t.Repo = or(t.Repo, e.getenv("GITHUB_REPOSITORY"))
		t.Token = e.getenv("GITHUB_TOKEN")
	case prcomment.GitLab:
		t.API = or(t.API, e.getenv("CI_API_V4_URL"))
		t.Repo = or(t.Repo, e.getenv("CI_PROJECT_ID"))
		if t.Number == 0 {
			t.Number, _ = strconv.Atoi(e.getenv("CI_MERGE_REQUEST_IID"))
		}
		t.Token = e.getenv("GITLAB_TOKEN")
	default:
		return e.usage("comment.forge-unknown", "forge", o.forge)
	}
	if t.Token == "" {
		v := map[prcomment.Forge]string{prcomment.GitHub: "GITHUB_TOKEN", prcomment.GitLab: "GITLAB_TOKEN"}[t.Forge]
		return e.usage("comment.no-token", "variable", v)
	}
	var body []byte
	var err error
	if file == "-" {
		body, err = io.ReadAll(io.LimitReader(e.stdin, 16<<20))
	} else {
		body, err = os.ReadFile(file)
	}
	if err != nil {
		return usageError{fmt.Errorf("comment: %w", err)}
	}
	r, err := prcomment.Upsert(ctx, nil, t, string(body))
	if err != nil {
		if errors.Is(err, prcomment.ErrAPI) {
			return fmt.Errorf("comment: %w", err)
		}
		return usageError{fmt.Errorf("comment: %w", err)}
	}
	what := "comment.posted"
	if r.Updated {
		what = "comment.updated"
	}
	where := r.URL
	if where == "" {
		where = fmt.Sprintf("%s %s !%d, note %d", t.Forge, t.Repo, t.Number, r.ID)
	}
	fmt.Fprintf(e.stderr, "ouvert: %s\n", e.say(what, "where", where))
	return nil
}

// or is the first non-empty string.
func or(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
