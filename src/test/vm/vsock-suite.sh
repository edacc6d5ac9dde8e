#!/usr/bin/env bash
# vsock-suite.sh - run the project's vsock tests inside the QEMU guest
# (src/test/vm/run-in-guest.sh), where vsock_loopback (CID 1) is the only
# vsock transport. Meant to be called by .ci/run after the ordinary Maven
# test run; the project must already be built (target/classes,
# target/test-classes).
#
# Usage: src/test/vm/vsock-suite.sh [CONSOLE-LAUNCHER-SELECTION-ARGS...]
#   Without arguments the selection is $VSOCK_TEST_SELECT, default
#   "--include-tag vsock --include-classname <the launcher's default, and *IT>
#   --scan-classpath $VSOCK_BUILD_DIR/test-classes".
#   Example: src/test/vm/vsock-suite.sh --select-class io.example.FooTest
#   With the default selection a second launcher run follows: the tests
#   tagged both vsock and netty (@NettyTest) again, with every Netty jar
#   swapped for the other line's (pom.xml's netty42.version), as mvn verify
#   does on the host (VSOCK_NETTY_SECOND_LINE=0 leaves it out); it has the
#   tests of frameworks on Netty 4.2 only (netty42: Reactor Netty, Vert.x),
#   which the first run leaves out. The sample
#   project (SampleProjectIT) runs each line itself.
#
# Environment:
#   VSOCK_TEST_SELECT     selection args (word-split), see above
#   VSOCK_BUILD_DIR       build output dir holding classes/ and test-classes/
#                         (default target; set it when the pom's
#                         -Dhvsock.buildDir was used; must not be under /tmp)
#   VSOCK_JVM_OPTS        extra JVM options for the test JVM in the guest
#   VSOCK_ALLOW_NO_TESTS  1 = zero selected tests is OK (default: failure)
#   VSOCK_NETTY_SECOND_LINE 0 = no second run on the other Netty line
#   VSOCK_PASS_ENV        space-separated names of host variables to pass
#                         into the guest test JVM's environment
#   JUNIT_CONSOLE_VERSION console standalone version; default: the
#                         junit-platform version on the test classpath,
#                         else 1.14.4
#   VM_JAVA_HOME          JDK 25 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   MVN                   maven command (default mvn)
#   VM_TIMEOUT, VM_MEM, VM_SMP, VM_ACCEL, VM_CPU, VM_ARCH, VM_BIND_PATHS: see
#                         run-in-guest.sh (VM_ARCH=aarch64: an arm64 guest, caches and
#                         results in target/vm-aarch64/; used by aarch64-suite.sh)
#   VSOCK_SUMMARY_PREFIX  the summary line's first word (default vsock-guest)
#   VSOCK_GUEST_PRELUDE   a command the guest runs (and prints) before the tests
#
# Output: the console launcher's tree and summary (per run), then one final line
#   vsock-guest: N passed, N failed, N skipped
#   (passed = tests successful; failed = tests failed + containers failed;
#    skipped = tests skipped + tests aborted; summed over the runs). Counts
#   come from the launcher's summaries; if the guest never produced one, all
#   counts are 0 and the exit status is non-zero. The exit status is
#   authoritative.
# Exit status:
#   0    all selected tests passed (and at least one ran, unless allowed)
#   1    test or container failures
#   2    no tests found (console launcher --fail-if-no-tests)
#   3    setup problem on the host (not built, Maven failed)
#   124  guest timeout; 125 guest/harness failure (panic, no summary, ...)
#   134  JVM crash report (hs_err) in the guest
# JUnit XML reports: target/vm/results/junit/ (second Netty line:
# junit-netty-second-line/); launcher output: target/vm/results/junit-console.txt
# (and junit-console-netty-second-line.txt); guest console: target/vm/console.log.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../../.." && pwd)
VM_DIR="$PROJECT_DIR/target/vm"
[ "${VM_ARCH:-x86_64}" = aarch64 ] && VM_DIR="$PROJECT_DIR/target/vm-aarch64"
RESULTS="$VM_DIR/results"
cd "$PROJECT_DIR"

msg() { echo "vsock-suite: $*" >&2; }
summary_line() { echo "${VSOCK_SUMMARY_PREFIX:-vsock-guest}: $1 passed, $2 failed, $3 skipped"; }
setup_fail() { msg "ERROR: $*"; summary_line 0 0 0; exit 3; }

if [ "${VM_ARCH:-x86_64}" = aarch64 ]; then
    :   # the guest's JDK is the arm64 root's (run-in-guest.sh); Maven here runs on the host's JAVA_HOME
elif [ -z "${VM_JAVA_HOME:-}" ]; then
    if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
        VM_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
        VM_JAVA_HOME=${JAVA_HOME:-}
    fi
fi
if [ "${VM_ARCH:-x86_64}" != aarch64 ]; then
    export VM_JAVA_HOME
    export JAVA_HOME="$VM_JAVA_HOME"
fi
MVN=${MVN:-mvn}
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

BUILD=${VSOCK_BUILD_DIR:-target}
[ -d "$BUILD/classes" ] || setup_fail "$BUILD/classes missing: build the project first (mvn test-compile)"
[ -d "$BUILD/test-classes" ] || setup_fail "$BUILD/test-classes missing: build the project first (mvn test-compile)"
# The guest sees the project at its own path (run-in-guest.sh puts one under /tmp back); anything else under
# /tmp, /proc, /sys or /dev it does not see.
case "$(readlink -f "$BUILD")/" in
    "$PROJECT_DIR"/*) ;;
    /tmp/*|/proc/*|/sys/*|/dev/*) setup_fail "$BUILD is under /tmp, /proc, /sys or /dev, which the guest shadows" ;;
esac
[ -f pom.xml ] || setup_fail "pom.xml missing"
mkdir -p "$VM_DIR/lib"

# ---- test classpath (dependencies only; classes dirs are added below)
CP_FILE="$VM_DIR/test-classpath.txt"
$MVN -q -B "$DEP_PLUGIN:build-classpath" -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2 \
    || setup_fail "mvn dependency:build-classpath failed"
[ -f "$CP_FILE" ] || setup_fail "$CP_FILE was not written"
DEPS=$(tr -d '\n' < "$CP_FILE")

# ---- console launcher version: match the platform version the tests use
if [ -z "${JUNIT_CONSOLE_VERSION:-}" ]; then
    JUNIT_CONSOLE_VERSION=$(tr ':' '\n' <<<"$DEPS" \
        | sed -n 's#.*/junit-platform-\(engine\|commons\|launcher\)-\([0-9][^/]*\)\.jar$#\2#p' | head -n1)
    JUNIT_CONSOLE_VERSION=${JUNIT_CONSOLE_VERSION:-1.14.4}
fi
CONSOLE_JAR="$VM_DIR/lib/junit-platform-console-standalone-$JUNIT_CONSOLE_VERSION.jar"
if [ ! -f "$CONSOLE_JAR" ]; then
    msg "fetching junit-platform-console-standalone $JUNIT_CONSOLE_VERSION"
    $MVN -q -B "$DEP_PLUGIN:copy" \
        -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE_VERSION" \
        -DoutputDirectory="$VM_DIR/lib" >&2 || setup_fail "cannot fetch the console launcher"
    [ -f "$CONSOLE_JAR" ] || setup_fail "$CONSOLE_JAR missing after mvn dependency:copy"
fi

# The standalone jar bundles JUnit Platform/Jupiter/Vintage/Suite, opentest4j
# and apiguardian; a second copy on the class path would register the engines
# twice, so drop those from the dependency list.
FILTERED=$(tr ':' '\n' <<<"$DEPS" \
    | grep -Ev '/(junit-(jupiter|platform|vintage)[^/]*|opentest4j-[^/]*|apiguardian-api-[^/]*)\.jar$' \
    | grep -v '^$' | paste -sd: -)
CLASSPATH_ARG="$BUILD/test-classes:$BUILD/classes${FILTERED:+:$FILTERED}"

# ---- the Netty lines: the test class path has the one pom.xml compiles against;
# the second run gets the other, resolved by overriding netty.version (every
# io.netty artifact follows it through the netty-bom import)
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n1; }
NETTY_LINE=$(pom_property netty.version)
NETTY_SECOND_LINE=$(pom_property netty42.version)
# the launcher's default class name pattern, and the integration tests (*IT)
CLASSNAMES='^(Test.*|.+[.$]Test.*|.*Tests?|.+IT)$'

if [ $# -gt 0 ]; then
    SELECT=("$@")
    SECOND_LINE=0
else
    SECOND_LINE=${VSOCK_NETTY_SECOND_LINE:-1}
    if [ -n "${VSOCK_TEST_SELECT:-}" ]; then
        # shellcheck disable=SC2206
        SELECT=($VSOCK_TEST_SELECT)
        SECOND_LINE=0
    else
        # netty42 (@Netty42Test: Reactor Netty 1.3, Vert.x 5) needs Netty 4.2: only the second run has them
        SELECT=(--include-tag vsock --exclude-tag netty42 --include-classname "$CLASSNAMES"
                --scan-classpath "$BUILD/test-classes")
    fi
fi
if [ "$SECOND_LINE" = 1 ]; then
    [ -n "$NETTY_SECOND_LINE" ] || setup_fail "no <netty42.version> in pom.xml"
    CP2_FILE="$VM_DIR/test-classpath-netty-second-line.txt"
    $MVN -q -B "$DEP_PLUGIN:build-classpath" -Dnetty.version="$NETTY_SECOND_LINE" -Dmdep.outputFile="$CP2_FILE" \
        -Dmdep.includeScope=test >&2 || setup_fail "mvn dependency:build-classpath (Netty $NETTY_SECOND_LINE) failed"
    FILTERED2=$(tr -d '\n' < "$CP2_FILE" | tr ':' '\n' \
        | grep -Ev '/(junit-(jupiter|platform|vintage)[^/]*|opentest4j-[^/]*|apiguardian-api-[^/]*)\.jar$' \
        | grep -v '^$' | paste -sd: -)
    grep -q "netty-transport-$NETTY_SECOND_LINE.jar" <<<"$FILTERED2" \
        || setup_fail "the second class path has no netty-transport $NETTY_SECOND_LINE"
    CLASSPATH_ARG2="$BUILD/test-classes:$BUILD/classes:$FILTERED2"
fi
NO_TESTS_FLAG=(--fail-if-no-tests)
[ "${VSOCK_ALLOW_NO_TESTS:-0}" = 1 ] && NO_TESTS_FLAG=()

# shellcheck disable=SC2206
JVM_OPTS=(-XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED
          "-Dhvsock.sample.builds=$(readlink -f "$BUILD")/it/netty-sample/target" ${VSOCK_JVM_OPTS:-})

# ---- the script that runs inside the guest (cwd = project dir)
# one file per run: a second run in the same project waits for the guest's lock only in run-in-guest.sh,
# after writing its script, which must not replace the one a running guest is reading
GUEST_SCRIPT="$VM_DIR/suite-guest-$$.sh"
sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
# launcher_run NAME NETTY CLASSPATH SELECTION...: one console launcher run, its
# output in $RESULTS_DIR/junit-console$NAME.txt and its exit status in launcher-exit$NAME
launcher_run() {
    local name=$1 netty=$2 classpath=$3; shift 3
    printf 'set --'
    for a in "${JVM_OPTS[@]}"; do printf ' %s' "$(sq "$a")"; done
    printf ' %s' "$(sq "-Dhvsock.netty.expected=$netty")"
    printf ' -jar %s execute --disable-banner --disable-ansi-colors --details=tree' "$(sq "$CONSOLE_JAR")"
    printf ' --reports-dir "$RESULTS_DIR/junit%s"' "$name"
    for a in "${NO_TESTS_FLAG[@]+"${NO_TESTS_FLAG[@]}"}"; do printf ' %s' "$(sq "$a")"; done
    printf ' --class-path %s' "$(sq "$classpath")"
    for a in "$@"; do printf ' %s' "$(sq "$a")"; done
    echo
    echo 'echo "vsock-suite (guest): java $*" | cut -c1-400'
    printf '{ java "$@"; echo $? > "$RESULTS_DIR/launcher-exit%s"; } 2>&1 | tee "$RESULTS_DIR/junit-console%s.txt"\n' \
        "$name" "$name"
}
{
    echo '#!/bin/sh'
    echo '# generated by vsock-suite.sh; runs inside the guest'
    if [ -n "${VSOCK_GUEST_PRELUDE:-}" ]; then
        printf 'echo %s\n' "$(sq "vsock-suite (guest): $VSOCK_GUEST_PRELUDE")"
        echo "$VSOCK_GUEST_PRELUDE"
    fi
    launcher_run "" "$NETTY_LINE" "$CLASSPATH_ARG" "${SELECT[@]}"
    if [ "$SECOND_LINE" = 1 ]; then
        echo "echo 'vsock-suite (guest): the tests tagged vsock and netty again, on Netty $NETTY_SECOND_LINE'"
        launcher_run -netty-second-line "$NETTY_SECOND_LINE" "$CLASSPATH_ARG2" \
            --include-tag 'vsock & netty' --include-classname "$CLASSNAMES" --scan-classpath "$BUILD/test-classes"
    fi
    echo 'status=$(cat "$RESULTS_DIR/launcher-exit" 2>/dev/null || echo 125)'
    if [ "$SECOND_LINE" = 1 ]; then
        echo 'second=$(cat "$RESULTS_DIR/launcher-exit-netty-second-line" 2>/dev/null || echo 125)'
        echo '[ "$status" -eq 0 ] && status=$second'
    fi
    echo 'exit "$status"'
} > "$GUEST_SCRIPT"

PASS=()
for n in ${VSOCK_PASS_ENV:-}; do
    [ -n "${!n+x}" ] && PASS+=(-e "$n=${!n}")
done
"$SCRIPT_DIR/run-in-guest.sh" "${PASS[@]+"${PASS[@]}"}" -- sh "$GUEST_SCRIPT"
RC=$?
rm -f "$GUEST_SCRIPT"

# ---- summary, over the launcher runs
OUTS=("$RESULTS/junit-console.txt")
[ "$SECOND_LINE" = 1 ] && OUTS+=("$RESULTS/junit-console-netty-second-line.txt")
count() {  # count "tests successful": the sum over the runs' summaries
    local v total=0 out
    for out in "${OUTS[@]}"; do
        v=$(sed -n "s/^\[ *\([0-9][0-9]*\) $1 *\]\$/\1/p" "$out" 2>/dev/null | tail -n1)
        total=$(( total + ${v:-0} ))
    done
    echo "$total"
}
have_summary=1
for out in "${OUTS[@]}"; do
    [ -f "$out" ] && grep -Eq '^\[ *[0-9]+ tests successful *\]$' "$out" || have_summary=0
done
passed=$(count 'tests successful')
failed=$(( $(count 'tests failed') + $(count 'containers failed') ))
skipped=$(( $(count 'tests skipped') + $(count 'tests aborted') ))

if [ "$RC" -eq 0 ]; then
    if [ "$have_summary" -ne 1 ]; then
        msg "ERROR: no console launcher summary in each of ${OUTS[*]}"; RC=125
    elif [ "$failed" -gt 0 ]; then
        RC=1
    fi
fi
# With VM_QUIET=1 the guest console was not streamed: show the launcher output now.
if [ "${VM_QUIET:-0}" = 1 ]; then
    for out in "${OUTS[@]}"; do [ -f "$out" ] && cat "$out"; done
fi
[ "$RC" -ne 0 ] && msg "FAILED with exit status $RC (reports: $RESULTS/junit, console: $VM_DIR/console.log)"
summary_line "$passed" "$failed" "$skipped"
exit "$RC"
