#!/usr/bin/env bash
# Secret scanning beside gitleaks, on the same repositories in one run:
# the whole history (gitleaks git / ouvert scan) and the tree only (gitleaks
# dir / ouvert scan --history=false). Prints medians of wall time and peak
# memory, and the ratios. Shared, noisy machines: read the ratios.
#
#   bench/secrets.sh DIR [DIR…]    # git checkouts (e.g. fetched public repositories)
#   bench/secrets.sh               # a generated 10,000-file repository with history
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
GITLEAKS_VERSION=${GITLEAKS_VERSION:-v8.30.1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -trimpath -o "$work/ouvert" ./cmd/ouvert
GOBIN="$work" go install "github.com/zricethezav/gitleaks/v8@${GITLEAKS_VERSION}"

# run CMD… RUNS times; print "median_seconds median_peak_MiB"
measure() {
  local ts=() ms=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
    read -r t m < "$work/t"
    ts+=("$t"); ms+=("$m")
  done
  local mid=$(( (RUNS + 1) / 2 ))
  printf '%s %s\n' "$(printf '%s\n' "${ts[@]}" | sort -g | sed -n "${mid}p")" \
    "$(( $(printf '%s\n' "${ms[@]}" | sort -n | sed -n "${mid}p") / 1024 ))"
}

gen_repo() {
  local dir=$1 i
  mkdir -p "$dir" && cd "$dir" && git init -q -b main
  for c in $(seq 1 20); do
    for i in $(seq 1 500); do
      mkdir -p "src/m$((i % 40))"
      printf 'package m\n\n// F%d_%d is generated.\nfunc F%d_%d() int { return %d }\n' "$c" "$i" "$c" "$i" "$((c * i))" > "src/m$((i % 40))/f$i.go"
    done
    git add -A && git -c user.name=b -c user.email=b@example.org commit -qm "c$c"
  done
  cd - >/dev/null
}

repos=("$@")
if [ ${#repos[@]} -eq 0 ]; then gen_repo "$work/gen"; repos=("$work/gen"); fi

printf '%-16s %-8s %12s %12s %12s %12s %8s %8s\n' repo scan ouvert_s ouvert_MiB gitleaks_s gitleaks_MiB time× mem×
for r in "${repos[@]}"; do
  name=$(basename "$r")
  read -r ot om < <(measure "$work/ouvert" scan "$r" --min-level none)
  read -r gt gm < <(measure "$work/gitleaks" git --no-banner --exit-code 0 "$r")
  printf '%-16s %-8s %12s %12s %12s %12s %8s %8s\n' "$name" history "$ot" "$om" "$gt" "$gm" \
    "$(awk -v a="$ot" -v b="$gt" 'BEGIN{printf "%.2f", a/b}')" "$(awk -v a="$om" -v b="$gm" 'BEGIN{printf "%.2f", a/b}')"
  read -r ot om < <(measure "$work/ouvert" scan "$r" --history=false --min-level none)
  read -r gt gm < <(measure "$work/gitleaks" dir --no-banner --exit-code 0 "$r")
  printf '%-16s %-8s %12s %12s %12s %12s %8s %8s\n' "$name" tree "$ot" "$om" "$gt" "$gm" \
    "$(awk -v a="$ot" -v b="$gt" 'BEGIN{printf "%.2f", a/b}')" "$(awk -v a="$om" -v b="$gm" 'BEGIN{printf "%.2f", a/b}')"
done
echo "(time× and mem× are ouvert / gitleaks: below 1 means ouvert is faster or smaller)"
