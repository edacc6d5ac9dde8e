package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.registry.AdvApi32;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RegistryKeys} through advapi32: always the 64-bit view of the registry ({@code KEY_WOW64_64KEY}),
 * UTF-16 strings. The registry functions return their error; they do not set {@code GetLastError}.
 *
 * <p>Initializing {@link AdvApi32} opens {@code advapi32.dll}: Windows only.
 */
final class AdvApi32RegistryKeys implements RegistryKeys {
    /** Registry key names have at most 255 characters. */
    private static final int MAX_KEY_NAME_CHARS = 256;

    private static final int ERROR_SUCCESS = AdvApi32.ERROR_SUCCESS();
    private static final int ERROR_FILE_NOT_FOUND = AdvApi32.ERROR_FILE_NOT_FOUND();
    private static final int ERROR_ACCESS_DENIED = AdvApi32.ERROR_ACCESS_DENIED();
    private static final int ERROR_MORE_DATA = AdvApi32.ERROR_MORE_DATA();
    private static final int ERROR_NO_MORE_ITEMS = AdvApi32.ERROR_NO_MORE_ITEMS();
    private static final int READ = AdvApi32.KEY_READ() | AdvApi32.KEY_WOW64_64KEY();
    private static final int READ_WRITE = AdvApi32.KEY_READ() | AdvApi32.KEY_WRITE() | AdvApi32.KEY_WOW64_64KEY();
    // RegDeleteTreeW wants DELETE, KEY_ENUMERATE_SUB_KEYS, KEY_QUERY_VALUE and KEY_SET_VALUE on the parent
    private static final int ALL_ACCESS = AdvApi32.KEY_ALL_ACCESS() | AdvApi32.KEY_WOW64_64KEY();

    @Override
    public boolean exists(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = open(arena, path, READ, "read");
            if (key == null) {
                return false;
            }
            close(key);
            return true;
        }
    }

    @Override
    public List<String> subkeys(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = open(arena, path, READ, "list the subkeys of");
            if (key == null) {
                return null;
            }
            try {
                List<String> names = new ArrayList<>();
                MemorySegment name = arena.allocate(2L * MAX_KEY_NAME_CHARS, 2);
                MemorySegment nameChars = arena.allocate(ValueLayout.JAVA_INT);
                for (int index = 0; ; index++) {
                    nameChars.set(ValueLayout.JAVA_INT, 0, MAX_KEY_NAME_CHARS);
                    int rc = AdvApi32.RegEnumKeyExW(key, index, name, nameChars, MemorySegment.NULL,
                            MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
                    if (rc == ERROR_NO_MORE_ITEMS) {
                        return names;
                    }
                    check(rc, "list the subkeys of", path);
                    names.add(utf16(name, 2L * nameChars.get(ValueLayout.JAVA_INT, 0)));
                }
            } finally {
                close(key);
            }
        }
    }

    @Override
    public String stringValue(String path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = open(arena, path, READ, "read");
            if (key == null) {
                return null; // removed since it was listed, say
            }
            try {
                MemorySegment valueName = wide(arena, name);
                MemorySegment type = arena.allocate(ValueLayout.JAVA_INT);
                MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
                long capacity = 2L * 64;
                while (true) {
                    MemorySegment data = arena.allocate(capacity, 2);
                    size.set(ValueLayout.JAVA_INT, 0, (int) capacity);
                    int rc = AdvApi32.RegQueryValueExW(key, valueName, MemorySegment.NULL, type, data, size);
                    if (rc == ERROR_FILE_NOT_FOUND) {
                        return null;
                    }
                    if (rc == ERROR_MORE_DATA) {
                        // size now holds what the value needs; it may grow again before the next try
                        long needed = Integer.toUnsignedLong(size.get(ValueLayout.JAVA_INT, 0));
                        capacity = Math.max(capacity * 2, needed + 2);
                        continue;
                    }
                    check(rc, "read " + name + " of", path);
                    if (type.get(ValueLayout.JAVA_INT, 0) != AdvApi32.REG_SZ()) {
                        return null;
                    }
                    // REG_SZ data need not end in a NUL, or may end in several
                    return utf16(data, Integer.toUnsignedLong(size.get(ValueLayout.JAVA_INT, 0)));
                }
            } finally {
                close(key);
            }
        }
    }

    @Override
    public boolean createKey(String path) throws IOException {
        int split = path.lastIndexOf('\\');
        String parentPath = path.substring(0, split);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parent = open(arena, parentPath, READ_WRITE, "create a key in");
            if (parent == null) {
                check(ERROR_FILE_NOT_FOUND, "create a key in", parentPath);
            }
            try {
                MemorySegment key = arena.allocate(ValueLayout.ADDRESS);
                MemorySegment disposition = arena.allocate(ValueLayout.JAVA_INT);
                int rc = AdvApi32.RegCreateKeyExW(parent, wide(arena, path.substring(split + 1)), 0,
                        MemorySegment.NULL, AdvApi32.REG_OPTION_NON_VOLATILE(), READ_WRITE, MemorySegment.NULL,
                        key, disposition);
                check(rc, "create", path);
                close(key.get(ValueLayout.ADDRESS, 0));
                return disposition.get(ValueLayout.JAVA_INT, 0) == AdvApi32.REG_CREATED_NEW_KEY();
            } finally {
                close(parent);
            }
        }
    }

    @Override
    public void setStringValue(String path, String name, String value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = open(arena, path, READ_WRITE, "set " + name + " of");
            if (key == null) {
                check(ERROR_FILE_NOT_FOUND, "set " + name + " of", path);
            }
            try {
                byte[] bytes = (value + "\0").getBytes(StandardCharsets.UTF_16LE);
                MemorySegment data = arena.allocate(bytes.length, 2);
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
                int rc = AdvApi32.RegSetValueExW(key, wide(arena, name), 0, AdvApi32.REG_SZ(), data, bytes.length);
                check(rc, "set " + name + " of", path);
            } finally {
                close(key);
            }
        }
    }

    @Override
    public boolean deleteTree(String path) throws IOException {
        int split = path.lastIndexOf('\\');
        String parentPath = path.substring(0, split);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parent = open(arena, parentPath, ALL_ACCESS, "delete a key in");
            if (parent == null) {
                return false;
            }
            try {
                MemorySegment subKey = wide(arena, path.substring(split + 1));
                // RegDeleteKeyW cannot delete a key that has subkeys, so RegDeleteTreeW goes first; whether it
                // also removes the named key itself its documentation leaves open, so RegDeleteKeyW follows.
                int rc = AdvApi32.RegDeleteTreeW(parent, subKey);
                if (rc == ERROR_FILE_NOT_FOUND) {
                    return false;
                }
                check(rc, "delete", path);
                rc = AdvApi32.RegDeleteKeyW(parent, subKey);
                if (rc != ERROR_FILE_NOT_FOUND) {
                    check(rc, "delete", path);
                }
                return true;
            } finally {
                close(parent);
            }
        }
    }

    /** Opens {@code path} under HKEY_LOCAL_MACHINE; {@code null} if it does not exist. */
    private static MemorySegment open(Arena arena, String path, int access, String what) throws IOException {
        MemorySegment key = arena.allocate(ValueLayout.ADDRESS);
        int rc = AdvApi32.RegOpenKeyExW(AdvApi32.HKEY_LOCAL_MACHINE(), wide(arena, path), 0, access, key);
        if (rc == ERROR_FILE_NOT_FOUND) {
            return null;
        }
        check(rc, what, path);
        return key.get(ValueLayout.ADDRESS, 0);
    }

    private static void close(MemorySegment key) {
        // RegCloseKey fails only for an invalid handle, which these never are; nothing to do about it anyway
        AdvApi32.RegCloseKey(key);
    }

    /** The UTF-16LE string in the first {@code bytes} bytes of {@code segment}, up to its first NUL. */
    private static String utf16(MemorySegment segment, long bytes) {
        int chars = (int) (bytes / 2);
        char[] text = new char[chars];
        int n = 0;
        while (n < chars) {
            char c = segment.get(ValueLayout.JAVA_CHAR_UNALIGNED, 2L * n);
            if (c == 0) {
                break;
            }
            text[n++] = c;
        }
        return new String(text, 0, n);
    }

    private static MemorySegment wide(Arena arena, String s) {
        byte[] bytes = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
        MemorySegment segment = arena.allocate(bytes.length, 2);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /** Throws for {@code rc} unless it is ERROR_SUCCESS, naming the full key {@code path}. */
    private static void check(int rc, String what, String path) throws IOException {
        if (rc == ERROR_SUCCESS) {
            return;
        }
        String key = GuestServiceRegistry.fullPath(path);
        if (rc == ERROR_ACCESS_DENIED) {
            // the exception's message starts with the key itself
            throw new AccessDeniedException(key, null, "cannot " + what + " this key: access denied "
                    + "(ERROR_ACCESS_DENIED). Registering and unregistering Hyper-V socket services needs "
                    + "administrator rights: run the JVM elevated (\"Run as administrator\")");
        }
        throw new IOException("cannot " + what + " " + key + ": Win32 error " + rc
                + (rc == ERROR_FILE_NOT_FOUND ? " (ERROR_FILE_NOT_FOUND)" : ""));
    }
}
