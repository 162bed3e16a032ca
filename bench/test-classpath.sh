# Sourced by bench scripts: sets CP to core's test class path (test classes, classes and every
# dependency; the sibling modules resolve from this reactor, nothing is installed), building it
# first, unless BERTH_TEST_CP names one built already (while iterating). $1: a scratch directory.
test_classpath() {
  if [ -n "${BERTH_TEST_CP:-}" ]; then
    CP=$BERTH_TEST_CP
    return
  fi
  mvn -B -o -q -DskipTests -pl core -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$1/cp.txt" >/dev/null
  CP="$PWD/core/target/test-classes:$PWD/core/target/classes:$(cat "$1/cp.txt")"
}
