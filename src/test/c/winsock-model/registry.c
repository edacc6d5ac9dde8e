/*
 * advapi32's registry calls over a registry in memory: a tree of keys with REG_SZ (or any) values, names
 * compared ignoring case (Microsoft Learn, "Structure of the Registry": "Key names are not case sensitive"),
 * HKEY_LOCAL_MACHINE as the predefined handle (HKEY)(LONG)0x80000002, sign-extended (winreg.h). The Hyper-V key
 * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices exists, as on a
 * host with Hyper-V (Microsoft Learn, "Make your own integration services"), unless the environment variable
 * HVMODEL_NO_HYPERV=1. Writes need an elevated process: with the switch "elevated" at 0, opening for
 * writing, creating, setting and deleting fail with ERROR_ACCESS_DENIED.
 *
 * Where the environment variable HVMODEL_STATE_DIR names a directory, the registry is kept in its file
 * registry.txt as well, read again when another process changed it: the machine's registry is one for all
 * processes, and the tests run the hvsock command as a process of its own.
 */
#define _GNU_SOURCE
#include "model.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_SUCCESS 0
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_PARAMETER 87
#define ERROR_MORE_DATA 234
#define ERROR_NO_MORE_ITEMS 259
#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2
#define KEY_WRITE_BITS 0x00010006u /* DELETE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY */
#define HKLM ((uintptr_t) (intptr_t) (int32_t) 0x80000002)

#define MAX_KEYS 4096
#define MAX_NAME 256
#define MAX_VALUES 8

typedef struct {
    uint16_t name[MAX_NAME];
    uint32_t type;
    uint32_t size;
    unsigned char *data;
} value_t;

typedef struct {
    int used;
    int parent;
    uint16_t name[MAX_NAME];
    value_t values[MAX_VALUES];
} key_t_;

typedef struct {
    uint64_t magic;
    int key;
    uint32_t access;
} handle_t;
#define HANDLE_MAGIC 0x686b6579ULL

static key_t_ keys[MAX_KEYS]; /* keys[0] is HKEY_LOCAL_MACHINE */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int hvmodel_elevated(void);

static size_t wlen(const uint16_t *s) {
    size_t n = 0;
    while (s[n] != 0) {
        n++;
    }
    return n;
}

static uint16_t lower(uint16_t c) {
    return c >= 'A' && c <= 'Z' ? (uint16_t) (c + 32) : c;
}

static int name_equal(const uint16_t *a, size_t alen, const uint16_t *b) {
    size_t blen = wlen(b);
    if (alen != blen) {
        return 0;
    }
    for (size_t i = 0; i < alen; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return 0;
        }
    }
    return 1;
}

static int child(int parent, const uint16_t *name, size_t len) {
    for (int i = 1; i < MAX_KEYS; i++) {
        if (keys[i].used && keys[i].parent == parent && name_equal(name, len, keys[i].name)) {
            return i;
        }
    }
    return -1;
}

static int add_child(int parent, const uint16_t *name, size_t len) {
    if (len >= MAX_NAME) {
        return -1;
    }
    for (int i = 1; i < MAX_KEYS; i++) {
        if (!keys[i].used) {
            memset(&keys[i], 0, sizeof keys[i]);
            keys[i].used = 1;
            keys[i].parent = parent;
            memcpy(keys[i].name, name, len * 2);
            return i;
        }
    }
    return -1;
}

/* The key at path under start (components split at '\\'); creating the missing ones if create. -1 if missing. */
static int walk(int start, const uint16_t *path, int create, int *created) {
    int k = start;
    if (path == NULL) {
        return k;
    }
    size_t n = wlen(path);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && path[j] != '\\') {
            j++;
        }
        if (j > i) {
            int c = child(k, path + i, j - i);
            if (c < 0 && create) {
                c = add_child(k, path + i, j - i);
                if (created != NULL && c >= 0) {
                    *created = 1;
                }
            }
            if (c < 0) {
                return -1;
            }
            k = c;
        }
        i = j + 1;
    }
    return k;
}

/* ------------------------------------------------------------------ the state file */

static char state_file[4096];
static struct timespec state_seen;

/* Bytes as hex digits and a space; "-" and a space for none. */
static void hex_out(FILE *f, const void *data, size_t n) {
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%02x", b[i]);
    }
    fputs(n == 0 ? "- " : " ", f);
}

static int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t hex_in(const char **p, void *out, size_t max) {
    unsigned char *b = out;
    size_t n = 0;
    while (n < max && hex_digit((*p)[0]) >= 0 && hex_digit((*p)[1]) >= 0) {
        b[n++] = (unsigned char) (hex_digit((*p)[0]) * 16 + hex_digit((*p)[1]));
        *p += 2;
    }
    while (**p != 0 && **p != ' ' && **p != '\n') {
        (*p)++;
    }
    if (**p == ' ') {
        (*p)++;
    }
    return n;
}

static void remember_seen(void) {
    struct stat st;
    if (stat(state_file, &st) == 0) {
        state_seen = st.st_mtim;
    }
}

/* Writes every key below the root, parents before children (a parent always has the lower index on load). */
static void save(void) {
    if (state_file[0] == 0) {
        return;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%d", state_file, (int) getpid());
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        return;
    }
    for (int i = 1; i < MAX_KEYS; i++) {
        if (!keys[i].used) {
            continue;
        }
        fprintf(f, "%d %d ", i, keys[i].parent);
        hex_out(f, keys[i].name, wlen(keys[i].name) * 2);
        for (int v = 0; v < MAX_VALUES; v++) {
            value_t *val = &keys[i].values[v];
            if (val->data != NULL) {
                fprintf(f, "%u ", val->type);
                hex_out(f, val->name, wlen(val->name) * 2);
                hex_out(f, val->data, val->size);
            }
        }
        fputc('\n', f);
    }
    fclose(f);
    rename(tmp, state_file);
    remember_seen();
}

static void clear(void) {
    for (int i = 1; i < MAX_KEYS; i++) {
        for (int v = 0; v < MAX_VALUES; v++) {
            free(keys[i].values[v].data);
        }
        memset(&keys[i], 0, sizeof keys[i]);
    }
}

/* Reads the state file if another process wrote it since; true if there was one. */
static int load(void) {
    struct stat st;
    if (state_file[0] == 0 || stat(state_file, &st) != 0) {
        return 0;
    }
    if (st.st_mtim.tv_sec == state_seen.tv_sec && st.st_mtim.tv_nsec == state_seen.tv_nsec) {
        return 1;
    }
    FILE *f = fopen(state_file, "r");
    if (f == NULL) {
        return 0;
    }
    clear();
    static char line[65536];
    while (fgets(line, sizeof line, f) != NULL) {
        int index, parent, used;
        if (sscanf(line, "%d %d %n", &index, &parent, &used) < 2 || index <= 0 || index >= MAX_KEYS) {
            continue;
        }
        const char *p = line + used;
        key_t_ *k = &keys[index];
        k->used = 1;
        k->parent = parent;
        hex_in(&p, k->name, (MAX_NAME - 1) * 2);
        for (int v = 0; v < MAX_VALUES && *p != 0 && *p != '\n'; v++) {
            unsigned type;
            int n;
            if (sscanf(p, "%u %n", &type, &n) < 1) {
                break;
            }
            p += n;
            value_t *val = &k->values[v];
            val->type = type;
            hex_in(&p, val->name, (MAX_NAME - 1) * 2);
            unsigned char data[4096];
            val->size = (uint32_t) hex_in(&p, data, sizeof data);
            val->data = malloc(val->size + 1);
            memcpy(val->data, data, val->size);
        }
    }
    fclose(f);
    state_seen = st.st_mtim;
    return 1;
}

static void seed(const char *ascii) {
    uint16_t w[512];
    size_t n = strlen(ascii);
    for (size_t i = 0; i <= n; i++) {
        w[i] = (unsigned char) ascii[i];
    }
    walk(0, w, 1, NULL);
}

__attribute__((constructor)) static void start(void) {
    keys[0].used = 1;
    keys[0].parent = -1;
    const char *dir = getenv("HVMODEL_STATE_DIR");
    if (dir != NULL && dir[0] != 0) {
        mkdir(dir, 0700);
        snprintf(state_file, sizeof state_file, "%s/registry.txt", dir);
        if (load()) {
            return;
        }
    }
    seed("SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
    const char *none = getenv("HVMODEL_NO_HYPERV");
    if (none == NULL || strcmp(none, "1") != 0) {
        seed("SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices");
    }
    save();
}

/* The key a handle names, and its access; -1 for a handle that is none. */
static int key_of(void *hkey, uint32_t *access) {
    if ((uintptr_t) hkey == HKLM) {
        *access = 0xffffffffu;
        return 0;
    }
    handle_t *h = hkey;
    if (h == NULL || h->magic != HANDLE_MAGIC || !keys[h->key].used) {
        return -1;
    }
    *access = h->access;
    return h->key;
}

static int writable(uint32_t access) {
    return (access & KEY_WRITE_BITS) == 0 || hvmodel_elevated();
}

static void *new_handle(int key, uint32_t access) {
    handle_t *h = malloc(sizeof *h);
    h->magic = HANDLE_MAGIC;
    h->key = key;
    h->access = access;
    return h;
}

EXPORT int32_t RegOpenKeyExW(void *hkey, const uint16_t *sub, uint32_t options, uint32_t access, void **result) {
    (void) options;
    pthread_mutex_lock(&lock);
    if ((uintptr_t) hkey == HKLM) {
        load();
    }
    uint32_t parent_access;
    int parent = key_of(hkey, &parent_access);
    int32_t rc;
    if (parent < 0 || result == NULL) {
        rc = parent < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
    } else if (!writable(access)) {
        rc = ERROR_ACCESS_DENIED;
    } else {
        int k = walk(parent, sub, 0, NULL);
        rc = k < 0 ? ERROR_FILE_NOT_FOUND : ERROR_SUCCESS;
        if (k >= 0) {
            *result = new_handle(k, access);
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT int32_t RegCreateKeyExW(void *hkey, const uint16_t *sub, uint32_t reserved, uint16_t *cls, uint32_t options,
                               uint32_t access, void *security, void **result, uint32_t *disposition) {
    (void) reserved; (void) cls; (void) options; (void) security;
    pthread_mutex_lock(&lock);
    uint32_t parent_access;
    int parent = key_of(hkey, &parent_access);
    int32_t rc;
    if (parent < 0 || result == NULL || sub == NULL) {
        rc = parent < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
    } else if (!hvmodel_elevated()) {
        rc = ERROR_ACCESS_DENIED;
    } else {
        int created = 0;
        int k = walk(parent, sub, 1, &created);
        if (k < 0) {
            rc = ERROR_INVALID_PARAMETER;
        } else {
            *result = new_handle(k, access);
            if (disposition != NULL) {
                *disposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
            }
            save();
            rc = ERROR_SUCCESS;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT int32_t RegCloseKey(void *hkey) {
    if ((uintptr_t) hkey == HKLM) {
        return ERROR_SUCCESS;
    }
    pthread_mutex_lock(&lock);
    handle_t *h = hkey;
    int32_t rc = ERROR_INVALID_HANDLE;
    if (h != NULL && h->magic == HANDLE_MAGIC) {
        h->magic = 0;
        free(h);
        rc = ERROR_SUCCESS;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static value_t *find_value(int k, const uint16_t *name) {
    static const uint16_t empty[1] = {0};
    const uint16_t *n = name == NULL ? empty : name;
    for (int i = 0; i < MAX_VALUES; i++) {
        if (keys[k].values[i].data != NULL && name_equal(n, wlen(n), keys[k].values[i].name)) {
            return &keys[k].values[i];
        }
    }
    return NULL;
}

EXPORT int32_t RegSetValueExW(void *hkey, const uint16_t *name, uint32_t reserved, uint32_t type,
                              const unsigned char *data, uint32_t size) {
    (void) reserved;
    pthread_mutex_lock(&lock);
    uint32_t access;
    int k = key_of(hkey, &access);
    int32_t rc = ERROR_SUCCESS;
    if (k < 0) {
        rc = ERROR_INVALID_HANDLE;
    } else if ((access & 0x2) == 0 || !hvmodel_elevated()) {
        rc = ERROR_ACCESS_DENIED; /* KEY_SET_VALUE */
    } else {
        value_t *v = find_value(k, name);
        for (int i = 0; v == NULL && i < MAX_VALUES; i++) {
            if (keys[k].values[i].data == NULL) {
                v = &keys[k].values[i];
                size_t n = name == NULL ? 0 : wlen(name);
                memset(v->name, 0, sizeof v->name);
                memcpy(v->name, name, n < MAX_NAME ? n * 2 : 0);
            }
        }
        if (v == NULL) {
            rc = ERROR_INVALID_PARAMETER;
        } else {
            free(v->data);
            v->data = malloc(size + 1);
            memcpy(v->data, data, size);
            v->size = size;
            v->type = type;
            save();
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* Microsoft Learn, RegQueryValueExW: with data NULL the size is returned; too small a buffer gives
   ERROR_MORE_DATA and the size needed. */
EXPORT int32_t RegQueryValueExW(void *hkey, const uint16_t *name, uint32_t *reserved, uint32_t *type,
                                unsigned char *data, uint32_t *size) {
    (void) reserved;
    pthread_mutex_lock(&lock);
    uint32_t access;
    int k = key_of(hkey, &access);
    int32_t rc = ERROR_SUCCESS;
    value_t *v = k < 0 ? NULL : find_value(k, name);
    if (k < 0) {
        rc = ERROR_INVALID_HANDLE;
    } else if (v == NULL) {
        rc = ERROR_FILE_NOT_FOUND;
    } else {
        if (type != NULL) {
            *type = v->type;
        }
        if (data != NULL && (size == NULL || *size < v->size)) {
            rc = ERROR_MORE_DATA;
        } else if (data != NULL) {
            memcpy(data, v->data, v->size);
        }
        if (size != NULL) {
            *size = v->size;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int nth_child(int parent, uint32_t index) {
    uint32_t seen = 0;
    for (int i = 1; i < MAX_KEYS; i++) {
        if (keys[i].used && keys[i].parent == parent) {
            if (seen++ == index) {
                return i;
            }
        }
    }
    return -1;
}

/* Microsoft Learn, RegEnumKeyExW: lpcchName in characters, including the terminating null on input, without
   it on output; ERROR_MORE_DATA if the buffer is too small; ERROR_NO_MORE_ITEMS after the last subkey. */
EXPORT int32_t RegEnumKeyExW(void *hkey, uint32_t index, uint16_t *name, uint32_t *chars, uint32_t *reserved,
                             uint16_t *cls, uint32_t *cls_chars, void *last_write) {
    (void) reserved; (void) cls; (void) cls_chars; (void) last_write;
    pthread_mutex_lock(&lock);
    uint32_t access;
    int k = key_of(hkey, &access);
    int32_t rc = ERROR_SUCCESS;
    int c = k < 0 ? -1 : nth_child(k, index);
    if (k < 0) {
        rc = ERROR_INVALID_HANDLE;
    } else if (c < 0) {
        rc = ERROR_NO_MORE_ITEMS;
    } else {
        uint32_t n = (uint32_t) wlen(keys[c].name);
        if (name == NULL || chars == NULL || *chars <= n) {
            rc = ERROR_MORE_DATA;
        } else {
            memcpy(name, keys[c].name, (n + 1) * 2);
            *chars = n;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT int32_t RegQueryInfoKeyW(void *hkey, uint16_t *cls, uint32_t *cls_chars, uint32_t *reserved,
                                uint32_t *subkeys, uint32_t *max_subkey_len, uint32_t *max_class_len,
                                uint32_t *values, uint32_t *max_value_name_len, uint32_t *max_value_len,
                                uint32_t *security_descriptor, void *last_write) {
    (void) cls; (void) reserved; (void) last_write;
    pthread_mutex_lock(&lock);
    uint32_t access;
    int k = key_of(hkey, &access);
    if (k < 0) {
        pthread_mutex_unlock(&lock);
        return ERROR_INVALID_HANDLE;
    }
    uint32_t count = 0, longest = 0, nvalues = 0, longest_value_name = 0, longest_value = 0;
    for (int i = 1; i < MAX_KEYS; i++) {
        if (keys[i].used && keys[i].parent == k) {
            count++;
            uint32_t n = (uint32_t) wlen(keys[i].name);
            longest = n > longest ? n : longest;
        }
    }
    for (int i = 0; i < MAX_VALUES; i++) {
        if (keys[k].values[i].data != NULL) {
            nvalues++;
            uint32_t n = (uint32_t) wlen(keys[k].values[i].name);
            longest_value_name = n > longest_value_name ? n : longest_value_name;
            longest_value = keys[k].values[i].size > longest_value ? keys[k].values[i].size : longest_value;
        }
    }
    if (cls_chars != NULL) *cls_chars = 0;
    if (subkeys != NULL) *subkeys = count;
    if (max_subkey_len != NULL) *max_subkey_len = longest;
    if (max_class_len != NULL) *max_class_len = 0;
    if (values != NULL) *values = nvalues;
    if (max_value_name_len != NULL) *max_value_name_len = longest_value_name;
    if (max_value_len != NULL) *max_value_len = longest_value;
    if (security_descriptor != NULL) *security_descriptor = 0;
    pthread_mutex_unlock(&lock);
    return ERROR_SUCCESS;
}

static void delete_key(int k) {
    for (int i = 1; i < MAX_KEYS; i++) {
        if (keys[i].used && keys[i].parent == k) {
            delete_key(i);
        }
    }
    for (int i = 0; i < MAX_VALUES; i++) {
        free(keys[k].values[i].data);
        keys[k].values[i].data = NULL;
    }
    keys[k].used = 0;
}

/* RegDeleteTreeW(hkey, sub) removes sub, its subkeys and values (Wine's dlls/advapi32/tests/registry.c,
   test_reg_delete_tree, run against Windows: the key itself is gone afterwards); with sub NULL only what is
   under hkey. */
EXPORT int32_t RegDeleteTreeW(void *hkey, const uint16_t *sub) {
    pthread_mutex_lock(&lock);
    uint32_t access;
    int parent = key_of(hkey, &access);
    int32_t rc = ERROR_SUCCESS;
    if (parent < 0) {
        rc = ERROR_INVALID_HANDLE;
    } else if (!writable(access) || !hvmodel_elevated()) {
        rc = ERROR_ACCESS_DENIED;
    } else {
        int k = walk(parent, sub, 0, NULL);
        if (k < 0) {
            rc = ERROR_FILE_NOT_FOUND;
        } else if (sub == NULL) {
            for (int i = 1; i < MAX_KEYS; i++) {
                if (keys[i].used && keys[i].parent == k) {
                    delete_key(i);
                }
            }
        } else {
            delete_key(k);
        }
        save();
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* RegDeleteKeyW: "The subkey to be deleted must not have subkeys" (Microsoft Learn); ERROR_ACCESS_DENIED if it has. */
EXPORT int32_t RegDeleteKeyW(void *hkey, const uint16_t *sub) {
    pthread_mutex_lock(&lock);
    uint32_t access;
    int parent = key_of(hkey, &access);
    int32_t rc = ERROR_SUCCESS;
    int k = parent < 0 || sub == NULL ? -1 : walk(parent, sub, 0, NULL);
    if (parent < 0) {
        rc = ERROR_INVALID_HANDLE;
    } else if (!hvmodel_elevated()) {
        rc = ERROR_ACCESS_DENIED;
    } else if (k < 0) {
        rc = ERROR_FILE_NOT_FOUND;
    } else if (nth_child(k, 0) >= 0) {
        rc = ERROR_ACCESS_DENIED;
    } else {
        delete_key(k);
        save();
    }
    pthread_mutex_unlock(&lock);
    return rc;
}
