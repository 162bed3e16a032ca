#!/usr/bin/env bash
# Launch latency: Berth (warm JVM) against the floor (unshare + chroot) and crun, in one run.
#
#   bash bench/launch.sh [ROUNDS] [RUNS]      (as root; defaults 3 rounds of 30 runs)
#
# Each round runs the three designs one after another, so background noise hits all of them;
# the figure per design is the median of its round medians.
#  berth  /bin/true in a busybox root on overlay; pid, mnt, uts, ipc, net namespaces; /proc,
#         /dev, /sys, masked paths; a cgroup with a pids limit. Timed in the JVM from the
#         launch call to the reaped exit, after 10 warm-up launches. The overlay's upper is
#         volatile, as for a throw-away container (podman does the same for transient ones);
#         "berth-durable" is the same with a synced upper, whose unmount syncs ext4 (~2 ms).
#         "berth-bare" does only what the floor does (namespaces, the overlay root, /proc; no
#         cgroup, no /dev, /sys or masked paths): the cost of Berth's launch path itself.
#  floor  unshare --fork --pid --mount --uts --ipc --net --mount-proc chroot ROOTFS /bin/true
#  crun   crun run of an OCI bundle of the same rootfs (crun spec defaults: pid, net, ipc, uts,
#         mount namespaces, read-only root, no overlay), cgroupfs. crun 1.8 refuses this host's
#         hybrid cgroup layout, so it runs in a private mount namespace where cgroup2's
#         cgroup.controllers reads empty (the workaround from ../shared/peers/setup.sh).
# floor and crun are timed by hyperfine as whole processes (-N, no shell).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
RUNS=${2:-30}
[ "$(id -u)" = 0 ] || { echo "bench/launch.sh: needs root" >&2; exit 1; }
need=""
for c in crun hyperfine busybox jq; do command -v "$c" >/dev/null || need="$need $c"; done
if [ -n "$need" ]; then
  pkgs=$(echo "$need" | sed 's/busybox/busybox-static/')
  apt-get install -y -q $pkgs >/dev/null
fi

W=$(mktemp -d /tmp/berth-bench-launch.XXXXXX)
cleanup() { rm -rf "$W"; }
trap cleanup EXIT

mvn -B -q -DskipTests -pl namespaces package
mvn -B -q -pl namespaces dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="$(ls namespaces/target/berth-namespaces-*-tests.jar):$(ls namespaces/target/berth-namespaces-*.jar | grep -v -e tests -e sources -e javadoc):$(cat "$W/cp.txt")"

# The same busybox tree for the floor and crun.
R=$W/rootfs
mkdir -p "$R"/bin "$R"/sbin "$R"/usr/bin "$R"/usr/sbin "$R"/etc "$R"/proc "$R"/sys "$R"/dev "$R"/tmp
cp "$(command -v busybox)" "$R/bin/busybox"
chroot "$R" /bin/busybox --install -s
B=$W/bundle
mkdir -p "$B" && cp -a "$R" "$B/rootfs"
(cd "$B" && crun spec && jq '.process.terminal=false | .process.args=["/bin/true"]' config.json >c.json && mv c.json config.json)
: >"$W/empty"
cat >"$W/cgfix" <<FIX
#!/bin/sh
exec unshare -m --propagation private sh -c '
  f=/sys/fs/cgroup/unified/cgroup.controllers
  if [ -n "\$(cat "\$f" 2>/dev/null)" ]; then mount --bind $W/empty "\$f" || exit 125; fi
  exec "\$@"' cgfix "\$@"
FIX
chmod +x "$W/cgfix"
mkdir -p "$W/crun-state"
FLOOR="unshare --fork --pid --mount --uts --ipc --net --mount-proc chroot $R /bin/true"
CRUN="$W/cgfix crun --root $W/crun-state run -b $B bench-crun"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
hf() { # hyperfine median in ms of one command
  hyperfine -N --style none --warmup 3 --runs "$RUNS" --export-json "$W/hf.json" "$1" >/dev/null 2>&1
  jq '.results[0].median * 1000' "$W/hf.json"
}

: >"$W/berth"; : >"$W/durable"; : >"$W/bare"; : >"$W/floor"; : >"$W/crun"
for r in $(seq 1 "$ROUNDS"); do
  b=$(java -cp "$CP" dev.berth.namespaces.bench.LaunchBench "$W/berth-root-$r" 10 "$RUNS" | awk '/^berth ms:/ {print $3}')
  f=$(hf "$FLOOR")
  c=$(hf "$CRUN")
  d=$(java -Dbench.durable=true -cp "$CP" dev.berth.namespaces.bench.LaunchBench "$W/durable-root-$r" 10 "$RUNS" | awk '/^berth ms:/ {print $3}')
  x=$(java -Dbench.bare=true -cp "$CP" dev.berth.namespaces.bench.LaunchBench "$W/bare-root-$r" 10 "$RUNS" | awk '/^berth ms:/ {print $3}')
  printf 'round %s: berth %.2f ms  floor %.2f ms  crun %.2f ms  berth-durable %.2f ms  berth-bare %.2f ms\n' "$r" "$b" "$f" "$c" "$d" "$x"
  echo "$b" >>"$W/berth"; echo "$d" >>"$W/durable"; echo "$x" >>"$W/bare"; echo "$f" >>"$W/floor"; echo "$c" >>"$W/crun"
done
B_MS=$(median <"$W/berth"); D_MS=$(median <"$W/durable"); X_MS=$(median <"$W/bare"); F_MS=$(median <"$W/floor"); C_MS=$(median <"$W/crun")
echo
printf 'median start-to-exit of /bin/true: berth %.2f ms, floor (unshare+chroot) %.2f ms, crun %.2f ms, berth-durable %.2f ms\n' "$B_MS" "$F_MS" "$C_MS" "$D_MS"
awk -v d="$D_MS" -v c="$C_MS" 'BEGIN {printf "durable ratio berth-durable/crun: %.2f\n", d / c}'
awk -v x="$X_MS" -v f="$F_MS" 'BEGIN {printf "bare ratio berth-bare/floor: %.2f (%.2f ms)\n", x / f, x}'
awk -v b="$B_MS" -v f="$F_MS" 'BEGIN {printf "launch ratio berth/floor: %.2f\n", b / f}'
awk -v b="$B_MS" -v c="$C_MS" 'BEGIN {printf "launch ratio berth/crun: %.2f\n", b / c}'
