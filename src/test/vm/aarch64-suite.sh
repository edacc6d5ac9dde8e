#!/usr/bin/env bash
# aarch64-suite.sh - the test suite on arm64 (aarch64), which nothing here runs natively, in two stages:
#
#   user   the Unix families' tests (the conformance suite on epoll and on poll, the layouts test, the
#          Netty suite on AF_UNIX, reliability tests) run by Debian trixie's arm64 JDK 25 under
#          qemu-aarch64-static (user-mode emulation), on the classes compiled on this host;
#          ends with the line  aarch64-user: P passed, F failed, S skipped
#   guest  the vsock family in an arm64 QEMU system guest (qemu-system-aarch64, TCG, Debian's arm64 kernel
#          with vsock_loopback, CID 1 only: no vsock device, never CID 2), through vsock-suite.sh and
#          run-in-guest.sh --arch aarch64; before the tests it prints `hvsock whoami` there;
#          ends with the line  aarch64-guest: P passed, F failed, S skipped
#
# Usage: src/test/vm/aarch64-suite.sh          (as root, or with sudo for apt-get; after mvn test-compile
#                                               or verify; builds the test classes itself if they are missing)
# Environment:
#   AARCH64_STAGES       "user guest" (default), or one of them
#   AARCH64_USER_SELECT  console-launcher selection of the user stage (word-split; default below)
#   AARCH64_GUEST_SELECT selection of the guest stage (default: the tests tagged vsock, *IT left out)
#   AARCH64_DATA_SCALE   hvsock.test.dataScale of the user stage (default 0.0625: 2 MiB where AF_UNIX moves 32)
#   AARCH64_FUZZ_ITERATIONS  hvsock.fuzz.iterations of the user stage (default 10000 of the host's 100000:
#                        AddressFuzzTest's random-text case outlived its 120 s limit under emulation at load ~8)
#   AARCH64_USER_TIMEOUT seconds for the user stage (default 1500); VM_TIMEOUT for the guest (default 1500)
#   AARCH64_CACHE        downloads and the sysroot (default target/aarch64), see aarch64-sysroot.sh
# Output: the launcher trees (target/aarch64/junit-console-user.txt, XML in target/aarch64/junit-user/;
#   the guest's in target/vm-aarch64/results/), the stage timings, then the two summary lines, the guest's last.
# Exit status: 0 when every stage ran with 0 failed; else the first failing stage's status (1 failures,
#   3 setup, 124 timeout, 125 harness, 134 JVM crash).
# Emulation runs at nice 10. Speed figures measured on arm64 here mean nothing: it is emulated.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../../.." && pwd)
cd "$PROJECT_DIR"
CACHE=${AARCH64_CACHE:-$PROJECT_DIR/target/aarch64}
export AARCH64_CACHE="$CACHE"
STAGES=${AARCH64_STAGES:-user guest}
HOST_JDK=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$HOST_JDK/bin/java" ] || HOST_JDK=${JAVA_HOME:-}
export JAVA_HOME="$HOST_JDK" PATH="$HOST_JDK/bin:$PATH"
MVN=${MVN:-mvn}
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

msg() { echo "aarch64-suite: $*" >&2; }
now() { date +%s; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
USER_LINE="aarch64-user: 0 passed, 0 failed, 0 skipped"
GUEST_LINE="aarch64-guest: 0 passed, 0 failed, 0 skipped"
TIMINGS=()
finish() {
    for t in "${TIMINGS[@]+"${TIMINGS[@]}"}"; do msg "timing: $t"; done
    msg "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
    case " $STAGES " in *" user "*) echo "$USER_LINE" ;; esac
    case " $STAGES " in *" guest "*) echo "$GUEST_LINE" ;; esac
    exit "$1"
}
setup_fail() { msg "ERROR: $*"; finish 3; }

# ---------------------------------------------------------------- host tools (amd64, from this machine's suite)
T0=$(now)
need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v qemu-system-aarch64 >/dev/null || need+=(qemu-system-arm)
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
[ -f /usr/aarch64-linux-gnu/include/stdio.h ] || need+=(libc6-dev-arm64-cross)
[ -f /usr/aarch64-linux-gnu/include/linux/vm_sockets.h ] || need+=(linux-libc-dev-arm64-cross)
command -v x86_64-linux-gnu-gcc >/dev/null || need+=(gcc)
command -v xz >/dev/null || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
    msg "installing ${need[*]}"
    APT=(apt-get -o DPkg::Lock::Timeout=600 -q)
    as_root "${APT[@]}" update >&2 || setup_fail "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${need[@]}" >&2 \
        || setup_fail "apt-get install ${need[*]} failed"
fi

# ---------------------------------------------------------------- the compiled classes, the arm64 root
if [ ! -d target/classes ] || [ ! -d target/test-classes ] || [ ! -d target/tool-classes ]; then
    msg "no compiled classes: mvn test-compile"
    $MVN -q -B -ntp test-compile >&2 || setup_fail "mvn test-compile failed"
fi
SYSROOT=$(bash "$SCRIPT_DIR/aarch64-sysroot.sh") || setup_fail "aarch64-sysroot.sh failed"
ARM_JAVA="$SYSROOT/usr/lib/jvm/java-25-openjdk-arm64/bin/java"
mkdir -p "$CACHE/lib"
CP_FILE="$CACHE/test-classpath.txt"
$MVN -q -B -ntp "$DEP_PLUGIN:build-classpath" -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2 \
    || setup_fail "mvn dependency:build-classpath failed"
DEPS=$(tr -d '\n' < "$CP_FILE")
JUNIT_CONSOLE_VERSION=${JUNIT_CONSOLE_VERSION:-$(tr ':' '\n' <<<"$DEPS" \
    | sed -n 's#.*/junit-platform-\(engine\|commons\|launcher\)-\([0-9][^/]*\)\.jar$#\2#p' | head -n1)}
JUNIT_CONSOLE_VERSION=${JUNIT_CONSOLE_VERSION:-1.14.4}
CONSOLE_JAR="$CACHE/lib/junit-platform-console-standalone-$JUNIT_CONSOLE_VERSION.jar"
if [ ! -f "$CONSOLE_JAR" ]; then
    $MVN -q -B -ntp "$DEP_PLUGIN:copy" -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE_VERSION" \
        -DoutputDirectory="$CACHE/lib" >&2 || setup_fail "cannot fetch the console launcher"
fi
# the standalone jar bundles the JUnit Platform, Jupiter, opentest4j and apiguardian: no second copy
FILTERED=$(tr ':' '\n' <<<"$DEPS" \
    | grep -Ev '/(junit-(jupiter|platform|vintage)[^/]*|opentest4j-[^/]*|apiguardian-api-[^/]*)\.jar$' \
    | grep -v '^$' | paste -sd: -)
TIMINGS+=("setup (tools, sysroot, class path) $(( $(now) - T0 )) s")

# count FILE WHAT: the number in the launcher summary line "[ N WHAT ]"
count() { local v; v=$(sed -n "s/^\[ *\([0-9][0-9]*\) $2 *\]\$/\1/p" "$1" 2>/dev/null | tail -n1); echo "${v:-0}"; }
summary_of() {  # summary_of PREFIX FILE
    echo "$1: $(count "$2" 'tests successful') passed, $(( $(count "$2" 'tests failed') + $(count "$2" 'containers failed') )) failed, $(( $(count "$2" 'tests skipped') + $(count "$2" 'tests aborted') )) skipped"
}
RC=0

# ---------------------------------------------------------------- stage 1: user-mode emulation
# Which tests, and why (see docs/architecture-support.md): every conformance contract, on epoll and on poll;
# the layouts against aarch64-linux-gnu-gcc; the Netty suite on AF_UNIX; the reliability tests that fit in
# time (PeerFailureTest and the rest did not: the whole selection with it hit the 25-minute limit at load 21).
# Left out: what starts another process (the CLI tests, ModulePathTest, PlatformsTest's JVM probe):
# qemu-user cannot start an arm64 program from an emulated one without binfmt_misc, which this machine's
# kernel is not given; the soak (minutes natively); the vsock family (no vsock transport here: the guest
# stage runs it).
DEFAULT_USER_SELECT="--select-class dev.hvsock.internal.platform.linux.LinuxStructsTest
 --select-class dev.hvsock.conformance.UnixEpollConformanceTest
 --select-class dev.hvsock.conformance.UnixPollConformanceTest
 --select-class dev.hvsock.frameworks.NettyUnixTest
 --select-class dev.hvsock.reliability.BadInputTest
 --select-class dev.hvsock.reliability.AddressFuzzTest"
if [[ " $STAGES " == *" user "* ]]; then
    T1=$(now)
    USER_OUT="$CACHE/junit-console-user.txt"
    rm -rf "$CACHE/junit-user" "$USER_OUT"
    # shellcheck disable=SC2206
    SELECT=(${AARCH64_USER_SELECT:-$DEFAULT_USER_SELECT})
    msg "stage user: $ARM_JAVA under qemu-aarch64-static -L $SYSROOT"
    # The compilers and qemu-aarch64-static are host programs, which an emulated process may start (qemu-user
    # passes execve to the kernel); but not through the JDK's default posix_spawn, which first starts its own
    # arm64 jspawnhelper: hence FORK.
    nice -n 10 timeout -k 10 "${AARCH64_USER_TIMEOUT:-1500}" qemu-aarch64-static -L "$SYSROOT" "$ARM_JAVA" \
        -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -Djdk.lang.Process.launchMechanism=FORK \
        -Dhvsock.test.dataScale="${AARCH64_DATA_SCALE:-0.0625}" \
        -Dhvsock.fuzz.iterations="${AARCH64_FUZZ_ITERATIONS:-10000}" \
        -jar "$CONSOLE_JAR" execute --disable-banner --disable-ansi-colors --details=tree \
        --reports-dir "$CACHE/junit-user" --fail-if-no-tests \
        --class-path "target/test-classes:target/classes${FILTERED:+:$FILTERED}" "${SELECT[@]}" \
        2>&1 | tee "$USER_OUT"
    urc=${PIPESTATUS[0]}
    USER_LINE=$(summary_of aarch64-user "$USER_OUT")
    grep -Eq '^\[ *[0-9]+ tests successful *\]$' "$USER_OUT" || { msg "user stage: no launcher summary (exit $urc)"; [ "$urc" -eq 0 ] && urc=125; }
    [ "$urc" -eq 124 ] && msg "user stage: timeout after ${AARCH64_USER_TIMEOUT:-1500} s"
    [ "$urc" -ne 0 ] && [ "$RC" -eq 0 ] && RC=$urc
    TIMINGS+=("stage user $(( $(now) - T1 )) s (exit $urc)")
fi

# ---------------------------------------------------------------- stage 2: the arm64 system guest
# The vsock family's tests that fit in time: the conformance suite on vsock (every contract), the Linux vsock
# specifics, VsockLocal, the Netty suite and the channel options on vsock, and whoami's CID test. Left out
# (docs/architectures.md): the tests that start a JVM per case (the CLI's demo, relay, listen/connect),
# gRPC, the host-guest recipes, the vsock reliability run, SampleProjectIT (runs Maven, which the arm64 root
# has not), and the second Netty line: each JVM start costs tens of seconds under TCG.
DEFAULT_GUEST_SELECT="--include-tag vsock
 --select-class dev.hvsock.conformance.VsockLoopbackConformanceTest
 --select-class dev.hvsock.linux.LinuxVsockTest
 --select-class dev.hvsock.linux.VsockLocalTest
 --select-class dev.hvsock.frameworks.NettyVsockTest
 --select-class dev.hvsock.frameworks.ChannelOptionsTest
 --select-class dev.hvsock.tool.WhoamiCommandTest"
if [[ " $STAGES " == *" guest "* ]]; then
    T2=$(now)
    # the guest's root is the sysroot; the project and the Maven repository holding the test class path's
    # jars are bound into it
    REPOS=$(tr ':' '\n' <<<"$DEPS" | sed -n 's#^\(.*/repository\)/.*#\1#p' | sort -u | paste -sd' ' -)
    GUEST_OUT="$CACHE/guest-suite.txt"
    # `hvsock whoami` in the guest, then the vsock family's tests that fit in time (see DEFAULT_GUEST_SELECT)
    VM_ARCH=aarch64 VM_BIND_PATHS="$REPOS" VM_TIMEOUT=${VM_TIMEOUT:-1500} VSOCK_NETTY_SECOND_LINE=0 \
        VSOCK_SUMMARY_PREFIX=aarch64-guest VSOCK_GUEST_PRELUDE="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
--enable-native-access=ALL-UNNAMED -cp target/tool-classes:target/classes dev.hvsock.tool.Main whoami" \
        VSOCK_JVM_OPTS="${VSOCK_JVM_OPTS:-}" \
        VSOCK_TEST_SELECT="${AARCH64_GUEST_SELECT:-$DEFAULT_GUEST_SELECT}" \
        nice -n 10 bash "$SCRIPT_DIR/vsock-suite.sh" 2>&1 | tee "$GUEST_OUT"
    grc=${PIPESTATUS[0]}
    GUEST_LINE=$(grep -a '^aarch64-guest: ' "$GUEST_OUT" | tail -n1)   # -a: the console has binary bytes
    [ -n "$GUEST_LINE" ] || GUEST_LINE="aarch64-guest: 0 passed, 0 failed, 0 skipped"
    [ "$grc" -ne 0 ] && [ "$RC" -eq 0 ] && RC=$grc
    TIMINGS+=("stage guest $(( $(now) - T2 )) s (exit $grc)")
fi
finish "$RC"
