#!/bin/sh
# Regenerates the jextract bindings under src/main/java/dev/hvsock/internal/ffi/.
#
# Needs an INSTALLED jextract whose generated code targets JDK 22 (see docs/regenerating-bindings.md):
#   JEXTRACT=/path/to/jextract/bin/jextract jextract-config/generate.sh
# (default: `jextract` on PATH). The Windows bindings also need the MinGW-w64 headers in
# /usr/x86_64-w64-mingw32/include (Debian package mingw-w64-x86-64-dev).
# The Linux bindings also need the arm64 cross headers in /usr/aarch64-linux-gnu/include (Debian packages
# libc6-dev-arm64-cross, linux-libc-dev-arm64-cross).
# Can be run from any directory. The output packages are deleted first, so stale files vanish.
set -eu

JEXTRACT=${JEXTRACT:-jextract}
CONFIG_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$CONFIG_DIR/.." && pwd)
OUT="$ROOT/src/main/java"
PKG_DIR="$OUT/dev/hvsock/internal/ffi"

LINUX_TARGETS="x86_64 aarch64"
rm -rf "$PKG_DIR/linux" "$PKG_DIR/windows"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

# --- Linux (glibc + Linux UAPI), one run per target ------------------------------------------
# compile_flags.txt is read by jextract from its working directory only, so each target runs in its own
# config directory, linux-<arch>/ (clang --target and that target's headers only: -nostdlibinc).
# The struct layouts differ between targets (struct epoll_event is packed on x86_64 only): each target's
# go into dev.hvsock.internal.ffi.linux.<arch>. Functions and constants go into dev.hvsock.internal.ffi.linux,
# generated for every target and kept only if every target gives the same files.
for arch in $LINUX_TARGETS; do
    echo "generating dev.hvsock.internal.ffi.linux.$arch"
    (cd "$CONFIG_DIR/linux-$arch" && "$JEXTRACT" @target.args @../linux/structs.args --output "$OUT" ../linux/hvsock_linux.h)
    echo "generating dev.hvsock.internal.ffi.linux for linux-$arch"
    (cd "$CONFIG_DIR/linux-$arch" && "$JEXTRACT" @../linux/libc.args --output "$SCRATCH/linux-$arch" ../linux/hvsock_linux.h)
done
first=""
for arch in $LINUX_TARGETS; do
    if [ -z "$first" ]; then
        first=$arch
        continue
    fi
    if ! diff -r "$SCRATCH/linux-$first/dev/hvsock/internal/ffi/linux" "$SCRATCH/linux-$arch/dev/hvsock/internal/ffi/linux" >&2; then
        echo "error: LibC differs between linux-$first and linux-$arch: move what differs into the per-target args" >&2
        exit 1
    fi
done
cp "$SCRATCH/linux-$first/dev/hvsock/internal/ffi/linux/"*.java "$PKG_DIR/linux/"

# --- Windows x64 (MinGW-w64 headers, see windows/compile_flags.txt) -------------------------
# jextract derives the size of C `long` (and C_LONG) from the os.name of the JVM it runs in, not
# from the clang target. Only when it believes it runs on Windows are `long`/ULONG/DWORD-based
# fields 32-bit (LLP64). With a faked os.name jextract leaves libclang crash recovery on, which
# must be switched off through the environment instead.
WIN_OS_NAME="-Dos.name=Windows"

# Runs jextract, hiding the hundreds of harmless clang warnings the MinGW headers produce.
run_quiet() {
    log=$(mktemp)
    rc=0
    "$JEXTRACT" "$@" >"$log" 2>&1 || rc=$?
    grep -v -e ': warning: ' -e '^Picked up JAVA_TOOL_OPTIONS' "$log" >&2 || true
    rm -f "$log"
    return $rc
}

echo "generating dev.hvsock.internal.ffi.windows and dev.hvsock.internal.ffi.windows.registry"
(
    cd "$CONFIG_DIR/windows"
    export LIBCLANG_DISABLE_CRASH_RECOVERY=1
    # the official jextract launcher reads JLINK_VM_OPTIONS or JEXTRACT_JAVA_OPTIONS depending on
    # its version; JAVA_TOOL_OPTIONS is read by every JVM.
    export JLINK_VM_OPTIONS="${JLINK_VM_OPTIONS:+$JLINK_VM_OPTIONS }$WIN_OS_NAME"
    export JEXTRACT_JAVA_OPTIONS="${JEXTRACT_JAVA_OPTIONS:+$JEXTRACT_JAVA_OPTIONS }$WIN_OS_NAME"
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }$WIN_OS_NAME"
    # order matters: winsock-types.args last, see the comment on pollfd in winsock.args
    run_quiet @winsock.args --output "$OUT" hvsock_windows.h
    run_quiet @winsock-types.args --output "$OUT" hvsock_windows.h
    run_quiet @advapi32.args --output "$OUT" hvsock_registry.h
    run_quiet @kernel32.args --output "$OUT" hvsock_kernel32.h
    run_quiet @computecore.args --output "$OUT" hvsock_computecore.h
    run_quiet @vmcompute.args --output "$OUT" hvsock_vmcompute.h
    run_quiet @ntdll.args --output "$OUT" hvsock_ntdll.h
)

if grep -q 'WinSock\.' "$PKG_DIR/windows/pollfd.java"; then
    echo "error: windows/pollfd.java refers to WinSock (wrong generation order)" >&2
    exit 1
fi

# Windows on Arm (aarch64) gets no package of its own while its output is the x86_64 one: check that it is.
echo "checking that the Windows bindings are the same for aarch64-w64-mingw32"
(
    cd "$CONFIG_DIR/windows-aarch64"
    export LIBCLANG_DISABLE_CRASH_RECOVERY=1
    export JLINK_VM_OPTIONS="${JLINK_VM_OPTIONS:+$JLINK_VM_OPTIONS }$WIN_OS_NAME"
    export JEXTRACT_JAVA_OPTIONS="${JEXTRACT_JAVA_OPTIONS:+$JEXTRACT_JAVA_OPTIONS }$WIN_OS_NAME"
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }$WIN_OS_NAME"
    W="$SCRATCH/windows-aarch64"
    run_quiet @../windows/winsock.args --output "$W" ../windows/hvsock_windows.h
    run_quiet @../windows/winsock-types.args --output "$W" ../windows/hvsock_windows.h
    run_quiet @../windows/advapi32.args --output "$W" ../windows/hvsock_registry.h
    run_quiet @../windows/kernel32.args --output "$W" ../windows/hvsock_kernel32.h
    run_quiet @../windows/computecore.args --output "$W" ../windows/hvsock_computecore.h
    run_quiet @../windows/vmcompute.args --output "$W" ../windows/hvsock_vmcompute.h
    run_quiet @../windows/ntdll.args --output "$W" ../windows/hvsock_ntdll.h
    if ! diff -r "$PKG_DIR/windows" "$W/dev/hvsock/internal/ffi/windows" >&2; then
        echo "error: the Windows bindings differ for aarch64: generate them per architecture, as for Linux" >&2
        exit 1
    fi
)

# Fail loudly if the Windows output was generated with a 64-bit C long.
for f in "$PKG_DIR/windows/WinSock.java" "$PKG_DIR/windows/WinSockTypes.java" "$PKG_DIR/windows/registry/AdvApi32.java" \
         "$PKG_DIR/windows/Kernel32.java" "$PKG_DIR/windows/ComputeCore.java" "$PKG_DIR/windows/VmCompute.java" \
         "$PKG_DIR/windows/NtDll.java"; do
    if ! grep -q 'C_LONG = ValueLayout.JAVA_INT;' "$f"; then
        echo "error: $f was not generated with a 32-bit C long (os.name trick not honoured by $JEXTRACT?)" >&2
        exit 1
    fi
done
echo "done"
