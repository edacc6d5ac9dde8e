/*
 * jextract input for dev.hvsock.internal.ffi.windows.registry (advapi32 registry API, Windows x64).
 * Parsed with the MinGW-w64 headers (see compile_flags.txt) while jextract believes it runs on Windows.
 */
#ifndef HVSOCK_REGISTRY_H
#define HVSOCK_REGISTRY_H

#include <windows.h>
#include <winreg.h>

#endif /* HVSOCK_REGISTRY_H */
