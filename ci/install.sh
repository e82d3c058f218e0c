#!/usr/bin/env bash
# Prints the path of an ouvert binary for the GitHub Action, one of:
#   - OUVERT_BIN, when set (a binary the job built or downloaded itself);
#   - the release OUVERT_VERSION (a tag like v0.2.0), downloaded from the
#     release page (or OUVERT_RELEASE_URL, a mirror of it) and checked
#     against the release's checksums.txt;
#   - otherwise, built with Go from the sources around this script: the
#     action's own checkout, at the ref the workflow pinned (uses:
#     ouvert-dev/ouvert@<commit>). No release, no module proxy lookup of
#     ouvert itself: only its dependencies are downloaded, as go.sum pins.
# Progress goes to standard error.
set -euo pipefail

if [ -n "${OUVERT_BIN:-}" ]; then
  [ -x "$OUVERT_BIN" ] || { echo "ouvert: OUVERT_BIN=$OUVERT_BIN is not an executable file" >&2; exit 2; }
  echo "$OUVERT_BIN"
  exit 0
fi
dest=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ouvert-bin.XXXXXX")

version=${OUVERT_VERSION:-}
if [ -z "$version" ]; then
  src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  command -v go >/dev/null || { echo "ouvert: Go is needed to build ouvert from $src (actions/setup-go), or set the version of a release" >&2; exit 3; }
  # The ref the workflow pinned names the build; the rules' documentation
  # links of the reports point at it.
  stamp=${GITHUB_ACTION_REF:-dev}
  echo "ouvert: building ouvert $stamp from $src with $(go env GOVERSION)" >&2
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$stamp" -o "$dest/ouvert" ./cmd/ouvert) >&2
  echo "$dest/ouvert"
  exit 0
fi

case $version in
  v[0-9]*.[0-9]*.[0-9]*) ;;
  *) echo "ouvert: version \"$version\" is not a release tag like v0.2.0 (leave it empty to build the action's own sources)" >&2; exit 2 ;;
esac
case $(uname -s) in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "ouvert: no release archive for $(uname -s); leave version empty to build from source" >&2; exit 3 ;;
esac
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "ouvert: no release archive for $(uname -m); leave version empty to build from source" >&2; exit 3 ;;
esac
# goreleaser names archives after the version without its "v".
archive="ouvert_${version#v}_${os}_${arch}.tar.gz"
base="${OUVERT_RELEASE_URL:-https://github.com/ouvert-dev/ouvert/releases/download}/$version"
echo "ouvert: downloading $base/$archive" >&2
curl -fsSL --retry 3 -o "$dest/$archive" "$base/$archive" || { echo "ouvert: cannot download $base/$archive" >&2; exit 3; }
curl -fsSL --retry 3 -o "$dest/checksums.txt" "$base/checksums.txt" || { echo "ouvert: cannot download $base/checksums.txt" >&2; exit 3; }
want=$(awk -v f="$archive" '$2 == f { print $1 }' "$dest/checksums.txt")
if command -v sha256sum >/dev/null; then got=$(sha256sum "$dest/$archive" | cut -d' ' -f1); else got=$(shasum -a 256 "$dest/$archive" | cut -d' ' -f1); fi
if [ -z "$want" ] || [ "$want" != "$got" ]; then
  echo "ouvert: $archive does not match checksums.txt of $version" >&2
  exit 3
fi
tar -xzf "$dest/$archive" -C "$dest" ouvert
echo "$dest/ouvert"
