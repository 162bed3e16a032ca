#!/usr/bin/env bash
# Coverage-guided fuzzing of Berth's parsers of untrusted input with Jazzer (jazzer-junit).
#
#   bash bench/fuzz.sh [SECONDS] [TARGET...]     (default 60 s each, every target below)
#
# Each TARGET (Class#method of core's dev.berth.fuzz) runs in fuzzing mode (JAZZER_FUZZ=1) for
# SECONDS. A finding (an exception other than the parser's documented one, a write outside the
# layer directory, a broken round trip) is saved by Jazzer as crash-* beside the target's seeds in
# core/src/test/resources/dev/berth/fuzz/<Class>Inputs/<method>/, where `mvn verify` replays it as
# a regression test; the script then exits non-zero. The growing corpus is kept in
# core/.cifuzz-corpus/ (not committed). Without JAZZER_FUZZ the same tests replay their seeds in
# the normal test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/test-classpath.sh
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(ImageReferenceFuzzTest#parse ImageDocumentFuzzTest#manifest ImageDocumentFuzzTest#index
  ImageDocumentFuzzTest#config LayerApplierFuzzTest#rawLayer LayerApplierFuzzTest#hostileTar DockerfileFuzzTest#parse
  DockerfileFuzzTest#dockerignore)

W=$(mktemp -d /tmp/berth-fuzz.XXXXXX)
trap 'rm -rf "$W"' EXIT
test_classpath "$W"
cd core   # Jazzer saves findings beside the seeds in src/test/resources

failed=0
for t in "${TARGETS[@]}"; do
  echo "== fuzzing $t for ${SECONDS_EACH}s"
  if ! JAZZER_FUZZ=1 java -Djazzer.max_duration="${SECONDS_EACH}s" \
      -cp "$CP" dev.berth.fuzz.FuzzMain "$t" > "$W/out.txt" 2>&1; then
    failed=1
  fi
  grep -E "^#[0-9]+ +(DONE|INITED)|cov:|passed|failed|Exception|crash-|== Java" "$W/out.txt" | tail -6
done
echo "fuzz: $([ $failed = 0 ] && echo "no findings" || echo "FINDINGS (see crash-* under core/src/test/resources/dev/berth/fuzz)")"
exit $failed
