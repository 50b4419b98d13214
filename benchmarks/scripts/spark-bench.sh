#!/usr/bin/env bash
# `./autotier spark --master local[2]` against `./autotier run` on the same 20 recordings, same
# machine, alternating, each into a fresh output folder (docs/benchmarks.md, "Corpus scale").
#   short: the 11 GRID clips (3 s, video) and 9 RAVDESS clips of actor 01 (3-4 s, audio)
#   long:  20 one-minute 1280x720 25 fps talking-face recordings: the GRID clips in a row,
#          looped, each from a different second (H.264 + AAC)
# Usage: benchmarks/scripts/spark-bench.sh [short|long]...   (default: short long)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/../shared/data"
work="$root/benchmarks/target/spark-bench"
mkdir -p "$work"
[ -d "$data/av-clips/grid" ] || { echo "needs $data" >&2; exit 1; }
timed() { /usr/bin/time -f "%e s wall, %U+%S CPU-s, %M KB peak RSS (parent JVM)" "$@"; }

for set in "${@:-short long}"; do
    list="$work/$set.txt"
    if [ "$set" = short ]; then
        { ls "$data"/av-clips/grid/*.mpg; ls "$data"/ravdess-speech-16k/Actor_01/*.wav | head -9; } > "$list"
    else
        command -v ffmpeg >/dev/null || { echo "needs the ffmpeg command" >&2; exit 1; }
        mkdir -p "$work/long"
        base="$work/long/base.mp4" # the 11 clips in a row, 33 s, encoded once
        if [ ! -f "$base" ]; then
            concat="$work/long/concat.txt"; : > "$concat"
            for f in "$data"/av-clips/grid/*.mpg; do echo "file '$f'" >> "$concat"; done
            ffmpeg -v error -f concat -safe 0 -i "$concat" -vf scale=1280:720,fps=25 -c:v libx264 -preset veryfast \
                -crf 23 -g 25 -c:a aac -ar 44100 -ac 2 "$base"
        fi
        : > "$list"
        for i in $(seq 0 19); do
            rec="$work/long/rec$(printf %02d "$i").mp4" # looped from a different second each
            [ -f "$rec" ] || ffmpeg -v error -stream_loop -1 -ss "$i" -i "$base" -t 60 -c copy "$rec"
            echo "$rec" >> "$list"
        done
    fi
    echo "== $set: $(wc -l < "$list") recordings"
    rm -rf "$work/$set-cli" "$work/$set-spark"
    echo -n "autotier run --out-dir:          "
    # shellcheck disable=SC2046
    timed "$root/autotier" run $(cat "$list") --out-dir "$work/$set-cli" 2>&1 >/dev/null | tail -1
    echo -n "autotier spark --master local[2]: "
    timed "$root/autotier" spark "$list" --out-dir "$work/$set-spark" --master 'local[2]' 2>&1 >/dev/null | tail -1
done
