#!/bin/sh
# Writes OUT, a manifest fragment that the jar plugin merges into cli's jar (and so the shaded
# berth.jar) with the line the berth-namespaces jar carries: Berth-Native-Architectures, the
# stage-1 helpers built into it (#21), read from its resource native/architectures (one a line).
#
#   native-manifest.sh JDK_HOME CLASSPATH OUT
#
# CLASSPATH is cli's: the namespaces classes are a directory in a reactor build before
# `package`, else its jar. No helper found is an error: berth.jar would run on no machine.
set -eu
jdk=$1 classpath=$2 out=$3
resource=dev/berth/namespaces/launch/native/architectures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
found=
old_ifs=$IFS
IFS=:
for entry in $classpath; do
  case $entry in
    */namespaces/target/classes|*/berth-namespaces-*.jar) ;;
    *) continue ;;
  esac
  if [ -d "$entry" ] && [ -f "$entry/$resource" ]; then
    found=$entry/$resource
  elif [ -f "$entry" ] && (cd "$tmp" && "$jdk/bin/jar" xf "$entry" "$resource") && [ -f "$tmp/$resource" ]; then
    found=$tmp/$resource
  fi
  [ -n "$found" ] && break
done
IFS=$old_ifs
[ -n "$found" ] || { echo "native-manifest.sh: no $resource in the berth-namespaces classes on the class path" >&2; exit 1; }
# One architecture a line (x86_64); the manifest names them as the namespaces jar does (linux-x86_64).
archs=$(sed -n 's/^\([^ ]\{1,\}\)$/linux-\1/p' "$found" | tr '\n' ' ' | sed 's/ *$//')
[ -n "$archs" ] || { echo "native-manifest.sh: $resource names no architecture" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
printf 'Manifest-Version: 1.0\nBerth-Native-Architectures: %s\n' "$archs" >"$out.tmp"
mv -f "$out.tmp" "$out"
