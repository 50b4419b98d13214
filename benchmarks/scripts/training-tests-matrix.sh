#!/usr/bin/env bash
# Runs every test that trains a network under each PyTorch CPU kernel path and thread count, the
# way different machines would, and prints one line per combination with surefire's counts.
# docs/testing.md records the results. One JVM at a time.
#
#   benchmarks/scripts/training-tests-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tests=${TESTS:-CrossModalSyntheticTaskTest,TrainEvaluateTest,EafCorpusTrainTest}
mvn -B -q -o install -N -DskipTests >/dev/null
mvn -B -q -o install -DskipTests -pl plugin-model >/dev/null
mvn -B -q -o test-compile -pl plugin-core >/dev/null
for capability in ${CAPS:-default avx2 avx512}; do
    for threads in 1 2; do
        line=$(ATEN_CPU_CAPABILITY=$capability mvn -B -o -pl plugin-core surefire:test -Dtest="$tests" \
            -DargLine="-Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1" 2>&1 \
            | grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
            | tail -1 || true)
        echo "capability=$capability threads=$threads ${line:-no summary}"
    done
done
