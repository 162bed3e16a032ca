#!/usr/bin/env bash
# Pull throughput: Berth against skopeo and podman, from one local registry, in one run.
#
#   bench/pull.sh [ROUNDS] [LAYERS] [MIB]      (defaults 5 rounds, 5 layers of 20 MiB)
#
# The image has LAYERS gzip layers, each one file of MIB MiB of random bytes, so compression cannot
# cheat. It is pushed by skopeo to a docker-registry (distribution 2.8, started here on a free
# 127.0.0.1 port through the test fixture LocalRegistry). Then, after one untimed warm-up of each,
# every round runs each side once, the order rotating from round to round (PullBench):
#  berth   ImagePuller.pull into an empty image store and layer store: manifest, blobs downloaded
#          concurrently with on-the-fly sha256, layers unpacked (diffID checked) into the layer
#          store while they download, everything synced before it returns. Timed inside a warm JVM.
#  skopeo  skopeo copy docker://… oci:DIR into an empty directory: download, verify, fsync; no unpack.
#  cli     ./berth --home EMPTY pull -q REF: the whole command, JVM start and JIT included
#          (cli/target/berth.jar is rebuilt first when a source is newer).
#  podman  podman pull into a private empty store (--root/--runroot in the work dir, overlay;
#          as root).
# Per side: min, median and max wall time and the median CPU time (user + system). Then
# "pull ratio berth/skopeo" and "cli pull ratio berth/podman". Last, the cost of durability: ROUNDS
# pairs of fresh JVMs, one durable and one under eatmydata with syncfs off, alternating, each timing
# its second pull (BENCH_NOSYNC=0 skips it).
# BENCH_SIDES=berth,skopeo times only those sides. BENCH_JAVA_OPTS=-Dbench.concurrency=N sets Berth's
# concurrent downloads (default 3, the client's).
# The registry stops and temp dirs go at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/local-registry.sh
ROUNDS=${1:-5}
LAYERS=${2:-5}
MIB=${3:-20}
for c in docker-registry skopeo java mvn; do
  command -v "$c" >/dev/null || { echo "bench/pull.sh: $c is not installed" >&2; exit 1; }
done
SIDES=berth,skopeo,cli
if [ "$(id -u)" = 0 ] && command -v podman >/dev/null; then SIDES=$SIDES,podman; fi
SIDES=${BENCH_SIDES:-$SIDES} # e.g. BENCH_SIDES=berth,skopeo
if [[ ,$SIDES, == *,cli,* ]] && { [ ! -f cli/target/berth.jar ] ||
    [ -n "$(find core/src/main overlayfs/src/main namespaces/src/main cli/src/main -newer cli/target/berth.jar -print -quit)" ]; }; then
  echo "building cli/target/berth.jar (and its start-up archive)"
  mvn -B -q -o -pl cli -am -DskipTests package >/dev/null
fi

W=$(mktemp -d /tmp/berth-bench-pull.XXXXXX)
REG_PID=""
cleanup() {
  stop_local_registry
  rm -rf "$W"
}
trap cleanup EXIT

mvn -B -q -o -pl core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="core/target/test-classes:core/target/classes:$(cat "$W/cp.txt")"

# The registry, stopped when its stdin (fd 3 here) closes or by the trap.
start_local_registry "$W" "$CP"

REF="$HOST/bench/pull:v1"
echo "building ${LAYERS} x ${MIB} MiB random gzip layers, pushing to $REF"
java -cp "$CP" dev.berth.image.remote.PullBench build "$W/source" bench/source:v1 "$LAYERS" "$MIB"
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$W/source:docker.io/bench/source:v1" "docker://$REF"
rm -rf "$W/source"

echo "load before: $(uptime)"
java ${BENCH_JAVA_OPTS:-} -Dbench.sides="$SIDES" -Dbench.cli="$PWD/berth" -cp "$CP" \
  dev.berth.image.remote.PullBench run "$REF" "$W" "$ROUNDS" | tee "$W/out"
echo "load after:  $(uptime)"
if [ "${BENCH_NOSYNC:-1}" != 0 ]; then
  # Durable and not, alternating, each a fresh JVM: one warm-up pull, then one timed pull.
  command -v eatmydata >/dev/null || apt-get install -y -q eatmydata >/dev/null 2>&1 || true
  if command -v eatmydata >/dev/null; then
    : >"$W/durable"; : >"$W/nosync"
    for r in $(seq 1 "$ROUNDS"); do
      java ${BENCH_JAVA_OPTS:-} -Dbench.sides=berth -cp "$CP" dev.berth.image.remote.PullBench run "$REF" "$W" 1 \
        | awk '/^berth +wall/ {print $7}' >>"$W/durable"
      eatmydata java ${BENCH_JAVA_OPTS:-} -Dbench.sides=berth -Dbench.nosync=true -cp "$CP" \
        dev.berth.image.remote.PullBench run "$REF" "$W" 1 | awk '/^berth +wall/ {print $7}' >>"$W/nosync"
    done
    summary() { sort -n "$1" | awk '{a[NR]=$1} END {printf "min %.0f  median %.0f  max %.0f", a[1], (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[NR]}'; }
    echo "berth durable       wall ms: $(summary "$W/durable")"
    echo "berth not durable   wall ms: $(summary "$W/nosync")   (eatmydata, syncfs off)"
    d=$(summary "$W/durable" | awk '{print $4}'); n=$(summary "$W/nosync" | awk '{print $4}')
    echo "durability cost: $(awk -v d="$d" -v n="$n" 'BEGIN {printf "%.0f ms of %.0f", d - n, d}')"
    echo "load after durability: $(uptime)"
  fi
fi
