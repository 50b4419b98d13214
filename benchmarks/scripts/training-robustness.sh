#!/usr/bin/env bash
# Trains the synthetic co-timing task (plugin-core's SyntheticCoTiming) over many seeds under each
# PyTorch CPU kernel path and thread count, the way different machines would, and prints one line
# per training. docs/testing.md records the pass rates this gives.
#
#   [CAPS="default avx2"] benchmarks/scripts/training-robustness.sh [SEEDS] [MODELS] [VERSION]
#   e.g. benchmarks/scripts/training-robustness.sh 1-10 D,A,qkv CURRENT
#
# Runs one JVM at a time (two PyTorch processes on 2 cores slow each other ~100x).
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-1-10}
models=${2:-D,A,qkv}
version=${3:-CURRENT}
out=${OUT:-target/training-robustness.txt}
mkdir -p "$(dirname "$out")"
: > "$out"
mvn -B -q -o install -N -DskipTests >/dev/null
mvn -B -q -o install -DskipTests -pl plugin-model >/dev/null
mvn -B -q -o test-compile -pl plugin-core >/dev/null
for capability in ${CAPS:-default avx2 avx512}; do
    for threads in 1 2; do
        ATEN_CPU_CAPABILITY=$capability mvn -B -o -pl plugin-core surefire:test \
            -Dtest=SyntheticCoTimingSweep -Dautotier.sweep="$seeds" -Dautotier.sweep.models="$models" \
            -Dautotier.sweep.version="$version" -Dai.djl.pytorch.num_threads=$threads \
            -DargLine="-Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1" \
            | grep '^SWEEP' | sed "s/capability=[a-z0-9]*/capability=$capability/" | tee -a "$out"
    done
done
echo "written to $out"
