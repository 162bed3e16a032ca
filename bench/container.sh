#!/usr/bin/env bash
# Container run latency: Berth's public API against podman, in one run.
#
#   bash bench/container.sh [RUNS] [PARALLEL]     (as root; defaults 100 runs, 200 at once)
#
#  berth   RUNS sequential `run --rm true` in one warm JVM: ContainerBuilder.start(), waitFor(),
#          close() (stop + remove), busybox image from the store, after 10 warm-up runs; also
#          p50/p99 of start() -> recorded exit, and the peak heap and thread count of the JVM
#          with PARALLEL `sleep` containers running at once (dev.berth.ContainerBench).
#  podman  RUNS sequential `podman run --rm` of the same image (exported by Berth as a
#          docker-archive, `podman load`ed into a private --root/--runroot): runc, cgroupfs,
#          --network none, ulimits at the hard limits (crun and the default ulimits fail on this
#          host; see ../shared/peers/RESULTS.md and PodmanRunTest).
# Prints `container ratio berth/podman: X` (total wall time of the RUNS runs; goal <= 0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-100}
PARALLEL=${2:-200}
[ "$(id -u)" = 0 ] || { echo "bench/container.sh: needs root" >&2; exit 1; }
command -v podman >/dev/null && command -v runc >/dev/null || { echo "bench/container.sh: needs podman and runc" >&2; exit 1; }

W=$(mktemp -d /tmp/berth-bench-container.XXXXXX)
PODMAN=(podman --root "$W/podman-root" --runroot "$W/podman-run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
cleanup() { "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT

# One reactor run: the sibling modules' jars resolve from it (nothing is installed); core, the
# last module, writes the class path file last.
mvn -B -o -q -DskipTests -pl core -am package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="core/target/test-classes:core/target/classes:$(cat "$W/cp.txt")"

java -cp "$CP" dev.berth.ContainerBench "$W/home" "$W/busybox.tar" "$RUNS" "$PARALLEL" | tee "$W/berth.txt"

"${PODMAN[@]}" load -q -i "$W/busybox.tar" >/dev/null
# This shell's hard limit, capped as PodmanRunTest caps it (runc is refused nproc above 32768 here).
hard() { awk -v k="$1" -v cap="$2" 'index($0, k) == 1 { h = $(NF-1); print (h == "unlimited" || h + 0 > cap) ? cap : h }' /proc/self/limits; }
NOFILE=$(hard "Max open files" 1048576); NPROC=$(hard "Max processes" 32768)
RUN=("${PODMAN[@]}" run --rm --runtime runc --network none --ulimit "nofile=$NOFILE:$NOFILE" --ulimit "nproc=$NPROC:$NPROC" berth.test/busybox:1 true)
for i in 1 2 3; do "${RUN[@]}" >/dev/null; done   # warm-up, as Berth's
t0=$(date +%s%N)
for i in $(seq "$RUNS"); do "${RUN[@]}" >/dev/null; done
podman_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
berth_ms=$(awk '/^berth total ms:/ {print $4}' "$W/berth.txt")
echo "podman total ms: $podman_ms ($RUNS runs)"
echo "podman per run ms: $(awk -v t="$podman_ms" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }')"
echo "container ratio berth/podman: $(awk -v b="$berth_ms" -v p="$podman_ms" 'BEGIN { printf "%.3f", b / p }')"
