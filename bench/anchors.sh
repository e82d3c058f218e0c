#!/usr/bin/env bash
# The goals of issue 13 in one run, as ratios:
#   full   ouvert scan (history and tree)    vs  git log -p over the same refs (the floor)
#   tree   ouvert scan --history=false       vs  gitleaks dir (time, and peak memory)
# Runs are alternated (A B A B …) and each pair gives a ratio: the median of
# the ratios is what to read on a shared, noisy machine, beside the median
# seconds and the core count.
#
#   bench/anchors.sh REPO [REPO…]
#
# REPO is a git directory (a bare mirror such as /work/.mirror/owner+name/repo)
# or a checkout. The tree comparison needs a checkout: for a bare REPO one is
# made in a temporary directory (git clone, then the index from HEAD; files
# whose blobs are absent are left out of the checkout, and ouvert names them
# unreadable). TREE=0 skips it, FULL=0 the history comparison.
#
# The floor is `git log -p -U0 --full-history` over the refs ouvert walks
# (branches, remote branches, tags, HEAD: not refs/pull/*, which --all
# would add), in a repository that borrows REPO's objects (alternates) and
# replaces each absent blob by the empty one (refs/replace), as git log -p
# otherwise stops at the first one. Nothing is written to REPO.
#
# cpu× is the ratio of CPU time (user + system): on a machine shared with
# other jobs it moves less than wall time, but ouvert uses every core and
# git log -p one, so the goals are on wall time.
#
# Environment: RUNS (pairs, default 5), OUVERT (a built binary, default: build
# this checkout), GITLEAKS (default: go install v8.30.1 into the work dir).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
FULL=${FULL:-1}
TREE=${TREE:-1}
GITLEAKS_VERSION=${GITLEAKS_VERSION:-v8.30.1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ouvert=${OUVERT:-}
if [ -z "$ouvert" ]; then
  ouvert="$work/ouvert"
  go build -trimpath -o "$ouvert" ./cmd/ouvert
fi
gitleaks=${GITLEAKS:-}
if [ -z "$gitleaks" ] && [ "$TREE" = 1 ]; then
  GOBIN="$work" GOFLAGS=-mod=mod go install "github.com/zricethezav/gitleaks/v8@${GITLEAKS_VERSION}"
  gitleaks="$work/gitleaks"
fi

# one CMD… run: "wall_seconds peak_KiB cpu_seconds" (cpu: user + system)
run1() {
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/t"
}
median() { sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# floor_repo REPO DIR: a bare repository at DIR over REPO's objects, with
# REPO's branches, remote branches, tags and HEAD, and absent blobs replaced.
floor_repo() {
  local r=$1 d=$2 empty m
  git init -q --bare "$d"
  echo "$(git -C "$r" rev-parse --path-format=absolute --git-common-dir)/objects" > "$d/objects/info/alternates"
  git -C "$r" for-each-ref --format='create %(refname) %(objectname)' refs/heads refs/remotes refs/tags |
    git -C "$d" update-ref --stdin
  git -C "$d" update-ref --no-deref HEAD "$(git -C "$r" rev-parse HEAD)"
  empty=$(git -C "$d" hash-object -w --stdin </dev/null)
  for m in $(git -C "$d" rev-list --branches --remotes --tags HEAD --objects --missing=print | sed -n 's/^?//p'); do
    git -C "$d" update-ref "refs/replace/$m" "$empty"
  done
}

checkout() {
  local r=$1 d=$2
  git clone -q --no-checkout "$r" "$d" 2>/dev/null
  git -C "$d" reset -q
  git -C "$d" ls-files -z | git -C "$d" checkout-index -z --stdin -q 2>/dev/null || true
}

echo "cores: $(nproc); runs: $RUNS pairs, alternated; ratio = median of the pairs' ratios"
row() { printf '%-22s %-5s %9s %9s %7s %7s %10s %9s %7s  %s\n' "$@"; }
row repo what ouvert_s peer_s "time×" "cpu×" ouvert_MiB peer_MiB "mem×" goal
for r in "$@"; do
  name=$(basename "$(cd "$r" && git rev-parse --path-format=absolute --git-common-dir | sed 's,/\.git$,,;s,/repo$,,')")
  if [ "$FULL" = 1 ]; then
    f="$work/floor-$name"
    floor_repo "$r" "$f"
    : > "$work/o"; : > "$work/p"; : > "$work/x"; : > "$work/c"
    for _ in $(seq "$RUNS"); do
      read -r pt pm pc < <(run1 git -C "$f" log -p -U0 --full-history --branches --remotes --tags HEAD)
      read -r ot om oc < <(run1 "$ouvert" scan "$r" --min-level none --format json)
      echo "$ot $om" >> "$work/o"; echo "$pt $pm" >> "$work/p"
      awk -v a="$ot" -v b="$pt" 'BEGIN{printf "%.4f\n", a/(b>0?b:0.01)}' >> "$work/x"
      awk -v a="$oc" -v b="$pc" 'BEGIN{printf "%.4f\n", a/(b>0?b:0.01)}' >> "$work/c"
    done
    row "$name" full \
      "$(cut -d' ' -f1 "$work/o" | median)" "$(cut -d' ' -f1 "$work/p" | median)" "$(median < "$work/x")" "$(median < "$work/c")" \
      "$(( $(cut -d' ' -f2 "$work/o" | median | cut -d. -f1) / 1024 ))" "$(( $(cut -d' ' -f2 "$work/p" | median | cut -d. -f1) / 1024 ))" - "time ≤ 1.5×"
    rm -rf "$f"
  fi
  if [ "$TREE" = 1 ]; then
    t=$r
    if [ "$(git -C "$r" rev-parse --is-bare-repository)" = true ] || [ "$(git -C "$r" rev-parse --is-inside-work-tree 2>/dev/null)" != true ]; then
      t="$work/tree-$name"
      checkout "$r" "$t"
    fi
    : > "$work/o"; : > "$work/p"; : > "$work/x"; : > "$work/y"; : > "$work/c"
    for _ in $(seq "$RUNS"); do
      read -r ot om oc < <(run1 "$ouvert" scan "$t" --history=false --min-level none --format json)
      read -r pt pm pc < <(run1 "$gitleaks" dir --no-banner --exit-code 0 "$t")
      echo "$ot $om" >> "$work/o"; echo "$pt $pm" >> "$work/p"
      awk -v a="$ot" -v b="$pt" 'BEGIN{printf "%.4f\n", a/(b>0?b:0.01)}' >> "$work/x"
      awk -v a="$om" -v b="$pm" 'BEGIN{printf "%.4f\n", a/b}' >> "$work/y"
      awk -v a="$oc" -v b="$pc" 'BEGIN{printf "%.4f\n", a/(b>0?b:0.01)}' >> "$work/c"
    done
    row "$name" tree \
      "$(cut -d' ' -f1 "$work/o" | median)" "$(cut -d' ' -f1 "$work/p" | median)" "$(median < "$work/x")" "$(median < "$work/c")" \
      "$(( $(cut -d' ' -f2 "$work/o" | median | cut -d. -f1) / 1024 ))" "$(( $(cut -d' ' -f2 "$work/p" | median | cut -d. -f1) / 1024 ))" "$(median < "$work/y")" "time ≤ 0.25×, mem ≤ 1×"
    [ "$t" = "$r" ] || rm -rf "$t"
  fi
done
echo "(full: the peer is git log -p over the same refs; tree: gitleaks dir. Below 1 means ouvert is faster or smaller.)"
