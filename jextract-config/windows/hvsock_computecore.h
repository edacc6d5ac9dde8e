/*
 * jextract input for dev.hvsock.internal.ffi.windows.ComputeCore (Windows x64): the Host Compute Service's
 * documented API in computecore.dll (Windows 10 1809 / Server 2019 and later), with which the platform lists
 * the compute systems (VMs, the WSL 2 utility VM, containers):
 * https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcsenumeratecomputesystems
 * Parsed with the MinGW-w64 headers (see compile_flags.txt) while jextract believes it runs on Windows.
 * computedefs.h, which computecore.h includes, uses DECLARE_HANDLE and SECURITY_DESCRIPTOR without
 * including their headers: windows.h comes first.
 */
#ifndef HVSOCK_COMPUTECORE_H
#define HVSOCK_COMPUTECORE_H

#include <windows.h>
#include <computecore.h>

#endif /* HVSOCK_COMPUTECORE_H */
