#!/usr/bin/env bash
# Published-port path against the direct path to the same server, in one run.
#
#   bash bench/network.sh [MB_PER_RUN] [ROUNDS] [CONNECTIONS]     (as root; defaults 512 3 1000)
#
#  One busybox container on Berth's default bridge publishes port 9000; a Java server whose
#  socket was opened inside the container's network namespace (Container.networkNamespace())
#  reads and discards. From the JVM (dev.berth.NetworkBench):
#  published  127.0.0.1:<mapped port>: DNAT (nftables, or iptables) in the host's output hook,
#             then the bridge and the veth into the container,
#  direct     <container address>:9000 over the bridge and veth, no NAT.
#  proxy      the same with a second container whose port is forced through the JVM's NIO port
#             proxy (berth.network.publish=proxy), the fallback of hosts without nft/iptables.
#  Bulk throughput: MB_PER_RUN MiB per run, best of ROUNDS alternating rounds; connection rate:
#  CONNECTIONS sequential connect + close per path.
# Prints `network ratio published/direct: X` (bulk throughput; goal >= 0.8).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-512}
ROUNDS=${2:-3}
CONNECTIONS=${3:-1000}
[ "$(id -u)" = 0 ] || { echo "bench/network.sh: needs root" >&2; exit 1; }

W=$(mktemp -d /tmp/berth-bench-network.XXXXXX)
trap 'rm -rf "$W"' EXIT

mvn -B -o -q -DskipTests -pl core -am package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" >/dev/null
CP="core/target/test-classes:core/target/classes:$(cat "$W/cp.txt")"

timeout 300 java -cp "$CP" dev.berth.NetworkBench \
  "$W/home" "$MB" "$ROUNDS" "$CONNECTIONS"
