/*
 * jextract input for dev.hvsock.internal.ffi.windows (Winsock 2 + Hyper-V sockets, Windows x64).
 * Parsed with the MinGW-w64 headers (see compile_flags.txt); jextract must believe it runs on
 * Windows (os.name) so that C `long` is 32-bit -- see ../generate.sh.
 */
#ifndef HVSOCK_WINDOWS_H
#define HVSOCK_WINDOWS_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>
#include <hvsocket.h>

/* Not in every SDK/MinGW version of the headers; values from the Windows SDK. */
#ifndef AF_HYPERV
#define AF_HYPERV 34
#endif
#ifndef HV_PROTOCOL_RAW
#define HV_PROTOCOL_RAW 1
#endif
#ifndef HVSOCKET_CONNECT_TIMEOUT
#define HVSOCKET_CONNECT_TIMEOUT 0x01
#endif
#ifndef HVSOCKET_CONNECT_TIMEOUT_MAX
#define HVSOCKET_CONNECT_TIMEOUT_MAX 300000
#endif
#ifndef HVSOCKET_CONTAINER_PASSTHRU
#define HVSOCKET_CONTAINER_PASSTHRU 0x02
#endif
#ifndef HVSOCKET_CONNECTED_SUSPEND
#define HVSOCKET_CONNECTED_SUSPEND 0x04
#endif
/* The Windows SDK's hvsocket.h (Windows 11 22H2 / build 22621 and later); MinGW-w64 10's lacks it. */
#ifndef HVSOCKET_HIGH_VTL
#define HVSOCKET_HIGH_VTL 0x08
#endif

#endif /* HVSOCK_WINDOWS_H */
