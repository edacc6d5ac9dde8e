#!/bin/busybox sh
# PID 1 of the hvsock-nio test guest (copied into the initramfs as /init by
# run-in-guest.sh). Runs on busybox only; never returns (PID 1 must not exit).
#
# Contract with run-in-guest.sh:
#   - virtio-9p tag "hostroot": the host's / (read-only)
#   - virtio-9p tag "results":  the host's target/vm/results (read-write);
#     run-in-guest.sh puts .vm/guest.env and .vm/job.sh there.
#   - we write .vm/exit-status (the job's exit code) and .vm/guest-*.txt
#     into it, then power off. A missing exit-status means failure.
# The guest has no network and no vsock device: only vsock_loopback (CID 1).

/bin/busybox mkdir -p /bin /sbin /proc /sys /dev /newroot /results
/bin/busybox --install -s /bin
export PATH=/bin:/sbin

log() { echo "vm-init: $*" > /dev/console; }

die() {
    log "FATAL: $*"
    if [ -d /results/.vm ]; then
        echo "init-failure: $*" > /results/.vm/init-error 2>/dev/null
        dmesg > /results/.vm/guest-dmesg.txt 2>/dev/null
        sync
    fi
    echo o > /proc/sysrq-trigger
    poweroff -f
    sleep 1000000
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo 1 > /proc/sys/kernel/sysrq

T0=$(cut -d' ' -f1 /proc/uptime)

# Load the modules in the dependency order computed on the host.
for m in $(cat /lib/modules/load-order); do
    insmod "/lib/modules/$m.ko" || die "insmod $m failed"
done

[ -c /dev/vsock ] || die "/dev/vsock missing after loading vsock modules"

NINEP_OPTS="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$NINEP_OPTS,cache=none" results /results \
    || die "cannot mount results share"
mkdir -p /results/.vm
[ -f /results/.vm/guest.env ] || die "results/.vm/guest.env missing"
. /results/.vm/guest.env   # defines VM_PROJECT_DIR, VM_RESULTS_DIR, VM_JOB

# The host root is read-only; cache=loose is safe (nothing changes it while
# the guest runs) and makes class loading from the JDK much faster.
if [ -n "${VM_SYSROOT:-}" ]; then
    # A guest of another architecture (aarch64) cannot run the host's programs: its root is a tmpfs made
    # of the sysroot's directories, with the project and $VM_BIND_PATHS bound in, read-only, at their paths.
    mkdir -p /host
    mount -t 9p -o "$NINEP_OPTS,ro,cache=loose" hostroot /host || die "cannot mount host root"
    [ -d "/host$VM_SYSROOT/usr" ] || die "sysroot $VM_SYSROOT not visible in host root"
    mount -t tmpfs -o mode=0755 tmpfs /newroot || die "mount new root"
    for d in usr etc var; do
        mkdir -p "/newroot/$d"
        [ -d "/host$VM_SYSROOT/$d" ] && { mount --bind "/host$VM_SYSROOT/$d" "/newroot/$d" || die "bind $d"; }
    done
    for d in lib bin sbin; do ln -s "usr/$d" "/newroot/$d"; done
    mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp /newroot/root
    mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp || die "mount /tmp"
    for p in "$VM_PROJECT_DIR" $VM_BIND_PATHS; do
        mkdir -p "/newroot$p"
        mount --bind "/host$p" "/newroot$p" || die "bind $p"
    done
    mkdir -p "/newroot$VM_RESULTS_DIR"
    R=/newroot
else
mount -t 9p -o "$NINEP_OPTS,ro,cache=loose" hostroot /newroot \
    || die "cannot mount host root"
R=/newroot
fi
mount -t proc proc $R/proc || die "mount proc"
mount -t sysfs sysfs $R/sys || die "mount sys"
mount -t devtmpfs devtmpfs $R/dev || die "mount dev"
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
# A project checked out under /tmp (a CI's mktemp -d) would vanish under the guest's own /tmp: keep a handle
# on it before, and put it back at its path after.
case "${VM_SYSROOT:+sysroot}$VM_PROJECT_DIR/" in
    /tmp/*)
        mkdir -p /project
        mount --bind "$R$VM_PROJECT_DIR" /project || die "bind project $VM_PROJECT_DIR"
        ;;
esac
[ -n "${VM_SYSROOT:-}" ] || mount -t tmpfs -o mode=1777 tmpfs $R/tmp || die "mount /tmp"
if [ -d /project ]; then
    mkdir -p "$R$VM_PROJECT_DIR"
    mount --bind /project "$R$VM_PROJECT_DIR" || die "rebind project $VM_PROJECT_DIR"
fi
# The results share appears at the same absolute path as on the host.
[ -d "$R$VM_RESULTS_DIR" ] || die "results mount point $VM_RESULTS_DIR not visible in host root"
mount --bind /results "$R$VM_RESULTS_DIR" || die "bind results"

T1=$(cut -d' ' -f1 /proc/uptime)
log "guest ready after ${T1}s uptime (modules+mounts $(awk "BEGIN{print $T1-$T0}")s); running job"
echo "$T1" > /results/.vm/guest-ready-uptime

# Run the job inside the chroot. stdin from /dev/null, output on the console.
chroot $R /bin/sh "$VM_JOB" < /dev/null > /dev/console 2>&1
RC=$?

T2=$(cut -d' ' -f1 /proc/uptime)
log "job exited with status $RC after $(awk "BEGIN{print $T2-$T1}")s"
echo "$T2" > /results/.vm/guest-end-uptime
dmesg > /results/.vm/guest-dmesg.txt 2>/dev/null
# Write the status last: its presence means the job really completed.
echo "$RC" > /results/.vm/exit-status.tmp && mv /results/.vm/exit-status.tmp /results/.vm/exit-status
sync
umount "$R$VM_RESULTS_DIR" 2>/dev/null
umount /results 2>/dev/null
echo o > /proc/sysrq-trigger
poweroff -f
sleep 1000000
