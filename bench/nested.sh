#!/usr/bin/env bash
# Berth inside containers, as inside Kubernetes pods (#19), with podman standing in for a kubelet.
#
# Each shape is a podman container whose root file system is an overlay over a directory of
# mount points, with the host's /usr (glibc, the JDK, busybox) and the built cli/target/berth.jar
# bound read-only, and no network of its own (--network none: the pod's own network namespace).
# Inside it, bench/nested/NestedScenarios.java runs the demo image's container scenarios through
# the Java API (run, exec, limits memory+pids, a published port, build with RUN, commit), with
# BERTH_HOME first on a volume, then on the container's own overlay root.
#
#   privileged  --privileged (a privileged pod)
#   userns      root in a user namespace: --uidmap 0:300000:65536, podman's default capabilities
#               and masks (a hostUsers: false pod); the rootless path, refused a /proc of its own
#   userns-unmasked the same with unmask=ALL (procMount: Unmasked, which Kubernetes allows with
#               hostUsers: false) and seccomp=unconfined (as user-unmasked below); the rootless path
#   user        uid 1000 in an ordinary container, podman's default capabilities and seccomp
#               (a pod with runAsUser: 1000); the rootless path
#   user-unmasked the same with --security-opt unmask=ALL (a pod with procMount: Unmasked), without
#               which the kernel refuses a nested user namespace a /proc of its own, and
#               seccomp=unconfined (Kubernetes' default without SeccompDefault; podman's profile
#               refuses sethostname and mount to a process without CAP_SYS_ADMIN)
#   user-tun    user-unmasked with /dev/net/tun (a pod given the tun device, e.g. by a device
#               plugin): published ports through slirp4netns, the rootless network path
#
# Prints the host report each shape gives (lines starting '#') and one line per shape, home and
# scenario: PASS, REFUSED (reason) or FAIL (what). After each container it checks that nothing is
# left: in the container (mounts, berth cgroups) and on the host (podman containers, mounts,
# cgroups of the container). Then, unless NO_TIMING=1, start-to-exit of `run --rm true` through
# the Java API in the privileged shape against the same on this host, alternating sides, and
# `nested ratio privileged/host: X` (medians; goal <= 1.2).
#
# Needs root, podman and runc (crun refuses this host's hybrid cgroups). Knobs: SHAPES (none:
# only the timing),
# HOMES ("volume overlay"), RUNS (timed runs per round, 10), ROUNDS (3), NO_TIMING.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cli/target/berth.jar
SHAPES=${SHAPES:-"privileged userns userns-unmasked user user-unmasked"}
HOMES=${HOMES:-"volume overlay"}
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-3}
JDK=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
[ "$(id -u)" = 0 ] || { echo "bench/nested.sh: needs root (podman runs the pods as root)" >&2; exit 1; }
command -v podman >/dev/null && command -v runc >/dev/null || { echo "bench/nested.sh: needs podman and runc" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -o -B -q -pl cli -am package -DskipTests -Dberth.skipArchive=true) || exit 1
fi

W=$(mktemp -d /tmp/berth-nested.XXXXXX)
chmod 755 "$W" # the userns shape's root (uid 300000) must reach its root file system
P=(podman --root "$W/podman-root" --runroot "$W/podman-run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
cleanup() {
  "${P[@]}" rm -af -t 0 >/dev/null 2>&1
  grep -F " $W/" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$W"
}
trap cleanup EXIT

# The pod's root: mount points, symlinks into /usr (merged /usr), users root and app (1000).
R=$W/rootfs
mkdir -p "$R"/{usr,etc,proc,sys,dev,run,var/lib,var/tmp,root,home/app,data,berth,nested,tmp}
chmod 1777 "$R/tmp" "$R/var/tmp"
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$R/$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$R/etc/group"
printf '127.0.0.1 localhost\n' >"$R/etc/hosts"
chown 1000:1000 "$R/home/app"
# at or below the hard limits (root lacks CAP_SYS_RESOURCE here), capped as PodmanCli caps them
nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ] && nofile=1048576
nproc=$(ulimit -Hu); [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
COMMON=(run --rm --runtime runc --network none --ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc"
  -v /usr:/usr:ro -v "$(dirname "$JAR")":/berth:ro -v "$ROOT/bench/nested":/nested:ro -e JAVA_HOME="$JDK")
# Debian's JDK links its conf into /etc; a JDK outside /usr is bound where it is
for d in /etc/java-17-openjdk "$JDK"; do
  case $d in /usr/*) ;; *) [ -d "$d" ] && { mkdir -p "$R$d"; COMMON+=(-v "$d:$d:ro"); } ;; esac
done
JAVA="$JDK/bin/java"
# The userns shape's root owns its root file system, as an image unpacked for that map would be.
cp -a "$R" "$W/rootfs-userns"
chown -hR 300000:300000 "$W/rootfs-userns"
chown 301000:301000 "$W/rootfs-userns/home/app"

# The tun device as a device plugin gives it to a pod: open to the pod's user (the host's node is 0600).
tun_node() {
  [ -c "$W/net-tun" ] || mknod -m 666 "$W/net-tun" c 10 200
  echo "$W/net-tun"
}

shape_args() {
  case $1 in
    privileged) echo "--privileged" ;;
    userns) echo "--uidmap 0:300000:65536 --gidmap 0:300000:65536" ;;
    userns-unmasked) echo "--uidmap 0:300000:65536 --gidmap 0:300000:65536 --security-opt unmask=ALL --security-opt seccomp=unconfined" ;;
    user) echo "--user 1000:1000 -e HOME=/home/app" ;;
    user-unmasked) echo "--user 1000:1000 -e HOME=/home/app --security-opt unmask=ALL --security-opt seccomp=unconfined" ;;
    user-tun) echo "$(shape_args user-unmasked) --device $(tun_node):/dev/net/tun" ;;
  esac
}
rootfs_of() { case $1 in userns*) echo "$W/rootfs-userns" ;; *) echo "$R" ;; esac; }
home_in_pod() { # shape home
  if [ "$2" = volume ]; then echo /data/berth; else case $1 in user|user-*) echo /home/app/.local/share/berth ;; *) echo /var/lib/berth ;; esac; fi
}

# In the pod after the scenarios: what Berth left (mounts of its home, its cgroups, its processes).
LEFT='m=$(cut -d" " -f5 /proc/self/mountinfo | grep -c "^$H/"); c=$(find /sys/fs/cgroup -mindepth 2 -maxdepth 5 -type d -path "*/berth/*" 2>/dev/null | wc -l); p=$(ps -eo comm 2>/dev/null | grep -c -e sleep -e httpd); echo "# left in the pod: mounts $m, berth cgroups $c, container processes $p"'

host_leftovers() { # container name
  local out="" cid
  cid=$(cat "$W/cid-$1" 2>/dev/null)
  [ -n "$("${P[@]}" ps -aq)" ] && out+=" podman containers: $("${P[@]}" ps -aq | tr '\n' ' ')"
  # podman 4.3 leaves the --rootfs overlay of a --uidmap container mounted: its leak, not Berth's; undone here
  local merge=$W/podman-run/overlay-containers/$cid/rootfs/merge
  if [ -n "$cid" ] && grep -qF " $merge " /proc/self/mountinfo; then
    umount "$merge" && echo "# podman left its own --rootfs overlay of $1 mounted; unmounted it"
  fi
  grep -F " $W/podman-run/" /proc/self/mountinfo | grep -q . && out+=" mounts: $(grep -F " $W/podman-run/" /proc/self/mountinfo | cut -d' ' -f5 | head -3 | tr '\n' ' ')"
  [ -n "$cid" ] && find /sys/fs/cgroup -maxdepth 3 -type d -name "libpod-$cid*" 2>/dev/null | grep -q . && out+=" cgroups: $(find /sys/fs/cgroup -maxdepth 3 -type d -name "libpod-$cid*" | head -3 | tr '\n' ' ')"
  local procs
  procs=$([ -n "$cid" ] && grep -l "libpod-$cid" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3 | tr '\n' ' ')
  [ -n "$procs" ] && out+=" processes in its cgroups: $procs"
  echo "# left on the host after $1:${out:- none}"
}

echo "nested: $(uname -r), cgroups $( [ -f /sys/fs/cgroup/cgroup.controllers ] && echo v2 || echo v1/hybrid), podman $(podman version --format '{{.Client.Version}}' 2>/dev/null), load: $(uptime | sed 's/.*load average: //')"
for shape in $SHAPES; do
  [ "$shape" = none ] && continue # SHAPES=none: the timing alone
  for home in $HOMES; do
    vol=$W/vol-$shape-$home
    mkdir -p "$vol"
    case $shape in userns*) chown 300000:300000 "$vol" ;; user*) chown 1000:1000 "$vol" ;; esac
    h=$(home_in_pod "$shape" "$home")
    # shellcheck disable=SC2046
    "${P[@]}" "${COMMON[@]}" --name "nested-$shape-$home" --cidfile "$W/cid-nested-$shape-$home" $(shape_args "$shape") -v "$vol":/data --rootfs "$(rootfs_of "$shape"):O" \
      sh -c "H=$h; $JAVA -cp /berth/berth.jar /nested/NestedScenarios.java scenarios $h 2>/tmp/err; rc=\$?; [ \$rc = 0 ] || { echo \"# java exit \$rc: \$(tail -3 /tmp/err | tr '\n' ' ')\"; }; $LEFT" 2>&1 \
      | sed -e "/^#/s/^# /# $shape $home: /" -e "/^#/!s/^/$shape $home /"
    host_leftovers "nested-$shape-$home"
  done
done

[ "${NO_TIMING:-0}" = 1 ] && exit 0
# run --rm true through the Java API: on this host, and in the privileged shape (home on a volume
# in both, so both use overlay), alternating.
mkdir -p "$W/host-home" "$W/vol-timing"
: >"$W/host.ms"; : >"$W/pod.ms"
for round in $(seq "$ROUNDS"); do
  "$JAVA" -cp "$JAR" "$ROOT/bench/nested/NestedScenarios.java" timing "$W/host-home" "$RUNS" 2>/dev/null | awk '/^ms /{print $2}' >>"$W/host.ms"
  "${P[@]}" "${COMMON[@]}" --privileged -v "$W/vol-timing":/data --rootfs "$R:O" \
    "$JAVA" -cp /berth/berth.jar /nested/NestedScenarios.java timing /data/berth "$RUNS" 2>/dev/null | awk '/^ms /{print $2}' >>"$W/pod.ms"
done
stats() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR == 0) {print "none"; exit} m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "min %.1f median %.1f max %.1f ms (%d runs)", a[1], m, a[NR], NR}'; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR == 0) {print 0; exit} print NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "host       run --rm true: $(stats "$W/host.ms")"
echo "privileged run --rm true: $(stats "$W/pod.ms")"
echo "load: $(uptime | sed 's/.*load average: //')"
echo "nested ratio privileged/host: $(awk -v p="$(median "$W/pod.ms")" -v h="$(median "$W/host.ms")" 'BEGIN { if (h > 0) printf "%.3f", p / h; else print "n/a" }')"
