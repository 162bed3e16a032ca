#!/usr/bin/env bash
# Builds the stage-1 helper: a static, stripped binary at OUTDIR/linux-<arch>/berth-stage1.
# Called by Maven (exec plugin, generate-resources) with OUTDIR = the resource directory.
# Uses musl-gcc when present (small binary, no glibc static-linking caveats), else `cc`.
# Override the compiler with BERTH_CC. Needs no network.
set -euo pipefail

out=${1:?usage: build.sh OUTDIR}
src=$(cd "$(dirname "$0")/stage1" && pwd)
case $(uname -m) in
	x86_64 | amd64) arch=x86_64 ;;
	aarch64 | arm64) arch=aarch64 ;;
	*) echo "build.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
dest=$out/linux-$arch
bin=$dest/berth-stage1

# Up to date: nothing to do (Maven runs this on every build).
if [[ -x $bin ]] && [[ -z $(find "$src" "$0" -newer "$bin" -print -quit) ]]; then
	exit 0
fi

cc=${BERTH_CC:-}
if [[ -z $cc ]]; then
	if command -v musl-gcc >/dev/null 2>&1; then cc=musl-gcc; else cc=cc; fi
fi
mkdir -p "$dest"
# -Werror keeps the helper warning-free with the compilers we build on; set
# BERTH_CFLAGS_EXTRA=-Wno-error if a newer compiler finds something harmless.
"$cc" -std=c11 -Os -static -s -Wall -Wextra -Werror \
	-fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections -Wl,--gc-sections \
	${BERTH_CFLAGS_EXTRA:-} -o "$bin.tmp" "$src"/*.c
mv -f "$bin.tmp" "$bin"
echo "build.sh: built $bin with $cc ($(stat -c %s "$bin") bytes)"
