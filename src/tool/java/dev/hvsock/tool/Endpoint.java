package dev.hvsock.tool;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * An address given on the command line, and how to listen on it or connect to it.
 *
 * <p>Syntax: {@code tcp:HOST:PORT}, {@code unix:PATH}, {@code vsock:CID:PORT}, or a Hyper-V socket address
 * in {@link HvSocketAddress#parse} syntax ({@code VM:SERVICE}, optionally prefixed {@code hyperv:}), where
 * the service may also be a registered service's name ({@link HyperVNames} resolves it first). TCP goes
 * through the JDK's own channels; everything else through {@link HvSelectorProvider}. A Hyper-V address is
 * an {@code AF_HYPERV} socket on Windows and, on Linux, the library maps it to vsock (template service ids
 * only).
 */
record Endpoint(Kind kind, String text, SocketAddress address) {
    enum Kind { TCP, UNIX, VSOCK, HYPERV }

    /** sun_path is 108 bytes on Linux and Windows, one of which the terminating NUL takes. */
    private static final int UNIX_PATH_MAX_BYTES = 107;

    static boolean onWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    static boolean onLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /**
     * Parses a command-line address.
     *
     * @throws CliException (usage) saying what is wrong with it
     */
    static Endpoint parse(String text) throws CliException {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("unix:")) {
                return unix(text, text.substring(5));
            }
            if (lower.startsWith("tcp:")) {
                return tcp(text, text.substring(4));
            }
            if (lower.startsWith("vsock:")) {
                return new Endpoint(Kind.VSOCK, text, VsockAddress.parse(text));
            }
            String hv = lower.startsWith("hyperv:") ? text.substring(7) : text;
            return new Endpoint(Kind.HYPERV, text, HvSocketAddress.parse(HyperVNames.resolve(hv)));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad address \"" + text + "\": " + e.getMessage() + hint(lower));
        }
    }

    private static String hint(String lower) {
        if (lower.startsWith("unix:") || lower.startsWith("tcp:") || lower.startsWith("vsock:")) {
            return "";
        }
        return " (addresses: unix:PATH, tcp:HOST:PORT, vsock:CID:PORT or Hyper-V VM:SERVICE;"
                + " see: hvsock address --help)";
    }

    private static Endpoint unix(String text, String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path; want unix:PATH, e.g. unix:/tmp/hvsock.sock");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > UNIX_PATH_MAX_BYTES) {
            throw new IllegalArgumentException("Unix socket path too long (" + bytes + " bytes, at most "
                    + UNIX_PATH_MAX_BYTES + ")");
        }
        return new Endpoint(Kind.UNIX, text, UnixDomainSocketAddress.of(path));
    }

    private static Endpoint tcp(String text, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("want tcp:HOST:PORT, e.g. tcp:127.0.0.1:8080");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host; want tcp:HOST:PORT, e.g. tcp:127.0.0.1:8080");
        }
        String portText = hostPort.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || !portText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad TCP port \"" + portText + "\": want 0 to 65535");
        }
        // Resolves now; an unknown host stays unresolved and fails at connect/bind with a clear message.
        return new Endpoint(Kind.TCP, text, new InetSocketAddress(host, port));
    }

    private SelectorProvider provider() {
        return kind == Kind.TCP ? SelectorProvider.provider() : HvSelectorProvider.provider();
    }

    private ProtocolFamily family() throws CliException {
        return switch (kind) {
            case TCP -> ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            case UNIX -> StandardProtocolFamily.UNIX;
            case VSOCK -> {
                if (onWindows()) {
                    throw new CliException(ExitCode.UNSUPPORTED, "vsock addresses (" + text + ") exist on Linux only;"
                            + " on Windows name the VM and service: VMID:PORT (see: hvsock address " + text + ")");
                }
                yield HvProtocolFamily.VSOCK;
            }
            case HYPERV -> onWindows() ? HvProtocolFamily.HYPERV : HvProtocolFamily.VSOCK;
        };
    }

    /** Opens a channel connected to this address, waiting at most {@code timeoutMillis}. */
    SocketChannel connect(int timeoutMillis) throws IOException, CliException {
        checkResolved();
        SocketChannel channel = provider().openSocketChannel(family());
        try {
            if (kind == Kind.VSOCK || kind == Kind.HYPERV) {
                // vsock gives up after its own default (2 s) and Hyper-V after its own; make them wait as asked.
                channel.setOption(HvSocketOptions.CONNECT_TIMEOUT,
                        Math.min(timeoutMillis, HvSocketOptions.CONNECT_TIMEOUT_MAX_MILLIS));
            }
            channel.socket().connect(address, timeoutMillis);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw kind == Kind.TCP ? withAddress("connect to", e) : e;
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens a channel listening on this address. */
    ServerSocketChannel listen(int backlog) throws IOException, CliException {
        checkResolved();
        ServerSocketChannel server = provider().openServerSocketChannel(family());
        try {
            server.bind(address, backlog);
            return server;
        } catch (IOException e) {
            server.close();
            throw kind == Kind.TCP ? withAddress("bind to", e) : e;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Removes the socket file a Unix listener left behind; nothing for other kinds. */
    void removeSocketFile() {
        if (address instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException ignored) {
                // best effort: a leftover socket file only makes the next bind report "address in use"
            }
        }
    }

    private void checkResolved() throws CliException {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            throw new CliException(ExitCode.UNREACHABLE, "unknown host \"" + inet.getHostString() + "\" in " + text);
        }
    }

    /** The JDK's TCP errors say "Connection refused" without the address; name it, keeping the type. */
    private IOException withAddress(String operation, IOException e) {
        String message = operation + " " + text + ": " + e.getMessage();
        IOException named;
        if (e instanceof SocketTimeoutException) {
            named = new SocketTimeoutException(message);
        } else if (e instanceof ConnectException) {
            named = new ConnectException(message);
        } else if (e instanceof BindException) {
            named = new BindException(message);
        } else if (e instanceof NoRouteToHostException) {
            named = new NoRouteToHostException(message);
        } else if (e.getClass() == SocketException.class) {
            named = new SocketException(message); // e.g. "Network is unreachable"
        } else {
            return e;
        }
        named.initCause(e);
        return named;
    }

    /** A socket address in command-line syntax, so it can be pasted back into a command. */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return path.isEmpty() ? "unix:(unnamed)" : "unix:" + path;
        }
        if (address instanceof VsockAddress || address instanceof HvSocketAddress) {
            return address.toString();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return text;
    }
}
