#!/usr/bin/env bash
# The berth command against docker and podman, whole commands as a user types them, in one run.
#
#   bash bench/cli.sh [ROUNDS]     (as root; default 21 rounds per command and side)
#
# Start-up (berth alone): a JVM that prints hello; `berth --version`, `ps` and `images` with the
#   class-data archive and without (BERTH_ARCHIVE=off); `ps` with C1 alone (the launcher's
#   choice for short verbs) and with the default tiered JIT (C1 then C2); where the launcher
#   prefers an installed JDK 25+ over the java on PATH, `ps`, `images` and `run --rm` on PATH's
#   JDK too (BERTH_JAVA_HOME; with its archive and without); then one traced run of `ps` and of
#   `run --rm` (-Dberth.startupTrace).
# Against the others, on one busybox-based image (`berth demo` makes it, `berth save` exports
#   it, `docker load` and `podman load` import the same archive): `ps -a`, `images`, `inspect`
#   of an exited container, and `run --rm IMAGE true`.
#   docker  the real dockerd (/usr/sbin/dockerd), started here on a private socket, data-root
#           and exec-root, --bridge none --iptables=false; stopped and removed at the end.
#   podman  a private --root/--runroot, runc, cgroupfs, as bench/container.sh runs it (crun
#           and the default ulimits fail on this machine's hybrid cgroups).
#   Every side runs with --network none where the command starts a container.
# Each round runs every side once, in an order that rotates, so that background noise falls on
# all of them. Prints min/median/max in ms per command and side, and the ratios of the medians:
#   cli ps ratio berth/docker: X  (and /podman; the same for images, inspect, run)
#   cli run ratio berth/podman: X (the #17 goal: <= 0.8)
# and the load average before and after (`uptime`): a figure from a loaded machine is not one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-21}
[ "$(id -u)" = 0 ] || { echo "bench/cli.sh: needs root" >&2; exit 1; }
for tool in podman runc /usr/sbin/dockerd docker javac; do
  command -v "$tool" >/dev/null || { echo "bench/cli.sh: needs $tool" >&2; exit 1; }
done
[ -f cli/target/berth.jar ] || mvn -B -o -q -pl cli -am -DskipTests package

W=$(mktemp -d /tmp/berth-bench-cli.XXXXXX)
chmod 0700 "$W"
export BERTH_HOME="$W/berth"
PODMAN=(podman --root "$W/podman-root" --runroot "$W/podman-run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
DOCKER=(docker -H "unix://$W/d/d.sock")
dockerd_pid=
cleanup() {
  set +e
  "${PODMAN[@]}" rm -af >/dev/null 2>&1; "${PODMAN[@]}" rmi -af >/dev/null 2>&1
  if [ -n "$dockerd_pid" ]; then
    "${DOCKER[@]}" rm -f bench-inspect >/dev/null 2>&1
    kill "$dockerd_pid"; wait "$dockerd_pid" 2>/dev/null
    # dockerd's own containerd, if it left one behind in our exec-root.
    [ -f "$W/d/exec/containerd/containerd.pid" ] && kill "$(cat "$W/d/exec/containerd/containerd.pid")" 2>/dev/null
    umount -R "$W/d/root" 2>/dev/null
  fi
  ./berth rm -f bench-inspect >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT

echo "load before: $(uptime)"
mkdir -p "$W/d/root" "$W/d/exec"
/usr/sbin/dockerd -H "unix://$W/d/d.sock" --data-root "$W/d/root" --exec-root "$W/d/exec" \
  --pidfile "$W/d/pid" --bridge none --iptables=false --ip6tables=false >"$W/d/log" 2>&1 &
dockerd_pid=$!

./berth demo >/dev/null
IMAGE=localhost/berth-demo
./berth save -o "$W/demo.tar" "$IMAGE"
"${PODMAN[@]}" load -q -i "$W/demo.tar" >/dev/null
for i in $(seq 100); do "${DOCKER[@]}" version >/dev/null 2>&1 && break; sleep 0.2; done
"${DOCKER[@]}" load -q -i "$W/demo.tar" >/dev/null

hard() { awk -v k="$1" -v cap="$2" 'index($0, k) == 1 { h = $(NF-1); print (h == "unlimited" || h + 0 > cap) ? cap : h }' /proc/self/limits; }
NOFILE=$(hard "Max open files" 1048576); NPROC=$(hard "Max processes" 32768)
PODRUN=("${PODMAN[@]}" run --runtime runc --network none --ulimit "nofile=$NOFILE:$NOFILE" --ulimit "nproc=$NPROC:$NPROC")
./berth run --name bench-inspect --network none "$IMAGE" true >/dev/null
"${DOCKER[@]}" run --name bench-inspect --network none "$IMAGE" true >/dev/null
"${PODRUN[@]}" --name bench-inspect "$IMAGE" true >/dev/null

cat >"$W/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$W" "$W/Hello.java"

# time_ms LABEL CMD...: runs CMD once (output discarded; a failure stops the bench), appends ms.
time_ms() {
  local label=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>"$W/err" || { echo "bench/cli.sh: $label failed: $*" >&2; cat "$W/err" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 )) >>"$W/times.$label"
}
# rounds N LABEL=CMD...: N rounds over the sides, in a rotating order; two warm-up rounds first.
declare -A CMDS
rounds() {
  local n=$1; shift
  local labels=("$@") r k i
  for r in $(seq -2 "$n"); do
    for k in $(seq 0 $(( ${#labels[@]} - 1 ))); do
      i=$(( (k + r + 2) % ${#labels[@]} ))
      if [ "$r" -le 0 ]; then eval "${CMDS[${labels[$i]}]}" >/dev/null 2>&1 || true; continue; fi
      eval "time_ms ${labels[$i]} ${CMDS[${labels[$i]}]}"
    done
  done
}
stats() { sort -n "$W/times.$1" | awk -v l="$1" '{ a[NR] = $1 } END { printf "%-26s min %8.1f  median %8.1f  max %8.1f ms  (%d runs)\n", l, a[1] / 1000, a[int((NR + 1) / 2)] / 1000, a[NR] / 1000, NR }'; }
median() { sort -n "$W/times.$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.3f", a / b }'; }

J="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
# The launcher runs the newest JDK 25+ in /usr/lib/jvm when one is installed (its AOT cache),
# else the java on PATH; the *-path-jdk rows run the java on PATH (BERTH_JAVA_HOME) for comparison.
PATHJDK=$(readlink -f "$(command -v java)"); PATHJDK=${PATHJDK%/bin/java}
LAUNCHERJDK=$(for r in /usr/lib/jvm/*/release; do v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$r"); f=${v%%.*}
  [ -x "${r%/release}/bin/java" ] && [ "${f:-0}" -ge 25 ] 2>/dev/null && echo "$f ${r%/release}"; done | sort -n | tail -1 | cut -d' ' -f2)
LAUNCHERJDK=${LAUNCHERJDK:-$PATHJDK}
echo "launcher's JDK: $LAUNCHERJDK; on PATH: $PATHJDK"
CMDS[jvm-hello]="$LAUNCHERJDK/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp $W Hello"
CMDS[version-archive]="./berth --version"
CMDS[version-no-archive]="env BERTH_ARCHIVE=off ./berth --version"
CMDS[ps-archive]="./berth ps -a"
CMDS[ps-no-archive]="env BERTH_ARCHIVE=off ./berth ps -a"
CMDS[ps-archive-tiered]="env BERTH_JAVA_OPTIONS=-XX:TieredStopAtLevel=4 ./berth ps -a"
CMDS[images-archive]="./berth images"
CMDS[images-no-archive]="env BERTH_ARCHIVE=off ./berth images"
STARTUP=(jvm-hello version-archive version-no-archive ps-archive ps-no-archive ps-archive-tiered images-archive images-no-archive)
if [ "$PATHJDK" != "$LAUNCHERJDK" ]; then
  CMDS[jvm-hello-path-jdk]="$J -cp $W Hello"
  CMDS[ps-archive-path-jdk]="env BERTH_JAVA_HOME=$PATHJDK ./berth ps -a"
  CMDS[ps-no-archive-path-jdk]="env BERTH_JAVA_HOME=$PATHJDK BERTH_ARCHIVE=off ./berth ps -a"
  CMDS[images-archive-path-jdk]="env BERTH_JAVA_HOME=$PATHJDK ./berth images"
  CMDS[run-archive-path-jdk]="env BERTH_JAVA_HOME=$PATHJDK ./berth run --rm --network none $IMAGE true"
  env BERTH_JAVA_HOME="$PATHJDK" ./berth --version >/dev/null # its archive, if the build made none
  STARTUP+=(jvm-hello-path-jdk ps-archive-path-jdk ps-no-archive-path-jdk images-archive-path-jdk run-archive-path-jdk)
fi
echo "== start-up ($ROUNDS rounds)"
rounds "$ROUNDS" "${STARTUP[@]}"
for l in "${STARTUP[@]}"; do stats "$l"; done
echo "archive saves: --version $(ratio version-archive version-no-archive), ps $(ratio ps-archive ps-no-archive), images $(ratio images-archive images-no-archive) (with/without)"
[ -n "${CMDS[ps-archive-path-jdk]:-}" ] && echo "JDK on PATH: ps archive saves $(ratio ps-archive-path-jdk ps-no-archive-path-jdk) (with/without); ps launcher's JDK / PATH's $(ratio ps-archive ps-archive-path-jdk)"
echo "cli ps median: $(awk -v m="$(median ps-archive)" 'BEGIN { printf "%.3f", m / 1e6 }') s, images: $(awk -v m="$(median images-archive)" 'BEGIN { printf "%.3f", m / 1e6 }') s (the #17 goal: <= 0.25 s)"
# Where one command's time goes: the launcher's marks (-Dberth.startupTrace=true), one run each.
for line in "ps -a" "run --rm --network none $IMAGE true"; do
  echo "-- trace: berth $line"
  t0=$(date +%s%3N)
  BERTH_JAVA_OPTIONS=-Dberth.startupTrace=true ./berth $line 2>&1 >/dev/null | sed -n 's/^berth-trace //p' |
    awk -v t0="$t0" '/since the epoch/ { printf "launcher and JVM start before main: %d ms\n", $(NF-4) - t0 } { print }'
done
echo "load: $(uptime)"

echo "== against docker and podman ($ROUNDS rounds)"
for verb in ps images inspect run; do
  case $verb in
    ps) CMDS[berth-ps]="./berth ps -a"; CMDS[docker-ps]="${DOCKER[*]} ps -a"; CMDS[podman-ps]="${PODMAN[*]} ps -a" ;;
    images) CMDS[berth-images]="./berth images"; CMDS[docker-images]="${DOCKER[*]} images"; CMDS[podman-images]="${PODMAN[*]} images" ;;
    inspect) CMDS[berth-inspect]="./berth inspect bench-inspect"; CMDS[docker-inspect]="${DOCKER[*]} inspect bench-inspect"
      CMDS[podman-inspect]="${PODMAN[*]} inspect bench-inspect" ;;
    run) CMDS[berth-run]="./berth run --rm --network none $IMAGE true"; CMDS[docker-run]="${DOCKER[*]} run --rm --network none $IMAGE true"
      CMDS[podman-run]="${PODRUN[*]} --rm $IMAGE true" ;;
  esac
  rounds "$ROUNDS" "berth-$verb" "docker-$verb" "podman-$verb"
  for side in berth docker podman; do stats "$side-$verb"; done
  echo "cli $verb ratio berth/docker: $(ratio "berth-$verb" "docker-$verb")"
  echo "cli $verb ratio berth/podman: $(ratio "berth-$verb" "podman-$verb")"
done
echo "load after: $(uptime)"
