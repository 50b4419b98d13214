#!/usr/bin/env bash
# A long fuzzing campaign for one Jazzer target (docs/reliability.md), beyond the 30 s that
# `mvn verify` gives each. Usage, from the project root:
#   tools/fuzz-campaign.sh MODULE TEST_CLASS#METHOD RUNS [EXTRA_SEED_DIR...]
# e.g. tools/fuzz-campaign.sh plugin-model EafFuzzTest#readerReturnsADocumentOrNamesTheProblem 1000000 ../shared/data/eaf
# The corpus it grows is kept in target/fuzz-corpus/METHOD (not committed); a finding is written
# as a regression input under src/test/resources/.../<TestClass>Inputs/<method>/ and fails the run.
# libFuzzer's final statistics (executions, coverage) are printed at the end.
set -euo pipefail
module="$1"; target="$2"; runs="$3"; shift 3
method="${target#*#}"
corpus="$module/target/fuzz-corpus/$method"
mkdir -p "$corpus"
args=(-Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=$(cd "$corpus" && pwd)")
i=2
for extra in "$@"; do
    args+=("-Djazzer.internal.arg.$i=$(cd "$extra" && pwd)"); i=$((i + 1))
done
args+=("-Djazzer.internal.arg.$i=-runs=$runs" "-Djazzer.internal.arg.$((i + 1))=-max_total_time=7200"
       "-Djazzer.internal.arg.$((i + 2))=-print_final_stats=1")
mvn -o -q -pl "$module" -am install -DskipTests >/dev/null
# only the default execution, so that the module's own 30-s fuzz executions do not run as well
JAZZER_FUZZ=1 mvn -o -pl "$module" surefire:test@default-test -Dtest="$target" \
    -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}" 2>&1 | grep -v '^INFO: \|^\[Fatal Error\]\|NEW \|REDUCE \|pulse '
