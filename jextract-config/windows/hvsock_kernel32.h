/*
 * jextract input for dev.hvsock.internal.ffi.windows.Kernel32 (Windows x64): SetHandleInformation, with
 * which the Windows platform makes its sockets non-inheritable, as the JDK does for its own sockets, and
 * LocalFree, which frees the result documents of the Host Compute Service (computecore.args).
 * Parsed with the MinGW-w64 headers (see compile_flags.txt) while jextract believes it runs on Windows.
 */
#ifndef HVSOCK_KERNEL32_H
#define HVSOCK_KERNEL32_H

#include <windows.h>
#include <handleapi.h>
#include <winbase.h>

#endif /* HVSOCK_KERNEL32_H */
