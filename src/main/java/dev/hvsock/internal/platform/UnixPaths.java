package dev.hvsock.internal.platform;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;

/**
 * How a platform's {@code sockaddr_un} holds a Unix domain socket path: the charset of the path's bytes
 * and where {@code sun_path} starts and how many bytes it has room for. The checks and the decoding are
 * the same on both platforms; only these differ.
 *
 * @param charset the charset paths are encoded in
 * @param charsetNote how a message names it after the byte count ({@code ""} or {@code " in UTF-8"})
 * @param pathOffset the offset of {@code sun_path}
 * @param capacity the size of {@code sun_path}, its terminating zero included
 */
public record UnixPaths(Charset charset, String charsetNote, long pathOffset, int capacity) {

    /** The bytes of {@code address}'s path, as they go into {@code sun_path}. */
    public byte[] bytes(UnixDomainSocketAddress address) {
        return address.getPath().toString().getBytes(charset);
    }

    /**
     * The Unix address {@code address} is.
     *
     * @throws UnsupportedAddressTypeException if it is no {@link UnixDomainSocketAddress}
     * @throws IllegalArgumentException if its path is too long for {@code sockaddr_un}
     */
    public UnixDomainSocketAddress check(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress unix)) {
            throw new UnsupportedAddressTypeException();
        }
        byte[] path = bytes(unix);
        if (path.length >= capacity) {
            throw new IllegalArgumentException("Unix domain socket path too long (" + path.length + " bytes"
                    + charsetNote + ", at most " + (capacity - 1) + "): " + unix.getPath());
        }
        return unix;
    }

    /**
     * The path of a {@code sockaddr_un} that {@code getsockname}/{@code accept} returned in
     * {@code length} bytes of {@code sa}: up to its terminating zero, if any. Unnamed, or in Linux's
     * abstract namespace (which {@link UnixDomainSocketAddress} cannot express): the empty path.
     */
    public UnixDomainSocketAddress decode(MemorySegment sa, int length) {
        int room = (int) Math.min(Math.max(0, length - pathOffset), capacity);
        int n = 0;
        while (n < room && sa.get(ValueLayout.JAVA_BYTE, pathOffset + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(sa, ValueLayout.JAVA_BYTE, pathOffset, bytes, 0, n);
        return UnixDomainSocketAddress.of(new String(bytes, charset));
    }
}
