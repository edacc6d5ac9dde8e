package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.util.List;

/**
 * The few registry operations the Hyper-V service registry needs, on keys named by their full path under
 * {@code HKEY_LOCAL_MACHINE}: advapi32 on Windows ({@link AdvApi32RegistryKeys}), a map in the tests. A
 * failure is an {@link IOException} whose message names the full key (HKEY_LOCAL_MACHINE\...), and an
 * {@link java.nio.file.AccessDeniedException} where the process lacks the rights.
 */
interface RegistryKeys {
    /** Whether the key {@code path} exists. */
    boolean exists(String path) throws IOException;

    /** The names of the subkeys of {@code path}, in registry order, or null if {@code path} does not exist. */
    List<String> subkeys(String path) throws IOException;

    /**
     * The {@code REG_SZ} value {@code name} of the key {@code path}, up to its first NUL; null if the key or
     * the value does not exist, or the value is of another type.
     */
    String stringValue(String path, String name) throws IOException;

    /** Creates the key {@code path}, whose parent exists: true if it is new, false if it existed already. */
    boolean createKey(String path) throws IOException;

    /** Sets the {@code REG_SZ} value {@code name} of the existing key {@code path}. */
    void setStringValue(String path, String name, String value) throws IOException;

    /** Deletes the key {@code path} with everything under it: false if there was no such key. */
    boolean deleteTree(String path) throws IOException;
}
