/*
 * The C contender of the hvsock-nio benchmarks (docs/performance.md): the same loops as the Java
 * contenders, over the same AF_UNIX stream sockets, with plain system calls. It stands for the physical
 * limit: whatever a Java channel adds on top of the kernel shows as its distance from this program.
 *
 * Built at bench time by BenchMain: gcc -O2 -pthread -o unix_bench unix_bench.c
 *
 *   unix_bench bulk     <socket path> <total bytes> <chunk bytes>
 *   unix_bench pingpong <socket path> <warm-up trips> <trips> <message bytes> blocking|epoll
 *   unix_bench selscale <idle channels> <warm-up pings> <pings> <max seconds>
 *   unix_bench many     <socket path> <connections> <message bytes> <trips per connection>
 *   unix_bench connect  <socket path> <connections>
 *   unix_bench client   <socket path> <connections> <message bytes> <trips per connection>
 *
 * "client" is the load for a server written in Java: it connects, prints "connected", waits for a line
 * on stdin, then runs the clients of "many" and prints how long they took.
 *
 * Each prints one line of key=value results on stdout; times are measured inside, so process start-up
 * is not part of any number.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    perror(what);
    exit(2);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static struct sockaddr_un address_of(const char *path) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a.sun_path) {
        fprintf(stderr, "socket path too long: %s\n", path);
        exit(2);
    }
    strcpy(a.sun_path, path);
    return a;
}

static int listen_at(const char *path, int backlog) {
    struct sockaddr_un a = address_of(path);
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(fd, backlog) < 0) die("listen");
    return fd;
}

static int connect_to(const char *path) {
    struct sockaddr_un a = address_of(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    while (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) {
        if (errno != EINTR) die("connect");
    }
    return fd;
}

static int accept_one(int listener) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) return fd;
        if (errno != EINTR) die("accept");
    }
}

static void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) die("fcntl");
}

static void write_fully(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("send");
        }
        buf += n;
        len -= (size_t) n;
    }
}

static void read_fully(int fd, char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = read(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("read");
        }
        if (n == 0) {
            fprintf(stderr, "unexpected EOF\n");
            exit(2);
        }
        buf += n;
        len -= (size_t) n;
    }
}

/* Selector style: waits in epoll for fd to become readable, then reads, until len bytes came (non-blocking fd). */
static void epoll_read_fully(int ep, int fd, char *buf, size_t len) {
    struct epoll_event ev;
    while (len > 0) {
        if (epoll_wait(ep, &ev, 1, -1) < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        ssize_t n = read(fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t) n;
        } else if (n == 0) {
            fprintf(stderr, "unexpected EOF\n");
            exit(2);
        } else if (errno != EAGAIN && errno != EINTR) {
            die("read");
        }
    }
}

static int epoll_for(int fd) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    return ep;
}

/* ------------------------------------------------------------------ bulk */

struct bulk_args {
    int fd;
    long long total;
    size_t chunk;
    uint64_t end;
};

static void *bulk_reader(void *p) {
    struct bulk_args *a = p;
    char *buf = malloc(a->chunk);
    long long left = a->total;
    while (left > 0) {
        ssize_t n = read(a->fd, buf, a->chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("read");
        }
        if (n == 0) break;
        left -= n;
    }
    a->end = now_ns();
    free(buf);
    return NULL;
}

static int bulk(const char *path, long long total, size_t chunk) {
    int listener = listen_at(path, 16);
    int client = connect_to(path);
    int server = accept_one(listener);
    struct bulk_args a = {.fd = server, .total = total, .chunk = chunk};
    pthread_t reader;
    char *buf = malloc(chunk);
    memset(buf, 'x', chunk);
    uint64_t start = now_ns();
    if (pthread_create(&reader, NULL, bulk_reader, &a) != 0) die("pthread_create");
    for (long long sent = 0; sent < total; sent += (long long) chunk) {
        write_fully(client, buf, chunk);
    }
    pthread_join(reader, NULL);
    printf("seconds=%.9f\n", (a.end - start) / 1e9);
    close(client);
    close(server);
    close(listener);
    unlink(path);
    free(buf);
    return 0;
}

/* ------------------------------------------------------------------ ping-pong */

struct echo_args {
    int fd;
    size_t size;
    long long trips;
    int use_epoll;
};

static void *echo_server(void *p) {
    struct echo_args *a = p;
    char buf[65536];
    int ep = -1;
    if (a->use_epoll) {
        set_nonblocking(a->fd);
        ep = epoll_for(a->fd);
    }
    for (long long i = 0; i < a->trips; i++) {
        if (a->use_epoll) {
            epoll_read_fully(ep, a->fd, buf, a->size);
        } else {
            read_fully(a->fd, buf, a->size);
        }
        write_fully(a->fd, buf, a->size);
    }
    if (ep >= 0) close(ep);
    return NULL;
}

static int cmp_u64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *) x, b = *(const uint64_t *) y;
    return a < b ? -1 : a > b;
}

static int pingpong(const char *path, long long warmup, long long trips, size_t size, int use_epoll) {
    int listener = listen_at(path, 16);
    int client = connect_to(path);
    int server = accept_one(listener);
    struct echo_args a = {.fd = server, .size = size, .trips = warmup + trips, .use_epoll = use_epoll};
    pthread_t echo;
    if (pthread_create(&echo, NULL, echo_server, &a) != 0) die("pthread_create");
    int ep = -1;
    if (use_epoll) {
        set_nonblocking(client);
        ep = epoll_for(client);
    }
    char *buf = calloc(1, size);
    uint64_t *rtt = malloc(sizeof(uint64_t) * (size_t) trips);
    uint64_t start = 0;
    for (long long i = 0; i < warmup + trips; i++) {
        if (i == warmup) start = now_ns();
        uint64_t t0 = now_ns();
        write_fully(client, buf, size);
        if (use_epoll) {
            epoll_read_fully(ep, client, buf, size);
        } else {
            read_fully(client, buf, size);
        }
        if (i >= warmup) rtt[i - warmup] = now_ns() - t0;
    }
    uint64_t elapsed = now_ns() - start;
    pthread_join(echo, NULL);
    qsort(rtt, (size_t) trips, sizeof *rtt, cmp_u64);
    printf("median_ns=%llu p99_ns=%llu seconds=%.9f\n", (unsigned long long) rtt[trips / 2],
           (unsigned long long) rtt[(size_t) ((trips * 99) / 100)], elapsed / 1e9);
    if (ep >= 0) close(ep);
    close(client);
    close(server);
    close(listener);
    unlink(path);
    free(buf);
    free(rtt);
    return 0;
}

/* ------------------------------------------------------------------ selector scaling */

/*
 * idle channels registered for input on one epoll set, none of them ever readable, plus one active
 * pair: each ping writes 64 bytes into one end, waits in epoll for the other, and reads them.
 */
static int selscale(int idle, long long warmup, long long pings, double max_seconds) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    int pairs = (idle + 1) / 2;
    int *fds = malloc(sizeof(int) * 2 * (size_t) (pairs + 1));
    int registered = 0;
    for (int i = 0; i < pairs; i++) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, &fds[2 * i]) < 0) die("socketpair");
        for (int k = 0; k < 2 && registered < idle; k++, registered++) {
            struct epoll_event ev = {.events = EPOLLIN, .data.fd = fds[2 * i + k]};
            if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[2 * i + k], &ev) < 0) die("epoll_ctl");
        }
    }
    int active[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, active) < 0) die("socketpair");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = active[0]};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, active[0], &ev) < 0) die("epoll_ctl");
    struct epoll_event ready[64];
    char buf[64] = {0};
    long long done = 0;
    uint64_t start = 0, deadline = 0;
    for (long long i = 0; i < warmup + pings; i++) {
        if (i == warmup) {
            start = now_ns();
            deadline = start + (uint64_t) (max_seconds * 1e9);
        }
        write_fully(active[1], buf, sizeof buf);
        int n = epoll_wait(ep, ready, 64, -1);
        if (n < 0) die("epoll_wait");
        for (int k = 0; k < n; k++) {
            if (read(ready[k].data.fd, buf, sizeof buf) < 0 && errno != EAGAIN) die("read");
        }
        if (i >= warmup) {
            done++;
            if ((done & 255) == 0 && now_ns() > deadline) break;
        }
    }
    uint64_t elapsed = now_ns() - start;
    printf("ns_per_op=%.1f pings=%lld\n", (double) elapsed / (double) done, done);
    for (int i = 0; i < 2 * pairs; i++) close(fds[i]);
    close(active[0]);
    close(active[1]);
    close(ep);
    free(fds);
    return 0;
}

/* ------------------------------------------------------------------ many connections */

struct conn {
    int fd;
    size_t pending;   /* server: bytes read but not yet echoed; client: bytes of the reply still due */
    long long trips;  /* client: round trips left */
};

struct many_args {
    int listener;
    int conns;
    size_t size;
    volatile int accepted;
};

/* One epoll thread accepts every connection and echoes what it reads. */
static void *many_server(void *p) {
    struct many_args *a = p;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    set_nonblocking(a->listener);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, a->listener, &lev) < 0) die("epoll_ctl");
    struct conn *conns = calloc((size_t) a->conns, sizeof *conns);
    char *buf = malloc(65536);
    struct epoll_event ready[256];
    int open = 0, accepted = 0;
    for (;;) {
        int n = epoll_wait(ep, ready, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = ready[i].data.ptr;
            if (c == NULL) {
                int fd;
                while (accepted < a->conns && (fd = accept4(a->listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
                    c = &conns[accepted++];
                    c->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
                    open++;
                }
                __atomic_store_n(&a->accepted, accepted, __ATOMIC_RELEASE);
                continue;
            }
            ssize_t r = read(c->fd, buf, 65536);
            if (r == 0) {
                close(c->fd);
                if (--open == 0 && accepted == a->conns) {
                    close(ep);
                    free(conns);
                    free(buf);
                    return NULL;
                }
                continue;
            }
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                die("read");
            }
            /* The client never has more than one message in flight, so the reply always fits the socket buffer. */
            write_fully(c->fd, buf, (size_t) r);
        }
    }
}

/*
 * One epoll thread drives nconns client connections: each sends size bytes, waits for all of them to
 * come back, trips times. When go is given, it first reports "connected" and waits for a line on stdin.
 * Returns the nanoseconds from the first message to the last echo.
 */
static uint64_t run_clients(const char *path, int nconns, size_t size, long long trips, volatile int *accepted,
                            int go) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct conn *conns = calloc((size_t) nconns, sizeof *conns);
    for (int i = 0; i < nconns; i++) {
        conns[i].fd = connect_to(path);
        set_nonblocking(conns[i].fd);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) < 0) die("epoll_ctl");
    }
    if (accepted != NULL) {
        while (__atomic_load_n(accepted, __ATOMIC_ACQUIRE) < nconns) sched_yield();
    }
    if (go) {
        char line[16];
        printf("connected\n");
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL) die("waiting for go");
    }
    char *msg = calloc(1, size);
    char *buf = malloc(65536);
    uint64_t start = now_ns();
    for (int i = 0; i < nconns; i++) {
        conns[i].trips = trips;
        conns[i].pending = size;
        write_fully(conns[i].fd, msg, size);
    }
    int active = nconns;
    struct epoll_event ready[256];
    while (active > 0) {
        int n = epoll_wait(ep, ready, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = ready[i].data.ptr;
            ssize_t r = read(c->fd, buf, 65536);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                if (r == 0) {
                    fprintf(stderr, "server closed a connection\n");
                    exit(2);
                }
                die("read");
            }
            c->pending -= (size_t) r;
            if (c->pending == 0) {
                if (--c->trips == 0) {
                    active--;
                } else {
                    c->pending = size;
                    write_fully(c->fd, msg, size);
                }
            }
        }
    }
    uint64_t elapsed = now_ns() - start;
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    close(ep);
    free(conns);
    free(msg);
    free(buf);
    return elapsed;
}

static int many(const char *path, int nconns, size_t size, long long trips) {
    struct many_args a = {.listener = listen_at(path, 4096), .conns = nconns, .size = size};
    pthread_t server;
    if (pthread_create(&server, NULL, many_server, &a) != 0) die("pthread_create");
    uint64_t elapsed = run_clients(path, nconns, size, trips, &a.accepted, 0);
    pthread_join(server, NULL);
    printf("seconds=%.9f bytes=%lld\n", elapsed / 1e9, (long long) nconns * trips * (long long) size);
    close(a.listener);
    unlink(path);
    return 0;
}

/* ------------------------------------------------------------------ connect + accept + close */

struct accept_args {
    int listener;
    int n;
    uint64_t end;
};

static void *accept_closer(void *p) {
    struct accept_args *a = p;
    for (int i = 0; i < a->n; i++) {
        close(accept_one(a->listener));
    }
    a->end = now_ns();
    return NULL;
}

static int connect_rate(const char *path, int n) {
    struct accept_args a = {.listener = listen_at(path, 1024), .n = n};
    pthread_t acceptor;
    uint64_t start = now_ns();
    if (pthread_create(&acceptor, NULL, accept_closer, &a) != 0) die("pthread_create");
    for (int i = 0; i < n; i++) {
        close(connect_to(path));
    }
    pthread_join(acceptor, NULL);
    printf("seconds=%.9f\n", (a.end - start) / 1e9);
    close(a.listener);
    unlink(path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "bulk") == 0) {
        return bulk(argv[2], atoll(argv[3]), (size_t) atol(argv[4]));
    }
    if (argc >= 7 && strcmp(argv[1], "pingpong") == 0) {
        return pingpong(argv[2], atoll(argv[3]), atoll(argv[4]), (size_t) atol(argv[5]),
                        strcmp(argv[6], "epoll") == 0);
    }
    if (argc >= 6 && strcmp(argv[1], "selscale") == 0) {
        return selscale(atoi(argv[2]), atoll(argv[3]), atoll(argv[4]), atof(argv[5]));
    }
    if (argc >= 6 && strcmp(argv[1], "many") == 0) {
        return many(argv[2], atoi(argv[3]), (size_t) atol(argv[4]), atoll(argv[5]));
    }
    if (argc >= 6 && strcmp(argv[1], "client") == 0) {
        uint64_t elapsed = run_clients(argv[2], atoi(argv[3]), (size_t) atol(argv[4]), atoll(argv[5]), NULL, 1);
        printf("seconds=%.9f\n", elapsed / 1e9);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "connect") == 0) {
        return connect_rate(argv[2], atoi(argv[3]));
    }
    fprintf(stderr, "usage: see the comment at the top of unix_bench.c\n");
    return 2;
}
