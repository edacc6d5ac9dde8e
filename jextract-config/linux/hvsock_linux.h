/*
 * jextract input for dev.hvsock.internal.ffi.linux and .linux.<arch> (glibc + Linux UAPI, every target).
 *
 * _GNU_SOURCE is deliberately NOT defined: with it, glibc declares bind/connect/
 * accept/getsockname/getpeername with transparent-union parameters (__SOCKADDR_ARG),
 * which jextract turns into by-value unions (calls then fail with EFAULT).
 * Everything we need from the GNU extensions is declared below with plain types.
 */
#ifndef HVSOCK_LINUX_H
#define HVSOCK_LINUX_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <asm/bitsperlong.h>   /* lets linux/vm_sockets.h pick SO_VM_SOCKETS_CONNECT_TIMEOUT */
#include <linux/vm_sockets.h>

/* GNU extension, normally only declared with _GNU_SOURCE. */
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags);

/* GNU extension flag for poll(2), only defined with _GNU_SOURCE. */
#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

/* Plain-constant fallbacks in case a header defines these as expressions. */
#ifndef SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD
#define SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD 6
#endif
#ifndef SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW
#define SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW 8
#endif
#ifndef VMADDR_CID_LOCAL
#define VMADDR_CID_LOCAL 1
#endif

#endif /* HVSOCK_LINUX_H */
