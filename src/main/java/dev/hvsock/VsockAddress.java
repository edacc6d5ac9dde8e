package dev.hvsock;

import java.io.Serial;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A vsock endpoint ({@code struct sockaddr_vm}): a context id (CID) and a port, both unsigned 32-bit.
 *
 * <p>The text form is {@code vsock:CID:PORT} (the {@code vsock:} prefix is optional when parsing); the
 * CID may be spelled {@code any}, {@code hypervisor}, {@code local} or {@code host}, and the port
 * {@code any}.
 */
public final class VsockAddress extends SocketAddress {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@code VMADDR_CID_ANY}: bind to any CID of this machine. */
    public static final long CID_ANY = 0xFFFF_FFFFL;
    /** {@code VMADDR_CID_HYPERVISOR}. */
    public static final long CID_HYPERVISOR = 0;
    /** {@code VMADDR_CID_LOCAL}: this machine, through the loopback transport. */
    public static final long CID_LOCAL = 1;
    /** {@code VMADDR_CID_HOST}: the host, seen from a guest. */
    public static final long CID_HOST = 2;
    /** {@code VMADDR_PORT_ANY}: let the kernel choose a port when binding. */
    public static final long PORT_ANY = 0xFFFF_FFFFL;

    private static final long MAX = 0xFFFF_FFFFL;

    /** The context id, as its unsigned 32 bits. */
    private final int cid;
    /** The port, as its unsigned 32 bits. */
    private final int port;

    private VsockAddress(long cid, long port) {
        this.cid = (int) cid;
        this.port = (int) port;
    }

    /**
     * The address of {@code port} on {@code cid}.
     *
     * @param cid the context id, 0 to 4294967295 ({@link #CID_ANY} and the other constants included)
     * @param port the port, 0 to 4294967295 ({@link #PORT_ANY} included)
     * @return the address
     * @throws IllegalArgumentException if either is outside 0 to 4294967295
     */
    public static VsockAddress of(long cid, long port) {
        if (cid < 0 || cid > MAX) {
            throw new IllegalArgumentException("vsock CID out of range (0 to 4294967295): " + cid);
        }
        if (port < 0 || port > MAX) {
            throw new IllegalArgumentException("vsock port out of range (0 to 4294967295): " + port);
        }
        return new VsockAddress(cid, port);
    }

    /**
     * Parses {@code [vsock:]CID:PORT}: numbers, or {@code any}/{@code *}, and for the CID {@code hypervisor},
     * {@code local} and {@code host}.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException if the text is not such an address, with the reason
     */
    public static VsockAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String rest = text.regionMatches(true, 0, "vsock:", 0, 6) ? text.substring(6) : text;
        int colon = rest.indexOf(':');
        if (colon < 0 || colon != rest.lastIndexOf(':')) {
            throw new IllegalArgumentException("not a vsock address (want vsock:CID:PORT, e.g. vsock:3:5000): \""
                    + text + "\"");
        }
        String cidText = rest.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String portText = rest.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        long cid = switch (cidText) {
            case "any", "*" -> CID_ANY;
            case "hypervisor" -> CID_HYPERVISOR;
            case "local" -> CID_LOCAL;
            case "host" -> CID_HOST;
            default -> number(cidText, "CID", text);
        };
        long port = portText.equals("any") || portText.equals("*") ? PORT_ANY : number(portText, "port", text);
        return of(cid, port);
    }

    private static long number(String s, String what, String text) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad vsock " + what + " \"" + s + "\" in \"" + text
                    + "\": want a decimal number from 0 to 4294967295");
        }
        long value = Long.parseLong(s);
        if (value > MAX) {
            throw new IllegalArgumentException("vsock " + what + " out of range (0 to 4294967295) in \"" + text + "\"");
        }
        return value;
    }

    /**
     * The context id.
     *
     * @return 0 to 4294967295
     */
    public long cid() {
        return Integer.toUnsignedLong(cid);
    }

    /**
     * The port.
     *
     * @return 0 to 4294967295
     */
    public long port() {
        return Integer.toUnsignedLong(port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VsockAddress that && cid == that.cid && port == that.port;
    }

    @Override
    public int hashCode() {
        return 31 * cid + port;
    }

    /** {@code vsock:CID:PORT}, with {@code any} for the wildcards; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return "vsock:" + (cid() == CID_ANY ? "any" : Long.toString(cid())) + ":"
                + (port() == PORT_ANY ? "any" : Long.toString(port()));
    }
}
