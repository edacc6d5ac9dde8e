package dev.hvsock.conformance;

/**
 * What a contract test needs beyond the NIO contract every family keeps. A family that lacks a feature
 * says why ({@link ChannelFixture#lacks}), and the tests that {@link Requires} it are skipped with that
 * reason. The JDK's own channels ({@code JdkUnixConformanceTest}) lack several: some are what this library
 * promises beyond the JDK, and some are places where the JDK does not keep its own specification.
 */
enum Feature {
    /**
     * A connect that finds the listener's backlog full stays pending, and a blocking one waits for room,
     * instead of failing: the only way to hold a connect pending on a local socket.
     */
    BACKLOG_FULL_DEFERS_CONNECT,

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

    /** A listener that bound to {@code null} removes the socket file it chose for itself when it closes. */
    REMOVES_ITS_OWN_SOCKET_FILE,

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
