#!/usr/bin/env bash
# Pull throughput: Berth's full pull against skopeo copy, from one local registry, in one run.
#
#   bench/pull.sh [ROUNDS] [LAYERS] [MIB]      (defaults 5 rounds, 5 layers of 20 MiB; root not needed)
#
# The image has LAYERS gzip layers, each one file of MIB MiB of random bytes, so compression cannot
# cheat. It is pushed by skopeo to a docker-registry (distribution 2.8, started here on a free
# 127.0.0.1 port through the test fixture LocalRegistry). Then, after one untimed warm-up of each,
# every round runs:
#  berth   ImagePuller.pull into an empty image store and layer store: manifest, blobs downloaded
#          concurrently with on-the-fly sha256, layers unpacked (diffID checked) into the layer
#          store while later ones download. Timed inside a warm JVM (PullBench).
#  skopeo  skopeo copy docker://… oci:DIR into an empty directory: download and verify, no unpack.
#          Timed as a whole process.
# BENCH_JAVA_OPTS=-Dbench.concurrency=N sets Berth's concurrent downloads (default 3, the client's).
# It prints both medians and "pull ratio berth/skopeo". The registry stops and temp dirs go at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/local-registry.sh
ROUNDS=${1:-5}
LAYERS=${2:-5}
MIB=${3:-20}
for c in docker-registry skopeo java mvn; do
  command -v "$c" >/dev/null || { echo "bench/pull.sh: $c is not installed" >&2; exit 1; }
done

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

java ${BENCH_JAVA_OPTS:-} -cp "$CP" dev.berth.image.remote.PullBench run "$REF" "$W" "$ROUNDS"
