package dev.hvsock.reactor;

import dev.hvsock.netty.HvNetty;
import dev.hvsock.netty.HvNioServerChannel;
import dev.hvsock.netty.HvNioSocketChannel;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.net.ProtocolFamily;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reactor Netty's {@link LoopResources} over hvsock-nio: event loops whose selectors come from
 * {@link dev.hvsock.HvSelectorProvider}, and the channels of one family ({@link dev.hvsock.HvProtocolFamily#VSOCK},
 * {@link dev.hvsock.HvProtocolFamily#HYPERV} or {@link java.net.StandardProtocolFamily#UNIX}) for every server
 * and client that {@code runOn} them:
 * <pre>{@code
 * HvLoopResources loops = HvLoopResources.create(HvProtocolFamily.VSOCK);
 * DisposableServer server = HttpServer.create()
 *         .runOn(loops)
 *         .bindAddress(() -> VsockAddress.of(VsockAddress.CID_ANY, 8080))
 *         .handle((request, response) -> response.sendString(Mono.just("hello")))
 *         .bindNow();
 * String body = HttpClient.create()
 *         .runOn(loops)
 *         .remoteAddress(() -> VsockAddress.of(VsockAddress.CID_HOST, 8080))
 *         .get().uri("/")
 *         .responseContent().aggregate().asString()
 *         .block();
 * server.disposeNow();
 * loops.disposeLater().block();
 * }</pre>
 *
 * <p>Reactor Netty asks its loop resources for a channel of a Netty type ({@code ServerSocketChannel},
 * {@code SocketChannel}, or their domain-socket kinds); this class gives an {@link HvNioServerChannel} for a
 * server type and an {@link HvNioSocketChannel} for any other stream type, of its family whatever the address.
 * A program that serves two families runs on two of these. For a datagram channel, which a client's DNS
 * resolver wants (Reactor makes one on the loops a client runs on), it gives the JDK's {@code NioDatagramChannel}:
 * the event loops take it, their selector refuses it, and a DNS query on these loops fails at once, while
 * making and closing the resolver works. These sockets need no DNS: their addresses are no host names.
 *
 * <p>{@code DisposableServer.address()}, {@code host()} and {@code port()} cast the server's address to
 * {@code InetSocketAddress} and throw {@code ClassCastException} here: ask {@code server.channel().localAddress()}
 * for the {@code VsockAddress}, {@code HvSocketAddress} or {@code UnixDomainSocketAddress}.
 */
@SuppressWarnings("exports") // the framework is required static, not transitive: its users require it
public final class HvLoopResources implements LoopResources {
    private final ProtocolFamily family;
    private final EventLoopGroup group;
    private final boolean daemon;

    private HvLoopResources(ProtocolFamily family, int workers, boolean daemon) {
        this.family = Objects.requireNonNull(family, "family");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive: " + workers);
        }
        this.daemon = daemon;
        this.group = HvNetty.eventLoopGroup(workers, new DefaultThreadFactory("hvsock-reactor", daemon));
        // the channel factories check the family now rather than at the first bind or connect
        HvNetty.serverChannels(family);
    }

    /**
     * Loop resources for {@code family}, with Reactor Netty's default number of event loops
     * ({@link LoopResources#DEFAULT_IO_WORKER_COUNT}) on daemon threads.
     *
     * @param family the family of every channel these loops make
     * @return the resources, to be disposed of ({@link #disposeLater()}) after the servers and clients on them
     */
    public static HvLoopResources create(ProtocolFamily family) {
        return new HvLoopResources(family, DEFAULT_IO_WORKER_COUNT, true);
    }

    /**
     * Loop resources for {@code family} with {@code workers} event loops.
     *
     * @param family the family of every channel these loops make
     * @param workers how many event loops (threads), at least 1
     * @param daemon whether their threads are daemon threads
     * @return the resources, to be disposed of ({@link #disposeLater()}) after the servers and clients on them
     */
    public static HvLoopResources create(ProtocolFamily family, int workers, boolean daemon) {
        return new HvLoopResources(family, workers, daemon);
    }

    /**
     * The family of the channels these loops make.
     *
     * @return {@link dev.hvsock.HvProtocolFamily#VSOCK}, {@link dev.hvsock.HvProtocolFamily#HYPERV} or
     *         {@link java.net.StandardProtocolFamily#UNIX}
     */
    public ProtocolFamily family() {
        return family;
    }

    /** The one group of event loops, for servers and clients alike: no native transport carries these sockets. */
    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return group;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return group;
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return group;
    }

    @Override
    @SuppressWarnings("unchecked") // Reactor asks for IP or domain-socket types; it uses what it gets as a Channel
    public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
        if (DatagramChannel.class.isAssignableFrom(channelType)) {
            return (C) new NioDatagramChannel();
        }
        if (ServerChannel.class.isAssignableFrom(channelType)) {
            return (C) HvNetty.serverChannels(family).newChannel();
        }
        return (C) HvNetty.clientChannels(family).newChannel();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
        if (DatagramChannel.class.isAssignableFrom(channelType)) {
            return (Class<? extends C>) NioDatagramChannel.class;
        }
        if (ServerChannel.class.isAssignableFrom(channelType)) {
            return (Class<? extends C>) HvNioServerChannel.class;
        }
        return (Class<? extends C>) HvNioSocketChannel.class;
    }

    @Override
    public boolean daemon() {
        return daemon;
    }

    @Override
    public boolean isDisposed() {
        return group.isShuttingDown();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.defer(() -> Mono.create(sink -> group
                .shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .addListener(done -> {
                    if (done.isSuccess()) {
                        sink.success();
                    } else {
                        sink.error(done.cause());
                    }
                })));
    }

    @Override
    public String toString() {
        return "HvLoopResources[" + family + "]";
    }
}
