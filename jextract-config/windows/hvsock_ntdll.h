/*
 * jextract input for dev.hvsock.internal.ffi.windows.NtDll (Windows x64): RtlGetVersion of ntdll.dll.
 *
 * Microsoft documents it in the driver kit (wdm.h: "NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW
 * lpVersionInformation)", "RtlGetVersion returns STATUS_SUCCESS"), which MinGW-w64's user-mode headers do not
 * declare; user-mode code calls the same export of ntdll.dll. NTSTATUS is a LONG (ntdef.h), and
 * RTL_OSVERSIONINFOW is winnt.h's OSVERSIONINFOW.
 */
#ifndef HVSOCK_NTDLL_H
#define HVSOCK_NTDLL_H

#include <windows.h>

LONG NTAPI RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation);

#endif /* HVSOCK_NTDLL_H */
