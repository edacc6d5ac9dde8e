package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvComputeSystem;
import dev.hvsock.HvSocketAddress;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON documents of the Host Compute Service, read with {@link Json}, in the shapes its schema gives
 * (https://learn.microsoft.com/en-us/virtualization/api/hcs/schemareference):
 * <ul>
 *   <li>what {@code HcsEnumerateComputeSystems} lists: "a JSON document representing an array of compute
 *       system Properties" (its reference page), of which the members {@code Id}, {@code RuntimeId},
 *       {@code Name}, {@code Owner}, {@code SystemType} and {@code State} are read, and any other is left
 *       alone (the schema has many, and adds more);
 *   <li>{@code ResultError}, the document a failed operation leaves: {@code Error} (the HRESULT, a signed
 *       decimal) and {@code ErrorMessage}.
 * </ul>
 * Every member the schema types as a string must be one (or JSON null, or absent); anything else means the
 * document is not what the code expects, which is reported, not guessed around.
 *
 * <p>Needs no Windows library: public for the resolver's tests in {@code dev.hvsock}; the package is not
 * exported.
 */
public final class ComputeSystemDocuments {
    private ComputeSystemDocuments() {
    }

    /**
     * The compute systems a result document of {@code HcsEnumerateComputeSystems} lists, in its order. An
     * empty document lists none (which Microsoft's documentation leaves open; a client seen answering that
     * way on a host without any is a third-party one).
     *
     * @throws IOException if the document is not such an array, saying what is wrong
     */
    public static List<HvComputeSystem> computeSystems(String document) throws IOException {
        if (document == null || document.isBlank()) {
            return List.of();
        }
        Object root = parse(document);
        if (!(root instanceof List<?> entries)) {
            throw malformed("the list of compute systems is not a JSON array", document);
        }
        List<HvComputeSystem> systems = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> properties)) {
                throw malformed("an entry of the list of compute systems is not a JSON object", document);
            }
            String id = string(properties, "Id", document);
            if (id == null) {
                throw malformed("a compute system without an Id", document);
            }
            String runtime = string(properties, "RuntimeId", document);
            UUID runtimeId;
            try {
                runtimeId = runtime != null ? HvSocketAddress.parseGuid(runtime) : null;
            } catch (IllegalArgumentException e) {
                throw malformed("the RuntimeId of " + id + " is not a GUID: " + runtime, document);
            }
            systems.add(new HvComputeSystem(id, runtimeId, string(properties, "Name", document),
                    string(properties, "Owner", document), string(properties, "SystemType", document),
                    string(properties, "State", document)));
        }
        return List.copyOf(systems);
    }

    /**
     * What a {@code ResultError} document says: its {@code ErrorMessage} (and its {@code Error} where that
     * differs from {@code hresult}), or {@code null} if it says nothing usable. Never throws: it only adds to
     * the report of a failure.
     */
    static String errorMessage(String document, int hresult) {
        if (document == null || document.isBlank()) {
            return null;
        }
        try {
            if (!(Json.parse(document) instanceof Map<?, ?> error)) {
                return null;
            }
            String message = error.get("ErrorMessage") instanceof String s && !s.isBlank() ? s.strip() : null;
            if (error.get("Error") instanceof BigDecimal code && code.intValue() != hresult
                    && code.compareTo(BigDecimal.valueOf(code.intValue())) == 0) {
                String hex = HcsErrors.hex(code.intValue());
                return message != null ? message + " (" + hex + ")" : hex;
            }
            return message;
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static Object parse(String document) throws IOException {
        try {
            return Json.parse(document);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), document);
        }
    }

    private static String string(Map<?, ?> properties, String name, String document) throws IOException {
        Object value = properties.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw malformed("the member " + name + " is not a string: " + value, document);
    }

    private static IOException malformed(String what, String document) {
        String shown = document.length() > 300 ? document.substring(0, 300) + "..." : document;
        return new IOException("the Host Compute Service answered something unexpected: " + what
                + "; its document: " + shown);
    }
}
