/*
 * WSAPoll over Linux poll(2), with Windows' bit values and rules:
 *   - WSAPOLLFD is { SOCKET fd; SHORT events; SHORT revents; }, 16 bytes on x64 (winsock2.h);
 *   - POLLRDNORM 0x0100, POLLRDBAND 0x0200, POLLPRI 0x0400, POLLWRNORM 0x0010, POLLERR 0x0001, POLLHUP 0x0002,
 *     POLLNVAL 0x0004 (winsock2.h);
 *   - events may hold only POLLRDNORM, POLLRDBAND and POLLWRNORM: anything else fails the whole call with
 *     WSAEINVAL. POLLPRI included: "This flag is not supported by the Microsoft Winsock provider"
 *     (Microsoft Learn, WSAPOLLFD), and a WSAPoll asking for it fails (as curl's and libuv's Windows
 *     backends avoid it);
 *   - an entry whose fd is negative (INVALID_SOCKET) is ignored and its revents cleared (Microsoft Learn, WSAPOLLFD);
 *   - one handle that is no socket fails the whole call with WSAENOTSOCK (issue 18, section 2, from its review
 *     of Windows' behaviour; not checked against a run here: docs/windows.md lists the model's assumptions);
 *   - POLLERR, POLLHUP and POLLNVAL are reported whether asked or not ("Error conditions are always returned"),
 *     POLLHUP "when the remote peer initiates a graceful disconnect", POLLHUP | POLLERR "when a remote peer
 *     suddenly disconnects" (Microsoft Learn, WSAPoll);
 *   - a failed non-blocking connect is reported as POLLHUP | POLLERR | POLLWRNORM (Windows 10 2004 and later);
 *     before 2004 it was never reported at all (Microsoft Learn, WSAPoll, Remarks; Daniel Stenberg, "WSAPoll is
 *     broken"); the fault switch silent_failed_connect models the older Windows.
 * WSAPoll never fails with WSAEINTR: Windows has no signals to interrupt it.
 */
#define _GNU_SOURCE
#include "model.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "linux.h"

#define W_POLLRDNORM 0x0100
#define W_POLLRDBAND 0x0200
#define W_POLLPRI 0x0400
#define W_POLLWRNORM 0x0010
#define W_POLLERR 0x0001
#define W_POLLHUP 0x0002
#define W_POLLNVAL 0x0004
#define W_ALLOWED (W_POLLRDNORM | W_POLLRDBAND | W_POLLWRNORM)

typedef struct {
    SOCKET fd;
    int16_t events;
    int16_t revents;
} wsapollfd_t;

#define MAX_POLL 4096

void msock_retry_connect(msock *m);

static long now_millis(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* What the model itself reports for an entry (a failed connect, a fault), or -1 to ask Linux. */
static int synthetic(msock *m, int events) {
    if (m->reset) {
        return W_POLLHUP | W_POLLERR;
    }
    if (m->pollerr_zero) {
        return W_POLLERR | W_POLLHUP;
    }
    if (m->connect_failed) {
        return fault_silent_failed_connect ? 0 : W_POLLHUP | W_POLLERR | (events & W_POLLWRNORM);
    }
    if (m->connect_retry) {
        return 0; /* still pending: nothing to report yet */
    }
    return -1;
}

static int translate(int linux_revents, int events) {
    int r = 0;
    if ((linux_revents & POLLIN) && (events & (W_POLLRDNORM | W_POLLRDBAND))) {
        r |= events & W_POLLRDNORM ? W_POLLRDNORM : W_POLLRDBAND;
    }
    if ((linux_revents & POLLOUT) && (events & W_POLLWRNORM)) {
        r |= W_POLLWRNORM;
    }
    if (linux_revents & (POLLRDHUP | POLLHUP)) {
        r |= W_POLLHUP;
    }
    if (linux_revents & POLLERR) {
        r |= W_POLLERR | W_POLLHUP;
    }
    if (linux_revents & POLLNVAL) {
        r |= W_POLLNVAL;
    }
    return r;
}

WINAPI(int, WSAPoll, wsapollfd_t *fds, uint32_t count, int timeout) {
    __atomic_add_fetch(&wsapoll_calls, 1, __ATOMIC_RELAXED);
    if (fault_wsapoll_fails > 0) {
        fault_wsapoll_fails--;
        errno = fault_wsapoll_error;
        return SOCKET_ERROR;
    }
    if (fds == NULL || count > MAX_POLL) {
        errno = count > MAX_POLL ? WSAENOBUFS : WSAEFAULT;
        return SOCKET_ERROR;
    }
    msock *socks[MAX_POLL];
    for (uint32_t i = 0; i < count; i++) {
        if ((int64_t) fds[i].fd < 0) {
            socks[i] = NULL;
            continue;
        }
        if ((fds[i].events & ~W_ALLOWED) != 0) {
            errno = WSAEINVAL;
            return SOCKET_ERROR;
        }
        socks[i] = msock_get(fds[i].fd);
        if (socks[i] == NULL) {
            errno = WSAENOTSOCK;
            return SOCKET_ERROR;
        }
    }
    struct pollfd pfd[MAX_POLL];
    long deadline = timeout < 0 ? -1 : now_millis() + timeout;
    while (1) {
        int ready = 0;
        int retrying = 0;
        for (uint32_t i = 0; i < count; i++) {
            fds[i].revents = 0;
            pfd[i].fd = -1;
            pfd[i].events = 0;
            pfd[i].revents = 0;
            msock *m = socks[i];
            if (m == NULL) {
                continue;
            }
            msock_retry_connect(m);
            retrying |= m->connect_retry;
            int own = synthetic(m, fds[i].events);
            if (own >= 0) {
                fds[i].revents = (int16_t) own;
                ready += own != 0;
                continue;
            }
            pfd[i].fd = m->fd;
            pfd[i].events = POLLRDHUP;
            if (fds[i].events & (W_POLLRDNORM | W_POLLRDBAND)) {
                pfd[i].events |= POLLIN;
            }
            if (fds[i].events & W_POLLWRNORM) {
                pfd[i].events |= POLLOUT;
            }
        }
        long left = deadline < 0 ? -1 : deadline - now_millis();
        if (left < 0 && deadline >= 0) {
            left = 0;
        }
        int wait = ready > 0 ? 0 : (int) left;
        if (retrying && (wait < 0 || wait > 10)) {
            wait = 10; /* a connect waiting for room in a backlog is retried every 10 ms */
        }
        int n = lx_poll(pfd, count, wait);
        if (n < 0 && errno != EINTR) {
            errno = wsa_from_errno(errno);
            return SOCKET_ERROR;
        }
        for (uint32_t i = 0; n > 0 && i < count; i++) {
            if (pfd[i].fd >= 0 && pfd[i].revents != 0) {
                int r = translate(pfd[i].revents, fds[i].events);
                fds[i].revents = (int16_t) r;
                ready += r != 0;
            }
        }
        if (ready > 0 || (deadline >= 0 && now_millis() >= deadline)) {
            errno = 0;
            return ready;
        }
    }
}
