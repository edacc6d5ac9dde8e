#!/bin/sh
# Builds the Winsock model into $1 (default target/winsock-model): libws2_32.so with the whole model, and the
# other DLL names the bindings load (System.mapLibraryName) as libraries that depend on it. Test-only.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=${1:-target/winsock-model}
mkdir -p "$out"
rm -rf "$out/state" "$out/state-20348" # the registry and HCS documents the tests record (registry.c, hcs.c)
cc=${CC:-gcc}
flags="-O1 -g -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror -std=gnu11 -pthread"
$cc $flags -o "$out/libws2_32.so" "$src/handles.c" "$src/hyperv.c" "$src/sockets.c" "$src/poll.c" \
    "$src/faults.c" "$src/kernel32.c" "$src/registry.c" "$src/hcs.c"
for name in kernel32 advapi32 computecore ole32 ntdll; do
    $cc $flags -o "$out/lib$name.so" "$src/stub.c" -L"$out" -Wl,--no-as-needed -lws2_32 -Wl,-rpath,'$ORIGIN'
done
$cc $flags -o "$out/libvmcompute.so" "$src/vmcompute.c" -L"$out" -Wl,--no-as-needed -lws2_32 -Wl,-rpath,'$ORIGIN'
