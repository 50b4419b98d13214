#!/usr/bin/env bash
# Issue #13's speed figures, side by side in one run: `run` on the 5-minute 720p recording against
# `ffmpeg -f null`, cold start of `eaf info` and `--version`, `run` on a 3-second clip, a batch of
# 200 short clips in one process, and two processes at once. With OLD=/path/to/an/older/clone the
# same commands run on that build too, for a before/after table.
# Usage: benchmarks/scripts/speed-bench.sh   (needs ../shared/data, ffmpeg; builds the recording once)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$root/../shared/data"
work="$root/benchmarks/target/speed-bench"
mkdir -p "$work"
"$root/benchmarks/scripts/segment-bench.sh" 5 >/dev/null # builds base.mp4 (33 s) and rec-5min.mp4
rec="$root/benchmarks/target/segment-bench/rec-5min.mp4"
clip30="$root/benchmarks/target/segment-bench/base.mp4"
clip3="$shared/av-clips/grid/bbaf2n.mpg"
eaf="$shared/eaf/pympi/sample_3.0.eaf"
batch="$work/batch200"
"$root/benchmarks/scripts/batch-bench.sh" --prepare
t() { /usr/bin/time -f "%e s wall, %U s user, %M KB" "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
builds=("$root")
[ -n "${OLD:-}" ] && builds+=("$OLD")
echo "== ffmpeg -i rec-5min.mp4 -f null -: $(t ffmpeg -v error -i "$rec" -f null -)"
for b in "${builds[@]}"; do
    a="$b/autotier"
    export AUTOTIER_NO_BUILD=1
    "$a" --version >/dev/null 2>&1; "$a" eaf info "$eaf" >/dev/null 2>&1 # unpack / class archive once
    echo "== build $b ($(cd "$b" && git log --oneline -1 | cut -c1-60))"
    echo "eaf info, cold, median of 7: $(for i in 1 2 3 4 5 6 7; do /usr/bin/time -f %e "$a" eaf info "$eaf" 2>&1 >/dev/null | tail -1; done | median) s"
    echo "--version, cold, median of 5: $(for i in 1 2 3 4 5; do /usr/bin/time -f %e "$a" --version 2>&1 >/dev/null | tail -1; done | median) s"
    echo "run 3-s clip, median of 3: $(for i in 1 2 3; do rm -f "$work/c3.eaf"; /usr/bin/time -f %e "$a" run "$clip3" -o "$work/c3.eaf" 2>&1 >/dev/null | tail -1; done | median) s"
    rm -rf "$work/out"; echo "run 200 clips: $("$a" run "$batch" --out-dir "$work/out" 2>/dev/null | tail -1)"
    rm -f "$work/one.eaf"; echo "run 30-s clip alone: $(t "$a" run "$clip30" -o "$work/one.eaf")"
    rm -f "$work/p1.eaf" "$work/p2.eaf"
    ( t "$a" run "$clip30" -o "$work/p1.eaf" > "$work/p1.txt" & t "$a" run "$clip30" -o "$work/p2.eaf" > "$work/p2.txt"; wait )
    echo "run 30-s clip, two at once: $(cat "$work/p1.txt") | $(cat "$work/p2.txt")"
    rm -f "$work/r5.eaf"; echo "run rec-5min.mp4: $(t "$a" run "$rec" -o "$work/r5.eaf")"
done
