#!/usr/bin/env bash
# Real Dockerfiles (#18): `berth build` (the CLI, ./berth) against `buildah bud`, in one run.
#
#   bash bench/build-real.sh [ROUNDS] [NAME...]   (as root; default 3 rounds of redis nginx gcc;
#                                                  0 rounds: only make the cached base)
#
# Base: a Debian 12 (bookworm) minbase made by `debootstrap --variant=minbase` from the mirror
# this machine's apt uses (read from /etc/apt, never written here), cached in $BERTH_BENCH_CACHE
# (default /var/cache/berth-bench) under a lock, with a stamp naming the mirror. Its root file
# system becomes one image with `berth import`, saved as a docker-archive; that same archive is
# loaded into both sides (`berth load`, `buildah pull docker-archive:`), so both start from the
# same one-layer image with the same digest. Loading it is not timed.
#
# Dockerfiles: bench/build-real/{redis,nginx,gcc}/Dockerfile (apt-get in RUN steps: the network).
#
# Each round, per Dockerfile, the sides alternate (berth first in odd rounds, buildah first in
# even ones):
#   cold     a fresh store holding only the base image (Berth: a new --home; buildah: a new
#            private --root/--runroot), one timed build;
#   rebuild  the same build again, unchanged: every step from the cache.
# Buildah: `buildah bud --layers` (its cache, as docker build's), storage driver
# $BUILDAH_DRIVER (default overlay), isolation $BUILDAH_ISOLATION (default chroot: the fastest
# that works here: oci isolation with runc took 6.0 s against 3.4 s for a one-RUN build; crun
# fails on this hybrid-cgroup host; RUN then shares the host's network, as `--network host`).
# Berth: `./berth build --network $BERTH_NETWORK`: host by default, the network buildah's chroot
# isolation gives its RUN steps; BERTH_NETWORK=default times Berth's own NAT'd bridge endpoint
# per RUN (docker build's default), which takes the machine's network lock.
# Prints min/median/max per side and Dockerfile, `real build ratio berth/buildah: X` (median cold
# builds summed over the Dockerfiles; goal <= 0.8) and `real rebuild ratio berth/buildah: X`
# (goal <= 0.5), with `uptime` beside the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
ROUNDS=${1:-3}
shift || true
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(redis nginx gcc)
[ "$(id -u)" = 0 ] || { echo "bench/build-real.sh: needs root" >&2; exit 1; }
for tool in buildah debootstrap; do
  command -v $tool >/dev/null || { echo "bench/build-real.sh: needs $tool (apt-get install -y buildah debootstrap)" >&2; exit 1; }
done
[ -f cli/target/berth.jar ] || { echo "bench/build-real.sh: build the CLI first: mvn -o -B -q -pl cli -am -DskipTests -Dberth.skipArchive=true package" >&2; exit 1; }

CACHE=${BERTH_BENCH_CACHE:-/var/cache/berth-bench}
BUILDAH_DRIVER=${BUILDAH_DRIVER:-overlay}
DIR=${BERTH_BENCH_DOCKERFILES:-bench/build-real}   # another directory of NAME/Dockerfile: to profile
BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
BERTH_NETWORK=${BERTH_NETWORK:-host}
W=$(mktemp -d /tmp/berth-bench-build-real.XXXXXX)

# The Debian mirror apt uses here: the first source for bookworm (one-line sources.list or
# deb822 .sources), not the security archive.
debian_mirror() {
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" { u = $2; if (u ~ /^\[/) { for (i = 2; i <= NF; i++) if ($i ~ /\]$/) { u = $(i + 1); break } }
                           for (i = 3; i <= NF; i++) if ($i == "bookworm") { print u; exit } }'
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      # deb822 paragraphs: URIs and Suites of each; a paragraph ends at a blank line.
      awk 'function flush() { if (types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/ && enabled !~ /no/) { split(uris, u, " "); print u[1] }
                              types = uris = suites = enabled = "" }
           /^[ \t]*#/ { next }
           /^[ \t]*$/ { flush(); next }
           /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
           /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
           /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
           /^Enabled:/ { sub(/^Enabled:[ \t]*/, ""); enabled = $0 }
           END { flush() }' "$f"
    done
  } | head -n 1
}

MIRROR=$(debian_mirror)
[ -n "$MIRROR" ] || { echo "bench/build-real.sh: no bookworm source in /etc/apt/sources.list(.d): cannot debootstrap" >&2; exit 1; }

# The base: rootfs tar, then a docker-archive of it, each made once and kept while the stamp
# (mirror, suite, variant) matches. flock: two runs never debootstrap into the same place.
BASE_TAR=$CACHE/debian12-minbase.tar
BASE_IMAGE=$CACHE/debian12-minbase.docker-archive.tar
BASE_REF=berth-bench/debian:12-minbase
STAMP="debootstrap --variant=minbase bookworm $MIRROR"
make_base() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9
  if [ -f "$BASE_TAR" ] && [ -f "$BASE_IMAGE" ] && [ "$(cat "$CACHE/stamp" 2>/dev/null)" = "$STAMP" ]; then
    exec 9>&-
    return
  fi
  rm -f "$CACHE/stamp" "$BASE_TAR" "$BASE_IMAGE"
  local root="$CACHE/root.tmp"
  rm -rf "$root"
  echo "debootstrap --variant=minbase bookworm from $MIRROR (once; cached in $CACHE)"
  local t0=$(date +%s)
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { echo "bench/build-real.sh: debootstrap failed, see $CACHE/debootstrap.log" >&2; exit 1; }
  # As an image has it: no device nodes (the engine mounts /dev), no downloaded .debs, apt's
  # lists empty; the mirror apt uses here as the image's sources.list.
  rm -rf "$root"/dev/* "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/proc/* "$root"/sys/*
  echo "deb $MIRROR bookworm main" >"$root/etc/apt/sources.list"
  tar --numeric-owner --xattrs --xattrs-include='*' -C "$root" -cf "$BASE_TAR.tmp" .
  rm -rf "$root"
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  # One image from it, saved as a docker-archive: the same layer for both sides.
  local home="$W/base-home"
  ./berth --home "$home" import "$BASE_TAR" "$BASE_REF" >/dev/null
  ./berth --home "$home" save -o "$BASE_IMAGE.tmp" "$BASE_REF"
  rm -rf "$home"
  mv "$BASE_IMAGE.tmp" "$BASE_IMAGE"
  echo "$STAMP" >"$CACHE/stamp"
  echo "base made in $(( $(date +%s) - t0 )) s: $(du -h "$BASE_TAR" | cut -f1) rootfs"
  exec 9>&-
}

# unmount_under DIR: every mount point below DIR, deepest first.
unmount_under() {
  awk -v d="$1/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r \
    | while read -r m; do umount -l "$m" 2>/dev/null || true; done
}
# Private buildah stores, one per cold build; all under $W.
buildah_in() { local store=$1; shift; buildah --root "$store/root" --runroot "$store/run" --storage-driver "$BUILDAH_DRIVER" "$@"; }
buildah_clean() {
  local store=$1
  [ -d "$store" ] || return 0
  buildah_in "$store" rm -a >/dev/null 2>&1 || true
  buildah_in "$store" rmi -a -f >/dev/null 2>&1 || true
  # containers-storage keeps its overlay home (and layers) mounted; every mount under the store
  # goes, deepest first.
  unmount_under "$store"
  rm -rf "$store"
}
berth_clean() {
  local home=$1
  [ -d "$home" ] || return 0
  unmount_under "$home"
  rm -rf "$home"
}
cleanup() {
  for d in "$W"/buildah-* ; do buildah_clean "$d"; done
  for d in "$W"/berth-* ; do berth_clean "$d"; done
  rm -rf "$W"
}
trap cleanup EXIT

make_base
[ "$ROUNDS" -gt 0 ] || { echo "base ready: $BASE_IMAGE"; exit 0; }

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# time_berth HOME NAME LOG: one build, its ms on stdout.
# With --network default, Berth's RUN steps make its default bridge and NAT rules: then under
# the machine's network lock (/tmp/berth-net.lock, taken before the clock starts), as the
# network tests are.
time_berth() {
  local home=$1 name=$2 log=$3 t0 took
  if [ "$BERTH_NETWORK" = default ]; then
    exec 8>/tmp/berth-net.lock
    flock 8
  fi
  t0=$(date +%s%N)
  ./berth --home "$home" build --network "$BERTH_NETWORK" -t "bench/$name" -f "$DIR/$name/Dockerfile" "$DIR/$name" \
    >>"$log" 2>&1 8>&- || { echo "berth build of $name failed: tail $log" >&2; tail -20 "$log" >&2; exit 1; }
  took=$(ms "$t0")
  exec 8>&-
  echo "$took"
}
time_buildah() {
  local store=$1 name=$2 log=$3 t0
  t0=$(date +%s%N)
  buildah_in "$store" bud --layers --isolation "$BUILDAH_ISOLATION" -t "bench/$name" \
    -f "$DIR/$name/Dockerfile" "$DIR/$name" >>"$log" 2>&1 \
    || { echo "buildah bud of $name failed: tail $log" >&2; tail -20 "$log" >&2; exit 1; }
  ms "$t0"
}
# Berth's load keeps the layer packed until first use, while buildah's pull unpacks it: a
# one-LABEL build unpacks it into Berth's layer store too, so both cold builds start unpacked.
mkdir -p "$W/unpack"
printf 'FROM %s\nLABEL berth.bench=unpacked\n' "$BASE_REF" >"$W/unpack/Dockerfile"
prepare_berth() {
  berth_clean "$1"
  ./berth --home "$1" load -i "$BASE_IMAGE" >/dev/null
  ./berth --home "$1" build -q "$W/unpack" >/dev/null
}
prepare_buildah() { buildah_clean "$1"; buildah_in "$1" pull -q "docker-archive:$BASE_IMAGE" >/dev/null; }

# results: lines "side kind name ms"
RES=$W/results
: >"$RES"
echo "rounds: $ROUNDS; Dockerfiles: ${NAMES[*]}; buildah $BUILDAH_DRIVER/$BUILDAH_ISOLATION; berth RUN network $BERTH_NETWORK; mirror $MIRROR"
echo "uptime at start: $(uptime)"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then sides=(berth buildah); else sides=(buildah berth); fi
  for name in "${NAMES[@]}"; do
    for side in "${sides[@]}"; do
      store="$W/$side-$name"
      log="$W/$side-$name-$round.log"
      "prepare_$side" "$store"
      cold=$("time_$side" "$store" "$name" "$log")
      re=$("time_$side" "$store" "$name" "$log")
      echo "$side cold $name $cold" >>"$RES"
      echo "$side rebuild $name $re" >>"$RES"
      printf 'round %d %-7s %-5s cold %6d ms  rebuild %6d ms  load %s\n' "$round" "$side" "$name" "$cold" "$re" "$(cut -d' ' -f1-3 /proc/loadavg)"
      "${side}_clean" "$store"
    done
  done
done
echo "uptime at end: $(uptime)"

# stat SIDE KIND NAME: "min median max" of the matching lines.
stat() {
  awk -v s="$1" -v k="$2" -v n="$3" '$1 == s && $2 == k && $3 == n { print $4 }' "$RES" | sort -n \
    | awk '{ a[NR] = $1 } END { if (NR) printf "%d %d %d", a[1], a[int((NR + 1) / 2)], a[NR] }'
}
for kind in cold rebuild; do
  for name in "${NAMES[@]}"; do
    for side in berth buildah; do
      read -r lo med hi <<<"$(stat $side $kind "$name")"
      printf '%-8s %-7s %-6s min %7d  median %7d  max %7d ms\n' "$kind" "$side" "$name" "$lo" "$med" "$hi"
    done
  done
done
# The ratio of the summed medians, so that every Dockerfile counts by its time.
ratio() {
  local kind=$1 b=0 p=0 name
  for name in "${NAMES[@]}"; do
    b=$(( b + $(stat berth "$kind" "$name" | cut -d' ' -f2) ))
    p=$(( p + $(stat buildah "$kind" "$name" | cut -d' ' -f2) ))
  done
  awk -v b="$b" -v p="$p" 'BEGIN { printf "%.3f", b / p }'
}
echo "real build ratio berth/buildah: $(ratio cold)"
echo "real rebuild ratio berth/buildah: $(ratio rebuild)"
