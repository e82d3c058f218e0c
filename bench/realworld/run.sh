#!/usr/bin/env bash
# The hand-labelled real-world set: scan every repository of repos.tsv with
# its full history (ouvert, and gitleaks beside it), then score the findings
# against labels.tsv. See README.md beside this script.
#
#   bench/realworld/run.sh                  # every repository, then the score
#   bench/realworld/run.sh owner/name …     # only these (e.g. while labelling)
#
# Environment:
#   OUVERT_MIRROR   where fetched repositories live, as OWNER+NAME/repo (default /work/.mirror)
#   RW_WORK         raw reports (never committed: they hold evidence) (default ~/.cache/ouvert-realworld)
#   RW_TIMEOUT      seconds allowed per repository and tool (default 1800)
#   RW_GITLEAKS     0 to skip gitleaks (default 1); GITLEAKS names its binary
#   RW_REUSE        1 to keep raw reports already made by the same ouvert build (default 0)
#   RW_SPLIT        a part of repos.tsv (tune, heldout, heldout2…): score only that part (default: all, and each apart)
#   RW_OUVERT       a prebuilt ouvert binary to scan with instead of building this tree (e.g. a frozen
#                   build measured on a held-out part); the results file is then named after its hash
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

mirror=${OUVERT_MIRROR:-/work/.mirror}
work=${RW_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/ouvert-realworld}
timeout_s=${RW_TIMEOUT:-1800}
gitleaks_version=v8.30.1
mkdir -p "$work/bin" "$work/ouvert" "$work/gitleaks"

ouvert="$work/bin/ouvert"
if [ -n "${RW_OUVERT:-}" ]; then
  ouvert=$(realpath "$RW_OUVERT")
  rev="bin-$(sha256sum "$ouvert" | cut -c1-12)" # not this tree's commit: the binary's own identity
else
  rev=$(git rev-parse --short=12 HEAD)
  git diff --quiet HEAD -- . ':!bench/realworld' 2>/dev/null || rev="$rev-dirty"
  go build -trimpath -o "$ouvert" ./cmd/ouvert
fi
go build -trimpath -o "$work/bin/rwscore" ./bench/realworld/cmd/rwscore
build=$(sha256sum "$ouvert" | cut -c1-16)

gitleaks=""
if [ "${RW_GITLEAKS:-1}" != 0 ]; then
  gitleaks=${GITLEAKS:-$(command -v gitleaks || true)}
  if [ -z "$gitleaks" ]; then
    GOBIN="$work/bin" go install "github.com/zricethezav/gitleaks/v8@$gitleaks_version"
    gitleaks="$work/bin/gitleaks"
  fi
fi

# repositories: the arguments, else every line of repos.tsv
mapfile -t list < <(awk -F'\t' '!/^#/ && NF {print $1 "\t" $2}' "$here/repos.tsv")
if [ $# -gt 0 ]; then
  want=" $* "
  mapfile -t list < <(printf '%s\n' "${list[@]}" | while IFS=$'\t' read -r r c; do
    [[ "$want" == *" $r "* ]] && printf '%s\t%s\n' "$r" "$c"; done)
fi

# run NAME OUT CMD…: one tool on one repository; writes OUT.meta (exit code, seconds, first error line)
run() {
  local out=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s)
  timeout "$timeout_s" "$@" 2>"$out.err" >/dev/null || rc=$?
  t1=$(date +%s)
  printf 'exit\t%s\nseconds\t%s\nbuild\t%s\nerror\t%s\n' "$rc" "$((t1 - t0))" "$build" \
    "$(sed 's/\x1b\[[0-9;]*m//g' "$out.err" | grep -m1 -v '^\s*$' | tr -d '\t' | cut -c1-200)" >"$out.meta"
  rm -f "$out.err"
  [ "$rc" = 124 ] && echo "  timed out after ${timeout_s}s" >&2
  return 0
}

# absent_paths DIR: pathspecs excluding every path whose blob is absent from the snapshot
absent_paths() {
  local missing
  missing=$(git -C "$1" rev-list --all --objects --missing=print 2>/dev/null | sed -n 's/^?//p')
  [ -n "$missing" ] || return 0
  git -C "$1" -c core.quotepath=off log --all --raw --no-renames --no-abbrev --format= 2>/dev/null |
    awk -F'\t' 'NR == FNR { m[$1]; next } { split($1, a, " "); if (a[4] in m) print $2 }' <(echo "$missing") - |
    sort -u | sed 's/[ *?[]/?/g; s/^/:(exclude,glob)/' | paste -sd' ' -
}

n=0
for entry in "${list[@]}"; do
  IFS=$'\t' read -r repo commit <<<"$entry"
  key=${repo/\//+}
  dir="$mirror/$key/repo"
  n=$((n + 1))
  if [ ! -d "$dir" ]; then
    printf 'exit\tmissing\nseconds\t0\nbuild\t%s\nerror\tno mirror at %s\n' "$build" "$dir" >"$work/ouvert/$key.meta"
    echo "[$n/${#list[@]}] $repo: no mirror at $dir (fetch it: github:$repo)" >&2
    continue
  fi
  head=$(git -C "$dir" rev-parse HEAD)
  [ "$head" = "$commit" ] || echo "[$n/${#list[@]}] $repo: mirror HEAD $head differs from the listed $commit; scanning $commit" >&2
  o="$work/ouvert/$key"
  if [ "${RW_REUSE:-0}" = 1 ] && [ -s "$o.json" ] && grep -q "^build	$build$" "$o.meta" 2>/dev/null; then
    echo "[$n/${#list[@]}] $repo: ouvert report reused" >&2
  else
    echo "[$n/${#list[@]}] $repo: ouvert scan (full history)" >&2
    rm -f "$o.json"
    run "$o" "$ouvert" scan "$dir" --ref "$commit" --format json --output "$o.json" --min-level none --quiet
  fi
  if [ -n "$gitleaks" ]; then
    g="$work/gitleaks/$key"
    if [ "${RW_REUSE:-0}" = 1 ] && [ -s "$g.json" ]; then :; else
      echo "[$n/${#list[@]}] $repo: gitleaks git (full history)" >&2
      rm -f "$g.json"
      # git log -p stops at the first absent blob of a partial snapshot: leave
      # those paths out so that gitleaks reads the rest of the history
      opts=()
      excl=$(absent_paths "$dir")
      if [ -n "$excl" ]; then
        opts=(--log-opts "--full-history --all -- . $excl")
        echo "  gitleaks: $(wc -w <<<"$excl") paths with absent blobs left out" >&2
      fi
      run "$g" "$gitleaks" git --no-banner --report-format json --report-path "$g.json" --exit-code 0 --redact --log-level error "${opts[@]}" "$dir"
    fi
  fi
done

mkdir -p "$here/results"
out="$here/results/$(date +%F)-$rev.txt"
[ $# -gt 0 ] && out="$work/partial-$(date +%F)-$rev.txt" # a subset is not a result to keep
"$work/bin/rwscore" -repos "$here/repos.tsv" -labels "$here/labels.tsv" -work "$work" \
  -ouvert-rev "$rev" ${RW_SPLIT:+-split "$RW_SPLIT"} ${1:+-only "$*"} | tee "$out"
echo "written: $out" >&2
