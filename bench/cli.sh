#!/usr/bin/env bash
# CLI run latency: `./berth run --rm IMAGE true` against `podman run --rm IMAGE true`, in one run.
#
#   bash bench/cli.sh [RUNS]      (as root; default 20 runs each, after 2 warm-up runs)
#
#  berth   a whole `./berth run --rm localhost/berth-demo true` process: JVM start, store
#          open (with crash recovery), layer lookup, container start, wait, removal.
#  podman  `podman run --rm` of the same image (saved by `berth save`, `podman load`ed into a
#          private --root/--runroot): runc, cgroupfs, --network none, ulimits at the hard
#          limits, as bench/container.sh runs it (crun and the default ulimits fail here).
# Prints `cli run ratio berth/podman: X` (total wall time of the RUNS runs).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
[ "$(id -u)" = 0 ] || { echo "bench/cli.sh: needs root" >&2; exit 1; }
command -v podman >/dev/null && command -v runc >/dev/null || { echo "bench/cli.sh: needs podman and runc" >&2; exit 1; }
[ -f cli/target/berth.jar ] || mvn -B -o -q -pl cli -am -DskipTests package

W=$(mktemp -d /tmp/berth-bench-cli.XXXXXX)
export BERTH_HOME="$W/home"
PODMAN=(podman --root "$W/podman-root" --runroot "$W/podman-run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
cleanup() { "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT

./berth demo >/dev/null
./berth save -o "$W/demo.tar" localhost/berth-demo
"${PODMAN[@]}" load -q -i "$W/demo.tar" >/dev/null
hard() { awk -v k="$1" -v cap="$2" 'index($0, k) == 1 { h = $(NF-1); print (h == "unlimited" || h + 0 > cap) ? cap : h }' /proc/self/limits; }
NOFILE=$(hard "Max open files" 1048576); NPROC=$(hard "Max processes" 32768)
BERTH=(./berth run --rm localhost/berth-demo true)
PODRUN=("${PODMAN[@]}" run --rm --runtime runc --network none --ulimit "nofile=$NOFILE:$NOFILE" --ulimit "nproc=$NPROC:$NPROC" localhost/berth-demo true)
for i in 1 2; do "${BERTH[@]}" >/dev/null; "${PODRUN[@]}" >/dev/null; done

# Alternate the two per run, so background noise hits both.
berth_ns=0; podman_ns=0
for i in $(seq "$RUNS"); do
  t0=$(date +%s%N); "${BERTH[@]}" >/dev/null; t1=$(date +%s%N); "${PODRUN[@]}" >/dev/null; t2=$(date +%s%N)
  berth_ns=$((berth_ns + t1 - t0)); podman_ns=$((podman_ns + t2 - t1))
done
echo "berth per run ms: $(awk -v t="$berth_ns" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n / 1e6 }')"
echo "podman per run ms: $(awk -v t="$podman_ns" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n / 1e6 }')"
echo "cli run ratio berth/podman: $(awk -v b="$berth_ns" -v p="$podman_ns" 'BEGIN { printf "%.3f", b / p }')"
