#!/usr/bin/env bash
# Crash safety: a JVM killed with SIGKILL at a random point during pull, commit, run and build; after each
# kill, a new JVM's Berth.open() must find a consistent store and remove every leftover.
#
#   bash bench/crash.sh [TRIALS]     (as root; default 20)
#
# Each trial starts dev.berth.crash.CrashVictim on one shared home, looping one operation (pull
# from a local docker-registry of a 3 x 8 MiB layer image, commit of a container that wrote 8 MiB,
# run with exec and logs; in turn), kills it with SIGKILL 0.2-3 s after its first whole round, then runs
# dev.berth.crash.CrashCheck: Berth.open() + Berth.check() (`berth system check`: every blob's
# digest, every reference, every layer) must report no problem and no leftover, and the host no
# mount, process or cgroup of the dead JVM's containers. Prints each trial's outcome; exits 1 on
# any inconsistency or leftover.
# Operations in turn: pull, commit, run, build (ImageBuilder: RUN steps into layers, then tag).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/test-classpath.sh
. bench/local-registry.sh
TRIALS=${1:-20}
[ "$(id -u)" = 0 ] || { echo "bench/crash.sh: needs root" >&2; exit 1; }
for c in docker-registry skopeo java mvn; do
  command -v "$c" >/dev/null || { echo "bench/crash.sh: $c is not installed" >&2; exit 1; }
done

W=$(mktemp -d /tmp/berth-crash.XXXXXX)
REG_PID=""
VICTIM=""
cleanup() {
  [ -n "$VICTIM" ] && kill -9 "$VICTIM" 2>/dev/null || true
  stop_local_registry
  rm -rf "$W"
}
trap cleanup EXIT

test_classpath "$W"
JAVA=(java -cp "$CP")

start_local_registry "$W" "$CP"
REF="$HOST/crash/pull:v1"
"${JAVA[@]}" dev.berth.image.remote.PullBench build "$W/source" crash/source:v1 3 8 >/dev/null
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$W/source:docker.io/crash/source:v1" "docker://$REF"

OPS=(pull commit run build)
failed=0
for t in $(seq 1 "$TRIALS"); do
  op=${OPS[$(( (t - 1) % ${#OPS[@]} ))]}
  "${JAVA[@]}" dev.berth.crash.CrashVictim "$W/home" "$op" "$REF" >"$W/victim.out" 2>&1 &
  VICTIM=$!
  for _ in $(seq 1200); do grep -q ready "$W/victim.out" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "$W/victim.out" || { echo "trial $t: victim did not start: $(cat "$W/victim.out")"; failed=1; }
  delay=$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 2.8 }')
  sleep "$delay"
  if ! kill -0 "$VICTIM" 2>/dev/null; then
    echo "trial $t: the victim ended by itself: $(tail -5 "$W/victim.out")"; failed=1
  fi
  kill -9 "$VICTIM" 2>/dev/null || true
  wait "$VICTIM" 2>/dev/null || true
  VICTIM=""
  at="$(grep '^round' "$W/victim.out" | tail -1)"
  if out=$("${JAVA[@]}" dev.berth.crash.CrashCheck "$W/home" 2>&1); then
    echo "trial $t: $op killed ${delay}s after ready, in $at: $(echo "$out" | tail -1)"
  else
    echo "trial $t: $op killed ${delay}s after ready, in $at: $out"
    failed=1
  fi
done
echo "crash: $TRIALS trials, $([ $failed = 0 ] && echo "every store consistent and clean after the next open" || echo "FAILURES above")"
exit $failed
