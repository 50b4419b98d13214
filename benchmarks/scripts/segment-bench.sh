#!/usr/bin/env bash
# Benchmark of `autotier segment` and `autotier run` against plain FFmpeg decoding of the same file, and peak RSS
# for a 5-minute and a 30-minute recording. Recordings are built from the GRID clips in
# ../shared/data (real speaking faces), looped and scaled to 1280x720 at 25 fps, H.264 + AAC.
# Usage: benchmarks/scripts/segment-bench.sh [--recordings-only] [minutes...]   (default: 5 30)
set -euo pipefail
only_build=0; [ "${1:-}" = --recordings-only ] && { only_build=1; shift; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
grid="$root/../shared/data/av-clips/grid"
work="$root/benchmarks/target/segment-bench"
mkdir -p "$work"
[ -d "$grid" ] || { echo "needs $grid" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "needs the ffmpeg command (apt-get install ffmpeg)" >&2; exit 1; }

# one 33 s base: the 11 clips in a row
if [ ! -f "$work/base.mp4" ]; then
    list="$work/list.txt"; : > "$list"
    for f in "$grid"/*.mpg; do echo "file '$f'" >> "$list"; done
    ffmpeg -v error -f concat -safe 0 -i "$list" -vf scale=1280:720,fps=25 -c:v libx264 -preset veryfast \
        -crf 23 -c:a aac -ar 44100 -ac 2 "$work/base.mp4"
fi
mins=("$@"); [ $# -eq 0 ] && mins=(5 30)
for min in "${mins[@]}"; do
    rec="$work/rec-${min}min.mp4"
    if [ ! -f "$rec" ]; then
        ffmpeg -v error -stream_loop -1 -i "$work/base.mp4" -t $((min * 60)) -c copy "$rec"
    fi
    [ $only_build = 1 ] && continue
    echo "== ${min}-minute 720p25 recording: $(du -h "$rec" | cut -f1)"
    /usr/bin/time -f "ffmpeg decode: %e s wall, %M KB peak RSS" ffmpeg -v error -i "$rec" -f null - 2>&1 | tail -1
    /usr/bin/time -f "autotier segment: %e s wall, %M KB peak RSS" "$root/autotier" segment "$rec" \
        -o "$work/rec-${min}min.eaf" 2>&1 | grep -v '%$' | tail -2
    rm -f "$work/rec-${min}min-run.eaf"
    /usr/bin/time -f "autotier run: %e s wall, %M KB peak RSS" "$root/autotier" run "$rec" \
        -o "$work/rec-${min}min-run.eaf" 2>&1 | grep -v '%$' | tail -2
done
