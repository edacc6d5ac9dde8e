package dev.hvsock.internal.channel;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.util.Objects;

/**
 * The checks every channel's {@code setOption}/{@code getOption} makes before it touches the socket, and
 * the socket adaptors' translation of option failures into the {@link SocketException} that
 * {@code java.net.Socket}'s setters declare.
 */
final class SocketOptionChecks {
    private SocketOptionChecks() {
    }

    /** Throws as the JDK's channels do for a null or unsupported option; {@code what}: "sockets", "listeners". */
    static void checkSupported(NetworkChannel channel, SocketOption<?> name, ProtocolFamily family, String what) {
        Objects.requireNonNull(name, "name");
        if (!channel.supportedOptions().contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported by " + family + " " + what);
        }
    }

    /**
     * Throws {@link IllegalArgumentException} (as the JDK's channels do, null included) for a value of
     * the wrong type.
     */
    static <T> void checkValue(SocketOption<T> name, T value) {
        if (!name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + name
                    + ": want a " + name.type().getSimpleName());
        }
    }

    /** {@code channel.setOption}, for an adaptor: an option the family lacks is a {@link SocketException}. */
    static <T> void adaptorSet(NetworkChannel channel, SocketOption<T> name, T value, ProtocolFamily family,
                               String what) throws SocketException {
        if (!channel.supportedOptions().contains(name)) {
            throw new SocketException(name + " is not supported by " + family + " " + what);
        }
        try {
            channel.setOption(name, value);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw (SocketException) new SocketException(e.getMessage()).initCause(e);
        }
    }

    /** {@code channel.getOption}, for an adaptor: an option the family lacks is a {@link SocketException}. */
    static <T> T adaptorGet(NetworkChannel channel, SocketOption<T> name, ProtocolFamily family, String what)
            throws SocketException {
        if (!channel.supportedOptions().contains(name)) {
            throw new SocketException(name + " is not supported by " + family + " " + what);
        }
        try {
            return channel.getOption(name);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw (SocketException) new SocketException(e.getMessage()).initCause(e);
        }
    }
}
