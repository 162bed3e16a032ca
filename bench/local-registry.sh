# Sourced by bench scripts: starts the test fixture LocalRegistry (docker-registry on a free
# 127.0.0.1 port) with its data in $1/registry, using class path $2. Sets HOST and REG_PID and
# keeps the registry's stdin open on fd 3; stop_local_registry (call it from the EXIT trap)
# closes it, which stops the registry.
start_local_registry() {
  local dir=$1 cp=$2
  mkfifo "$dir/reg-in"
  java -cp "$cp" dev.berth.registry.testing.LocalRegistry "$dir/registry" <"$dir/reg-in" >"$dir/reg-out" 2>&1 &
  REG_PID=$!
  exec 3>"$dir/reg-in"
  for _ in $(seq 100); do
    HOST=$(head -n1 "$dir/reg-out" 2>/dev/null || true)
    [[ "$HOST" == 127.0.0.1:* ]] && return 0
    sleep 0.1
  done
  echo "registry did not start: $(cat "$dir/reg-out")" >&2
  return 1
}

stop_local_registry() {
  if [ -n "${REG_PID:-}" ]; then
    exec 3>&- 2>/dev/null || true
    kill "$REG_PID" 2>/dev/null || true
    wait "$REG_PID" 2>/dev/null || true
  fi
}
