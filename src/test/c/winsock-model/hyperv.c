/*
 * AF_HYPERV over local sockets. A listener bound to (VmId, ServiceId) is a Linux AF_UNIX socket in the abstract
 * namespace under a name made of the process, the VM id and the service id; a connect to HV_GUID_LOOPBACK finds
 * the listener bound to the loopback VM id, else to the wildcard (hvsocket.h: HV_GUID_WILDCARD "listens on all
 * partitions"). A client gets an ephemeral name that carries its service id, so that accept() and getpeername()
 * can report it.
 *
 * The addresses are those go-winio's hvsock_test.go (TestHvSockAddresses, run on real Windows) expects of a
 * loopback connection: the client's local address is (HV_GUID_CHILDREN, S) for some service id S the system
 * picks, the accepted socket's peer is (HV_GUID_LOOPBACK, S), the client's peer is where it connected, and a
 * listener's getsockname is exactly what it bound (TestHvSockListenerAddresses).
 */
#define _GNU_SOURCE
#include "model.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <stdlib.h>

/* hvsocket.h's well-known VM ids, in memory order (Data1..3 little-endian). */
const guid_t HV_GUID_WILDCARD = {{0}};
/* e0e16197-dd56-4a10-9195-5ee7a155a838 */
const guid_t HV_GUID_LOOPBACK = {{0x97, 0x61, 0xe1, 0xe0, 0x56, 0xdd, 0x10, 0x4a,
                                  0x91, 0x95, 0x5e, 0xe7, 0xa1, 0x55, 0xa8, 0x38}};
/* 90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd */
const guid_t HV_GUID_CHILDREN = {{0x89, 0x8b, 0xdb, 0x90, 0x35, 0x0d, 0x79, 0x4f,
                                  0x8c, 0xe9, 0x49, 0xea, 0x0a, 0xc8, 0xb7, 0xcd}};
/* a42e7cda-d03f-480c-9cc2-a4de20abb878 */
const guid_t HV_GUID_PARENT = {{0xda, 0x7c, 0x2e, 0xa4, 0x3f, 0xd0, 0x0c, 0x48,
                                0x9c, 0xc2, 0xa4, 0xde, 0x20, 0xab, 0xb8, 0x78}};

int guid_equal(const guid_t *a, const guid_t *b) {
    return memcmp(a->bytes, b->bytes, 16) == 0;
}

static void hex(char *out, const guid_t *g) {
    for (int i = 0; i < 16; i++) {
        sprintf(out + 2 * i, "%02x", g->bytes[i]);
    }
}

/* The namespace: this process, so that builds running side by side on one machine never meet. */
static void name(struct sockaddr_un *un, socklen_t *len, const char *kind, const guid_t *a, const guid_t *b) {
    char ga[33] = "", gb[33] = "";
    hex(ga, a);
    if (b != NULL) {
        hex(gb, b);
    }
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;
    int n = snprintf(un->sun_path + 1, sizeof un->sun_path - 1, "hvmodel-%d-%s-%s%s", (int) getpid(), kind, ga, gb);
    *len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

void hv_listener_name(struct sockaddr_un *un, socklen_t *len, const guid_t *vm, const guid_t *service) {
    name(un, len, "l", vm, service);
}

void hv_client_name(struct sockaddr_un *un, socklen_t *len, const guid_t *service) {
    name(un, len, "c", service, NULL);
}

/* The service id in a socket's name (a client's ephemeral one, or what a client bound before connecting), as the
   peer of an accepted socket sees it; 0 if the name is none of the model's. */
int hv_client_service(const struct sockaddr_un *un, socklen_t len, guid_t *service) {
    char prefix[64];
    int n = snprintf(prefix, sizeof prefix, "hvmodel-%d-", (int) getpid());
    size_t path = len - offsetof(struct sockaddr_un, sun_path);
    if (len < offsetof(struct sockaddr_un, sun_path) + 1 + n + 2 + 32 || un->sun_path[0] != 0
            || strncmp(un->sun_path + 1, prefix, (size_t) n) != 0) {
        return 0;
    }
    const char *h = un->sun_path + path - 32; /* the service id is the name's last 32 hex digits */
    for (int i = 0; i < 16; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) {
            return 0;
        }
        service->bytes[i] = (unsigned char) v;
    }
    return 1;
}

void hv_random_guid(guid_t *g) {
    if (getrandom(g->bytes, 16, 0) != 16) {
        for (int i = 0; i < 16; i++) {
            g->bytes[i] = (unsigned char) rand();
        }
    }
    g->bytes[7] = (unsigned char) ((g->bytes[7] & 0x0f) | 0x40); /* version 4 (Data3's high nibble) */
    g->bytes[8] = (unsigned char) ((g->bytes[8] & 0x3f) | 0x80);
}
