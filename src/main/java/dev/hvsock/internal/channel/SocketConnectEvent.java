package dev.hvsock.internal.channel;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A connect of an hvsock-nio socket channel ({@code connect}, the adaptor's {@code connect}, or a
 * {@code finishConnect} that ends a pending one): the JFR event {@code dev.hvsock.SocketConnect}. Written
 * whether the connect succeeded, is still pending (non-blocking) or failed. Off unless a recording enables
 * it; see {@link SocketReadEvent}.
 */
@Name("dev.hvsock.SocketConnect")
@Label("hvsock-nio Socket Connect")
@Category("hvsock-nio")
@Description("Connecting a Hyper-V, vsock or Unix socket channel of hvsock-nio")
@Enabled(false)
@Threshold("20 ms")
final class SocketConnectEvent extends jdk.jfr.Event {
    @Label("Protocol Family")
    String family;

    @Label("Remote Address")
    String address;

    @Label("Connected")
    @Description("Whether the connection is established; false: a non-blocking connect is still pending, or it failed")
    boolean connected;

    @Label("Error")
    @Description("Why the connect failed; null if it did not")
    String error;
}
