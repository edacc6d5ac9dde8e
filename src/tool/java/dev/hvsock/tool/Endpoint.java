package dev.hvsock.tool;

import dev.hvsock.HvAddressResolver;
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
import java.net.UnknownHostException;
import java.net.UnknownServiceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An address given on the command line, and how to listen on it or connect to it.
 *
 * <p>Syntax: {@code tcp:HOST:PORT}, {@code unix:PATH}, {@code vsock:CID:PORT}, or a Hyper-V socket address
 * {@code VM:SERVICE} (optionally prefixed {@code hyperv:}), resolved by {@link HvAddressResolver}: the VM
 * may also be {@code wsl} or a running VM's name, the service a registered service's name. TCP goes
 * through the JDK's own channels; everything else through {@link HvSelectorProvider}. A Hyper-V address is
 * an {@code AF_HYPERV} socket on Windows and, on Linux, the library maps it to vsock (template service ids
 * only).
 *
 * @param resolved the names looked up to make the address, each as {@code name -> what it is}; empty if none
 */
record Endpoint(Kind kind, String text, SocketAddress address, List<String> resolved) {
    enum Kind { TCP, UNIX, VSOCK, HYPERV }

    Endpoint(Kind kind, String text, SocketAddress address) {
        this(kind, text, address, List.of());
    }

    /** sun_path is 108 bytes on Linux and Windows, one of which the terminating NUL takes. */
    private static final int UNIX_PATH_MAX_BYTES = 107;

    /** On Windows; or on Linux where the tests run the library's Windows platform (Platforms' test-only switch). */
    static boolean onWindows() {
        return System.getProperty("os.name", "").startsWith("Windows")
                || "windows".equals(System.getProperty("dev.hvsock.test.platform"));
    }

    static boolean onLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /**
     * Parses a command-line address, looking up the names in a Hyper-V address.
     *
     * @throws CliException saying what is wrong with it: a usage error, or the status of a failed lookup
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
            return hyperV(text, lower.startsWith("hyperv:") ? text.substring(7) : text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad address \"" + text + "\": " + e.getMessage() + hint(text));
        }
    }

    /**
     * A Hyper-V address, its names looked up by {@link HvAddressResolver}. A name that is not found, not
     * visible (no rights) or ambiguous ends the command with its status (3, 5, 1); on Linux, which has neither
     * the Host Compute Service nor the registry, any name is a bad address (a usage error) saying where names
     * are resolved.
     */
    private static Endpoint hyperV(String text, String hv) throws CliException {
        int colon = hv.indexOf(':');
        if (colon < 0 || colon != hv.lastIndexOf(':')) {
            return new Endpoint(Kind.HYPERV, text, HvSocketAddress.parse(hv)); // throws, with the syntax
        }
        String vm = hv.substring(0, colon).strip();
        String service = hv.substring(colon + 1).strip();
        List<String> resolved = new ArrayList<>();
        try {
            UUID vmId;
            try {
                vmId = HvAddressResolver.resolveVm(vm);
            } catch (UnsupportedOperationException e) {
                if (onWindows()) {
                    throw e; // no Host Compute Service here: status 6
                }
                throw new IllegalArgumentException("bad VM \"" + vm + "\" in \"" + hv + "\": want a GUID or parent, "
                        + "loopback, wildcard, ... (VM names and wsl are looked up by the Windows host's Host Compute "
                        + "Service, which Linux has not; from a guest, the host is parent: see hvsock whoami)");
            }
            if (isName(vm)) {
                resolved.add(vm + " -> " + vmId + (vm.equalsIgnoreCase(HvAddressResolver.WSL)
                        ? " (the running WSL 2 VM)" : " (the running VM named so)"));
            }
            UUID serviceId;
            try {
                serviceId = HvAddressResolver.resolveService(service);
            } catch (UnsupportedOperationException e) {
                if (onWindows()) {
                    throw e;
                }
                throw new IllegalArgumentException("bad service id \"" + service + "\" in \"" + hv + "\": want a "
                        + "GUID or a decimal vsock port (service names are looked up in the Windows registry, which "
                        + "Linux has not)");
            }
            if (!isPortOrGuid(service)) {
                resolved.add(service + " -> " + serviceId + " (the registered service named so)");
            }
            return new Endpoint(Kind.HYPERV, text, HvSocketAddress.of(vmId, serviceId), List.copyOf(resolved));
        } catch (UnknownHostException | UnknownServiceException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot resolve \"" + text + "\": " + e.getMessage(), e);
        } catch (AccessDeniedException e) {
            throw new CliException(ExitCode.PERMISSION, "cannot resolve \"" + text + "\": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot resolve \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** Whether a VM is given by name (or wsl): anything the parser alone does not take. */
    private static boolean isName(String vm) {
        try {
            HvSocketAddress.parse(vm + ":0");
            return false;
        } catch (IllegalArgumentException name) {
            return true;
        }
    }

    private static boolean isPortOrGuid(String service) {
        if (service.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        try {
            HvSocketAddress.parseGuid(service);
            return true;
        } catch (IllegalArgumentException name) {
            return false;
        }
    }

    private static String hint(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unix:") || lower.startsWith("tcp:") || lower.startsWith("vsock:")) {
            return "";
        }
        // a path (a separator) or a bare name (no colon, which every other kind has): most likely a socket file
        boolean pathLike = !lower.startsWith("hyperv:") && (text.indexOf('/') >= 0 || text.indexOf('\\') >= 0
                || text.indexOf(':') < 0);
        return " (" + (pathLike ? "a Unix socket? write unix:" + text + "; " : "") + "addresses: unix:PATH, "
                + "tcp:HOST:PORT, vsock:CID:PORT or Hyper-V VM:SERVICE; see: hvsock address --help)";
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
            if (kind == Kind.TCP) {
                throw withAddress("bind to", e);
            }
            if (isTheHost() && String.valueOf(e.getMessage()).contains("EADDRNOTAVAIL")) {
                String port = text.substring(text.lastIndexOf(':'));
                throw new CliException(ExitCode.FAILURE, e.getMessage() + ": " + text + " is the host, an address to "
                        + "connect to; to accept the host's connections listen on "
                        + (kind == Kind.HYPERV ? "wildcard" : "vsock:any") + port + " (see: hvsock whoami)", e);
            }
            throw e;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Whether this is the host as a guest names it: vsock CID 2, or Hyper-V parent (which Linux maps to CID 2). */
    private boolean isTheHost() {
        return address instanceof VsockAddress vsock && vsock.cid() == VsockAddress.CID_HOST
                || address instanceof HvSocketAddress hv && hv.vmId().equals(HvSocketAddress.PARENT) && !onWindows();
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

    /**
     * The JDK's TCP errors say "Connection refused" without the address or the error's name; name both, as the
     * library's own errors do ({@code connect to tcp:127.0.0.1:1: Connection refused (ECONNREFUSED)}), keeping
     * the type.
     */
    private IOException withAddress(String operation, IOException e) {
        String name = e.getMessage() == null ? null : errorName(e.getMessage());
        String message = operation + " " + text + ": " + e.getMessage() + (name != null ? " (" + name + ")" : "");
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

    /**
     * The symbolic name of the OS error a JDK socket message describes (the JDK gives the text, e.g. strerror's,
     * without the name), as the library names them: Winsock's on Windows, errno's elsewhere; null if unknown.
     */
    static String errorName(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        String errno;
        if (lower.contains("connection refused")) {
            errno = "ECONNREFUSED";
        } else if (lower.contains("connection timed out")) {
            errno = "ETIMEDOUT";
        } else if (lower.contains("no route to host")) {
            errno = "EHOSTUNREACH";
        } else if (lower.contains("network is unreachable")) {
            errno = "ENETUNREACH";
        } else if (lower.contains("address already in use")) {
            errno = "EADDRINUSE";
        } else if (lower.contains("cannot assign requested address")) {
            errno = "EADDRNOTAVAIL";
        } else if (lower.contains("permission denied")) {
            errno = "EACCES";
        } else if (lower.contains("connection reset")) {
            errno = "ECONNRESET";
        } else {
            return null;
        }
        String named = errno.toLowerCase(Locale.ROOT);
        if (lower.contains("(" + named) || lower.contains("wsa" + named)) {
            return null; // already named
        }
        return onWindows() ? "WSA" + errno : errno;
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
