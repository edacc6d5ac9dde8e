/*
 * The Linux socket calls the model makes, through syscall(2): the model exports functions named socket, bind,
 * connect, send, recv, ... (ws2_32's names), so it must not call libc's functions of those names.
 */
#ifndef HVSOCK_WINSOCK_MODEL_LINUX_H
#define HVSOCK_WINSOCK_MODEL_LINUX_H

#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define lx_socket(d, t, p) ((int) syscall(SYS_socket, (d), (t), (p)))
#define lx_bind(fd, a, l) ((int) syscall(SYS_bind, (fd), (a), (l)))
#define lx_listen(fd, b) ((int) syscall(SYS_listen, (fd), (b)))
#define lx_connect(fd, a, l) ((int) syscall(SYS_connect, (fd), (a), (l)))
#define lx_accept4(fd, a, l, f) ((int) syscall(SYS_accept4, (fd), (a), (l), (f)))
#define lx_getsockname(fd, a, l) ((int) syscall(SYS_getsockname, (fd), (a), (l)))
#define lx_getpeername(fd, a, l) ((int) syscall(SYS_getpeername, (fd), (a), (l)))
#define lx_setsockopt(fd, lv, n, v, l) ((int) syscall(SYS_setsockopt, (fd), (lv), (n), (v), (l)))
#define lx_getsockopt(fd, lv, n, v, l) ((int) syscall(SYS_getsockopt, (fd), (lv), (n), (v), (l)))
#define lx_shutdown(fd, h) ((int) syscall(SYS_shutdown, (fd), (h)))
#define lx_recv(fd, b, n, f) ((ssize_t) syscall(SYS_recvfrom, (fd), (b), (n), (f), NULL, NULL))
#define lx_send(fd, b, n, f) ((ssize_t) syscall(SYS_sendto, (fd), (b), (n), (f), NULL, 0))
#define lx_recvmsg(fd, m, f) ((ssize_t) syscall(SYS_recvmsg, (fd), (m), (f)))
#define lx_sendmsg(fd, m, f) ((ssize_t) syscall(SYS_sendmsg, (fd), (m), (f)))
#define lx_poll(p, n, t) ((int) syscall(SYS_poll, (p), (n), (t)))

/* An exported Windows function: C name ws_NAME, symbol NAME. */
#define WINAPI(ret, name, ...) EXPORT ret ws_##name(__VA_ARGS__) __asm__(#name); ret ws_##name(__VA_ARGS__)

#endif
