/*
 * WSAPoll over Linux poll(2), with Windows' bit values and rules:
 *   - WSAPOLLFD is { SOCKET fd; SHORT events; SHORT revents; }, 16 bytes on x64 (winsock2.h);
 *   - POLLRDNORM 0x0100, POLLRDBAND 0x0200, POLLPRI 0x0400, POLLWRNORM 0x0010, POLLERR 0x0001, POLLHUP 0x0002,
 *     POLLNVAL 0x0004 (winsock2.h);
 *   - events may hold only POLLRDNORM, POLLRDBAND and POLLWRNORM: anything else fails the whole call with
 *     WSAEINVAL. POLLPRI included: "This flag is not supported by the Microsoft Winsock provider"
 *     (Microsoft Learn, WSAPOLLFD), and a WSAPoll asking for it fails (as curl's and libuv's Windows
 *     backends avoid it);
 *   - bad entries, as Wine's dlls/ws2_32/tests/sock.c, test_WSAPoll (run on real Windows) shows them: an entry
 *     whose fd is negative (-1) or no socket (0xabacab) gets revents = POLLNVAL and is NOT counted, and the call
 *     succeeds with no error (returns 0 where nothing else is ready); only when NO entry is valid does it fail,
 *     with WSAENOTSOCK, every entry POLLNVAL. Microsoft Learn (WSAPOLLFD) says a negative fd is "ignored"; the
 *     model follows Wine's test. A socket closed while the call waits ends the wait with POLLNVAL on its entry,
 *     counted (test_WSAPoll, "Test closing a socket while selecting on it": returns 1, POLLNVAL). Issue 18's
 *     text assumed the whole call fails with WSAENOTSOCK for one bad handle; Wine's tests contradict it. That
 *     older assumption stays available as the fault switch "wsapoll_bad_entry_fails" (faults.c). Whether
 *     Windows returns at once for a bad entry or waits for the valid ones is not shown (the tests poll with
 *     timeout 0): the model waits, the worse case for a poller;
 *   - an invalid events mask on any non-negative entry, a bad handle's included, fails the whole call with
 *     WSAEINVAL and every revents cleared (test_WSAPoll: listener POLLIN + 0xabacab POLLERR); a negative entry's
 *     events are not checked (-1 with POLLERR next to a valid entry succeeds);
 *   - WSAPoll(NULL, 0, t) fails with WSAEINVAL, WSAPoll(NULL, 1, t) with WSAEFAULT (test_WSAPoll, first lines);
 *   - POLLERR, POLLHUP and POLLNVAL are reported whether asked or not ("Error conditions are always returned"),
 *     POLLHUP "when the remote peer initiates a graceful disconnect", POLLHUP | POLLERR "when a remote peer
 *     suddenly disconnects" (Microsoft Learn, WSAPoll). A graceful close is POLLHUP (with POLLWRNORM if asked),
 *     and POLLRDNORM only while data is still unread: test_WSAPoll, "Test shutdown via closesocket()" gives
 *     POLLWRNORM | POLLHUP, and POLLHUP with events 0; "Test shutdown with data in the pipe" gives
 *     POLLWRNORM | POLLRDNORM | POLLHUP. A reset is POLLERR | POLLHUP | POLLWRNORM (Wine's test_tcp_reset,
 *     reported by the review);
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
#include <sys/ioctl.h>
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
#define CLOSE_CHECK_MILLIS 100

void msock_retry_connect(msock *m);

static long now_millis(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* What the model itself reports for an entry (a failed connect, a fault), or -1 to ask Linux. */
static int synthetic(msock *m, int events) {
    if (m->reset) {
        return W_POLLHUP | W_POLLERR | (events & W_POLLWRNORM); /* test_tcp_reset (reported by the review) */
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

/* Linux's revents for m as Windows reports them (the rules above). */
static int translate(msock *m, int linux_revents, int events) {
    int r = 0;
    if ((linux_revents & POLLIN) && (events & (W_POLLRDNORM | W_POLLRDBAND))) {
        r |= events & W_POLLRDNORM ? W_POLLRDNORM : W_POLLRDBAND;
    }
    if ((linux_revents & POLLOUT) && (events & W_POLLWRNORM)) {
        r |= W_POLLWRNORM;
    }
    if (linux_revents & (POLLRDHUP | POLLHUP)) {
        r |= W_POLLHUP;
        int unread = 0;
        if (!(linux_revents & POLLERR) && !m->listening && ioctl(m->fd, FIONREAD, &unread) == 0 && unread == 0) {
            /* Linux says POLLIN for the end of the stream; Windows says only POLLHUP once nothing is left to read
               (test_WSAPoll, "Test shutdown via closesocket()": POLLWRNORM | POLLHUP) */
            r &= ~(W_POLLRDNORM | W_POLLRDBAND);
        }
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
    if (fds == NULL || count == 0 || count > MAX_POLL) {
        /* test_WSAPoll: WSAPoll(NULL, 0, t) fails with WSAEINVAL, WSAPoll(NULL, 1, t) with WSAEFAULT */
        errno = count > MAX_POLL ? WSAENOBUFS : count == 0 ? WSAEINVAL : WSAEFAULT;
        return SOCKET_ERROR;
    }
    msock *socks[MAX_POLL];
    unsigned long generations[MAX_POLL];
    uint32_t valid = 0;
    int bad_events = 0;
    for (uint32_t i = 0; i < count; i++) {
        socks[i] = (int64_t) fds[i].fd < 0 ? NULL : msock_get(fds[i].fd);
        generations[i] = socks[i] == NULL ? 0 : socks[i]->generation;
        valid += socks[i] != NULL;
        bad_events |= (int64_t) fds[i].fd >= 0 && (fds[i].events & ~W_ALLOWED) != 0;
    }
    if (valid == 0 || (valid < count && fault_wsapoll_bad_entry_fails)) {
        for (uint32_t i = 0; i < count; i++) {
            fds[i].revents = W_POLLNVAL; /* test_WSAPoll: -1 and 0xabacab alone: WSAENOTSOCK, both POLLNVAL */
        }
        errno = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    if (bad_events) {
        for (uint32_t i = 0; i < count; i++) {
            fds[i].revents = 0; /* test_WSAPoll: listener POLLIN + 0xabacab POLLERR: WSAEINVAL, both revents 0 */
        }
        errno = WSAEINVAL;
        return SOCKET_ERROR;
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
                fds[i].revents = W_POLLNVAL; /* a bad entry: marked, not counted (test_WSAPoll) */
                continue;
            }
            if (!msock_alive(fds[i].fd, generations[i])) {
                fds[i].revents = W_POLLNVAL; /* closed while the call waited: marked and counted (test_WSAPoll) */
                ready++;
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
        if (wait < 0 || wait > CLOSE_CHECK_MILLIS) {
            wait = CLOSE_CHECK_MILLIS; /* Linux's poll does not notice a close under it: look every so often */
        }
        int n = lx_poll(pfd, count, wait);
        if (n < 0 && errno != EINTR) {
            errno = wsa_from_errno(errno);
            return SOCKET_ERROR;
        }
        for (uint32_t i = 0; n > 0 && i < count; i++) {
            if (pfd[i].fd >= 0 && pfd[i].revents != 0) {
                int r = translate(socks[i], pfd[i].revents, fds[i].events);
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
