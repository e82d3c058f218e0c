#!/usr/bin/env bash
# The GitHub Action's step (action.yml): one scan, its Markdown report
# appended to the job summary (and, with comment: true, kept as one comment
# of the pull request), the other reports where the inputs say, the outputs
# in $GITHUB_OUTPUT, and ouvert's exit code as the step's. Inputs arrive as
# OUVERT_* variables; no file is uploaded.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$("$here/../install.sh")
cd "${GITHUB_WORKSPACE:-.}"

since=${OUVERT_SINCE:-}
pr=
# On a pull request, only the commits it adds are scanned for secrets: the
# base commit comes from the event payload (it needs fetch-depth: 0).
if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  case ${GITHUB_EVENT_NAME:-} in
    pull_request | pull_request_target)
      [ -n "$since" ] || since=$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH")
      pr=$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH") ;;
  esac
fi
case ${OUVERT_COMMENT:-false} in
  true | false) ;;
  *) echo "ouvert: comment is \"$OUVERT_COMMENT\", want true or false" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ouvert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
args=(scan "${OUVERT_PATH:-.}" --report "markdown=$tmp/summary.md" --report "json=$tmp/report.json")
[ -n "${OUVERT_MIN_LEVEL:-}" ] && args+=(--min-level "$OUVERT_MIN_LEVEL")
[ -n "${OUVERT_FAIL_ON:-}" ] && args+=(--fail-on "$OUVERT_FAIL_ON")
[ -n "${OUVERT_BASELINE:-}" ] && args+=(--baseline "$OUVERT_BASELINE")
[ -n "$since" ] && args+=(--since "$since")
[ -n "${OUVERT_LANG:-}" ] && args+=(--lang "$OUVERT_LANG")
sarif=
# Reports are FORMAT=FILE, separated by spaces or new lines.
for r in ${OUVERT_REPORTS:-}; do
  case $r in
    sarif=*) sarif=${r#sarif=} ;;
    *=*) ;;
    *) echo "ouvert: report \"$r\" is not FORMAT=FILE (e.g. sarif=ouvert.sarif)" >&2; exit 2 ;;
  esac
  args+=(--report "$r")
done

code=0
"$bin" "${args[@]}" || code=$?

if [ -s "$tmp/summary.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$tmp/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
# One comment per pull request (per scanned path), updated on each push. A
# comment that cannot be posted (a fork's read-only token) is a warning:
# the gate's verdict stays the scan's.
if [ "${OUVERT_COMMENT:-false}" = true ] && [ -s "$tmp/summary.md" ]; then
  if [ -z "$pr" ]; then
    echo "ouvert: comment: not a pull request event (${GITHUB_EVENT_NAME:-none}), nothing posted" >&2
  else
    key=${OUVERT_PATH:-.}
    key=${key#./}
    key=${key%/}
    [ "$key" = . ] && key=
    GITHUB_TOKEN=${OUVERT_GITHUB_TOKEN:-} "$bin" comment --forge github --api "${GITHUB_API_URL:-https://api.github.com}" \
      --repo "${GITHUB_REPOSITORY:-}" --number "$pr" --key "$key" "$tmp/summary.md" ||
      echo "::warning title=ouvert::the report could not be posted on pull request #$pr (see the log above); the job summary has it"
  fi
fi
case $code in
  0) verdict=passed ;;
  1) verdict=failed ;;
  2) verdict=usage-error ;;
  *) verdict=broken ;;
esac
level= confirmed=
if [ -s "$tmp/report.json" ]; then
  level=$(jq -r '.level.id' "$tmp/report.json")
  confirmed=$(jq -r '.level.confirmed' "$tmp/report.json")
fi
[ -n "$sarif" ] && [ ! -f "$sarif" ] && sarif=
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "level=$level"
    echo "confirmed=$confirmed"
    echo "verdict=$verdict"
    echo "exit-code=$code"
    echo "sarif=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
