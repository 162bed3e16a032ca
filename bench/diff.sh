#!/usr/bin/env bash
# Commit benchmark: LayerDiff of an upper directory of many small files (what `commit` and each
# build step write), from a warm JVM, into a discarding stream.
#   bench/diff.sh [RUNS] [DIRS] [FILES_PER_DIR]     defaults: 9 runs, 200 dirs of 100 files
# The tree goes to BENCH_DIR (default /dev/shm, a tmpfs), so that the disk is not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-9}
DIRS=${2:-200}
FILES=${3:-100}

WORK=$(mktemp -d "${BENCH_DIR:-/dev/shm}/berth-bench-diff.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The class path, from the dependency plugin, else (where it cannot resolve offline) from the one
# a surefire run of overlayfs recorded.
mvn -B -o -q -pl overlayfs -am test-compile >/dev/null
if mvn -B -o -q -pl overlayfs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" \
    >/dev/null 2>&1; then
  DEPS=$(cat "$WORK/cp.txt")
else
  REPORT=$(ls overlayfs/target/surefire-reports/TEST-*.xml 2>/dev/null | head -1)
  [ -n "$REPORT" ] || { echo "bench/diff.sh: no dependency class path: run one overlayfs test first" >&2; exit 1; }
  DEPS=$(grep -o 'name="surefire.test.class.path" value="[^"]*"' "$REPORT" | sed 's/.*value="//; s/"$//')
fi
CP="overlayfs/target/test-classes:overlayfs/target/classes:namespaces/target/classes:$DEPS"
java -cp "$CP" dev.berth.overlayfs.bench.DiffBench "$WORK/upper" "$DIRS" "$FILES" "$RUNS"
