#!/usr/bin/env bash
# Agreement of ouvert's publiccode.yml validation with the reference
# validator (italia/publiccode-parser-go), both offline, over directories of
# files (default: ouvert's own test files). The reference is built from its
# source at a pinned tag and run as a separate program: ouvert never links
# it (it is EUPL-1.2).
#   bench/publiccode-compat.sh [-v] [DIR...]
#   REF_SRC=/path/to/publiccode-parser-go bench/publiccode-compat.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REF_TAG=${REF_TAG:-v5.4.3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=${REF_SRC:-}
if [ -z "$src" ]; then
  git clone -q --depth 1 --branch "$REF_TAG" https://github.com/italia/publiccode-parser-go "$work/src"
  src=$work/src
fi
(cd "$src" && go build -o "$work/publiccode-parser" ./publiccode-parser)
verbose=()
if [ "${1:-}" = "-v" ]; then verbose=(-v); shift; fi
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  dirs=(publiccode/testdata)
  for d in testdata/publiccode/*/; do [ -d "$d" ] && dirs+=("$d"); done
fi
go run ./bench/pccompat -ref "$work/publiccode-parser" "${verbose[@]}" "${dirs[@]}"
