#!/usr/bin/env bash
# The test suite's flakiness proof (issue 11): the README's test command run again and again in a fresh clone.
# Usage: bash .ci/flakiness-proof.sh <plain|busy> <runs> [folder]
#   busy: two spinning processes keep both cores busy for the whole of every run.
# Clones this repository into <folder>/repo (default: a new temp folder, nothing beside it), then prints one line per
# run, e.g. "busy run 3: exit 0, 1060 passed, 0 failed, 264 s", and exits non-zero if any run failed.
set -uo pipefail
mode=${1:?plain or busy}; runs=${2:?how many runs}
folder=${3:-$(mktemp -d)}
repo=$(cd "$(dirname "$0")/.." && pwd)
[[ -d $folder/repo ]] || git clone -q "$repo" "$folder/repo"
cd "$folder/repo"
spinners=()
if [[ $mode == busy ]]; then
  for _ in 1 2; do ( while :; do :; done ) & spinners+=($!); done
fi
trap '[[ ${#spinners[@]} -gt 0 ]] && kill "${spinners[@]}" 2>/dev/null' EXIT
status=0
for n in $(seq 1 "$runs"); do
  start=$(date +%s)
  log="$folder/$mode-$n.log"
  dotnet test ShowBot.sln > "$log" 2>&1
  rc=$?
  [[ $rc -eq 0 ]] || status=1
  summary=$(awk '/^(Passed|Failed)!/ { gsub(",", ""); failed += $4; passed += $6 } END { printf "%d passed, %d failed", passed, failed }' "$log")
  echo "$mode run $n: exit $rc, $summary, $(( $(date +%s) - start )) s (log: $log)"
done
exit "$status"
