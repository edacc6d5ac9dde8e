package dev.hvsock.conformance;

/**
 * What a contract test needs beyond the NIO contract every family keeps. A family that lacks a feature
 * says why ({@link ChannelFixture#lacks}), and the tests that {@link Requires} it are skipped with that
 * reason. The JDK's own channels ({@code JdkUnixConformanceTest}) lack several: some are what this library
 * promises beyond the JDK, and some are places where the JDK does not keep its own specification.
 */
enum Feature {
    /**
     * A non-blocking connect that finds the listener's backlog full fails at once, with the
     * {@code SocketException} of the OS error ({@code EAGAIN}), and closes the channel, as the JDK's Unix
     * channels do: no connection is in progress, so there is nothing a selector could report. (Until issue
     * 12 hvsock-nio held such a connect pending and retried it, and a selector reported {@code OP_CONNECT}
     * over and over: Netty spun at 100% CPU.) Such connects are also how a test fills a backlog.
     */
    FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT,

    /** A blocking connect that finds the listener's backlog full waits for room, on a platform thread. */
    FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT,

    /** A blocking connect that finds the listener's backlog full waits for room on a virtual thread too. */
    FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS,

    /**
     * A channel's OS handle can be read ({@code NativeSelectableChannel.handle()}), so that a test can see
     * when the handle is released and that a handle still registered is never reused.
     */
    VISIBLE_HANDLES,

    /** {@code socket()} adaptors ({@code java.net.Socket}/{@code ServerSocket}) for the family's channels. */
    SOCKET_ADAPTORS,

    /** A failed bind or connect names the address in its message, besides the OS error. */
    ERRORS_NAME_ADDRESSES,

    /** A connect that nothing answers (no listener, no socket file) throws {@code ConnectException}, as TCP's does. */
    CONNECT_EXCEPTION_WHEN_NOTHING_LISTENS,

    /** Every option in {@code supportedOptions()} can be read, connected or not. */
    OPTIONS_READABLE_UNCONNECTED,

    /**
     * A blocking write returns only after writing every byte ({@code WritableByteChannel}), on a virtual
     * thread too, and a gathering write whatever the number of buffers.
     */
    COMPLETE_BLOCKING_WRITES,

    /** An accepted channel's local address is the address its listener is bound to. */
    ACCEPTED_END_AT_LISTENER_ADDRESS,

    /** The family has a buffer size option ({@code SO_SNDBUF}/{@code SO_RCVBUF}, or vsock's own). */
    BUFFER_SIZE_OPTIONS
}
