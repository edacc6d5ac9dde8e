package dev.hvsock.internal.channel;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A connection accepted by an hvsock-nio server socket channel (or its adaptor): the JFR event
 * {@code dev.hvsock.SocketAccept}. Off unless a recording enables it; see {@link SocketReadEvent}.
 */
@Name("dev.hvsock.SocketAccept")
@Label("hvsock-nio Socket Accept")
@Category("hvsock-nio")
@Description("Accepting a connection on a Hyper-V, vsock or Unix server socket channel of hvsock-nio")
@Enabled(false)
@Threshold("20 ms")
final class SocketAcceptEvent extends jdk.jfr.Event {
    @Label("Protocol Family")
    String family;

    @Label("Local Address")
    @Description("The listener's address")
    String localAddress;

    @Label("Remote Address")
    @Description("The peer's address, as accept gave it (an unnamed Unix client's is empty)")
    String address;
}
