#!/usr/bin/env bash
# The GitLab CI job of ci/ouvert.gitlab-ci.yml, which holds this file
# verbatim (a test keeps them equal) so that the template works when
# included from another project. One scan: the text report in the job log,
# Code Quality and SARIF files for the artifacts, ouvert's exit code as the
# job's. Settings arrive as OUVERT_* variables.
set -euo pipefail

bin=${OUVERT_BIN:-}
if [ -z "$bin" ]; then
  command -v go >/dev/null || { echo "ouvert: Go is needed to install ouvert $OUVERT_VERSION (use a golang image) or set OUVERT_BIN" >&2; exit 3; }
  GOBIN="${TMPDIR:-/tmp}/ouvert-bin" go install "github.com/ouvert-dev/ouvert/cmd/ouvert@${OUVERT_VERSION:?OUVERT_VERSION is empty}" >&2
  bin="${TMPDIR:-/tmp}/ouvert-bin/ouvert"
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

args=(scan "${OUVERT_PATH:-.}"
  --report "codequality=gl-code-quality-report.json"
  --report "sarif=ouvert.sarif")
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
exit "$code"
