#!/usr/bin/env bash
# Layer apply benchmark: Berth's LayerApplier (one pass, diffID included) against GNU `tar -xzf`
# of the same tar+gzip, alternately in one run, from a warm JVM. Needs root (owners, devices).
#   bench/layers.sh [RUNS] [DIRS...]     defaults: 5 runs; /usr/bin /usr/share /usr/include
# Extraction goes to BENCH_DIR (default /dev/shm, a tmpfs): on this VM's disk, writeback of a
# gigabyte makes single runs vary by a factor of four, which measures the disk, not the code.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
shift || true
DIRS=("$@")
[ ${#DIRS[@]} -gt 0 ] || DIRS=(/usr/bin /usr/share /usr/include)

WORK=$(mktemp -d "${BENCH_DIR:-/dev/shm}/berth-bench-layers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "building the layer: tar+gzip of ${DIRS[*]}"
tar -czf "$WORK/layer.tar.gz" --sparse "${DIRS[@]}" 2>/dev/null || [ $? = 1 ] # 1: files changed while read
echo "layer: $(du -h "$WORK/layer.tar.gz" | cut -f1) compressed, $(gzip -dc "$WORK/layer.tar.gz" | wc -c | numfmt --to=iec) uncompressed, $(tar -tzf "$WORK/layer.tar.gz" | wc -l) entries"

mvn -B -o -q -pl overlayfs -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="overlayfs/target/test-classes:overlayfs/target/classes:$(cat "$WORK/cp.txt")"
java -cp "$CP" dev.berth.overlayfs.bench.ApplyBench "$WORK/layer.tar.gz" "$WORK/out" "$RUNS"
