/*
 * SOCKET handles, and Linux errno values as the Winsock errors Windows gives.
 *
 * A SOCKET is a kernel handle on Windows, a multiple of 4 from the process's handle table, not a C runtime file
 * descriptor ("SOCKET ... is a kernel handle", Microsoft Learn, "Socket Handles",
 * https://learn.microsoft.com/en-us/windows/win32/winsock/socket-handles-2). The model hands out
 * HANDLE_BASE + 4 * slot, far above any fd of the process, so code that mixes a handle up with the fd under it
 * fails with WSAENOTSOCK here instead of touching some other file. Handle values are reused at once, lowest
 * first, as Windows reuses handle table entries: a close that comes too early shows up as data on the wrong socket.
 */
#define _GNU_SOURCE
#include "model.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define HANDLE_BASE 0x10000u
#define MAX_SOCKETS 16384

static msock table[MAX_SOCKETS];
static int open_count;
static unsigned long generations;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

SOCKET msock_new(int fd, int af) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_SOCKETS; i++) {
        if (!table[i].used) {
            memset(&table[i], 0, sizeof table[i]);
            table[i].fd = fd;
            table[i].af = af;
            table[i].used = 1;
            table[i].generation = ++generations;
            open_count++;
            pthread_mutex_unlock(&lock);
            return HANDLE_BASE + 4u * (unsigned) i;
        }
    }
    pthread_mutex_unlock(&lock);
    errno = WSAEMFILE;
    return INVALID_SOCKET;
}

msock *msock_get(SOCKET s) {
    if (s < HANDLE_BASE || (s - HANDLE_BASE) % 4 != 0 || (s - HANDLE_BASE) / 4 >= MAX_SOCKETS) {
        errno = WSAENOTSOCK; /* Microsoft Learn, e.g. recv: "WSAENOTSOCK The descriptor is not a socket." */
        return NULL;
    }
    msock *m = &table[(s - HANDLE_BASE) / 4];
    if (!__atomic_load_n(&m->used, __ATOMIC_ACQUIRE)) {
        errno = WSAENOTSOCK;
        return NULL;
    }
    return m;
}

void msock_free(SOCKET s) {
    pthread_mutex_lock(&lock);
    msock *m = &table[(s - HANDLE_BASE) / 4];
    if (m->used) {
        close(m->fd);
        __atomic_store_n(&m->used, 0, __ATOMIC_RELEASE);
        open_count--;
    }
    pthread_mutex_unlock(&lock);
}

int msock_alive(SOCKET s, unsigned long generation) {
    pthread_mutex_lock(&lock);
    msock *m = &table[(s - HANDLE_BASE) / 4];
    int alive = m->used && m->generation == generation;
    pthread_mutex_unlock(&lock);
    return alive;
}

int msock_open_count(void) {
    pthread_mutex_lock(&lock);
    int n = open_count;
    pthread_mutex_unlock(&lock);
    return n;
}

/*
 * Winsock's codes for what Linux reports. Windows has no EPIPE and no SIGPIPE: a send to a connection the peer
 * closed fails with WSAECONNRESET or WSAECONNABORTED (Microsoft Learn, send: "WSAECONNRESET The virtual circuit
 * was reset by the remote side"; "WSAECONNABORTED ... terminated due to a time-out or other failure"). A
 * connect to an AF_UNIX path nobody listens on: Linux says ENOENT or ECONNREFUSED, the model WSAECONNREFUSED
 * (Windows' exact code there is not verified; docs/windows.md lists it).
 */
int wsa_from_errno(int e) {
    switch (e) {
    case EINTR: return WSAEINTR;
    case EBADF: return WSAENOTSOCK;
    case EACCES: case EPERM: return WSAEACCES;
    case EFAULT: return WSAEFAULT;
    case EINVAL: return WSAEINVAL;
    case EMFILE: case ENFILE: return WSAEMFILE;
    case EAGAIN: return WSAEWOULDBLOCK;
    case EINPROGRESS: return WSAEWOULDBLOCK; /* connect, Microsoft Learn: WSAEWOULDBLOCK for a non-blocking connect */
    case EALREADY: return WSAEALREADY;
    case ENOTSOCK: return WSAENOTSOCK;
    case EMSGSIZE: return WSAEMSGSIZE;
    case ENOPROTOOPT: return WSAENOPROTOOPT;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case EOPNOTSUPP: return WSAEOPNOTSUPP;
    case EAFNOSUPPORT: return WSAEAFNOSUPPORT;
    case EADDRINUSE: return WSAEADDRINUSE;
    case EADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case ENETDOWN: return WSAENETDOWN;
    case ENETUNREACH: return WSAENETUNREACH;
    case ECONNABORTED: return WSAECONNABORTED;
    case ECONNRESET: case EPIPE: return WSAECONNRESET;
    case ENOBUFS: case ENOMEM: return WSAENOBUFS;
    case EISCONN: return WSAEISCONN;
    case ENOTCONN: return WSAENOTCONN;
    case ESHUTDOWN: return WSAESHUTDOWN;
    case ETIMEDOUT: return WSAETIMEDOUT;
    case ECONNREFUSED: case ENOENT: return WSAECONNREFUSED;
    case EHOSTUNREACH: return WSAEHOSTUNREACH;
    default: return WSAEINVAL;
    }
}
