package dev.hvsock.vertx;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;
import dev.hvsock.netty.HvNetty;
import io.vertx.core.transport.Transport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vert.x 5 over hvsock-nio: a {@link Transport} for {@code Vertx.builder().withTransport(...)}, whose event loops'
 * selectors come from {@link HvSelectorProvider} and whose "domain socket" servers and clients are sockets of one
 * family, named by the text of Vert.x's domain-socket address:
 * <pre>{@code
 * Vertx vertx = Vertx.builder().withTransport(HvVertx.transport(HvProtocolFamily.VSOCK)).build();
 * vertx.createNetServer().connectHandler(...).listen(SocketAddress.domainSocketAddress("vsock:any:5000"));
 * vertx.createNetClient().connect(SocketAddress.domainSocketAddress("vsock:host:5000"));
 * }</pre>
 * The text is parsed by {@link VsockAddress#parse} for {@link HvProtocolFamily#VSOCK}, by
 * {@link HvSocketAddress#parse} for {@link HvProtocolFamily#HYPERV}, and is the socket file's path for
 * {@link StandardProtocolFamily#UNIX}. The addresses Vert.x reports ({@code NetSocket.remoteAddress()}, ...) are
 * domain-socket addresses whose {@code path()} is the address's text ({@code "vsock:2:1234"}).
 *
 * <p>A Vert.x instance runs every connection on the event loops of its one transport, and a selector of
 * hvsock-nio takes no channel of the JDK's: an instance on this transport does no TCP (its inet addresses fail
 * with an {@code UnsupportedOperationException} that says so). A program that also speaks TCP runs a second
 * Vert.x instance with the default transport. Its DNS resolver still works: the datagram channels it wants are
 * the JDK's, on a small event loop group of their own (see {@code docs/frameworks.md}).
 *
 * <p>The Vert.x SPI this implements ({@code io.vertx.core.spi.transport.Transport}) names Netty 4.2 types, and
 * hvsock-nio is compiled against Netty 4.1, the oldest line it serves: the SPI object is a
 * {@link java.lang.reflect.Proxy} that hands each call to {@link HvTransportCalls}.
 */
@SuppressWarnings("exports") // the framework is required static, not transitive: its users require it
public final class HvVertx {
    private HvVertx() {
    }

    /**
     * The transport for a Vert.x instance whose domain-socket addresses are sockets of {@code family}.
     *
     * @param family {@link HvProtocolFamily#VSOCK}, {@link HvProtocolFamily#HYPERV} or
     *               {@link StandardProtocolFamily#UNIX}
     * @return the transport, for {@code Vertx.builder().withTransport}
     */
    public static Transport transport(ProtocolFamily family) {
        Objects.requireNonNull(family, "family");
        HvNetty.serverChannels(family); // refuses a family this class does not know, now rather than at a bind
        return new HvTransport(family);
    }

    /**
     * The address Vert.x names by {@code text} in a transport of {@code family}: what its domain-socket
     * addresses become at a bind or connect.
     *
     * @param family the transport's family
     * @param text the text of a Vert.x domain-socket address ({@code SocketAddress.domainSocketAddress(text)})
     * @return a {@link VsockAddress}, {@link HvSocketAddress} or {@link UnixDomainSocketAddress}
     * @throws IllegalArgumentException if the text is no address of the family, saying why
     */
    public static SocketAddress address(ProtocolFamily family, String text) {
        Objects.requireNonNull(text, "text");
        if (family == HvProtocolFamily.VSOCK) {
            return VsockAddress.parse(text);
        }
        if (family == HvProtocolFamily.HYPERV) {
            return HvSocketAddress.parse(text);
        }
        if (family == StandardProtocolFamily.UNIX) {
            return UnixDomainSocketAddress.of(text);
        }
        throw new IllegalArgumentException("not a family of hvsock-nio: " + family);
    }

    /** The public face of the transport: its name, and the SPI object Vert.x runs on. */
    private static final class HvTransport implements Transport {
        private final ProtocolFamily family;
        private final io.vertx.core.spi.transport.Transport implementation;

        HvTransport(ProtocolFamily family) {
            this.family = family;
            this.implementation = (io.vertx.core.spi.transport.Transport) Proxy.newProxyInstance(
                    HvVertx.class.getClassLoader(), new Class<?>[]{io.vertx.core.spi.transport.Transport.class},
                    new Dispatch(new HvTransportCalls(family)));
        }

        @Override
        public String name() {
            return "hvsock-" + family.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public io.vertx.core.spi.transport.Transport implementation() {
            return implementation;
        }

        @Override
        public String toString() {
            return "HvVertx.transport(" + family + ")";
        }
    }

    /**
     * Hands each call of the SPI to the method of {@link HvTransportCalls} with its name and parameter types;
     * the SPI's default methods (the option setters) run as Vert.x wrote them.
     */
    private static final class Dispatch implements InvocationHandler {
        private final HvTransportCalls calls;
        private final Map<Method, Method> ours = new ConcurrentHashMap<>();

        Dispatch(HvTransportCalls calls) {
            this.calls = calls;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> calls.toString();
                };
            }
            Method own = ours.computeIfAbsent(method, Dispatch::counterpart);
            if (own == method) {
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException("hvsock-nio's Vert.x transport has no " + method);
            }
            try {
                return own.invoke(calls, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** The method of HvTransportCalls that implements {@code method}, or {@code method} if there is none. */
        private static Method counterpart(Method method) {
            try {
                return HvTransportCalls.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                return method;
            }
        }
    }
}
