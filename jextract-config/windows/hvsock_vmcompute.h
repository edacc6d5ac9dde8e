/*
 * jextract input for dev.hvsock.internal.ffi.windows.VmCompute (Windows x64): the older, undocumented Host
 * Compute Service API of vmcompute.dll, used where computecore.dll is missing (before Windows 10 1809), and
 * CoTaskMemFree (ole32), which frees the strings it returns.
 *
 * No SDK or MinGW header declares vmcompute.dll's functions; the declaration below is the one Microsoft's
 * own Go client makes (microsoft/hcsshim, internal/vmcompute/vmcompute.go:
 * "hcsEnumerateComputeSystems(query string, computeSystems **uint16, result **uint16) (hr error) =
 * vmcompute.HcsEnumerateComputeSystems?"), which frees both strings with CoTaskMemFree
 * (interop.ConvertAndFreeCoTaskMemString). It cannot share a header with computecore.h, which declares
 * another function of the same name.
 */
#ifndef HVSOCK_VMCOMPUTE_H
#define HVSOCK_VMCOMPUTE_H

#include <windows.h>
#include <combaseapi.h>

/* Synchronous: *computeSystems receives the JSON array, *result an optional error document. */
HRESULT WINAPI HcsEnumerateComputeSystems(PCWSTR query, PWSTR *computeSystems, PWSTR *result);

#endif /* HVSOCK_VMCOMPUTE_H */
