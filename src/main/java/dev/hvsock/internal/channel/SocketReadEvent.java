package dev.hvsock.internal.channel;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * A read of an hvsock-nio socket channel, or of its socket adaptor's input stream: the JFR event
 * {@code dev.hvsock.SocketRead}, the counterpart of the JDK's {@code jdk.SocketRead}. Off unless a recording
 * enables it; then written for reads that take at least the threshold. Only {@link ChannelEvents} touches
 * it, and only where {@code jdk.jfr} is present.
 */
@Name("dev.hvsock.SocketRead")
@Label("hvsock-nio Socket Read")
@Category("hvsock-nio")
@Description("Reading data from a Hyper-V, vsock or Unix socket channel of hvsock-nio")
@Enabled(false)
@Threshold("20 ms")
final class SocketReadEvent extends jdk.jfr.Event {
    @Label("Protocol Family")
    String family;

    @Label("Remote Address")
    String address;

    @Label("Timeout Value")
    @Description("The socket adaptor's SO_TIMEOUT for this read; 0: none")
    @Timespan(Timespan.MILLISECONDS)
    long timeout;

    @Label("Bytes Read")
    @Description("Number of bytes read from the socket")
    @DataAmount
    long bytesRead;

    @Label("End of Stream")
    @Description("If end of stream was reached")
    boolean endOfStream;
}
