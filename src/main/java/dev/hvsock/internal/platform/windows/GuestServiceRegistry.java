package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvServiceRegistration;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.ffi.windows.registry.AdvApi32;
import dev.hvsock.internal.platform.ServiceRegistry;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code GuestCommunicationServices} registry key through advapi32: one subkey per service id (the GUID
 * in lower case, without braces, as Microsoft's own instructions create it), with a {@code REG_SZ}
 * {@code ElementName}. Always the 64-bit view of the registry ({@code KEY_WOW64_64KEY}); strings are UTF-16.
 * The registry functions return their error; they do not set {@code GetLastError}.
 *
 * <p>Initializing {@link AdvApi32} opens {@code advapi32.dll}: Windows only.
 */
final class GuestServiceRegistry implements ServiceRegistry {
    private static final String PATH =
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices";
    private static final String ELEMENT_NAME = "ElementName";
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
    public List<HvServiceRegistration> list() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parent = open(arena, AdvApi32.HKEY_LOCAL_MACHINE(), PATH, READ, "list");
            if (parent == null) {
                return List.of();
            }
            try {
                List<HvServiceRegistration> services = new ArrayList<>();
                MemorySegment name = arena.allocate(2L * MAX_KEY_NAME_CHARS, 2);
                MemorySegment nameChars = arena.allocate(ValueLayout.JAVA_INT);
                for (int index = 0; ; index++) {
                    nameChars.set(ValueLayout.JAVA_INT, 0, MAX_KEY_NAME_CHARS);
                    int rc = AdvApi32.RegEnumKeyExW(parent, index, name, nameChars, MemorySegment.NULL,
                            MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
                    if (rc == ERROR_NO_MORE_ITEMS) {
                        break;
                    }
                    check(rc, "list the subkeys of", PATH);
                    String keyName = utf16(name, 2L * nameChars.get(ValueLayout.JAVA_INT, 0));
                    UUID id;
                    try {
                        id = HvSocketAddress.parseGuid(keyName);
                    } catch (IllegalArgumentException notAService) {
                        continue; // not a service id: not Hyper-V's
                    }
                    services.add(new HvServiceRegistration(id, elementName(arena, parent, keyName)));
                }
                return services;
            } finally {
                close(parent);
            }
        }
    }

    @Override
    public boolean register(UUID serviceId, String elementName) throws IOException {
        String keyName = keyName(serviceId);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parent = open(arena, AdvApi32.HKEY_LOCAL_MACHINE(), PATH, READ_WRITE,
                    "register a service in");
            if (parent == null) {
                // Without Hyper-V the key does not exist; creating the whole path would only pretend to work.
                throw new IOException("cannot register Hyper-V service " + serviceId + ": HKEY_LOCAL_MACHINE\\" + PATH
                        + " does not exist (is Hyper-V enabled?)");
            }
            try {
                MemorySegment key = arena.allocate(ValueLayout.ADDRESS);
                MemorySegment disposition = arena.allocate(ValueLayout.JAVA_INT);
                int rc = AdvApi32.RegCreateKeyExW(parent, wide(arena, keyName), 0, MemorySegment.NULL,
                        AdvApi32.REG_OPTION_NON_VOLATILE(), READ_WRITE, MemorySegment.NULL, key, disposition);
                check(rc, "register a service in", PATH + "\\" + keyName);
                MemorySegment service = key.get(ValueLayout.ADDRESS, 0);
                boolean created = disposition.get(ValueLayout.JAVA_INT, 0) == AdvApi32.REG_CREATED_NEW_KEY();
                try {
                    if (!created) {
                        String existing = queryElementName(arena, service);
                        if (elementName.equals(existing)) {
                            return false;
                        }
                        if (existing != null) {
                            throw new FileAlreadyExistsException("HKEY_LOCAL_MACHINE\\" + PATH + "\\" + keyName, null,
                                    "Hyper-V service " + serviceId + " is already registered as \"" + existing
                                            + "\"; unregister it first to register it as \"" + elementName + "\"");
                        }
                    }
                    byte[] value = (elementName + "\0").getBytes(StandardCharsets.UTF_16LE);
                    MemorySegment data = arena.allocate(value.length, 2);
                    MemorySegment.copy(value, 0, data, ValueLayout.JAVA_BYTE, 0, value.length);
                    rc = AdvApi32.RegSetValueExW(service, wide(arena, ELEMENT_NAME), 0, AdvApi32.REG_SZ(), data,
                            value.length);
                    check(rc, "set the ElementName of", PATH + "\\" + keyName);
                    return true;
                } catch (IOException | RuntimeException e) {
                    if (created) {
                        // leave nothing half-registered behind
                        AdvApi32.RegDeleteKeyW(parent, wide(arena, keyName));
                    }
                    throw e;
                } finally {
                    close(service);
                }
            } finally {
                close(parent);
            }
        }
    }

    @Override
    public boolean unregister(UUID serviceId) throws IOException {
        String keyName = keyName(serviceId);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parent = open(arena, AdvApi32.HKEY_LOCAL_MACHINE(), PATH, ALL_ACCESS,
                    "unregister a service in");
            if (parent == null) {
                return false;
            }
            try {
                MemorySegment subKey = wide(arena, keyName);
                // RegDeleteKeyW cannot delete a key that has subkeys, so RegDeleteTreeW goes first; whether it
                // also removes the named key itself its documentation leaves open, so RegDeleteKeyW follows.
                int rc = AdvApi32.RegDeleteTreeW(parent, subKey);
                if (rc == ERROR_FILE_NOT_FOUND) {
                    return false;
                }
                check(rc, "unregister", PATH + "\\" + keyName);
                rc = AdvApi32.RegDeleteKeyW(parent, subKey);
                if (rc != ERROR_FILE_NOT_FOUND) {
                    check(rc, "unregister", PATH + "\\" + keyName);
                }
                return true;
            } finally {
                close(parent);
            }
        }
    }

    /** The subkey name of {@code serviceId}: lower case, no braces (registry key names ignore case anyway). */
    static String keyName(UUID serviceId) {
        return serviceId.toString().toLowerCase(Locale.ROOT);
    }

    /** Opens {@code path} under {@code root}; {@code null} if it does not exist. */
    private static MemorySegment open(Arena arena, MemorySegment root, String path, int access, String what)
            throws IOException {
        MemorySegment key = arena.allocate(ValueLayout.ADDRESS);
        int rc = AdvApi32.RegOpenKeyExW(root, wide(arena, path), 0, access, key);
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

    /** The ElementName of subkey {@code keyName} of {@code parent}, or null if there is none. */
    private static String elementName(Arena arena, MemorySegment parent, String keyName) throws IOException {
        MemorySegment service = open(arena, parent, keyName, READ, "read");
        if (service == null) {
            return null; // removed since it was listed
        }
        try {
            return queryElementName(arena, service);
        } finally {
            close(service);
        }
    }

    /** The {@code REG_SZ} ElementName of the open {@code key}, or null if it has none (or of another type). */
    private static String queryElementName(Arena arena, MemorySegment key) throws IOException {
        MemorySegment valueName = wide(arena, ELEMENT_NAME);
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
                capacity = Math.max(capacity * 2, Integer.toUnsignedLong(size.get(ValueLayout.JAVA_INT, 0)) + 2);
                continue;
            }
            check(rc, "read " + ELEMENT_NAME + " of", "a service key");
            if (type.get(ValueLayout.JAVA_INT, 0) != AdvApi32.REG_SZ()) {
                return null;
            }
            // REG_SZ data need not end in a NUL, or may end in several
            return utf16(data, Integer.toUnsignedLong(size.get(ValueLayout.JAVA_INT, 0)));
        }
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

    private static void check(int rc, String what, String path) throws IOException {
        if (rc == ERROR_SUCCESS) {
            return;
        }
        String key = "HKEY_LOCAL_MACHINE\\" + path;
        if (rc == ERROR_ACCESS_DENIED) {
            throw new AccessDeniedException(key, null, "cannot " + what + " the Hyper-V service registry: access "
                    + "denied (ERROR_ACCESS_DENIED). Registering and unregistering Hyper-V socket services needs "
                    + "administrator rights: run the JVM elevated (\"Run as administrator\")");
        }
        throw new IOException("cannot " + what + " " + key + ": Win32 error " + rc
                + (rc == ERROR_FILE_NOT_FOUND ? " (ERROR_FILE_NOT_FOUND)" : ""));
    }
}
