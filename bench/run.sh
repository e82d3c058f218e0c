#!/usr/bin/env bash
# Whole-process timings of `ouvert scan` (tree only) beside the peers that do
# part of its job on the same input, in one run: licensee (licence
# detection) and reuse lint (per-file licence information). Machines are
# shared and noisy: read the ratios and medians, not single numbers.
#
#   bench/run.sh                 # a generated 10,000-file repository
#   bench/run.sh DIR [DIR…]      # also these checkouts (e.g. fetched public repos)
#
# Peers are optional: missing ones are skipped (apt-get install ruby-licensee reuse).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -trimpath -o "$work/ouvert" ./cmd/ouvert
ouvert="$work/ouvert"

# median of RUNS wall-clock runs of a command, in milliseconds
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

gen_repo() {
  local dir=$1
  mkdir -p "$dir" && cd "$dir"
  git init -q -b main
  cp "$OLDPWD/LICENSE" LICENSE
  printf '# Demo\n\nA generated repository of ten thousand files for timing scans.\n' > README.md
  for d in $(seq -w 0 49); do
    mkdir -p "src/pkg$d"
    for f in $(seq -w 0 199); do
      if (( 10#$f % 3 == 0 )); then echo "// SPDX-License-Identifier: Apache-2.0" > "src/pkg$d/f$f.go"; fi
      printf 'package pkg%s\n\nfunc F%s() int { return %d }\n' "$d" "$f" "$((10#$f))" >> "src/pkg$d/f$f.go"
    done
  done
  git add -A && git -c user.name=bench -c user.email=bench@example.org commit -qm bench
  cd - >/dev/null
}

repos=("$@")
if [ ${#repos[@]} -eq 0 ]; then
  gen_repo "$work/gen10k"
  repos=("$work/gen10k")
fi

printf '%-20s %7s %10s %12s %10s %16s %13s\n' repo files ouvert_ms licensee_ms reuse_ms "ouvert/licensee" "ouvert/reuse"
for r in "${repos[@]}"; do
  files=$(git -C "$r" ls-files 2>/dev/null | wc -l || echo "?")
  o=$(median_ms "$ouvert" scan "$r" --min-level none)
  l=-; u=-; rl=-; ru=-
  if command -v licensee >/dev/null; then l=$(median_ms licensee detect "$r"); rl=$(awk -v a="$o" -v b="$l" 'BEGIN{printf "%.2f", a/(b?b:1)}'); fi
  if command -v reuse >/dev/null; then u=$(median_ms reuse --root "$r" lint); ru=$(awk -v a="$o" -v b="$u" 'BEGIN{printf "%.2f", a/(b?b:1)}'); fi
  printf '%-20s %7s %10s %12s %10s %16s %13s\n' "$(basename "$r")" "$files" "$o" "$l" "$u" "$rl" "$ru"
done

help=$(RUNS=21 median_ms "$ouvert" --help)
echo "ouvert --help: median ${help} ms over 21 runs"
