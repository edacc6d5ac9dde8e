package dev.hvsock.internal.platform;

/**
 * The non-error outcomes of a native call that did not transfer data, as negative values so that hot
 * paths return a plain {@code int}/{@code long}. Errors are thrown, never returned.
 */
public final class IOStatus {
    /** End of stream: the peer shut down its output. */
    public static final int EOF = -1;
    /** The call would block ({@code EAGAIN}, {@code WSAEWOULDBLOCK}, or a connect still in progress). */
    public static final int UNAVAILABLE = -2;
    /** A signal interrupted the call ({@code EINTR}); try again. */
    public static final int INTERRUPTED = -3;

    private IOStatus() {
    }
}
