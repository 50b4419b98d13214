#!/usr/bin/env bash
# Peak RSS and wall time of `autotier run` on a 5-minute and a 60-minute recording (the GRID clips
# looped, 720p25 H.264 + AAC, as segment-bench.sh builds them), optionally side by side with
# another checkout's ./autotier (built first) as the reference.
# Usage: benchmarks/scripts/memory-bench.sh [REFERENCE_CHECKOUT] [minutes...]   (default minutes: 5 60)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ref="${1:-}"; [ $# -gt 0 ] && shift
mins=("$@"); [ $# -eq 0 ] && mins=(5 60)
work="$root/benchmarks/target/segment-bench"
"$root/benchmarks/scripts/segment-bench.sh" --recordings-only "${mins[@]}"
for min in "${mins[@]}"; do
    rec="$work/rec-${min}min.mp4"
    for who in ${ref:+"$ref"} "$root"; do
        out="$work/rec-${min}min-mem.eaf"; rm -f "$out" "$out".*
        /usr/bin/time -f "${min} min, $who: %e s wall, %M KB peak RSS" "$who/autotier" run "$rec" -o "$out" 2>&1 \
            | grep -E 'peak RSS|segment\(s\)' | tail -2
    done
done
