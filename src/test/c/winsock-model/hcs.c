/*
 * computecore.dll's Host Compute Service calls, returning a recorded document: HcsCreateOperation,
 * HcsEnumerateComputeSystems(query, operation), HcsWaitForOperationResult(operation, timeout, &document),
 * HcsCloseOperation (Microsoft Learn, Host Compute System API reference). The document is what a test
 * recorded with hvmodel_hcs_document (UTF-8; the model hands it out as UTF-16, from LocalAlloc, as the
 * reference says the caller frees it with LocalFree), else the file hcs.json in the directory the environment
 * variable HVMODEL_STATE_DIR names (for the hvsock command, a process of its own); by default the host runs
 * nothing: "[]".
 */
#define _GNU_SOURCE
#include "model.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_OK 0
#define E_INVALIDARG ((int32_t) 0x80070057)
#define HCS_E_OPERATION_NOT_STARTED ((int32_t) 0x80370115) /* HcsErrors, Microsoft Learn "HCS HRESULTs" */

void *model_alloc(int allocator, size_t size);
uint16_t *model_wide(int allocator, const char *text);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *document;
static int32_t enumerate_result = S_OK;
static long open_operations;

typedef struct {
    int started;
    int32_t result;
    char *document;
} operation_t;

/* Records what HcsEnumerateComputeSystems returns next (a copy), and its HRESULT. */
EXPORT void hvmodel_hcs_document(const char *json, int32_t hresult) {
    pthread_mutex_lock(&lock);
    free(document);
    document = json == NULL ? NULL : strdup(json);
    enumerate_result = hresult;
    pthread_mutex_unlock(&lock);
}

EXPORT long hvmodel_hcs_open_operations(void) {
    return open_operations;
}

static char *state_document(void) {
    const char *dir = getenv("HVMODEL_STATE_DIR");
    char path[4096];
    if (dir == NULL || snprintf(path, sizeof path, "%s/hcs.json", dir) >= (int) sizeof path) {
        return NULL;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return NULL;
    }
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    return text;
}

EXPORT const char *model_hcs_document(int32_t *hresult) {
    *hresult = enumerate_result;
    if (document != NULL) {
        return document;
    }
    const char *recorded = state_document();
    return recorded == NULL ? "[]" : recorded;
}

EXPORT void *HcsCreateOperation(const void *context, void *callback) {
    (void) context;
    if (callback != NULL) {
        errno = 87; /* ERROR_INVALID_PARAMETER: the model has no completion callbacks */
        return NULL;
    }
    operation_t *op = calloc(1, sizeof *op);
    __atomic_add_fetch(&open_operations, 1, __ATOMIC_SEQ_CST);
    errno = 0;
    return op;
}

EXPORT int32_t HcsEnumerateComputeSystems(const uint16_t *query, operation_t *op) {
    if (query == NULL || op == NULL) {
        return E_INVALIDARG;
    }
    pthread_mutex_lock(&lock);
    int32_t hr;
    const char *doc = model_hcs_document(&hr);
    op->started = 1;
    op->result = hr;
    op->document = strdup(doc);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

/* A result document comes back whether the operation succeeded or not (an error document on failure). */
EXPORT int32_t HcsWaitForOperationResult(operation_t *op, uint32_t timeout, uint16_t **result) {
    (void) timeout;
    if (op == NULL) {
        return E_INVALIDARG;
    }
    if (!op->started) {
        return HCS_E_OPERATION_NOT_STARTED;
    }
    if (result != NULL) {
        *result = model_wide(ALLOC_LOCAL, op->result == S_OK ? op->document
                : "{\"Error\":-2143878895,\"ErrorMessage\":\"recorded failure\"}");
    }
    return op->result;
}

EXPORT void HcsCloseOperation(operation_t *op) {
    if (op != NULL) {
        free(op->document);
        free(op);
        __atomic_sub_fetch(&open_operations, 1, __ATOMIC_SEQ_CST);
    }
}
