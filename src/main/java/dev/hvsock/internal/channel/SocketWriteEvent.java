package dev.hvsock.internal.channel;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A write to an hvsock-nio socket channel, or to its socket adaptor's output stream: the JFR event
 * {@code dev.hvsock.SocketWrite}, the counterpart of the JDK's {@code jdk.SocketWrite}. Off unless a
 * recording enables it; see {@link SocketReadEvent}.
 */
@Name("dev.hvsock.SocketWrite")
@Label("hvsock-nio Socket Write")
@Category("hvsock-nio")
@Description("Writing data to a Hyper-V, vsock or Unix socket channel of hvsock-nio")
@Enabled(false)
@Threshold("20 ms")
final class SocketWriteEvent extends jdk.jfr.Event {
    @Label("Protocol Family")
    String family;

    @Label("Remote Address")
    String address;

    @Label("Bytes Written")
    @Description("Number of bytes written to the socket")
    @DataAmount
    long bytesWritten;
}
