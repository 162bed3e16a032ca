#!/usr/bin/env bash
# exec latency from a warm JVM, this tree against a base commit, in one run.
#
#   bash bench/exec.sh [BASE] [RUNS] [ROUNDS]     (as root; defaults b8f9d34, 200 execs, 5 rounds)
#
# Builds BASE in a throwaway worktree under /tmp and this tree, compiles dev.berth.ExecBench
# (this tree's source) against each, then runs ROUNDS rounds, alternating the two builds; each
# round is a fresh JVM with a running busybox container (memory and pids limits, so an exec joins
# its cgroups), 50 warm-up execs and RUNS timed `exec true`. Prints p50 and p99 per build over
# every timed exec, and the difference.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-b8f9d34}
RUNS=${2:-200}
ROUNDS=${3:-5}
[ "$(id -u)" = 0 ] || { echo "bench/exec.sh: needs root" >&2; exit 1; }
W=$(mktemp -d /tmp/berth-bench-exec.XXXXXX)
cleanup() { git worktree remove --force "$W/base" >/dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT
git worktree add -q --detach "$W/base" "$BASE"

# The dependency jars (the same for both builds while the poms agree): from the dependency plugin,
# else, where it cannot resolve offline, from the class path a surefire run of core recorded.
deps() {
  if mvn -B -o -q -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$W/deps.txt" >/dev/null 2>&1; then
    tr ':' '\n' < "$W/deps.txt" | grep -v '/target/' | paste -sd:
    return
  fi
  local report
  report=$(ls core/target/surefire-reports/TEST-*.xml 2>/dev/null | head -1)
  [ -n "$report" ] || { echo "bench/exec.sh: no dependency class path: run one core test first" >&2; exit 1; }
  grep -o 'name="surefire.test.class.path" value="[^"]*"' "$report" | sed 's/.*value="//; s/"$//' | tr ':' '\n' \
    | grep -v '/target/' | paste -sd:
}
classpath() { # $1: tree, $2: output dir; builds the tree, compiles ExecBench from this tree against it
  (cd "$1" && mvn -B -o -q -DskipTests -pl core -am package >/dev/null)
  local cp="$1/core/target/test-classes:$1/core/target/classes:$1/overlayfs/target/test-classes:$1/overlayfs/target/classes:$1/namespaces/target/test-classes:$1/namespaces/target/classes:$DEPS"
  mkdir -p "$2/bench"
  javac -d "$2/bench" -cp "$cp" core/src/test/java/dev/berth/ExecBench.java
  echo "$2/bench:$cp"
}
DEPS=$(deps)
mkdir -p "$W/b" "$W/n"
CP_BASE=$(classpath "$W/base" "$W/b")
CP_NEW=$(classpath "$PWD" "$W/n")
for r in $(seq "$ROUNDS"); do
  for v in base new; do
    cp_var="CP_${v^^}"
    java -cp "${!cp_var}" dev.berth.ExecBench "$W/home-$v-$r" "$RUNS" "$W/$v.us"
  done
done
pct() { sort -n "$1" | awk -v p="$2" '{ a[NR] = $1 } END { i = int(NR * p + 0.999999); if (i < 1) i = 1; printf "%.2f", a[i] / 1000 }'; }
for v in base new; do
  echo "exec $v ($([ $v = base ] && echo "$BASE" || git rev-parse --short HEAD)): n=$(wc -l < "$W/$v.us") p50 ms: $(pct "$W/$v.us" 0.5) p99 ms: $(pct "$W/$v.us" 0.99)"
done
echo "exec p50 difference ms (new - base): $(awk -v a="$(pct "$W/new.us" 0.5)" -v b="$(pct "$W/base.us" 0.5)" 'BEGIN { printf "%.2f", a - b }')"
