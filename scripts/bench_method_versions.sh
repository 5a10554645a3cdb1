#!/usr/bin/env bash
# Scoring benchmark of the current method against method 1.0, in one invocation.
#
# Checks out the last commit of method 1.0 (BASELINE, ba23121 by default) into a temporary
# worktree and runs `manage.py bench_scoring` there and here in turn, ROUNDS times (2), on the
# same machine at the same moment, then prints each run and the ratio of the medians (current /
# 1.0): the machine is shared, so only the ratio is comparable from one day to the next.
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=${BASELINE:-ba23121}
ROUNDS=${ROUNDS:-2}
PY=${VENV:-.venv}/bin/python
work=$(mktemp -d)
trap 'git worktree remove --force "$work/baseline" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/baseline" "$BASELINE"
seconds() {  # the "seconds" cell of bench_scoring's table row
    (cd "$1" && "$OLDPWD/$PY" manage.py bench_scoring 2>/dev/null) | tee -a "$work/log" |
        awk -F'|' '/^\| [0-9]/ {gsub(/ /, "", $5); print $5; exit}'
}
declare -a old new
for round in $(seq "$ROUNDS"); do
    old+=("$(seconds "$work/baseline")")
    new+=("$(seconds .)")
    echo "round $round: method 1.0 ${old[-1]} s, current ${new[-1]} s"
done
"$PY" - "${old[*]}" "${new[*]}" <<'PY'
import statistics, sys
old = [float(v) for v in sys.argv[1].split()]
new = [float(v) for v in sys.argv[2].split()]
print(f"median 1.0 {statistics.median(old):.2f} s, current {statistics.median(new):.2f} s, "
      f"ratio current/1.0 {statistics.median(new) / statistics.median(old):.2f}")
PY
