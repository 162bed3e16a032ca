#!/usr/bin/env bash
# Launch latency: Berth (warm JVM) against the floor (unshare + chroot) and crun, in one run.
#
#   bash bench/launch.sh [ROUNDS] [RUNS] [WARMUP]   (as root; defaults 7 rounds of 30 runs,
#                                                   300 warm-up launches per berth JVM)
#   BENCH_BUILT=1 bash bench/launch.sh ...   (skips building the namespaces jars)
#
# Each round runs every side once, in an order that rotates from round to round, so background
# noise hits all of them; per side it prints the min of the runs, the median of the round medians
# and the max, and at the end a trace of where berth's launch spends its time (LaunchTrace).
# Each ratio is the median over the rounds of that round's ratio (both sides ran in the same
# round, seconds apart), so a slow spell of the machine hits both terms of a ratio; the ratio
# of the sides' medians is printed beside it.
#  berth  /bin/true in a busybox root on overlay; pid, mnt, uts, ipc, net namespaces; /proc,
#         /dev, /sys, masked paths; a cgroup with a pids limit; Docker's default seccomp
#         profile. Timed in the JVM from the launch call to the reaped exit, after WARMUP
#         launches: a warm JVM is one whose JIT has compiled the launch path, as in a server
#         that has started a few hundred containers. 10 warm-up launches leave that path
#         interpreted (the JIT compiles a method after ~200 calls), which costs 1-3 ms of the
#         launch here (WARMUP=10 shows it). The overlay's upper is
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
ROUNDS=${1:-7}
RUNS=${2:-30}
WARMUP=${3:-300}
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

# BENCH_BUILT=1: the namespaces jars are built already (by a heavy job before the quiet run).
[ "${BENCH_BUILT:-}" = 1 ] || mvn -B -q -DskipTests -pl namespaces package
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

# One line per side and round: "median min max" in ms. The sides' order rotates every round.
hf() { # hyperfine of one command: median min max in ms
  hyperfine -N --style none --warmup 3 --runs "$RUNS" --export-json "$W/hf.json" "$1" >/dev/null 2>&1
  jq -r '.results[0] | "\(.median * 1000) \(.min * 1000) \(.max * 1000)"' "$W/hf.json"
}
lb() { # LaunchBench: median min max in ms
  java "$@" -cp "$CP" dev.berth.namespaces.bench.LaunchBench "$W/root-$RANDOM$RANDOM" "$WARMUP" "$RUNS" | awk '/^berth ms:/ {print $3, $4, $5}'
}
side() {
  case $1 in
    berth) lb ;;
    floor) hf "$FLOOR" ;;
    crun) hf "$CRUN" ;;
    berth-durable) lb -Dbench.durable=true ;;
    berth-bare) lb -Dbench.bare=true ;;
  esac
}
SIDES=(berth floor crun berth-durable berth-bare)
for s in "${SIDES[@]}"; do : >"$W/$s"; done
echo "load before: $(uptime)"
echo "$ROUNDS rounds of $RUNS runs per side; berth after $WARMUP warm-up launches per JVM"
for r in $(seq 1 "$ROUNDS"); do
  line="round $r:"
  for k in "${!SIDES[@]}"; do
    s=${SIDES[$(( (k + r - 1) % ${#SIDES[@]} ))]}
    v=$(side "$s")
    echo "$v" >>"$W/$s"
    line="$line  $s $(echo "$v" | awk '{printf "%.2f", $1}')"
  done
  echo "$line ms"
done
echo "load after:  $(uptime)"
echo
declare -A MED
for s in "${SIDES[@]}"; do
  # min of the minima, median of the round medians, max of the maxima
  MED[$s]=$(awk '{print $1}' "$W/$s" | median)
  printf '%-14s ms: min %.2f  median %.2f  max %.2f\n' "$s" "$(awk '{print $2}' "$W/$s" | sort -n | head -1)" \
    "${MED[$s]}" "$(awk '{print $3}' "$W/$s" | sort -n | tail -1)"
done
# ratio NAME A B: the median of the rounds' A/B, and A's median over B's
ratio() {
  paste -d' ' <(awk '{print $1}' "$W/$2") <(awk '{print $1}' "$W/$3") | awk '{print $1 / $2}' | median \
    | awk -v n="$1" -v a="${MED[$2]}" -v b="${MED[$3]}" '{printf "%s: %.2f (ratio of the medians %.2f)\n", n, $1, a / b}'
}
ratio "durable ratio berth-durable/crun" berth-durable crun
ratio "bare ratio berth-bare/floor" berth-bare floor
ratio "launch ratio berth/floor" berth floor
ratio "launch ratio berth/crun" berth crun
# Where berth's time goes: the helper's own timestamps and Java's (-Dberth.launch.trace=true),
# median per step over the runs; not part of the figures above.
echo
java -Dberth.launch.trace=true -cp "$CP" dev.berth.namespaces.bench.LaunchBench "$W/root-trace" "$WARMUP" "$RUNS" | grep -v '^berth ms:'
