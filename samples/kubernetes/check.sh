#!/usr/bin/env bash
# Checks the manifests here with `kubectl create --dry-run=client --validate=false -o yaml -f`,
# as far as a client can without a cluster. kubectl still asks a server which kinds exist (API
# discovery), so this script serves a minimal discovery document for the kinds the manifests
# use (Deployment, Service, Job) on 127.0.0.1; nothing else is served, no cluster is involved.
set -euo pipefail
cd "$(dirname "$0")"
command -v kubectl >/dev/null || { echo "check.sh: needs kubectl (Debian: kubernetes-client)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "check.sh: needs python3" >&2; exit 1; }
W=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$W"' EXIT
cat >"$W/discovery.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
def res(name, kind, namespaced=True):
    return {"name": name, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
            "verbs": ["create", "get", "list", "delete", "patch", "update"]}
DOCS = {
    "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": g, "versions": [{"groupVersion": g + "/v1", "version": "v1"}],
         "preferredVersion": {"groupVersion": g + "/v1", "version": "v1"}} for g in ("apps", "batch")]},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [res("services", "Service"), res("secrets", "Secret")]},
    "/apis/apps/v1": {"kind": "APIResourceList", "groupVersion": "apps/v1", "resources": [res("deployments", "Deployment")]},
    "/apis/batch/v1": {"kind": "APIResourceList", "groupVersion": "batch/v1", "resources": [res("jobs", "Job")]},
}
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        doc = DOCS.get(self.path.split("?")[0])
        body = json.dumps(doc if doc else {"kind": "Status", "code": 404}).encode()
        self.send_response(200 if doc else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$W/discovery.py" >"$W/port" &
pid=$!
for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
server="http://127.0.0.1:$(cat "$W/port")"
status=0
for f in *.yaml; do
  if out=$(kubectl --server "$server" --cache-dir "$W/cache" create --dry-run=client --validate=false -o yaml -f "$f" 2>&1); then
    echo "$f: OK ($(grep -c '^kind:' <<<"$out" || true) objects: $(grep '^kind:' <<<"$out" | cut -d' ' -f2 | tr '\n' ' '))"
  else
    echo "$f: FAIL: $out"; status=1
  fi
done
exit $status
