#!/usr/bin/env bash
# `run` on a batch of 200 short clips in one process (issue #13: >= 20 clips/s on 2 cores after
# start-up), one recording at a time (--jobs 1) against the default (several at once), alternating,
# N repetitions; prints each run's summary line (docs/benchmarks.md, "Speed").
# Usage: benchmarks/scripts/batch-bench.sh [N]      (default 3; needs ../shared/data and ffprobe)
#        benchmarks/scripts/batch-bench.sh --prepare  only builds the folder of clips
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$root/../shared/data"
batch="$root/benchmarks/target/speed-bench/batch200"
if [ ! -f "$batch/.complete" ]; then # 200 EmoDB utterances of 1.5-4 s, in name order
    rm -rf "$batch"; mkdir -p "$batch"
    n=0
    for f in "$shared"/emodb-16k/*.wav; do
        d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
        if awk "BEGIN{exit !($d >= 1.5 && $d <= 4.0)}"; then ln -sf "$f" "$batch/"; n=$((n + 1)); fi
        [ $n -ge 200 ] && break
    done
    touch "$batch/.complete"
fi
[ "${1:-}" = --prepare ] && exit 0
out="$root/benchmarks/target/speed-bench/batch-out"
"$root/autotier" --version >/dev/null 2>&1 # builds and unpacks once
for rep in $(seq 1 "${1:-3}"); do
    for opts in "--jobs 1" ""; do
        rm -rf "$out"
        # shellcheck disable=SC2086
        echo "rep $rep [${opts:-default}]: $("$root/autotier" run "$batch" --out-dir "$out" $opts 2>/dev/null | tail -1)"
    done
done
