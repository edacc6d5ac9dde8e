package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * The sockets role of a {@link NativePlatform}: a native stream socket's lifecycle, data, options and
 * addresses, as the channels see them, with one implementation per operating system. Nothing above this
 * layer tests the OS.
 *
 * <p>A socket is a {@code long} handle (a file descriptor on Linux, a {@code SOCKET} on Windows),
 * created in non-blocking mode: blocking channel operations wait for readiness with {@link Readiness#poll}
 * or a {@link PollSet}, so that close and interrupt can end them and virtual threads can park. Where the
 * platform's readiness {@link Readiness#canBlockInKernel() says so}, a platform thread's blocking operation
 * instead puts the socket in blocking mode and waits inside the read or write itself, ended by
 * {@link #preClose}.
 *
 * <p>Data calls return a count or a negative {@link IOStatus}, and take a per-thread-of-use
 * {@code callState} segment (sized by {@link #callStateSize()}) where the OS error is captured; every
 * error is thrown as the exception the JDK would throw, its message naming the operation, the
 * {@code context} address and the OS error.
 *
 * <p><b>EINTR</b> ({@code WSAEINTR}), one rule on every platform: an interrupted call is never an error.
 * Where the caller can decide (read, write, their vectored and blocking forms, accept, a poll set's poll),
 * the call returns {@link IOStatus#INTERRUPTED} and the caller retries while its channel is open and its
 * thread not interrupted, as the JDK's channels do; a single {@link Readiness#poll} returns 0, not ready, and
 * its caller looks again. {@link #connect} restarts itself: the connect it started goes on, and a restarted
 * call reports it (in progress, or connected). {@link #close} never retries: on Linux the descriptor is
 * released whatever {@code close(2)} says, so {@code EINTR} there is success (a retry could close a
 * descriptor another thread just got).
 */
public interface Sockets {

    /** A new non-blocking, non-inheritable stream socket. */
    long open(ProtocolFamily family) throws IOException;

    void bind(long handle, ProtocolFamily family, SocketAddress local) throws IOException;

    void listen(long handle, int backlog, SocketAddress local) throws IOException;

    /**
     * Starts connecting: 1 if connected at once, 0 if in progress (wait for {@link Events#OUT}, then
     * {@link #checkConnectResult}). A Unix listener whose backlog is full takes no connection and none
     * stays in progress: a blocking caller gets {@link IOStatus#UNAVAILABLE} and tries again later (the JDK's
     * blocking connect waits in the kernel for room), a non-blocking one the exception of the OS error, a
     * {@code SocketException}, as the JDK's channels throw it (no readiness would ever tell it to retry).
     */
    int connect(long handle, ProtocolFamily family, SocketAddress remote, boolean blocking) throws IOException;

    /** Throws the error of a connect that was in progress and has since become writable, if it failed. */
    void checkConnectResult(long handle, SocketAddress remote) throws IOException;

    /**
     * Accepts a connection: the new socket's handle (non-blocking, non-inheritable), or
     * {@link IOStatus#UNAVAILABLE} / {@link IOStatus#INTERRUPTED}. The peer's address, as {@code accept}
     * itself returned it, goes to {@code peer[0]}: asking the new socket for it afterwards
     * ({@code getpeername}) fails once the peer has reset the connection, and would lose an accepted
     * connection the JDK's channels hand out (they take the peer's address from {@code accept} too).
     */
    long accept(long handle, SocketAddress local, SocketAddress[] peer) throws IOException;

    /**
     * Reads into {@code dst} without waiting, whatever the socket's mode: the count, {@link IOStatus#EOF},
     * or another {@link IOStatus}.
     */
    int read(long handle, MemorySegment dst, MemorySegment callState, SocketAddress context) throws IOException;

    /**
     * Writes {@code src} without waiting, whatever the socket's mode: the count (maybe short), or an
     * {@link IOStatus}.
     */
    int write(long handle, MemorySegment src, MemorySegment callState, SocketAddress context) throws IOException;

    /** Puts the socket in blocking or non-blocking mode; only if {@link Readiness#canBlockInKernel()}. */
    default void setBlocking(long handle, boolean blocking) throws IOException {
        throw new UnsupportedOperationException("sockets stay non-blocking on this platform");
    }

    /** Ends every call waiting inside the kernel on {@code handle}, which is about to be closed; never fails. */
    default void preClose(long handle) {
    }

    /**
     * As {@link #read} into the first {@code length} bytes of {@code dst}, but waits in the kernel if the
     * socket is in blocking mode; {@code dst} must be native memory. {@link #read} itself never waits,
     * whatever the socket's mode. (The length is separate so that a caller need not slice per call.)
     */
    default int readBlocking(long handle, MemorySegment dst, long length, MemorySegment callState,
                             SocketAddress context) throws IOException {
        return read(handle, dst.asSlice(0, length), callState, context);
    }

    /**
     * As {@link #write} from the first {@code length} bytes of {@code src}, but waits in the kernel, until
     * all of them are taken, if the socket is in blocking mode; {@code src} must be native memory.
     */
    default int writeBlocking(long handle, MemorySegment src, long length, MemorySegment callState,
                              SocketAddress context) throws IOException {
        return write(handle, src.asSlice(0, length), callState, context);
    }

    /** The size of one entry of a vector for {@link #readv}/{@link #writev}. */
    long vectorEntrySize();

    /** The most entries one {@link #readv}/{@link #writev} may take. */
    int maxVectorEntries();

    /** Sets entry {@code index} of {@code vector} to the native memory {@code address}, {@code length}. */
    void setVectorEntry(MemorySegment vector, int index, long address, long length);

    /** A scattering read; on a socket in blocking mode it waits in the kernel until something arrives. */
    long readv(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException;

    /** A gathering write; on a socket in blocking mode it waits in the kernel until all is taken. */
    long writev(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException;

    void shutdownInput(long handle, SocketAddress context) throws IOException;

    void shutdownOutput(long handle, SocketAddress context) throws IOException;

    /** Closes the handle; it is never used again, whatever the outcome. */
    void close(long handle) throws IOException;

    /** The bound address in the family's native type. */
    SocketAddress localAddress(long handle, ProtocolFamily family) throws IOException;

    /** The options a socket of {@code family} has here; {@code server} for listeners. */
    Set<SocketOption<?>> supportedOptions(ProtocolFamily family, boolean server);

    /** Sets a supported option; the value is already checked for null. */
    <T> void setOption(long handle, ProtocolFamily family, SocketOption<T> option, T value) throws IOException;

    <T> T getOption(long handle, ProtocolFamily family, SocketOption<T> option) throws IOException;

    /** The bytes of native memory a call state segment needs. */
    long callStateSize();
}
