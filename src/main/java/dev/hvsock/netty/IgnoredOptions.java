package dev.hvsock.netty;

import io.netty.channel.ChannelOption;
import io.netty.util.internal.logging.InternalLogger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IP and TCP options that frameworks set on every channel by default (gRPC sets {@code SO_KEEPALIVE} on
 * each connection, many servers {@code TCP_NODELAY} and {@code SO_REUSEADDR}), which mean nothing for
 * vsock, Hyper-V or Unix sockets. A channel config accepts them and ignores them, so that Netty logs no
 * "Unknown channel option" warning for every connection; a debug note says so, once per option and kind of
 * channel in a JVM. Options that do mean something and that a family lacks (a buffer size, a linger time)
 * are still refused, and Netty warns about those.
 */
final class IgnoredOptions {
    /** Ignored on connections when the socket has no such option. */
    static final Set<ChannelOption<?>> ON_CONNECTIONS = Set.of(ChannelOption.SO_KEEPALIVE, ChannelOption.TCP_NODELAY,
            ChannelOption.SO_REUSEADDR, ChannelOption.IP_TOS);
    /** Ignored on listeners when the socket has no such option. */
    static final Set<ChannelOption<?>> ON_LISTENERS = Set.of(ChannelOption.SO_REUSEADDR);

    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private IgnoredOptions() {
    }

    /** Notes at debug level, the first time for this kind of channel and option, that {@code option} is ignored. */
    static void note(InternalLogger logger, Class<?> channelType, ChannelOption<?> option, Object value) {
        if (logger.isDebugEnabled() && NOTED.add(channelType.getName() + " " + option.name())) {
            logger.debug("{} ignores channel option {}={}: the option means nothing for vsock, Hyper-V and Unix "
                    + "sockets (noted once per JVM)", channelType.getSimpleName(), option, value);
        }
    }
}
