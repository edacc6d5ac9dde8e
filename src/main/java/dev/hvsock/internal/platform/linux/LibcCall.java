package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.OsErrors.Operation;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * The scope of a libc call off the data path (open, bind, connect, options, ...): a confined arena for its
 * arguments and the call-state segment where the linker captures {@code errno}, both freed when the scope
 * closes, and the libc failure check (a negative result) that throws the error's exception. The data calls
 * take their caller's call state instead: nothing is allocated per read or write.
 *
 * <p>{@code EINTR} follows the one rule of {@link dev.hvsock.internal.platform.Sockets}.
 */
final class LibcCall implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Downcalls.CALL_STATE);

    /** Where the call's arguments are allocated, until the scope closes. */
    Arena arena() {
        return arena;
    }

    /** The call-state segment to pass to {@link Downcalls}. */
    MemorySegment state() {
        return state;
    }

    /** The {@code errno} the last call left. */
    int errno() {
        return Downcalls.errno(state);
    }

    /** {@code result}, unless it is negative: then the exception of {@link #errno()}, naming {@code address}. */
    long check(long result, Operation operation, SocketAddress address) throws IOException {
        if (result < 0) {
            throw Errno.exception(operation, address, errno());
        }
        return result;
    }

    /** {@code result}, unless it is negative: then the exception of {@link #errno()}, naming {@code what}. */
    long check(long result, Operation operation, String what) throws IOException {
        if (result < 0) {
            throw Errno.exception(operation, what, errno());
        }
        return result;
    }

    @Override
    public void close() {
        arena.close();
    }
}
