/*
 * The Winsock model: the Windows functions hvsock-nio's generated bindings link (ws2_32, kernel32, advapi32,
 * computecore, vmcompute, ole32), implemented over Linux sockets with Windows' semantics, so that the Windows
 * platform runs on Linux in `mvn verify`. Test-only: built by the test build, never shipped (docs/windows.md,
 * "The Winsock model").
 *
 * Types are fixed-width, as the bindings' layouts are fixed at generation: C `long`/`u_long`/`DWORD`/`ULONG` are
 * 32-bit (int32_t/uint32_t), `SOCKET` is 64-bit (uint64_t), `HANDLE`/`HKEY`/pointers 64-bit (MinGW-w64's
 * winsock2.h, ws2def.h; src/main/java/dev/hvsock/internal/ffi/windows/WinSockTypes.java: C_LONG = JAVA_INT).
 *
 * Errors: the Windows platform captures "WSAGetLastError"/"GetLastError" on Windows; on Linux the linker knows
 * only "errno", so the model reports the Windows error codes through errno (set last, right before returning).
 */
#ifndef HVSOCK_WINSOCK_MODEL_H
#define HVSOCK_WINSOCK_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint64_t SOCKET;
#define INVALID_SOCKET ((SOCKET) ~0ULL) /* winsock2.h: (SOCKET)(~0) */
#define SOCKET_ERROR (-1)

/* Address families, Windows' numbers (ws2def.h; hvsocket.h: AF_HYPERV 34). */
#define W_AF_UNIX 1
#define W_AF_INET 2
#define W_AF_HYPERV 34
#define W_SOCK_STREAM 1
#define W_IPPROTO_TCP 6
#define HV_PROTOCOL_RAW 1

/* Winsock error codes (winerror.h / winsock2.h, WSABASEERR 10000). */
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP 10045
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAENETUNREACH 10051
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAEHOSTUNREACH 10065
#define WSAVERNOTSUPPORTED 10092

/* A GUID as it lies in memory: Data1 (LE u32), Data2, Data3 (LE u16), Data4[8]. */
typedef struct { unsigned char bytes[16]; } guid_t;

/* SOCKADDR_HV (hvsocket.h): 36 bytes, family at 0, reserved at 2, VmId at 4, ServiceId at 20. */
typedef struct __attribute__((packed)) {
    uint16_t family;
    uint16_t reserved;
    guid_t vm_id;
    guid_t service_id;
} sockaddr_hv_t;

/* One socket of the model. The SOCKET handed out is not the fd (handles.c). */
typedef struct msock {
    int used;
    unsigned long generation; /* a new number each time the slot is handed out: WSAPoll sees a close under it */
    int fd;               /* the Linux socket underneath */
    int af;               /* Windows' family: W_AF_UNIX, W_AF_INET, W_AF_HYPERV */
    int nonblocking;      /* FIONBIO; Windows sockets start blocking */
    int bound;            /* bind() succeeded (AF_UNIX and AF_HYPERV have no autobind here) */
    int listening;
    int connected;        /* a connect() or accept() made this a connection */
    int shut_rd, shut_wr; /* this socket's own shutdown(): later recv/send fail with WSAESHUTDOWN */
    int reset;            /* fault: the peer reset the connection */
    int connect_failed;   /* a connect failed; WSAPoll reports it (unless the pre-2004 fault is on) */
    int so_error;         /* what SO_ERROR reads (and clears) */
    int connect_retry;    /* a connect found the backlog full: it stays pending, retried by WSAPoll */
    struct sockaddr_un retry_addr[2];
    int retry_count;
    int pollerr_zero;     /* fault: WSAPoll says POLLERR, SO_ERROR says 0 */
    int linger_on, linger_seconds;
    int32_t sndbuf, rcvbuf; /* what was set, as Windows returns it (Linux doubles it) */
    /* AF_HYPERV */
    sockaddr_hv_t local_hv, peer_hv;
    int has_local_hv, has_peer_hv;
    int32_t hv_connect_timeout, hv_connected_suspend, hv_container_passthru, hv_high_vtl;
} msock;

/* handles.c */
SOCKET msock_new(int fd, int af);
msock *msock_get(SOCKET s);     /* NULL, with errno = WSAENOTSOCK, if s is no socket of the model */
void msock_free(SOCKET s);
int msock_alive(SOCKET s, unsigned long generation); /* s is still the socket of that generation */
int msock_open_count(void);
int wsa_from_errno(int e);      /* the Winsock error Windows gives where Linux gave e; never EPIPE */

/* hyperv.c */
extern const guid_t HV_GUID_WILDCARD, HV_GUID_LOOPBACK, HV_GUID_CHILDREN, HV_GUID_PARENT;
int guid_equal(const guid_t *a, const guid_t *b);
void hv_listener_name(struct sockaddr_un *un, socklen_t *len, const guid_t *vm, const guid_t *service);
void hv_client_name(struct sockaddr_un *un, socklen_t *len, const guid_t *service);
int hv_client_service(const struct sockaddr_un *un, socklen_t len, guid_t *service);
void hv_random_guid(guid_t *g);

/* faults.c: the switches the tests set through hvmodel_control */
extern __thread int fault_wsapoll_fails;      /* the next N WSAPoll calls of this thread fail, whole array */
extern volatile int fault_wsapoll_bad_entry_fails; /* issue 18's assumption: one bad entry fails the whole call */
extern volatile int fault_so_error_clears;    /* reading SO_ERROR clears it (Windows keeps it) */
extern volatile int fault_wsapoll_error;      /* with this error */
extern volatile int fault_silent_failed_connect; /* pre-2004 WSAPoll: a failed connect is never reported */
extern volatile int fault_next_connect_pollerr_zero; /* the next connect: POLLERR, SO_ERROR 0 */
extern volatile int model_windows_build;      /* 22621+: HIGH_VTL, no CONTAINER_PASSTHRU; older: the reverse */
extern volatile int model_no_unix;            /* AF_UNIX missing (before Windows 10 1803) */
extern volatile int model_elevated;           /* registry writes allowed */
extern volatile long wsapoll_calls;
void model_count_alloc(int allocator, int delta);

#define ALLOC_LOCAL 0   /* LocalAlloc / LocalFree */
#define ALLOC_COTASK 1  /* CoTaskMemAlloc / CoTaskMemFree */

#endif
