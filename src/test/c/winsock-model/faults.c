/*
 * The model's switches and counters, set and read by the tests through two exported functions:
 *   int64_t hvmodel_control(const char *name, int64_t value)   sets a switch, returns its previous value;
 *   int64_t hvmodel_query(const char *name)                    reads a counter (-1 for an unknown name).
 * Switches: "wsapoll_fails" (the next N WSAPoll calls of the calling thread fail for the whole array, with
 * "wsapoll_error", default WSAENETDOWN; per thread, so that no other thread's poll takes the fault), "silent_failed_connect" (WSAPoll before Windows 10 2004), "next_connect_pollerr_zero",
 * "wsapoll_bad_entry_fails" (issue 18's assumption, contradicted by Wine's test_WSAPoll: one bad handle fails the
 * whole WSAPoll with WSAENOTSOCK instead of marking its entry POLLNVAL), "so_error_clears" (reading SO_ERROR
 * clears it; Windows keeps it, Wine's test_WSAPoll reads WSAECONNREFUSED twice; code that must survive a
 * clearing read is tested with it), "reset" (the given SOCKET's peer reset the connection), "windows_build" (22621 by default, or the environment
 * variable HVMODEL_WINDOWS_BUILD: the HVSOCKET_* option set, and what RtlGetVersion says), "no_unix" (AF_UNIX missing, before 1803),
 * "elevated" (registry writes allowed; 1 by default).
 * Counters: "windows_build" (the build the model is), "open_sockets", "wsapoll_calls", "local_outstanding", "cotask_outstanding", "mismatched_frees".
 */
#define _GNU_SOURCE
#include "model.h"

#include <stdlib.h>
#include <string.h>

__thread int fault_wsapoll_fails;
volatile int fault_wsapoll_error = WSAENETDOWN;
volatile int fault_wsapoll_bad_entry_fails;
volatile int fault_so_error_clears;
volatile int fault_silent_failed_connect;
volatile int fault_next_connect_pollerr_zero;
volatile int model_windows_build = 22621;
volatile int model_no_unix;
volatile int model_elevated = 1;
volatile long wsapoll_calls;
static long outstanding[2];
static long mismatched_frees;


__attribute__((constructor)) static void start(void) {
    const char *build = getenv("HVMODEL_WINDOWS_BUILD");
    if (build != NULL) {
        model_windows_build = atoi(build);
    }
}

void model_count_alloc(int allocator, int delta) {
    __atomic_add_fetch(&outstanding[allocator], delta, __ATOMIC_SEQ_CST);
}

EXPORT void hvmodel_mismatched_free(void) {
    __atomic_add_fetch(&mismatched_frees, 1, __ATOMIC_SEQ_CST);
}

EXPORT void hvmodel_count_alloc(int allocator, int delta) {
    model_count_alloc(allocator, delta);
}

EXPORT int hvmodel_elevated(void) {
    return model_elevated;
}

EXPORT int64_t hvmodel_control(const char *name, int64_t value) {
    int64_t old;
#define SWITCH(key, var) \
    if (strcmp(name, key) == 0) { old = var; var = (int) value; return old; }
    SWITCH("wsapoll_fails", fault_wsapoll_fails)
    SWITCH("wsapoll_error", fault_wsapoll_error)
    SWITCH("wsapoll_bad_entry_fails", fault_wsapoll_bad_entry_fails)
    SWITCH("so_error_clears", fault_so_error_clears)
    SWITCH("silent_failed_connect", fault_silent_failed_connect)
    SWITCH("next_connect_pollerr_zero", fault_next_connect_pollerr_zero)
    SWITCH("windows_build", model_windows_build)
    SWITCH("no_unix", model_no_unix)
    SWITCH("elevated", model_elevated)
#undef SWITCH
    if (strcmp(name, "reset") == 0) {
        msock *m = msock_get((SOCKET) value);
        if (m == NULL) {
            return -1;
        }
        old = m->reset;
        m->reset = 1;
        return old;
    }
    return -1;
}

EXPORT int64_t hvmodel_query(const char *name) {
    if (strcmp(name, "open_sockets") == 0) {
        return msock_open_count();
    }
    if (strcmp(name, "wsapoll_calls") == 0) {
        return wsapoll_calls;
    }
    if (strcmp(name, "local_outstanding") == 0) {
        return outstanding[ALLOC_LOCAL];
    }
    if (strcmp(name, "cotask_outstanding") == 0) {
        return outstanding[ALLOC_COTASK];
    }
    if (strcmp(name, "windows_build") == 0) {
        return model_windows_build;
    }
    if (strcmp(name, "mismatched_frees") == 0) {
        return mismatched_frees;
    }
    return -1;
}
