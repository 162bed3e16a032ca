#!/usr/bin/env bash
# Image build: Berth's ImageBuilder against `buildah bud`, in one run.
#
#   bash bench/build.sh [RUNS]      (as root; default 5 runs of each)
#
#  berth    RUNS builds of the Containerfile (Dockerfile frontend) with a cold build cache, each in a
#           fresh home that holds only the busybox image (stored and unpacked), in one JVM (dev.berth.BuildBench),
#           after one first build that is also the JVM's first (reported apart); then RUNS
#           unchanged rebuilds in a warm JVM.
#  buildah  RUNS `buildah bud --layers=false` of the same Containerfile (FROM the same busybox
#           image, pulled from Berth's docker-archive into a private overlay store; runc, as
#           ../shared/peers found crun fails on this host's hybrid cgroups).
# Recipe: FROM busybox, USER root, WORKDIR /, three RUN, two COPY.
# Prints `build ratio berth/buildah: X` (median cold build; goal <= 0.5) and the median
# unchanged rebuild time (goal < 100 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
[ "$(id -u)" = 0 ] || { echo "bench/build.sh: needs root" >&2; exit 1; }
command -v buildah >/dev/null && command -v runc >/dev/null || { echo "bench/build.sh: needs buildah and runc (apt-get install buildah runc)" >&2; exit 1; }

W=$(mktemp -d /tmp/berth-bench-build.XXXXXX)
BUILDAH=(buildah --root "$W/cs/root" --runroot "$W/cs/run" --storage-driver overlay)
cleanup() {
  "${BUILDAH[@]}" rmi -a -f >/dev/null 2>&1 || true
  # containers-storage keeps its overlay home as a private bind mount
  if mountpoint -q "$W/cs/root/overlay" 2>/dev/null; then umount "$W/cs/root/overlay"; fi
  rm -rf "$W"
}
trap cleanup EXIT

mkdir -p "$W/context"
echo "file a" >"$W/context/a.txt"
echo "file b" >"$W/context/b.txt"
cat >"$W/context/Containerfile" <<'CF'
FROM berth.test/busybox:1
USER root
WORKDIR /
RUN echo one > /one
COPY a.txt /a.txt
RUN cat /a.txt > /two
COPY b.txt /b.txt
RUN ls / > /three
CF

mvn -B -o -q -DskipTests -pl core -am package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="core/target/test-classes:core/target/classes:$(cat "$W/cp.txt")"

java -cp "$CP" dev.berth.BuildBench "$W/berth" "$W/context" \
  "$W/busybox.tar" "$RUNS" | tee "$W/berth.txt"

"${BUILDAH[@]}" pull -q "docker-archive:$W/busybox.tar" >/dev/null
BUD=("${BUILDAH[@]}" bud -q --runtime runc --layers=false -f "$W/context/Containerfile")
"${BUD[@]}" -t bench:warmup "$W/context" >/dev/null   # one untimed build, as the first Berth build is reported apart
ms=()
for i in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  "${BUD[@]}" -t "bench:$i" "$W/context" >/dev/null
  ms+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
buildah_median=$(printf '%s\n' "${ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int(NR / 2) + 1] }')
berth_median=$(awk -F': ' '/^berth cold build ms/ {print $2}' "$W/berth.txt")
echo "buildah cold build ms (median of $RUNS): $buildah_median  (all: ${ms[*]})"
echo "build ratio berth/buildah: $(awk -v b="$berth_median" -v p="$buildah_median" 'BEGIN { printf "%.3f", b / p }')"
echo "unchanged rebuild ms (warm JVM, median): $(awk -F': ' '/^berth unchanged rebuild/ {print $2}' "$W/berth.txt")"
