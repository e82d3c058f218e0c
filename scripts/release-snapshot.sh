#!/usr/bin/env bash
# Checks .goreleaser.yaml and builds every release archive locally, as a
# release would, without publishing anything: dist/ then holds the archives
# for Linux, macOS and Windows on amd64 and arm64, and checksums.txt.
# The script then verifies the checksums and that the binary for this
# machine reports the snapshot's version.
#
#   scripts/release-snapshot.sh
#
# Needs Go and git. GoReleaser is installed into .ci/bin at the pinned
# version (GORELEASER=/path/to/goreleaser uses another one).
set -euo pipefail
cd "$(dirname "$0")/.."

# The newest GoReleaser that builds with Go 1.26 and whose dependencies the
# module proxy serves (2.17 needs a module it refuses; 2.18 needs Go 1.27).
GORELEASER_VERSION=v2.16.0

gr=${GORELEASER:-}
if [ -z "$gr" ]; then
	gr="$PWD/.ci/bin/goreleaser"
	if ! "$gr" --version 2>/dev/null | grep -q "${GORELEASER_VERSION#v}"; then
		echo "== installing goreleaser $GORELEASER_VERSION (a few minutes the first time)"
		GOBIN="$PWD/.ci/bin" go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
	fi
fi

echo "== goreleaser check"
"$gr" check

echo "== snapshot build"
"$gr" release --snapshot --clean

echo "== verify dist/"
cd dist
sha256sum --check --quiet checksums.txt
archives=$(awk '{print $2}' checksums.txt)
count=$(printf '%s\n' "$archives" | grep -c .)
for target in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64; do
	printf '%s\n' "$archives" | grep -q "_${target}\." || { echo "no archive for $target" >&2; exit 1; }
done
# The stamped version carries a v, as Go module versions do (go install).
version=v$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' metadata.json)
host="$(go env GOOS)_$(go env GOARCH)"
bin=$(find . -path "*_${host}*" -name ouvert -type f | head -n 1)
got=$("$bin" version)
[ "$got" = "ouvert $version" ] || { echo "$bin version says '$got', want 'ouvert $version'" >&2; exit 1; }
echo "ok: $count archives, checksums verified, $bin reports $version"
