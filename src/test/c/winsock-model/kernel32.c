/*
 * kernel32 and ole32: SetHandleInformation on SOCKETs, and the two allocators whose blocks the Host Compute
 * Service hands out. Every block is counted by allocator, so a test can check that the platform freed each
 * document with the allocator its documentation names: "The caller is responsible for releasing the returned
 * string using LocalFree" (Microsoft Learn, HcsWaitForOperationResult) and CoTaskMemFree for vmcompute.dll's
 * strings (microsoft/hcsshim, internal/vmcompute). A block freed with the other allocator is counted as a
 * mismatch, not freed.
 */
#define _GNU_SOURCE
#include "model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_INVALID_HANDLE 6
#define HANDLE_FLAG_INHERIT 0x1

/* A header before each block: its allocator, so a free with the wrong one is caught. */
typedef struct {
    uint64_t magic;
    int allocator;
} block_t;
#define MAGIC 0x68766d6f64656cULL

EXPORT void *model_alloc(int allocator, size_t size) {
    block_t *b = calloc(1, sizeof(block_t) + 16 + size);
    b->magic = MAGIC;
    b->allocator = allocator;
    model_count_alloc(allocator, 1);
    return (char *) b + sizeof(block_t) + 16;
}

void hvmodel_mismatched_free(void);

static int model_free(int allocator, void *p) {
    if (p == NULL) {
        return 1;
    }
    block_t *b = (block_t *) ((char *) p - 16 - sizeof(block_t));
    if (b->magic != MAGIC || b->allocator != allocator) {
        hvmodel_mismatched_free();
        return 0;
    }
    b->magic = 0;
    model_count_alloc(allocator, -1);
    free(b);
    return 1;
}

/* BOOL SetHandleInformation(HANDLE, DWORD mask, DWORD flags): a SOCKET is a handle (Microsoft Learn,
   "Socket Handles"), and the JDK clears HANDLE_FLAG_INHERIT on its own sockets this way. */
EXPORT int SetHandleInformation(void *handle, uint32_t mask, uint32_t flags) {
    (void) flags;
    if (msock_get((SOCKET) (uintptr_t) handle) == NULL || (mask & ~HANDLE_FLAG_INHERIT) != 0) {
        errno = ERROR_INVALID_HANDLE;
        return 0;
    }
    errno = 0;
    return 1;
}

/* HLOCAL LocalFree(HLOCAL): NULL on success, the handle on failure (Microsoft Learn, LocalFree). */
EXPORT void *LocalFree(void *memory) {
    if (!model_free(ALLOC_LOCAL, memory)) {
        errno = ERROR_INVALID_HANDLE;
        return memory;
    }
    errno = 0;
    return NULL;
}

EXPORT void CoTaskMemFree(void *memory) {
    model_free(ALLOC_COTASK, memory);
}

/* A UTF-16 copy of UTF-8 text (ASCII is enough for the recorded documents), from the given allocator. */
EXPORT uint16_t *model_wide(int allocator, const char *text) {
    size_t n = strlen(text);
    uint16_t *w = model_alloc(allocator, (n + 1) * 2);
    for (size_t i = 0; i < n; i++) {
        w[i] = (unsigned char) text[i];
    }
    w[n] = 0;
    return w;
}

/* NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW) (ntdll; Microsoft Learn: "RtlGetVersion returns STATUS_SUCCESS"):
   Windows 10.0 with the model's build number (the switch "windows_build"), where the caller gave the size of
   an OSVERSIONINFOW (276 bytes: five DWORDs and WCHAR szCSDVersion[128]) or more. */
EXPORT int32_t RtlGetVersion(uint32_t *info) {
    if (info == NULL || info[0] < 276) {
        return (int32_t) 0xC000000D; /* STATUS_INVALID_PARAMETER */
    }
    info[1] = 10;
    info[2] = 0;
    info[3] = (uint32_t) model_windows_build;
    info[4] = 2; /* VER_PLATFORM_WIN32_NT */
    memset(&info[5], 0, 256);
    return 0;
}
