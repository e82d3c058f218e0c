#!/usr/bin/env bash
# The GitLab CI job of ci/ouvert.gitlab-ci.yml, which holds this file
# verbatim (a test keeps them equal) so that the template works when
# included from another project. It builds ouvert with Go from its sources
# at the pinned commit OUVERT_REF (fetched from OUVERT_SOURCE), unless
# OUVERT_BIN names a binary, then scans once: the text report in the job
# log, Code Quality and SARIF files for the artifacts, the Markdown report
# as one note of the merge request when OUVERT_GITLAB_TOKEN is set, and
# ouvert's exit code as the job's. Settings arrive as OUVERT_* variables.
set -euo pipefail

bin=${OUVERT_BIN:-}
if [ -z "$bin" ]; then
  ref=${OUVERT_REF:-}
  src_url=${OUVERT_SOURCE:-https://github.com/ouvert-dev/ouvert.git}
  if [ -z "$ref" ]; then
    echo "ouvert: OUVERT_REF is empty: set it to the commit of ouvert the template was included at (or OUVERT_BIN to a binary)" >&2
    exit 2
  fi
  command -v go >/dev/null || { echo "ouvert: Go is needed to build ouvert (use a golang image) or set OUVERT_BIN" >&2; exit 3; }
  work=$(mktemp -d "${TMPDIR:-/tmp}/ouvert-src.XXXXXX")
  echo "ouvert: building ouvert $ref from $src_url" >&2
  git init --quiet "$work/src"
  # One commit, fetched by its name; a server that refuses to serve a
  # commit by its hash gets a whole clone instead.
  if ! git -C "$work/src" fetch --quiet --depth 1 "$src_url" "$ref" 2>/dev/null; then
    echo "ouvert: $src_url does not serve $ref alone: fetching its branches and tags" >&2
    git -C "$work/src" fetch --quiet "$src_url" '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*' >&2
    git -C "$work/src" rev-parse --quiet --verify "$ref^{commit}" >/dev/null ||
      { echo "ouvert: $src_url has no commit $ref" >&2; exit 3; }
    git -C "$work/src" update-ref refs/ouvert/build "$ref^{commit}"
    git -C "$work/src" checkout --quiet --detach refs/ouvert/build
  else
    git -C "$work/src" checkout --quiet --detach FETCH_HEAD
  fi
  got=$(git -C "$work/src" rev-parse HEAD)
  case $ref in
    *[!0-9a-f]* | ?????????????????????????????????????????*) ;;
    *) # A commit hash, full or abbreviated: what was fetched must be it.
      case $got in "$ref"*) ;; *) echo "ouvert: $src_url gave commit $got for $ref" >&2; exit 3 ;; esac ;;
  esac
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$ref" -o "$work/ouvert" ./cmd/ouvert) >&2
  bin=$work/ouvert
fi
cd "${CI_PROJECT_DIR:-.}"

since=${OUVERT_SINCE:-}
# In a merge request pipeline only the commits the merge request adds are
# scanned for secrets (GIT_DEPTH: 0 keeps the history they need).
if [ -z "$since" ] && [ "${CI_PIPELINE_SOURCE:-}" = merge_request_event ]; then
  if [ -n "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" ]; then
    since=$CI_MERGE_REQUEST_DIFF_BASE_SHA
  elif [ -n "${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}" ]; then
    git fetch --quiet origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" >&2
    since=FETCH_HEAD
  fi
fi

note=$(mktemp "${TMPDIR:-/tmp}/ouvert-note.XXXXXX")
args=(scan "${OUVERT_PATH:-.}"
  --report "codequality=gl-code-quality-report.json"
  --report "sarif=ouvert.sarif"
  --report "markdown=$note")
[ -n "${OUVERT_MIN_LEVEL:-}" ] && args+=(--min-level "$OUVERT_MIN_LEVEL")
[ -n "${OUVERT_FAIL_ON:-}" ] && args+=(--fail-on "$OUVERT_FAIL_ON")
[ -n "${OUVERT_BASELINE:-}" ] && args+=(--baseline "$OUVERT_BASELINE")
[ -n "$since" ] && args+=(--since "$since")
[ -n "${OUVERT_LANG:-}" ] && args+=(--lang "$OUVERT_LANG")
# More reports as FORMAT=FILE, separated by spaces or new lines.
for r in ${OUVERT_REPORTS:-}; do
  case $r in
    *=*) args+=(--report "$r") ;;
    *) echo "ouvert: report \"$r\" is not FORMAT=FILE (e.g. html=ouvert.html)" >&2; exit 2 ;;
  esac
done
code=0
"$bin" "${args[@]}" || code=$?

# One note per merge request (per scanned path), updated on each pipeline,
# when a token that may write notes is given (CI_JOB_TOKEN cannot). A note
# that cannot be posted is a warning: the job's verdict stays the scan's.
if [ -n "${OUVERT_GITLAB_TOKEN:-}" ] && [ -n "${CI_MERGE_REQUEST_IID:-}" ] && [ -s "$note" ]; then
  key=${OUVERT_PATH:-.}
  key=${key#./}
  key=${key%/}
  [ "$key" = . ] && key=
  GITLAB_TOKEN=$OUVERT_GITLAB_TOKEN "$bin" comment --forge gitlab --api "${CI_API_V4_URL:-}" --repo "${CI_PROJECT_ID:-}" \
    --number "$CI_MERGE_REQUEST_IID" --key "$key" "$note" ||
    echo "ouvert: warning: the report could not be posted on merge request !$CI_MERGE_REQUEST_IID (see above)" >&2
fi
rm -f "$note"
exit "$code"
