#!/usr/bin/env bash
# aarch64-sysroot.sh - make an arm64 (aarch64) root directory with Debian trixie's JDK 25, busybox and
# kernel, from downloaded packages, WITHOUT touching this machine's own Debian (no dpkg
# --add-architecture, no arm64 package in its dpkg database): a private apt configuration (own
# sources.list, lists, cache and an empty dpkg status file) downloads the packages, and `dpkg-deb -x`
# unpacks each into the sysroot, which nothing but qemu ever executes.
#
# Usage: src/test/vm/aarch64-sysroot.sh            prints the sysroot's path on stdout when done
# Environment:
#   AARCH64_CACHE   where everything lives (default <project>/target/aarch64): apt/ (the private apt
#                   state; its archives/ keeps the .debs, so a re-run downloads nothing), sysroot/,
#                   kernel/ (vmlinuz + the modules the guest needs, see run-in-guest.sh)
#   AARCH64_SUITE   Debian suite (default trixie); AARCH64_MIRROR (default http://deb.debian.org/debian)
#   AARCH64_PACKAGES  the packages to unpack (default below); their Depends closure is resolved by apt
#
# The sysroot is rebuilt from the cached .debs when the package list or this script changes
# (sysroot/.key). Delete AARCH64_CACHE to fetch newer packages.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../../.." && pwd)
CACHE=${AARCH64_CACHE:-$PROJECT_DIR/target/aarch64}
SUITE=${AARCH64_SUITE:-trixie}
MIRROR=${AARCH64_MIRROR:-http://deb.debian.org/debian}
# the JRE runs the compiled tests; busybox-static is the guest's /init and the shell of its root
PACKAGES=${AARCH64_PACKAGES:-openjdk-25-jre-headless busybox-static linux-image-arm64}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

msg() { echo "aarch64-sysroot: $*" >&2; }
fail() { msg "ERROR: $*"; exit 3; }

[ -f "$KEYRING" ] || fail "$KEYRING missing (package debian-archive-keyring)"
mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
flock 8

# ---------------------------------------------------------------- private apt configuration
APT_DIR="$CACHE/apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/etc/parts" "$APT_DIR/etc/prefs" \
    "$APT_DIR/etc/sources.d" "$APT_DIR/state"
: > "$APT_DIR/state/status.tmp"
[ -s "$APT_DIR/state/status" ] || mv "$APT_DIR/state/status.tmp" "$APT_DIR/state/status"
rm -f "$APT_DIR/state/status.tmp"
echo "deb [arch=arm64 signed-by=$KEYRING] $MIRROR $SUITE main" > "$APT_DIR/etc/sources.list"
cat > "$APT_DIR/etc/apt.conf" <<EOF
// private configuration of aarch64-sysroot.sh: nothing of the system's apt state is read or written
Dir::Etc::Main "$APT_DIR/etc/apt.conf";
Dir::Etc::Parts "$APT_DIR/etc/parts";
Dir::Etc::SourceList "$APT_DIR/etc/sources.list";
Dir::Etc::SourceParts "$APT_DIR/etc/sources.d";
Dir::Etc::Preferences "$APT_DIR/etc/preferences";
Dir::Etc::PreferencesParts "$APT_DIR/etc/prefs";
Dir::State "$APT_DIR/state";
Dir::State::Lists "$APT_DIR/lists";
Dir::State::status "$APT_DIR/state/status";
Dir::Cache "$APT_DIR/cache";
Dir::Cache::Archives "$APT_DIR/archives";
Dir::Log "$APT_DIR/log";
APT::Architecture "arm64";
APT::Architectures { "arm64"; };
APT::Install-Recommends "false";
APT::Get::Download-Only "true";
Acquire::Languages "none";
Debug::NoLocking "true";
EOF
APT=(env APT_CONFIG="$APT_DIR/etc/apt.conf" apt-get -q -o Dir::Etc::Main="$APT_DIR/etc/apt.conf")

# Resolve and download the closure; a re-run finds every .deb in archives/ and downloads nothing.
wanted=$(printf '%s\n' $PACKAGES | sort)
if [ "$(cat "$APT_DIR/downloaded" 2>/dev/null)" != "$wanted" ]; then
    msg "resolving $PACKAGES for arm64 from $SUITE (private apt state in $APT_DIR)"
    "${APT[@]}" update >&2 || fail "apt-get update (private, $SUITE arm64) failed"
    rm -f "$APT_DIR"/archives/*.deb
    "${APT[@]}" install -y --download-only $PACKAGES >&2 || fail "downloading $PACKAGES failed"
    echo "$wanted" > "$APT_DIR/downloaded"
fi
debs=$(ls "$APT_DIR"/archives/*.deb)

# ---------------------------------------------------------------- sysroot
SYSROOT="$CACHE/sysroot"
key=$( { sha256sum < "${BASH_SOURCE[0]}"; ls "$APT_DIR"/archives/*.deb | xargs -n1 basename; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$SYSROOT/.key" 2>/dev/null)" != "$key" ]; then
    msg "unpacking $(echo "$debs" | wc -l) packages into $SYSROOT"
    rm -rf "$SYSROOT" "$CACHE/kernel-deb"
    mkdir -p "$SYSROOT"
    for deb in $debs; do
        case "$(basename "$deb")" in
            linux-image-*) mkdir -p "$CACHE/kernel-deb"; cp "$deb" "$CACHE/kernel-deb/" ;;
            *) dpkg-deb -x "$deb" "$SYSROOT" ;;
        esac
    done
    # trixie is usr-merged: the loader is looked up as /lib/ld-linux-aarch64.so.1
    for d in lib bin sbin; do [ -e "$SYSROOT/$d" ] || ln -s "usr/$d" "$SYSROOT/$d"; done
    # The JDK's conf/ files are absolute symlinks into /etc/java-25-openjdk; qemu-user resolves them
    # against the real root, not the sysroot: replace each by a copy of its target in the sysroot.
    find "$SYSROOT/usr/lib/jvm" -type l | while IFS= read -r link; do
        target=$(readlink "$link")
        case "$target" in
            /etc/*)
                if [ -e "$SYSROOT$target" ]; then rm "$link"; cp -a "$SYSROOT$target" "$link"; fi ;;
        esac
    done
    # a shell and the usual tools for the guest (busybox applets), where trixie's own are not unpacked
    if [ -x "$SYSROOT/usr/bin/busybox" ]; then
        for applet in sh cat tee cut echo sed grep awk ls mkdir rm sleep id env dmesg sync mount umount \
                      chroot insmod poweroff; do
            [ -e "$SYSROOT/usr/bin/$applet" ] || [ -e "$SYSROOT/usr/sbin/$applet" ] \
                || ln -s busybox "$SYSROOT/usr/bin/$applet"
        done
    fi
    echo "$key" > "$SYSROOT/.key"
fi
JAVA_BIN=$(ls -d "$SYSROOT"/usr/lib/jvm/java-25-openjdk-arm64/bin/java 2>/dev/null) \
    || fail "no JDK 25 in $SYSROOT/usr/lib/jvm"
echo "$SYSROOT"
