package dev.hvsock.tool;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The demo's connection: an echo listener and a client connected to it, over the best transport this
 * machine has, and why that one. Trying a transport is just using it: listen, connect with a short
 * timeout, accept; the first that works is the one.
 */
final class DemoLink implements AutoCloseable {
    enum Transport { AUTO, HYPERV, VSOCK, UNIX }

    private static final int PROBE_TIMEOUT_MILLIS = 2000;

    final String transport;
    final String address;
    final String why;
    final ServerSocketChannel server;
    final SocketChannel client;
    final SocketChannel serviceSide;
    private final Path directory;

    private DemoLink(String transport, String address, String why, ServerSocketChannel server, SocketChannel client,
                     SocketChannel serviceSide, Path directory) {
        this.transport = transport;
        this.address = address;
        this.why = why;
        this.server = server;
        this.client = client;
        this.serviceSide = serviceSide;
        this.directory = directory;
    }

    static Transport parseTransport(String text) throws CliException {
        try {
            return Transport.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad --transport \"" + text + "\": want auto, hyperv, vsock or unix");
        }
    }

    static DemoLink open(Transport requested) throws IOException, CliException {
        return switch (requested) {
            case HYPERV -> hyperV("requested with --transport hyperv");
            case VSOCK -> vsock("requested with --transport vsock");
            case UNIX -> unix("requested with --transport unix");
            case AUTO -> automatic();
        };
    }

    private static DemoLink automatic() throws IOException, CliException {
        if (Endpoint.onWindows()) {
            try {
                return hyperV("Hyper-V loopback answered");
            } catch (IOException | RuntimeException | CliException e) {
                return unix("no Hyper-V loopback (" + Failures.messageOf(e) + "); Hyper-V sockets need the Hyper-V "
                        + "feature or a VM platform enabled, see docs/windows.md");
            }
        }
        if (Endpoint.onLinux()) {
            try {
                return vsock("vsock loopback (CID 1) answered");
            } catch (CliException e) {
                return unix(e.getMessage());
            } catch (IOException | RuntimeException e) {
                return unix("vsock loopback failed (" + Failures.messageOf(e) + ")");
            }
        }
        return unix("Hyper-V sockets and vsock exist on Windows and Linux only");
    }

    private static DemoLink hyperV(String why) throws IOException, CliException {
        if (!Endpoint.onWindows()) {
            throw new CliException(ExitCode.UNSUPPORTED, "Hyper-V sockets (AF_HYPERV) exist on Windows only; on Linux "
                    + "use --transport vsock");
        }
        UUID service = UUID.randomUUID();
        return connect("hyperv", why, HvProtocolFamily.HYPERV, HvSocketAddress.of(HvSocketAddress.WILDCARD, service),
                HvSocketAddress.of(HvSocketAddress.LOOPBACK, service), null);
    }

    private static DemoLink vsock(String why) throws IOException, CliException {
        if (!Endpoint.onLinux()) {
            throw new CliException(ExitCode.UNSUPPORTED, "vsock (AF_VSOCK) exists on Linux only");
        }
        // The listener binds CID 1 (VMADDR_CID_LOCAL), which the kernel allows only when the loopback transport
        // exists: without it the probe fails at once (EADDRNOTAVAIL) and no connect is ever attempted. The
        // client connects to CID 1 only, never to another machine.
        SocketAddress local = VsockAddress.of(VsockAddress.CID_LOCAL, VsockAddress.PORT_ANY);
        try {
            return connect("vsock", why, HvProtocolFamily.VSOCK, local, null, null);
        } catch (BindException | UnsupportedOperationException e) {
            throw new CliException(ExitCode.UNSUPPORTED, "no vsock loopback (" + Failures.messageOf(e)
                    + "): run `sudo modprobe vsock_loopback` to use vsock", e);
        }
    }

    private static DemoLink unix(String why) throws IOException {
        Path directory = Files.createTempDirectory("hvsock-demo");
        try {
            UnixDomainSocketAddress path = UnixDomainSocketAddress.of(directory.resolve("echo.sock"));
            return connect("unix", why, StandardProtocolFamily.UNIX, path, path, directory);
        } catch (IOException | RuntimeException e) {
            deleteDirectory(directory);
            throw e;
        }
    }

    /** Listens on {@code bindTo}, connects to {@code connectTo} (null: the vsock listener's own CID 1 and port). */
    private static DemoLink connect(String transport, String why, java.net.ProtocolFamily family, SocketAddress bindTo,
                                    SocketAddress connectTo, Path directory) throws IOException {
        HvSelectorProvider provider = HvSelectorProvider.provider();
        ServerSocketChannel server = provider.openServerSocketChannel(family);
        SocketChannel client = null;
        try {
            server.bind(bindTo, 1);
            SocketAddress target = connectTo != null ? connectTo
                    : VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) server.getLocalAddress()).port());
            client = provider.openSocketChannel(family);
            if (family != StandardProtocolFamily.UNIX) {
                client.setOption(HvSocketOptions.CONNECT_TIMEOUT, PROBE_TIMEOUT_MILLIS);
            }
            client.socket().connect(target, PROBE_TIMEOUT_MILLIS);
            SocketChannel serviceSide = server.accept();
            return new DemoLink(transport, Endpoint.format(target), why, server, client, serviceSide, directory);
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (server; client; serviceSide) {
            // closes all three
        } finally {
            if (directory != null) {
                deleteDirectory(directory);
            }
        }
    }

    private static void deleteDirectory(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve("echo.sock"));
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // a leftover empty temp directory is harmless
        }
    }
}
