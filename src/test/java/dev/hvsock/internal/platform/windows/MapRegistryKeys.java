package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link RegistryKeys} over a map, for the registry's rules on any OS: key names compare without case, as
 * Windows compares them; keys can be made unreadable; every path asked for is recorded.
 */
final class MapRegistryKeys implements RegistryKeys {
    /** Key path (as created) to its string values. */
    private final Map<String, Map<String, String>> keys = new LinkedHashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    private boolean failValueWrites;
    final List<String> asked = new ArrayList<>();

    /** Creates {@code path} (and nothing above it) with the given name and value pairs. */
    MapRegistryKeys put(String path, String... nameValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            values.put(nameValues[i], nameValues[i + 1]);
        }
        keys.put(path, values);
        return this;
    }

    /** Makes reading {@code path} fail as a key with other access rights does. */
    MapRegistryKeys unreadable(String path) {
        unreadable.add(key(path));
        return this;
    }

    /** Makes every {@link #setStringValue} fail. */
    MapRegistryKeys failValueWrites() {
        failValueWrites = true;
        return this;
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    private String find(String path) {
        for (String existing : keys.keySet()) {
            if (key(existing).equals(key(path))) {
                return existing;
            }
        }
        return null;
    }

    private void read(String path) throws IOException {
        asked.add(path);
        if (unreadable.contains(key(path))) {
            throw new AccessDeniedException(GuestServiceRegistry.fullPath(path), null, "access denied");
        }
    }

    /** The key names directly under {@code path}, as stored. */
    List<String> children(String path) {
        List<String> names = new ArrayList<>();
        for (String existing : keys.keySet()) {
            String prefix = key(path) + "\\";
            if (key(existing).startsWith(prefix) && existing.indexOf('\\', prefix.length()) < 0) {
                names.add(existing.substring(prefix.length()));
            }
        }
        return names;
    }

    Map<String, String> values(String path) {
        String existing = find(path);
        return existing == null ? null : keys.get(existing);
    }

    @Override
    public boolean exists(String path) throws IOException {
        read(path);
        return find(path) != null;
    }

    @Override
    public List<String> subkeys(String path) throws IOException {
        read(path);
        return find(path) == null ? null : children(path);
    }

    @Override
    public String stringValue(String path, String name) throws IOException {
        read(path);
        Map<String, String> values = values(path);
        return values == null ? null : values.get(name);
    }

    @Override
    public boolean createKey(String path) throws IOException {
        read(path);
        if (find(path) != null) {
            return false;
        }
        keys.put(path, new LinkedHashMap<>());
        return true;
    }

    @Override
    public void setStringValue(String path, String name, String value) throws IOException {
        read(path);
        if (failValueWrites) {
            throw new IOException("cannot set " + name + " of " + GuestServiceRegistry.fullPath(path)
                    + ": Win32 error 1");
        }
        values(path).put(name, value);
    }

    @Override
    public boolean deleteTree(String path) throws IOException {
        read(path);
        String existing = find(path);
        if (existing == null) {
            return false;
        }
        keys.keySet().removeIf(k -> key(k).equals(key(existing)) || key(k).startsWith(key(existing) + "\\"));
        return true;
    }
}
