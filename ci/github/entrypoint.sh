#!/usr/bin/env bash
# The GitHub Action's step (action.yml): one scan, its Markdown report
# appended to the job summary, the other reports where the inputs say, the
# outputs in $GITHUB_OUTPUT, and ouvert's exit code as the step's. Inputs
# arrive as OUVERT_* variables; nothing is uploaded.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$("$here/../install.sh")
cd "${GITHUB_WORKSPACE:-.}"

since=${OUVERT_SINCE:-}
# On a pull request, only the commits it adds are scanned for secrets: the
# base commit comes from the event payload (it needs fetch-depth: 0).
if [ -z "$since" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  case ${GITHUB_EVENT_NAME:-} in
    pull_request | pull_request_target)
      since=$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH") ;;
  esac
fi

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
