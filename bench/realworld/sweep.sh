#!/usr/bin/env bash
# The misses sweep: strong secret formats and credential file names in the
# whole history of every repository of repos.tsv, independent of ouvert. It
# prints places only (repo, commit, path, line, format), never a value: a
# labeller opens each with `git show COMMIT:PATH` and records the genuine
# ones in labels.tsv with source "sweep", so that recall can be computed.
#
#   bench/realworld/sweep.sh [owner/name …] > sweep.tsv
#
# OUVERT_MIRROR as for run.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mirror=${OUVERT_MIRROR:-/work/.mirror}

# format name <TAB> extended regular expression (git -G and awk share it)
patterns='aws-key	(AKIA|ASIA)[0-9A-Z]{16}
gitlab-token	gl(pat|dt|rt|ptt|ffct|cbt|soat)-[0-9A-Za-z_-]{20}
github-token	(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{40}
slack-token	xox[bpars]-[0-9A-Za-z-]{10}
slack-webhook	hooks\.slack\.com/services/T[0-9A-Z]+/B[0-9A-Z]+/[0-9A-Za-z]+
private-key	-----BEGIN [A-Z ]*PRIVATE KEY
stripe-key	(sk|rk)_live_[0-9A-Za-z]{10}|whsec_[0-9A-Za-z]{20}
google-api-key	AIza[0-9A-Za-z_-]{35}
sendgrid-key	SG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}
brevo-key	xkeysib-[0-9a-f]{64}
mattermost-webhook	/hooks/[a-z0-9]{26}
url-credentials	(postgres(ql)?(\+[a-z0-9]+)?|mysql|mongodb(\+srv)?|amqps?|redis|rediss|ftp|sftp|https?)://[^:@/ "'"'"'`]+:[^@/ "'"'"'`$<{]{3,}@
redis-empty-user	rediss?://:[^@/ ]{3,}@
sentry-dsn	https://[0-9a-f]{32}(:[0-9a-f]{32})?@[a-z0-9.-]+/[0-9]+
npm-token	npm_[0-9A-Za-z]{36}
pypi-token	pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50}
openai-key	sk-(proj-)?[0-9A-Za-z_-]{40}
scaleway-key	SCW[0-9A-Z]{17}
docker-auth	"auth" *: *"[0-9A-Za-z+/=]{20,}"
azure-sig	[?&]sig=[0-9A-Za-z%+/]{30,}'

# credential files by name (any commit, any directory)
files_re='(^|/)(\.pgpass|\.netrc|_netrc|\.git-credentials|\.htpasswd|sftp-config\.json|id_rsa|id_dsa|id_ecdsa|id_ed25519|[^/]*\.pem|[^/]*\.p12|[^/]*\.pfx|[^/]*\.key|master\.key|credentials\.yml\.enc|\.env|\.env\.[a-z]+|\.npmrc|\.pypirc|\.dockercfg|\.docker/config\.json|WebServers\.xml|\.remote-sync\.json|\.ftpconfig|filezilla\.xml|sitemanager\.xml|[^/]*\.kdbx|[^/]*dump[^/]*\.sql|[^/]*\.dump)$'

mapfile -t repos < <(awk -F'\t' '!/^#/ && NF {print $1}' "$here/repos.tsv")
[ $# -gt 0 ] && repos=("$@")

# absent_paths DIR: pathspecs leaving out paths whose blob is absent from a
# partial snapshot (git log -p stops at the first one)
absent_paths() {
  local missing
  missing=$(git -C "$1" rev-list --all --objects --missing=print 2>/dev/null | sed -n 's/^?//p')
  [ -n "$missing" ] || return 0
  git -C "$1" -c core.quotepath=off log --all --raw --no-renames --no-abbrev --format= 2>/dev/null |
    awk -F'\t' 'NR == FNR { m[$1]; next } { split($1, a, " "); if (a[4] in m) print $2 }' <(echo "$missing") - |
    sort -u | sed 's/[ *?[]/?/g; s/^/:(exclude,glob)/'
}

printf 'repo\tcommit\tpath\tline\tformat\n'
for repo in "${repos[@]}"; do
  dir="$mirror/${repo/\//+}/repo"
  [ -d "$dir" ] || { echo "sweep: no mirror for $repo" >&2; continue; }
  all=$(cut -f2 <<<"$patterns" | paste -sd'|')
  # added lines matching any format, with their line number in the new file
  mapfile -t excl < <(absent_paths "$dir")
  git -C "$dir" log --all --no-renames -p -U0 --format='commit %H' -E -G "$all" -- . "${excl[@]}" 2>/dev/null |
    PATS="$patterns" perl -ne '
      BEGIN { for (split /\n/, $ENV{PATS}) { my ($n, $r) = split /\t/; push @P, [$n, qr/$r/] } }
      if (/^commit ([0-9a-f]{40})$/) { $c = $1; next }
      if (/^\+\+\+ (?:b\/)?(.*)$/) { $p = $1; next }
      if (/^@@ -\S+ \+(\d+)/) { $ln = $1; next }
      if (/^\+(.*)$/) { my $l = $1; for my $q (@P) { if ($l =~ $q->[1]) { print "'"$repo"'\t$c\t$p\t$ln\t$q->[0]\n"; last } } $ln++ }
    ' || true
  git -C "$dir" log --all --no-renames --diff-filter=A --name-only --format='commit %H' 2>/dev/null |
    RE="$files_re" perl -ne '
      BEGIN { $re = qr/$ENV{RE}/ }
      chomp;
      if (/^commit ([0-9a-f]{40})$/) { $c = $1; next }
      print "'"$repo"'\t$c\t$_\t*\tfile\n" if length && /$re/' || true
done
