#!/usr/bin/env bash
# Prints the path of an ouvert binary for the CI scripts: OUVERT_BIN when
# set (tests, or a binary the job built), else the pinned OUVERT_VERSION,
# built with `go install` when Go is there, else the release archive checked
# against the release's checksums.txt. Progress goes to standard error.
set -euo pipefail

if [ -n "${OUVERT_BIN:-}" ]; then
  [ -x "$OUVERT_BIN" ] || { echo "ouvert: OUVERT_BIN=$OUVERT_BIN is not an executable file" >&2; exit 2; }
  echo "$OUVERT_BIN"
  exit 0
fi
version=${OUVERT_VERSION:?ouvert: OUVERT_VERSION is empty: set the version to install (e.g. v0.1.0)}
case $version in
  v[0-9]*) ;;
  *) echo "ouvert: OUVERT_VERSION=$version is not a release tag like v0.1.0" >&2; exit 2 ;;
esac
dest=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ouvert-bin.XXXXXX")

if command -v go >/dev/null; then
  echo "ouvert: go install github.com/ouvert-dev/ouvert/cmd/ouvert@$version" >&2
  GOBIN=$dest go install "github.com/ouvert-dev/ouvert/cmd/ouvert@$version" >&2
  echo "$dest/ouvert"
  exit 0
fi

case $(uname -s) in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "ouvert: no release archive for $(uname -s); install Go or set OUVERT_BIN" >&2; exit 3 ;;
esac
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "ouvert: no release archive for $(uname -m); install Go or set OUVERT_BIN" >&2; exit 3 ;;
esac
# goreleaser names archives after the version without its "v".
archive="ouvert_${version#v}_${os}_${arch}.tar.gz"
base="https://github.com/ouvert-dev/ouvert/releases/download/$version"
echo "ouvert: downloading $base/$archive" >&2
curl -fsSL --retry 3 -o "$dest/$archive" "$base/$archive"
curl -fsSL --retry 3 -o "$dest/checksums.txt" "$base/checksums.txt"
want=$(awk -v f="$archive" '$2 == f { print $1 }' "$dest/checksums.txt")
if command -v sha256sum >/dev/null; then got=$(sha256sum "$dest/$archive" | cut -d' ' -f1); else got=$(shasum -a 256 "$dest/$archive" | cut -d' ' -f1); fi
if [ -z "$want" ] || [ "$want" != "$got" ]; then
  echo "ouvert: $archive does not match checksums.txt of $version" >&2
  exit 3
fi
tar -xzf "$dest/$archive" -C "$dest" ouvert
echo "$dest/ouvert"
