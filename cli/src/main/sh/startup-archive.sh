#!/bin/sh
# Makes the class-data archive that ./berth starts the JVM with, from a training run of
# dev.berth.cli.StartupTraining (the common verbs on an empty home, every verb's --help):
#   JDK 25+   an AOT cache (JEP 514: -XX:AOTCacheOutput), used with -XX:AOTCache, and
#             BASE-listing.aot for ps, images and inspect alone (JDK 25 loads and links every
#             class of its cache at start: a smaller one starts these sooner);
#   JDK 13-24 a static AppCDS archive (-XX:DumpLoadedClassList, then -Xshare:dump), used with
#             -XX:SharedArchiveFile. Static, not dynamic (-XX:ArchiveClassesAtExit): JDK 17's
#             dynamic archive leaves out classes of class-file version < 50, and picocli's are 49.
#
#   startup-archive.sh JAVA JAR BASE      (writes BASE.jsa, or BASE.aot on JDK 25+)
#   startup-archive.sh preferred JAR DIR  (for the JDK ./berth prefers, the newest JDK 25+ in
#                                          /usr/lib/jvm: DIR/berth-ITSVERSION.aot; nothing
#                                          when none is installed)
#
# The archive is written whole or not at all (a temporary file in its directory, then renamed),
# mode 0444. The build runs this at `package` (cli/pom.xml); ./berth runs it on first use when no
# archive it trusts matches the jar and the JDK. Prints nothing on success.
set -eu
java=$1 jar=$2 base=$3
if [ "$java" = preferred ]; then
  # As ./berth looks for it (keep the two alike).
  best=0 java=
  for release in /usr/lib/jvm/*/release; do
    [ -r "$release" ] && [ -x "${release%/release}/bin/java" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release")
    f=${v%%.*}
    case $f in ''|*[!0-9]*) f=0 ;; esac
    if [ "$f" -ge 25 ] && [ "$f" -gt "$best" ]; then best=$f java=${release%/release}/bin/java base=$3/berth-$v; fi
  done
  [ -n "$java" ] || exit 0
fi
home=$(readlink -f "$java"); home=${home%/bin/java}
version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
[ -n "$version" ] && [ "$version" -ge 13 ] || { echo "startup-archive.sh: $java: JDK 13 or later needed, found '${version:-?}'" >&2; exit 1; }
if [ "$version" -ge 25 ]; then out=$base.aot; else out=$base.jsa; fi
tmp=$(mktemp -d "$(dirname "$base")/.startup-archive.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 0700 "$tmp/home"
# The flags that change which classes load or how the archive is mapped are the launcher's.
flags="-XX:+UseSerialGC -Xlog:disable -Xlog:all=error:stderr"
if [ "$version" -ge 25 ]; then
  # (JNA loads its library with System.load, a restricted method since JDK 22.)
  BERTH_HOME="$tmp/home" "$java" $flags --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$tmp/archive" \
    -cp "$jar" dev.berth.cli.StartupTraining "$tmp/home" >/dev/null
  # The listing verbs' own cache (BASE-listing.aot): JDK 25 loads every class of a cache at start.
  BERTH_HOME="$tmp/home" "$java" $flags --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$tmp/listing" \
    -cp "$jar" dev.berth.cli.StartupTraining "$tmp/home" listing >/dev/null
  chmod 0444 "$tmp/listing"
  mv -f "$tmp/listing" "$base-listing.aot"
else
  BERTH_HOME="$tmp/home" "$java" $flags -XX:DumpLoadedClassList="$tmp/classes" -cp "$jar" dev.berth.cli.StartupTraining "$tmp/home"
  "$java" $flags -Xshare:dump -XX:SharedClassListFile="$tmp/classes" -XX:SharedArchiveFile="$tmp/archive" -cp "$jar" >/dev/null
fi
chmod 0444 "$tmp/archive"
mv -f "$tmp/archive" "$out"
