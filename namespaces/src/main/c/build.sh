#!/usr/bin/env bash
# Builds the stage-1 helper for every architecture Berth supports, so that one jar serves them
# all (as JNA and zstd-jni ship theirs): a static, stripped binary at
# OUTDIR/linux-<arch>/berth-stage1 for x86_64 and aarch64, whatever the build machine is.
# Called by Maven (exec plugin, generate-resources) with OUTDIR = the resource directory and
# MANIFEST = a manifest fragment the jar plugin merges into the jar's MANIFEST.MF.
#
# Compilers, per architecture (the first one found):
#   the build machine's own:  BERTH_CC, else musl-gcc, else cc
#   the other one:            BERTH_CC_<ARCH> (BERTH_CC_AARCH64, BERTH_CC_X86_64), else
#                             <arch>-linux-musl-gcc, else <arch>-linux-gnu-gcc (Debian:
#                             gcc-aarch64-linux-gnu + libc6-dev-arm64-cross; glibc linked
#                             statically is fine: the helper uses no NSS, dlopen or iconv)
# An architecture without a compiler is left out with a warning naming it and the packages to
# install; the build does not fail. A compiler that is present but fails does fail the build.
# Writes OUTDIR/architectures (the helpers present, one per line, read at run time) and the
# manifest's Berth-Native-Architectures line. Needs no network.
set -euo pipefail

out=${1:?usage: build.sh OUTDIR [MANIFEST]}
manifest=${2:-}
src=$(cd "$(dirname "$0")/stage1" && pwd)
all=(x86_64 aarch64)
case $(uname -m) in
	x86_64 | amd64) host=x86_64 ;;
	aarch64 | arm64) host=aarch64 ;;
	*) host=none ;; # every architecture is then a cross build
esac

# The compiler for $1, or nothing.
compiler() {
	local arch=$1 var c
	if [[ $arch == "$host" ]]; then
		if [[ -n ${BERTH_CC:-} ]]; then echo "$BERTH_CC"; return; fi
		if command -v musl-gcc >/dev/null 2>&1; then echo musl-gcc; return; fi
		if command -v cc >/dev/null 2>&1; then echo cc; fi
		return
	fi
	var=BERTH_CC_${arch^^}
	if [[ -n ${!var:-} ]]; then echo "${!var}"; return; fi
	for c in "$arch-linux-musl-gcc" "$arch-linux-gnu-gcc"; do
		if command -v "$c" >/dev/null 2>&1; then echo "$c"; return; fi
	done
}

# What to install for a cross compiler to $1 on Debian.
packages() {
	case $1 in
		aarch64) echo "gcc-aarch64-linux-gnu libc6-dev-arm64-cross" ;;
		x86_64) echo "gcc-x86-64-linux-gnu libc6-dev-amd64-cross" ;;
	esac
}

built=() missing=()
for arch in "${all[@]}"; do
	dest=$out/linux-$arch
	bin=$dest/berth-stage1
	# Up to date: nothing to do (Maven runs this on every build).
	if [[ -x $bin ]] && [[ -z $(find "$src" "$0" -newer "$bin" -print -quit) ]]; then
		built+=("$arch")
		continue
	fi
	cc=$(compiler "$arch")
	if [[ -z $cc ]]; then
		rm -f "$bin" # an outdated helper must not ship as if it were current
		missing+=("$arch")
		echo "build.sh: WARNING: no C compiler for $arch: the jar lacks linux-$arch/berth-stage1" \
			"and Berth will not run on $arch (install $(packages "$arch"), or set BERTH_CC_${arch^^})" >&2
		continue
	fi
	mkdir -p "$dest"
	# -Werror keeps the helper warning-free with the compilers we build on; set
	# BERTH_CFLAGS_EXTRA=-Wno-error if a newer compiler finds something harmless.
	"$cc" -std=c11 -Os -static -s -Wall -Wextra -Werror \
		-fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections -Wl,--gc-sections \
		${BERTH_CFLAGS_EXTRA:-} -o "$bin.tmp" "$src"/*.c
	mv -f "$bin.tmp" "$bin"
	built+=("$arch")
	echo "build.sh: built $bin with $cc ($(stat -c %s "$bin") bytes)"
done

mkdir -p "$out"
printf '%s\n' "${built[@]}" >"$out/architectures.tmp"
mv -f "$out/architectures.tmp" "$out/architectures"
if [[ -n $manifest ]]; then
	mkdir -p "$(dirname "$manifest")"
	printf 'Manifest-Version: 1.0\nBerth-Native-Architectures: %s\n' "${built[*]/#/linux-}" >"$manifest"
fi
if ((${#missing[@]})); then
	echo "build.sh: WARNING: the jar holds the stage-1 helper for ${built[*]:-no architecture}" \
		"and lacks it for ${missing[*]}" >&2
fi
