package dev.hvsock.internal.platform;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The address rules of a platform, the same on both but for their data: a platform has its natural family
 * (Hyper-V on Windows, vsock on Linux) and {@code AF_UNIX}; the other OS's family is refused with a hint
 * to the one that serves here; a Unix path must fit {@code sockaddr_un} ({@link UnixPaths}), and an empty
 * one means "let the system choose" for a bind and nothing at all for a connect; a listener given no address
 * binds to a fresh file in {@code java.io.tmpdir}, or the natural family's wildcard. The natural family's
 * own checks are the platform's ({@link #checkNatural}, {@link #naturalAutoBindAddress}).
 */
public abstract class AddressRules {
    private final ProtocolFamily natural;
    private final ProtocolFamily foreign;
    private final String foreignMessage;
    private final UnixPaths unixPaths;

    /**
     * @param natural the family a channel gets when none is asked for
     * @param foreign the other OS's natural family, which does not exist here
     * @param foreignMessage why {@code foreign} is refused, and what to use instead
     * @param unixPaths how this platform's {@code sockaddr_un} holds a path
     */
    protected AddressRules(ProtocolFamily natural, ProtocolFamily foreign, String foreignMessage,
                           UnixPaths unixPaths) {
        this.natural = natural;
        this.foreign = foreign;
        this.foreignMessage = foreignMessage;
        this.unixPaths = unixPaths;
    }

    /**
     * Checks a caller's address for the natural family and returns it in the family's native type.
     *
     * @throws java.nio.channels.UnsupportedAddressTypeException if the type does not fit the family
     * @throws IllegalArgumentException if the type fits but the value cannot be used, with the reason
     */
    protected abstract SocketAddress checkNatural(SocketAddress address, boolean forBind);

    /** The address a listener of the natural family binds to when given none. */
    protected abstract SocketAddress naturalAutoBindAddress();

    public final ProtocolFamily naturalFamily() {
        return natural;
    }

    public final UnixPaths unixPaths() {
        return unixPaths;
    }

    public static boolean isUnix(ProtocolFamily family) {
        return family == StandardProtocolFamily.UNIX;
    }

    /** See {@link AddressRules#checkFamily}. */
    public final void checkFamily(ProtocolFamily family) {
        if (family == foreign) {
            throw new UnsupportedOperationException(foreignMessage);
        }
        if (family != natural && !isUnix(family)) {
            throw new UnsupportedOperationException("protocol family " + family + " is not supported by "
                    + "hvsock-nio (use " + natural + " or UNIX here, or the JDK's default provider for IP)");
        }
    }

    /** See {@link AddressRules#checkAddress}. */
    public final SocketAddress checkAddress(ProtocolFamily family, SocketAddress address, boolean forBind) {
        if (!isUnix(family)) {
            return checkNatural(address, forBind);
        }
        UnixDomainSocketAddress unix = unixPaths.check(address);
        if (unix.getPath().toString().isEmpty()) {
            if (forBind) {
                return null;
            }
            throw new IllegalArgumentException("cannot connect to an empty Unix domain socket path");
        }
        return unix;
    }

    /**
     * See {@link AddressRules#autoBindAddress}. A Unix listener gets a fresh file, as the JDK's channels
     * give it: Windows' {@code AF_UNIX} has no autobind, and Linux's names a socket in the abstract
     * namespace, which {@link UnixDomainSocketAddress} cannot express.
     */
    public final SocketAddress autoBindAddress(ProtocolFamily family) {
        if (isUnix(family)) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            String name = "hvsock-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".sock";
            return UnixDomainSocketAddress.of(dir.resolve(name));
        }
        return naturalAutoBindAddress();
    }
}
