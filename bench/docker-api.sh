#!/usr/bin/env bash
# Testcontainers on the Docker Engine API: a busybox GenericContainer started, waited for (its
# "ready" log line) and stopped, RUNS times in one JVM (after 2 warm-up runs), three ways:
#
#   bash bench/docker-api.sh [RUNS] [WAYS]   (as root; default 50 runs, WAYS "in-process berth-serve dockerd")
#
#  in-process   berth-testcontainers on the class path: the engine and its API server inside
#               the test JVM (Testcontainers finds it through ServiceLoader).
#  berth serve  DOCKER_HOST at `./berth serve` on a private socket, on the same store.
#  dockerd      DOCKER_HOST at a real dockerd (Debian's docker.io) this script starts on a private
#               socket, data root, exec root and pidfile (--bridge none --iptables=false: its
#               containers get loopback only, so it does less network work than Berth), with
#               the same image `docker load`ed; stopped at the end.
# Each way is its own JVM (Testcontainers picks one engine per JVM); Ryuk and Testcontainers'
# start-up checks are off for all three (they pull images from Docker Hub). The image is
# localhost/berth-demo (the host's busybox; `berth demo` stores it).
# Prints the mean and p50 per run, `testcontainers ratio berth/dockerd: X` (in-process over
# dockerd, mean per run; goal <= 0.5), the same for berth serve, and the p50 of 20 `docker ps`
# against each socket.
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
  [ -n "$SERVE_PID" ] && kill -TERM "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true
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

# The class path of berth-testcontainers and its dependencies (Testcontainers, core, docker-api),
# unless BERTH_BENCH_CP names one built already (while iterating).
if [ -n "${BERTH_BENCH_CP:-}" ]; then
  DEPS=$BERTH_BENCH_CP
else
  mvn -B -o -q -pl cli -am -DskipTests package >/dev/null
  mvn -B -o -q -DskipTests -pl testcontainers -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$W/cp.txt" >/dev/null
  DEPS=$(cat "$W/cp.txt")
fi
# Testcontainers logs each container at INFO; only warnings here.
printf 'handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n' > "$W/logging.properties"
JAVA=(java -XX:+UseSerialGC -Djava.util.logging.config.file="$W/logging.properties" -Duser.home="$W/user" -Ddocker="$DOCKER")
# The host override: Testcontainers in a container (/.dockerenv) would ask the engine for its
# bridge network's gateway, and this dockerd has none; the engines all run on this host.
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
unset DOCKER_HOST
: > "$W/results"

./berth --home "$W/home" demo >/dev/null

# One way: its JVM prints a RESULT line; a way that fails is reported and the others still run.
measure() {
  local label=$1; shift
  echo "$label..." >&2
  if ! "${JAVA[@]}" "$@" bench/DockerApiBench.java "$label" "$RUNS" "$IMAGE" >>"$W/results"; then
    echo "$label: FAILED (its output is above)"
  fi
}

for way in $WAYS; do
  case $way in
    in-process)
      measure in-process -Dberth.home="$W/home" -cp "$PWD/testcontainers/target/classes:$DEPS" ;;
    berth-serve)
      ./berth --home "$W/home" serve --socket "unix://$W/serve.sock" 2>"$W/serve.log" &
      SERVE_PID=$!
      for _ in $(seq 600); do "$DOCKER" -H "unix://$W/serve.sock" version >/dev/null 2>&1 && break; sleep 0.1; done
      DOCKER_HOST="unix://$W/serve.sock" measure berth-serve -cp "$DEPS"
      kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true; SERVE_PID="" ;;
    dockerd)
      if ! command -v dockerd >/dev/null; then
        echo "no dockerd (apt-get install docker.io): the ratio against Docker is not measured" >&2
        continue
      fi
      mkdir -p "$W/d"
      dockerd -H "unix://$W/d/d.sock" --data-root "$W/d/root" --exec-root "$W/d/exec" --pidfile "$W/d/pid" \
        --bridge none --iptables=false >"$W/d/dockerd.log" 2>&1 &
      for _ in $(seq 600); do "$DOCKER" -H "unix://$W/d/d.sock" version >/dev/null 2>&1 && break; sleep 0.1; done
      ./berth --home "$W/home" save -o "$W/image.tar" "$IMAGE"
      "$DOCKER" -H "unix://$W/d/d.sock" load -q -i "$W/image.tar" >/dev/null
      DOCKER_HOST="unix://$W/d/d.sock" measure dockerd -cp "$DEPS" ;;
    *)
      echo "bench/docker-api.sh: unknown way $way (in-process, berth-serve, dockerd)" >&2; exit 1 ;;
  esac
done

field() { awk -v l="$1" -v f="$2" '$1 == "RESULT" && $2 == l { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$W/results"; }
for l in in-process berth-serve dockerd; do
  if [ -n "$(field $l mean_ms)" ]; then
    echo "$l: per run mean ms $(field $l mean_ms), p50 ms $(field $l p50_ms); docker ps p50 ms $(field $l ps_p50_ms)"
  fi
done
if [ -n "$(field dockerd mean_ms)" ] && [ -n "$(field in-process mean_ms)" ]; then
  echo "testcontainers ratio berth/dockerd: $(awk -v b="$(field in-process mean_ms)" -v d="$(field dockerd mean_ms)" 'BEGIN { printf "%.3f", b / d }')"
fi
if [ -n "$(field dockerd mean_ms)" ] && [ -n "$(field berth-serve mean_ms)" ]; then
  echo "testcontainers ratio berth-serve/dockerd: $(awk -v b="$(field berth-serve mean_ms)" -v d="$(field dockerd mean_ms)" 'BEGIN { printf "%.3f", b / d }')"
  echo "docker ps p50 ratio berth-serve/dockerd: $(awk -v b="$(field berth-serve ps_p50_ms)" -v d="$(field dockerd ps_p50_ms)" 'BEGIN { printf "%.3f", b / d }')"
fi
