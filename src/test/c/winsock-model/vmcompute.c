/*
 * vmcompute.dll's older HcsEnumerateComputeSystems(query, &computeSystems, &result), whose strings are freed
 * with CoTaskMemFree (microsoft/hcsshim, internal/vmcompute/zsyscall_windows.go and vmcompute.go). Its own
 * library, because computecore.dll exports a function of the same name with another signature.
 */
#define _GNU_SOURCE
#include "model.h"

#include <pthread.h>

const char *model_hcs_document(int32_t *hresult);
uint16_t *model_wide(int allocator, const char *text);

EXPORT int32_t HcsEnumerateComputeSystems(const uint16_t *query, uint16_t **systems, uint16_t **result) {
    if (query == NULL || systems == NULL) {
        return (int32_t) 0x80070057; /* E_INVALIDARG */
    }
    int32_t hr;
    const char *doc = model_hcs_document(&hr);
    *systems = hr == 0 ? model_wide(ALLOC_COTASK, doc) : NULL;
    if (result != NULL) {
        *result = hr == 0 ? NULL : model_wide(ALLOC_COTASK, "{\"Error\":-2143878895}");
    }
    return hr;
}
