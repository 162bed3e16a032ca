#!/usr/bin/env bash
# Rootless container run latency: Berth's public API against rootless podman, both as the same
# unprivileged user, in one run.
#
#   bash bench/rootless.sh [RUNS] [PARALLEL] [USER]   (as root; defaults 100 runs, 20 at once, berthtest)
#
# Root prepares a work directory and the user (with /etc/subuid and /etc/subgid ranges, as
# RootlessContainerTest creates it); everything measured runs as USER through setpriv.
#  berth   dev.berth.ContainerBench as USER: RUNS sequential `run --rm true` in one warm JVM, each
#          container in its own user namespace (newuidmap ranges), no cgroup (none is delegated on
#          a hybrid host), network none.
#  podman  RUNS sequential rootless `podman run --rm` of the same image (docker-archive exported by
#          Berth), runc, cgroupfs, --network none, vfs storage, in USER's private --root/--runroot.
# Prints `rootless container ratio berth/podman: X` (total wall time of the RUNS runs).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-100}
PARALLEL=${2:-20}
RUSER=${3:-berthtest}
[ "$(id -u)" = 0 ] || { echo "bench/rootless.sh: needs root (to prepare the user)" >&2; exit 1; }
command -v podman >/dev/null && command -v runc >/dev/null && command -v newuidmap >/dev/null \
  || { echo "bench/rootless.sh: needs podman, runc and newuidmap (uidmap)" >&2; exit 1; }
id -u "$RUSER" >/dev/null 2>&1 || useradd --no-create-home --shell /bin/sh "$RUSER"
grep -q "^$RUSER:" /etc/subuid || usermod --add-subuids 300000-365535 --add-subgids 300000-365535 "$RUSER"

W=$(mktemp -d /tmp/berth-bench-rootless.XXXXXX)
chmod 755 "$W"
U=$W/user
mkdir -p "$U/run" && chmod 700 "$U/run" && chown -R "$RUSER:" "$U"
AS=(setpriv --reuid="$RUSER" --regid="$RUSER" --init-groups env -i PATH=/usr/local/bin:/usr/bin:/bin
    HOME="$U" USER="$RUSER" XDG_DATA_HOME="$U" XDG_RUNTIME_DIR="$U/run" XDG_CONFIG_HOME="$U/config")
PODMAN=(podman --root "$U/podman-root" --runroot "$U/podman-run" --storage-driver vfs --cgroup-manager cgroupfs
        --events-backend file)
cleanup() {
  "${AS[@]}" "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT

mvn -B -o -q -DskipTests -pl core -am package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" >/dev/null
# The user cannot read root's Maven repository: the class path is copied where it can.
mkdir -p "$W/cp"
cp core/target/test-classes -r "$W/cp/0-core-test" && cp -r core/target/classes "$W/cp/1-core"
for j in $(tr ':' ' ' < "$W/cp.txt"); do cp -r "$j" "$W/cp/"; done
chmod -R a+rX "$W/cp"
CP="$W/cp/0-core-test:$W/cp/1-core:$(ls -d "$W"/cp/*.jar | tr '\n' ':')"

"${AS[@]}" java -XX:-UsePerfData -cp "$CP" dev.berth.ContainerBench "$U/home" \
  "$U/busybox.tar" "$RUNS" "$PARALLEL" | tee "$W/berth.txt"

"${AS[@]}" "${PODMAN[@]}" load -q -i "$U/busybox.tar" >/dev/null 2>&1
RUN=("${AS[@]}" "${PODMAN[@]}" run --rm --runtime runc --network none berth.test/busybox:1 true)
for i in 1 2 3; do "${RUN[@]}" >/dev/null 2>&1; done   # warm-up, as Berth's
t0=$(date +%s%N)
for i in $(seq "$RUNS"); do "${RUN[@]}" >/dev/null 2>&1; done
podman_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
berth_ms=$(awk '/^berth total ms:/ {print $4}' "$W/berth.txt")
echo "podman rootless total ms: $podman_ms ($RUNS runs)"
echo "podman rootless per run ms: $(awk -v t="$podman_ms" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }')"
echo "rootless container ratio berth/podman: $(awk -v b="$berth_ms" -v p="$podman_ms" 'BEGIN { printf "%.3f", b / p }')"
