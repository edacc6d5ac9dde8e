/**
 * Hyper-V sockets ({@code AF_HYPERV}), vsock ({@code AF_VSOCK}) and Unix domain sockets as ordinary
 * {@link java.nio.channels.SocketChannel}s and {@link java.nio.channels.ServerSocketChannel}s, with selectors,
 * from one {@link java.nio.channels.spi.SelectorProvider}: {@link dev.hvsock.HvSelectorProvider#provider()}.
 *
 * <h2>Start here</h2>
 *
 * Open channels from the provider, for a family: {@link dev.hvsock.HvProtocolFamily#HYPERV} (Windows),
 * {@link dev.hvsock.HvProtocolFamily#VSOCK} (Linux guests, WSL 2) or {@link java.net.StandardProtocolFamily#UNIX}
 * (everywhere), and use them as any NIO channel, blocking or with the provider's
 * {@link java.nio.channels.spi.SelectorProvider#openSelector() selectors}. An echo over a Unix socket, the
 * family every machine has (the same code as the module {@code hvsock.plainapp} the build compiles and runs):
 *
 * {@snippet :
 * SelectorProvider provider = HvSelectorProvider.provider();
 * UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Path.of("/tmp/echo.sock"));
 * try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
 *     server.bind(address);
 *     Thread echo = Thread.ofPlatform().start(() -> {
 *         try (SocketChannel peer = server.accept()) {
 *             ByteBuffer buffer = ByteBuffer.allocate(8192);
 *             while (peer.read(buffer) >= 0) {       // until the client shuts its output down
 *                 buffer.flip();
 *                 peer.write(buffer);
 *                 buffer.clear();
 *             }
 *         } catch (IOException e) {
 *             throw new UncheckedIOException(e);
 *         }
 *     });
 *     try (SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
 *         client.connect(address);
 *         client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
 *         client.shutdownOutput();
 *         ByteBuffer reply = ByteBuffer.allocate(64);
 *         while (client.read(reply) >= 0 && reply.hasRemaining()) {
 *         }
 *     }
 *     echo.join();
 * }
 * }
 *
 * For vsock and Hyper-V only the family and the address change: a Linux guest listens on
 * {@code VsockAddress.of(VsockAddress.CID_ANY, 5000)}, the Windows host connects to
 * {@code HvAddressResolver.resolve("myvm:5000")} or {@code HvSocketAddress.ofVsockPort(vmId, 5000)}.
 *
 * <h2>Addresses</h2>
 *
 * {@link dev.hvsock.HvSocketAddress} (VM id and service id, with the well-known VM ids such as {@code parent}
 * and {@code wildcard}), {@link dev.hvsock.VsockAddress} (CID and port) and the JDK's
 * {@link java.net.UnixDomainSocketAddress}. {@link dev.hvsock.HvAddressResolver} looks up names (a VM's name,
 * {@code wsl}, a registered service), {@link dev.hvsock.HvComputeSystems} lists a Windows host's VMs,
 * {@link dev.hvsock.HvServiceRegistry} registers service ids on a Windows host, and {@link dev.hvsock.VsockLocal}
 * tells a Linux machine its CID. Socket options beyond the JDK's are in {@link dev.hvsock.HvSocketOptions}.
 *
 * <h2>Native access</h2>
 *
 * The library calls native code through the Foreign Function &amp; Memory API, which the JVM wants declared:
 * {@code java --enable-native-access=dev.hvsock ...} when the library is on the module path,
 * {@code java --enable-native-access=ALL-UNNAMED ...} when it is on the class path (or
 * {@code Enable-Native-Access: ALL-UNNAMED} in the manifest of the application's executable jar). Without it,
 * JDK 24 and 25 print a warning on first use. JDK 24 or newer is required.
 *
 * <h2>Frameworks</h2>
 *
 * Netty's NIO transport over these channels is in {@link dev.hvsock.netty}, in the same jar; Netty is an
 * optional dependency that only applications using that package declare (gRPC-java runs on it too). Reactor
 * Netty and Vert.x get their own packages, dev.hvsock.reactor and dev.hvsock.vertx, where the build includes
 * them. The project's README and docs/frameworks.md have the recipes.
 */
package dev.hvsock;
