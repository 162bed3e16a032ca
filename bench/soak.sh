#!/usr/bin/env bash
# Soak: many containers through one JVM, then everything must be back where it started.
#
#   bash bench/soak.sh [CONTAINERS] [PARALLEL] [SECONDS]   (as root; defaults 2000, 50, 600)
#
# dev.berth.soak.SoakBench starts CONTAINERS busybox containers, PARALLEL at a time, each with an
# exec and its logs read, and removes them, stopping early at SECONDS (the run is bounded in time;
# it then reports how many it did and fails). Before and after it prints the JVM's open fds,
# threads, heap after GC, the mounts naming the home, the host's berth-* cgroups and the store's
# bytes, and fails if any grew (the heap by more than 8 MiB, threads by more than 2) or a cgroup
# of a soak container is left.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/test-classpath.sh
CONTAINERS=${1:-2000}
PARALLEL=${2:-50}
SECONDS_MAX=${3:-600}
[ "$(id -u)" = 0 ] || { echo "bench/soak.sh: needs root" >&2; exit 1; }

W=$(mktemp -d /tmp/berth-soak.XXXXXX)
trap 'rm -rf "$W"' EXIT
test_classpath "$W"
# Each container holds a few fds while it runs (pidfd, pipes, log): PARALLEL of them need room.
ulimit -n "$(ulimit -Hn)"
java -Xmx512m -cp "$CP" dev.berth.soak.SoakBench "$W/home" \
  "$CONTAINERS" "$PARALLEL" "$SECONDS_MAX"
