#!/usr/bin/env bash
# run-in-guest.sh - run a command inside a throw-away QEMU Linux guest whose
# only vsock transport is vsock_loopback (CID 1), with the host's / mounted
# read-only and the project directory as working directory.
#
# Usage: src/test/vm/run-in-guest.sh [options] [--] COMMAND [ARGS...]
#
# Options (each also settable through the environment variable shown):
#   --timeout SECONDS   wall-clock limit for the whole guest run   (VM_TIMEOUT, 900)
#   --mem MIB           guest memory                               (VM_MEM, 3072)
#   --smp N             guest vCPUs                                (VM_SMP, 2)
#   --accel ACCEL       auto | kvm | tcg | tcg,thread=multi ...    (VM_ACCEL, auto)
#                       auto = kvm if /dev/kvm works, else tcg,thread=single
#   --java-home DIR     JDK used in the guest (VM_JAVA_HOME,
#                       default /usr/lib/jvm/temurin-25-jdk-amd64, else $JAVA_HOME;
#                       aarch64: the sysroot's /usr/lib/jvm/java-25-openjdk-arm64)
#   --arch ARCH         x86_64 (the host's own root) or aarch64 (VM_ARCH, x86_64):
#                       aarch64 boots qemu-system-aarch64 (TCG, machine virt) with
#                       Debian trixie's arm64 kernel, and the guest's root is the
#                       arm64 sysroot made by aarch64-sysroot.sh, with the host's
#                       project directory and $VM_BIND_PATHS (space-separated host
#                       directories, e.g. the Maven repository) bound in at their
#                       own paths, read-only. Its caches live in target/vm-aarch64/.
#   -e NAME=VALUE       extra environment variable for the guest command (repeatable)
#   --quiet             do not stream the guest console (it is still logged)
#   (VM_CPU selects the TCG CPU model, default qemu64; KVM always uses -cpu host)
#
# Inside the guest the command runs (via /bin/sh of the host root, chrooted)
# with cwd = project directory and these variables:
#   RESULTS_DIR=<project>/target/vm/results   (the only writable host path)
#   HVSOCK_IN_GUEST=1  HVSOCK_EXPECT_VSOCK_LOOPBACK=1
#   JAVA_HOME, PATH (JDK first), HOME=/tmp, TMPDIR=/tmp
#   JAVA_TOOL_OPTIONS=-XX:ErrorFile=$RESULTS_DIR/hs_err_pid%p.log
# /tmp, /dev/shm are tmpfs; /proc, /sys, /dev are the guest's own.
#
# Exit status: the command's exit status, except
#   124  wall-clock timeout
#   125  harness/guest failure (setup error, kernel panic, no exit status)
#   134  a JVM crash report (hs_err_pid*.log) appeared but the command exited 0
#
# Caches (kernel, modules, initramfs) live in <project>/target/vm/ and are
# reused; delete target/vm to refetch (e.g. after a Debian kernel update).
#
# SAFETY: the guest gets NO network device and NO vsock device. Nothing in it
# can reach the host's or any other vsock CID; only the in-guest loopback.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../../.." && pwd)
VM_ARCH=${VM_ARCH:-x86_64}
for ((i = 1; i <= $#; i++)); do   # --arch decides the defaults below
    [ "${!i}" = --arch ] && { j=$((i + 1)); VM_ARCH=${!j:-}; }
    [ "${!i}" = -- ] && break
done
case "$VM_ARCH" in
    x86_64) VM_DIR="$PROJECT_DIR/target/vm" ;;
    aarch64) VM_DIR="$PROJECT_DIR/target/vm-aarch64" ;;
    *) echo "run-in-guest: ERROR: --arch must be x86_64 or aarch64, not $VM_ARCH" >&2; exit 125 ;;
esac
RESULTS="$VM_DIR/results"

VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_MEM=${VM_MEM:-3072}
VM_SMP=${VM_SMP:-2}
VM_ACCEL=${VM_ACCEL:-auto}
VM_QUIET=${VM_QUIET:-0}
if [ -z "${VM_JAVA_HOME:-}" ] && [ "$VM_ARCH" = aarch64 ]; then
    VM_JAVA_HOME=/usr/lib/jvm/java-25-openjdk-arm64
elif [ -z "${VM_JAVA_HOME:-}" ]; then
    if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
        VM_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
        VM_JAVA_HOME=${JAVA_HOME:-}
    fi
fi
EXTRA_ENV=()

msg() { echo "run-in-guest: $*" >&2; }
fail() { msg "ERROR: $*"; exit 125; }

while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) VM_TIMEOUT=$2; shift 2 ;;
        --mem) VM_MEM=$2; shift 2 ;;
        --smp) VM_SMP=$2; shift 2 ;;
        --accel) VM_ACCEL=$2; shift 2 ;;
        --java-home) VM_JAVA_HOME=$2; shift 2 ;;
        --arch) shift 2 ;;   # read above
        -e) [[ "$2" == *=* ]] || fail "-e needs NAME=VALUE"; EXTRA_ENV+=("$2"); shift 2 ;;
        --quiet) VM_QUIET=1; shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) fail "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || fail "no command given (see --help)"
[[ "$VM_TIMEOUT" =~ ^[0-9]+$ ]] || fail "--timeout must be whole seconds"
SYSROOT=""
if [ "$VM_ARCH" = aarch64 ]; then
    # the arm64 root: the JDK, busybox and the kernel package (cached; built on first use)
    SYSROOT=$("$SCRIPT_DIR/aarch64-sysroot.sh") || fail "aarch64-sysroot.sh failed"
    [ -x "$SYSROOT$VM_JAVA_HOME/bin/java" ] || fail "no JDK at $VM_JAVA_HOME in $SYSROOT (set VM_JAVA_HOME)"
else
    [ -n "$VM_JAVA_HOME" ] && [ -x "$VM_JAVA_HOME/bin/java" ] || fail "no JDK found (set VM_JAVA_HOME)"
fi
case "$PROJECT_DIR$VM_JAVA_HOME" in *[[:space:]]*) fail "paths with whitespace are not supported" ;; esac
# The guest mounts its own tmpfs/proc/sys/dev over these, hiding the host's; a project under /tmp is put
# back at its path by guest-init.sh (a CI's mktemp -d), a JDK there is not.
case "$(readlink -f "$PROJECT_DIR")/" in
    /proc/*|/sys/*|/dev/*) fail "$PROJECT_DIR is under /proc, /sys or /dev, which the guest shadows; move it" ;;
esac
case "$(readlink -f "$VM_JAVA_HOME")/" in
    /tmp/*|/proc/*|/sys/*|/dev/*) fail "$VM_JAVA_HOME is under /tmp, /proc, /sys or /dev, which the guest shadows" ;;
esac

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- packages
need_pkgs=()
if [ "$VM_ARCH" = aarch64 ]; then
    command -v qemu-system-aarch64 >/dev/null || need_pkgs+=(qemu-system-arm)
    command -v qemu-aarch64-static >/dev/null || need_pkgs+=(qemu-user-static)
else
    command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
    [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx insmod \
        && ! ldd /bin/busybox >/dev/null 2>&1 || need_pkgs+=(busybox-static)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
    msg "installing ${need_pkgs[*]}"
    APT=(apt-get -o DPkg::Lock::Timeout=600 -q)
    as_root "${APT[@]}" update >&2 || fail "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends \
        "${need_pkgs[@]}" >&2 || fail "apt-get install failed"
fi
BUSYBOX=/bin/busybox
[ "$VM_ARCH" = aarch64 ] && BUSYBOX="$SYSROOT/usr/bin/busybox"   # trixie's busybox-static, arm64

mkdir -p "$VM_DIR"
exec 9>"$VM_DIR/.lock"
flock -n 9 || { msg "another run-in-guest.sh is using $VM_DIR; waiting"; flock 9; }

T_START=$(date +%s.%N)

# ---------------------------------------------------------------- kernel
# Fetch the Debian kernel .deb once; keep vmlinuz and the needed modules.
WANTED_MODULES="virtio_pci 9pnet_virtio 9p vsock_loopback"
KDIR="$VM_DIR/kernel"
if [ ! -f "$KDIR/ready" ]; then
    rm -rf "$KDIR" "$VM_DIR/download"
    mkdir -p "$KDIR/modules" "$VM_DIR/download"
    pkg=${VM_KERNEL_PKG:-}
    if [ "$VM_ARCH" = aarch64 ]; then
        # aarch64-sysroot.sh downloaded trixie's linux-image-arm64 closure: the versioned image is the one
        kdeb=$(ls "$(dirname "$SYSROOT")"/kernel-deb/linux-image-[0-9]*.deb 2>/dev/null | head -n1)
        [ -n "$kdeb" ] || fail "no arm64 kernel package in $(dirname "$SYSROOT")/kernel-deb"
        cp "$kdeb" "$VM_DIR/download/"
        pkg=$(dpkg-deb -f "$kdeb" Package)
    elif [ -z "$pkg" ]; then
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null \
              | awk '/Depends: linux-image-[0-9]/ {print $2; exit}') || true
        if [ -z "$pkg" ]; then
            as_root apt-get -o DPkg::Lock::Timeout=600 -q update >&2 || fail "apt-get update failed"
            pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        fi
    fi
    [ -n "$pkg" ] || fail "cannot resolve the kernel package behind linux-image-amd64"
    [ "$VM_ARCH" = aarch64 ] || msg "fetching kernel package $pkg"
    [ "$VM_ARCH" = aarch64 ] || ( cd "$VM_DIR/download" && chmod 777 . && apt-get -q download "$pkg" >&2 ) || {
        msg "apt-get download failed; refreshing package lists and retrying"
        as_root apt-get -o DPkg::Lock::Timeout=600 -q update >&2 || fail "apt-get update failed"
        ( cd "$VM_DIR/download" && apt-get -q download "$pkg" >&2 ) || fail "cannot download $pkg"
    }
    deb=$(ls "$VM_DIR"/download/*.deb | head -n1)
    dpkg-deb -x "$deb" "$VM_DIR/download/x"
    X="$VM_DIR/download/x"
    [ -d "$X/lib/modules" ] || ln -s usr/lib "$X/lib"   # usr-merged kernel packages (trixie)
    kver=$(ls "$X/lib/modules" | head -n1)
    cp "$X/boot/vmlinuz-$kver" "$KDIR/vmlinuz"
    MODROOT="$X/lib/modules/$kver"
    builtin_list="$MODROOT/modules.builtin"

    # name -> file (module names normalise '-' to '_')
    declare -A modfile=() seen=()
    while IFS= read -r f; do
        b=$(basename "$f"); b=${b%%.ko*}; modfile[${b//-/_}]=$f
    done < <(find "$MODROOT/kernel" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')
    order=()
    resolve() {
        local m=${1//-/_} f tmp deps d
        [ -n "${seen[$m]:-}" ] && return 0
        seen[$m]=1
        if [ -z "${modfile[$m]:-}" ]; then
            # built into the kernel?
            grep -Eq "/${m//_/[-_]}\.ko$" "$builtin_list" 2>/dev/null && return 0
            fail "module $m neither built in nor shipped in $pkg"
        fi
        f=${modfile[$m]}
        tmp="$KDIR/modules/$m.ko"
        case "$f" in
            *.ko.xz) xz -dc "$f" > "$tmp" ;;
            *.ko.zst) zstd -qdc "$f" > "$tmp" ;;
            *.ko.gz) gzip -dc "$f" > "$tmp" ;;
            *) cp "$f" "$tmp" ;;
        esac
        deps=$(tr '\0' '\n' < "$tmp" | grep -a '^depends=' | head -n1 | cut -d= -f2 | tr ',' ' ')
        for d in $deps; do resolve "$d"; done
        order+=("$m")
    }
    for m in $WANTED_MODULES; do resolve "$m"; done
    printf '%s\n' "${order[@]}" > "$KDIR/modules/load-order"
    grep -E '^CONFIG_(VIRTIO|VIRTIO_PCI|NET_9P|NET_9P_VIRTIO|9P_FS|VSOCKETS|VSOCKETS_LOOPBACK|DEVTMPFS|TMPFS|MAGIC_SYSRQ)=' \
        "$X/boot/config-$kver" > "$KDIR/config-excerpt" || true
    echo "$pkg $kver $(dpkg-deb -f "$deb" Version)" > "$KDIR/version"
    rm -rf "$VM_DIR/download"
    touch "$KDIR/ready"
    msg "kernel cached: $(cat "$KDIR/version"); modules: $(tr '\n' ' ' < "$KDIR/modules/load-order")"
fi

# ---------------------------------------------------------------- initramfs
INITRD="$VM_DIR/initramfs.cpio.gz"
key=$( { sha256sum "$SCRIPT_DIR/guest-init.sh" "$BUSYBOX" "$KDIR/version";
         cat "$KDIR/modules/load-order"; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$INITRD" ] || [ "$(cat "$VM_DIR/initramfs.key" 2>/dev/null)" != "$key" ]; then
    msg "building initramfs"
    stage="$VM_DIR/initramfs.d"
    rm -rf "$stage"; mkdir -p "$stage/bin" "$stage/lib/modules" "$stage/dev" "$stage/proc" \
        "$stage/sys" "$stage/newroot" "$stage/results"
    cp "$BUSYBOX" "$stage/bin/busybox"
    install -m 0755 "$SCRIPT_DIR/guest-init.sh" "$stage/init"
    cp "$KDIR"/modules/*.ko "$KDIR/modules/load-order" "$stage/lib/modules/"
    CPIO=("$BUSYBOX" cpio)
    [ "$VM_ARCH" = aarch64 ] && CPIO=(qemu-aarch64-static "$BUSYBOX" cpio)   # the arm64 busybox, emulated
    ( cd "$stage" && find . | LC_ALL=C sort | "${CPIO[@]}" -o -H newc -R 0:0 2>/dev/null ) \
        | gzip -1 > "$INITRD.tmp"
    mv "$INITRD.tmp" "$INITRD"
    echo "$key" > "$VM_DIR/initramfs.key"
    rm -rf "$stage"
fi

# ---------------------------------------------------------------- job
rm -rf "$RESULTS"
mkdir -p "$RESULTS/.vm"
chmod 0777 "$RESULTS"
LOG="$VM_DIR/console.log"
: > "$LOG"

sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }   # shell single-quote

{
    echo "VM_PROJECT_DIR=$(sq "$PROJECT_DIR")"
    echo "VM_RESULTS_DIR=$(sq "$RESULTS")"
    echo "VM_JOB=$(sq "$RESULTS/.vm/job.sh")"
    # aarch64: the guest's root is the sysroot, with these host directories bound in at their own paths
    echo "VM_SYSROOT=$(sq "$SYSROOT")"
    echo "VM_BIND_PATHS=$(sq "${VM_BIND_PATHS:-}")"
} > "$RESULTS/.vm/guest.env"

{
    echo '#!/bin/sh'
    echo "# generated by run-in-guest.sh"
    echo "cd $(sq "$PROJECT_DIR") || exit 125"
    echo "export RESULTS_DIR=$(sq "$RESULTS")"
    echo "export HVSOCK_IN_GUEST=1 HVSOCK_EXPECT_VSOCK_LOOPBACK=1"
    echo "export JAVA_HOME=$(sq "$VM_JAVA_HOME")"
    echo 'export PATH="$JAVA_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'
    echo 'export HOME=/tmp TMPDIR=/tmp LANG=C.UTF-8 TERM=dumb'
    echo 'export JAVA_TOOL_OPTIONS="-XX:ErrorFile=$RESULTS_DIR/hs_err_pid%p.log${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"'
    for e in "${EXTRA_ENV[@]+"${EXTRA_ENV[@]}"}"; do
        echo "export ${e%%=*}=$(sq "${e#*=}")"
    done
    echo 'ulimit -c 0'
    printf 'exec'
    for a in "$@"; do printf ' %s' "$(sq "$a")"; done
    echo
} > "$RESULTS/.vm/job.sh"

# ---------------------------------------------------------------- accel
probe_kvm() {
    [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
    # Hardware virtualisation must show in the CPU flags: some sandboxes offer a /dev/kvm that passes the
    # probe below (it runs no guest code) while a real guest then never prints a line (seen here: no vmx/svm,
    # /dev/kvm present, the guest silent until the 900 s timeout).
    grep -qwE 'vmx|svm' /proc/cpuinfo || return 1
    # KVM may exist but not work (e.g. nested without vmx/svm): qemu aborts then.
    ( echo quit | timeout 30 qemu-system-x86_64 -accel kvm -machine q35 -cpu host -nodefaults \
        -no-user-config -display none -nic none -monitor stdio -S >/dev/null 2>&1 ) 2>/dev/null
}
if [ "$VM_ACCEL" = auto ] && [ "$VM_ARCH" = aarch64 ]; then
    VM_ACCEL=tcg,thread=single   # nothing here runs arm64 natively
elif [ "$VM_ACCEL" = auto ]; then
    if probe_kvm; then VM_ACCEL=kvm; else VM_ACCEL=tcg,thread=single; fi
fi
case "$VM_ACCEL" in
    kvm*) CPU=host ;;
    *) CPU=${VM_CPU:-qemu64} ;;
esac

if [ "$VM_ARCH" = aarch64 ]; then
CPU=${VM_CPU:-cortex-a72}
# cortex-a72: ARMv8.0 without pointer authentication or SVE, which TCG emulates slowly
QEMU=(qemu-system-aarch64
    -accel "$VM_ACCEL" -machine virt -cpu "$CPU" -smp "$VM_SMP" -m "$VM_MEM"
    -nodefaults -no-user-config -display none -no-reboot
    -nic none                       # SAFETY: no network device
                                    # SAFETY: no vhost-vsock-pci device (never add one)
    -serial stdio
    -kernel "$KDIR/vmlinuz" -initrd "$INITRD"
    -append "console=ttyAMA0 panic=-1 oops=panic quiet rdinit=/init"
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=results,path=$RESULTS,security_model=none,multidevs=remap"
    -device "virtio-9p-pci,fsdev=results,mount_tag=results"
)
else
QEMU=(qemu-system-x86_64
    -accel "$VM_ACCEL" -machine q35 -cpu "$CPU" -smp "$VM_SMP" -m "$VM_MEM"
    -nodefaults -no-user-config -display none -no-reboot
    -nic none                       # SAFETY: no network device
                                    # SAFETY: no vhost-vsock-pci device (never add one)
    -serial stdio
    -kernel "$KDIR/vmlinuz" -initrd "$INITRD"
    -append "console=ttyS0 panic=-1 oops=panic quiet rdinit=/init"
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=results,path=$RESULTS,security_model=none,multidevs=remap"
    -device "virtio-9p-pci,fsdev=results,mount_tag=results"
)
fi
printf '%q ' "${QEMU[@]}" > "$VM_DIR/qemu-cmdline.txt"; echo >> "$VM_DIR/qemu-cmdline.txt"

msg "booting $VM_ARCH guest (accel=$VM_ACCEL, cpu=$CPU, smp=$VM_SMP, mem=${VM_MEM}M, timeout=${VM_TIMEOUT}s, kernel $(cut -d' ' -f1 "$KDIR/version"))"
T_BOOT=$(date +%s.%N)
set +e
if [ "$VM_QUIET" = 1 ]; then
    timeout -k 10 "$VM_TIMEOUT" "${QEMU[@]}" < /dev/null 2>&1 | sed -u 's/\r$//' > "$LOG"
else
    timeout -k 10 "$VM_TIMEOUT" "${QEMU[@]}" < /dev/null 2>&1 | sed -u 's/\r$//' | tee "$LOG"
fi
QRC=${PIPESTATUS[0]}
set -e
T_END=$(date +%s.%N)

# ---------------------------------------------------------------- verdict
[ -n "${SUDO_UID:-}" ] && chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$VM_DIR" 2>/dev/null || true

tail_log() {
    msg "---- last 60 lines of guest console ($LOG) ----"
    tail -n 60 "$LOG" >&2
    msg "---- end of console ----"
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
ready=$(cat "$RESULTS/.vm/guest-ready-uptime" 2>/dev/null || echo '?')
endup=$(cat "$RESULTS/.vm/guest-end-uptime" 2>/dev/null || echo '')
job_s='?'; [ -n "$endup" ] && [ "$ready" != '?' ] && job_s=$(elapsed "$ready" "$endup")
msg "timing: guest ready at ${ready}s guest uptime, job ${job_s}s (guest clock), qemu wall $(elapsed "$T_BOOT" "$T_END")s, total $(elapsed "$T_START" "$T_END")s"

if [ "$QRC" -eq 124 ] || [ "$QRC" -eq 137 ]; then
    tail_log; msg "FAIL: timeout after ${VM_TIMEOUT}s"; exit 124
fi
if grep -q 'Kernel panic' "$LOG"; then
    tail_log; msg "FAIL: guest kernel panic"; exit 125
fi
if [ -f "$RESULTS/.vm/init-error" ]; then
    tail_log; msg "FAIL: guest init: $(cat "$RESULTS/.vm/init-error")"; exit 125
fi
if [ "$QRC" -ne 0 ]; then
    tail_log; msg "FAIL: qemu exited with status $QRC"; exit 125
fi
if [ ! -f "$RESULTS/.vm/exit-status" ]; then
    tail_log; msg "FAIL: guest wrote no exit status"; exit 125
fi
RC=$(cat "$RESULTS/.vm/exit-status")
[[ "$RC" =~ ^[0-9]+$ ]] || { tail_log; msg "FAIL: bad exit status '$RC'"; exit 125; }
crashes=$(find "$RESULTS" -name 'hs_err_pid*.log' 2>/dev/null)
if [ -n "$crashes" ]; then
    tail_log
    msg "FAIL: JVM crash report(s): $(echo $crashes)"
    head -n 40 $(echo "$crashes" | head -n1) >&2
    [ "$RC" -eq 0 ] && RC=134
    exit "$RC"
fi
if [ "$RC" -ne 0 ]; then
    tail_log; msg "FAIL: guest command exited with status $RC"
else
    msg "OK: guest command exited with status 0"
fi
exit "$RC"
