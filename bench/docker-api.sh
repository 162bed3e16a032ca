#!/usr/bin/env bash
# Testcontainers on the Docker Engine API: a busybox GenericContainer started, waited for (its
# "ready" log line) and stopped, RUNS times in one JVM after a warm-up run
# (testcontainers-tests' StartStopBench), three ways:
#
#   bash bench/docker-api.sh [RUNS] [WAYS]   (as root; default 50 runs, WAYS "in-process berth-serve dockerd")
#
#  in-process   berth-testcontainers on the class path: the engine and its API server inside
#               the test JVM (Testcontainers finds it through ServiceLoader).
#  berth-serve  DOCKER_HOST at `./berth serve` on a private socket, on the same store.
#  dockerd      DOCKER_HOST at a real dockerd (Debian's docker.io) this script starts on a private
#               socket, data root, exec root and pidfile (--bridge none --iptables=false: its
#               containers get loopback only, so it does less network work than Berth), with
#               the same image `docker load`ed; stopped at the end.
# Each way is its own JVM (Testcontainers picks one engine per JVM); Ryuk and Testcontainers'
# start-up checks are off for all three (they pull images from Docker Hub). The image is
# localhost/berth-demo (the host's busybox; `berth demo` stores it).
# Prints the mean and p50 per run of each way, `testcontainers ratio berth/dockerd: X` (in-process
# over dockerd, mean per run; goal <= 0.5), the same for berth serve, and the p50 of 20
# `docker ps` (the whole client process) against the berth serve and dockerd sockets.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-50}
WAYS=${2:-in-process berth-serve dockerd}
[ "$(id -u)" = 0 ] || { echo "bench/docker-api.sh: needs root" >&2; exit 1; }
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker) || { echo "bench/docker-api.sh: needs the docker CLI (apt-get install docker.io)" >&2; exit 1; }
IMAGE=localhost/berth-demo:latest

W=$(mktemp -d /tmp/berth-bench-docker-api.XXXXXX)
SERVE_PID=""
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill -TERM "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  if [ -f "$W/d/pid" ]; then
    DPID=$(cat "$W/d/pid")
    kill -TERM "$DPID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
  fi
  for id in $(./berth --home "$W/home" ps -a -q 2>/dev/null); do ./berth --home "$W/home" rm -f "$id" >/dev/null 2>&1 || true; done
  grep -o " $W/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

# testcontainers-tests' test class path (StartStopBench, berth-testcontainers, Testcontainers,
# core, docker-api), unless BERTH_BENCH_CP names one built already (while iterating).
if [ -n "${BERTH_BENCH_CP:-}" ]; then
  CP=$BERTH_BENCH_CP
else
  mvn -B -o -q -pl cli -am -DskipTests package >/dev/null
  mvn -B -o -q -DskipTests -pl testcontainers-tests -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$W/cp.txt" >/dev/null
  CP="$PWD/testcontainers-tests/target/test-classes:$(cat "$W/cp.txt")"
fi
# Without berth-testcontainers, for the ways through DOCKER_HOST.
CP_DOCKER_HOST=$(tr ':' '\n' <<<"$CP" | grep -v 'berth-testcontainers-[^/]*\.jar$' | grep -v '/testcontainers/target/classes$' | paste -sd:)
# Testcontainers logs each container at INFO; only warnings here.
printf 'handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n' > "$W/logging.properties"
JAVA=(java -XX:+UseSerialGC -Djava.util.logging.config.file="$W/logging.properties" -Duser.home="$W/user")
# The host override: Testcontainers in a container (/.dockerenv) would ask the engine for its
# bridge network's gateway, and this dockerd has none; the engines all run on this host.
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
unset DOCKER_HOST
: > "$W/results"

./berth --home "$W/home" demo >/dev/null

# One way: StartStopBench prints `testcontainers ENGINE runs=N p50_ms=… mean_ms=… total_ms=…`;
# a way that fails is reported and the others still run.
measure() {
  local label=$1; shift
  echo "$label..." >&2
  if "${JAVA[@]}" "$@" dev.berth.testcontainers.tests.StartStopBench "$IMAGE" "$RUNS" >"$W/$label.out"; then
    echo "$label $(grep '^testcontainers ' "$W/$label.out")" >>"$W/results"
  else
    echo "$label: FAILED (its output is above)" >&2
  fi
}

# The p50 in ms of 20 `docker ps` against a socket, after one warm-up.
ps_p50() {
  "$DOCKER" -H "$1" ps >/dev/null
  for _ in $(seq 20); do
    t0=$(date +%s%N); "$DOCKER" -H "$1" ps >/dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000))
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (v[10] + v[11]) / 2 / 1000 }'
}

await() {
  for _ in $(seq 600); do "$DOCKER" -H "$1" version >/dev/null 2>&1 && return; sleep 0.1; done
  echo "bench/docker-api.sh: nothing answers on $1" >&2; return 1
}

for way in $WAYS; do
  case $way in
    in-process)
      measure in-process -Dberth.home="$W/home" -cp "$CP" ;;
    berth-serve)
      ./berth --home "$W/home" serve --socket "unix://$W/serve.sock" 2>"$W/serve.log" &
      SERVE_PID=$!
      await "unix://$W/serve.sock"
      DOCKER_HOST="unix://$W/serve.sock" measure berth-serve -cp "$CP_DOCKER_HOST"
      echo "berth-serve ps_p50_ms=$(ps_p50 "unix://$W/serve.sock")" >>"$W/results"
      kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true; SERVE_PID="" ;;
    dockerd)
      if ! command -v dockerd >/dev/null; then
        echo "no dockerd (apt-get install docker.io): the ratio against Docker is not measured" >&2
        continue
      fi
      mkdir -p "$W/d"
      dockerd -H "unix://$W/d/d.sock" --data-root "$W/d/root" --exec-root "$W/d/exec" --pidfile "$W/d/pid" \
        --bridge none --iptables=false >"$W/d/dockerd.log" 2>&1 &
      await "unix://$W/d/d.sock"
      ./berth --home "$W/home" save -o "$W/image.tar" "$IMAGE"
      "$DOCKER" -H "unix://$W/d/d.sock" load -q -i "$W/image.tar" >/dev/null
      DOCKER_HOST="unix://$W/d/d.sock" measure dockerd -cp "$CP_DOCKER_HOST"
      echo "dockerd ps_p50_ms=$(ps_p50 "unix://$W/d/d.sock")" >>"$W/results" ;;
    *)
      echo "bench/docker-api.sh: unknown way $way (in-process, berth-serve, dockerd)" >&2; exit 1 ;;
  esac
done

# The value of KEY=… on the lines of one way.
field() { awk -v l="$1" -v f="$2" '$1 == l { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$W/results"; }
for l in in-process berth-serve dockerd; do
  if [ -n "$(field $l mean_ms)" ]; then
    echo "$l: per run mean ms $(field $l mean_ms), p50 ms $(field $l p50_ms)"
  fi
done
ratio() { awk -v b="$1" -v d="$2" 'BEGIN { printf "%.3f", b / d }'; }
if [ -n "$(field dockerd mean_ms)" ] && [ -n "$(field in-process mean_ms)" ]; then
  echo "testcontainers ratio berth/dockerd: $(ratio "$(field in-process mean_ms)" "$(field dockerd mean_ms)")"
fi
if [ -n "$(field dockerd mean_ms)" ] && [ -n "$(field berth-serve mean_ms)" ]; then
  echo "testcontainers ratio berth-serve/dockerd: $(ratio "$(field berth-serve mean_ms)" "$(field dockerd mean_ms)")"
fi
for l in berth-serve dockerd; do
  if [ -n "$(field $l ps_p50_ms)" ]; then
    echo "docker ps p50 ms ($l): $(field $l ps_p50_ms)"
  fi
done
