package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.DowncallSignaturesContract;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux platform's native calls, linked for real: the generated {@code LibC} addresses and
 * descriptors, as {@code Downcalls} links them.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the libc bindings load on Linux only")
class LinuxDowncallSignaturesTest extends DowncallSignaturesContract {

    LinuxDowncallSignaturesTest() {
        super(List.of(Downcall.values()), "dev.hvsock.internal.platform.linux.Downcalls");
    }

    @Override
    protected MethodHandle linkGenerated(NativeFunction function) throws ReflectiveOperationException {
        // variadic: jextract generates an invoker, whose descriptor for the arguments passed is the one called
        if (function == Downcall.FCNTL) {
            return function.link(LibC.fcntl.address(), LibC.fcntl.makeInvoker(LibC.C_INT).descriptor());
        }
        if (function == Downcall.OPEN) {
            return function.link(LibC.open.address(), LibC.open.makeInvoker().descriptor());
        }
        if (function == Downcall.IOCTL) {
            return function.link(LibC.ioctl.address(), LibC.ioctl.makeInvoker(LibC.C_POINTER).descriptor());
        }
        MemorySegment address = (MemorySegment) LibC.class.getMethod(function.symbol() + "$address").invoke(null);
        FunctionDescriptor descriptor = (FunctionDescriptor) LibC.class.getMethod(function.symbol() + "$descriptor")
                .invoke(null);
        return function.link(address, descriptor);
    }

    @Test
    void everyConstantLinksItsOwnHandleWithItsCallSiteType() {
        assertDoesNotThrow(Downcalls::link);
        for (Downcall d : Downcall.values()) {
            assertEquals(d.callSiteType(), d.handle().type(), d.name());
            assertSame(d.handle(), d.handle(), d.name() + " is linked once and kept");
        }
    }

    @Test
    void onlyTheCallsThatNeverWaitAreCriticalAndTheyTakeHeapMemory() {
        // recv/send with MSG_DONTWAIT carry heap buffers without a copy; whatever may wait in the kernel must
        // not be critical (it would hold up the GC for as long as it waits)
        Set<Downcall> critical = Set.of(Downcall.RECV, Downcall.SEND, Downcall.EPOLL_CTL_HEAP);
        for (Downcall d : Downcall.values()) {
            assertEquals(critical.contains(d), d.critical(), d.name());
            assertEquals(critical.contains(d), d.heapAccess(), d.name());
        }
        for (Downcall d : List.of(Downcall.RECV_BLOCKING, Downcall.SEND_BLOCKING, Downcall.READV, Downcall.WRITEV,
                Downcall.POLL, Downcall.EPOLL_WAIT)) {
            assertFalse(d.critical(), d.name());
        }
    }

    @Test
    void everyCallCapturesErrnoButTheAnyThreadEpollCtl() {
        for (Downcall d : Downcall.values()) {
            if (d == Downcall.EPOLL_CTL_HEAP) {
                assertNull(d.capturedState());
                assertEquals(int.class, d.callSiteType().parameterType(0), "no call state first");
            } else {
                assertEquals("errno", d.capturedState(), d.name());
                assertEquals(MemorySegment.class, d.callSiteType().parameterType(0), d.name());
            }
        }
        assertEquals(2, Downcall.FCNTL.firstVariadicArg());
        assertEquals(2, Downcall.OPEN.firstVariadicArg());
        assertEquals(2, Downcall.IOCTL.firstVariadicArg());
        assertEquals(-1, Downcall.SOCKET.firstVariadicArg());
    }

    @Test
    void aDescriptorThatDoesNotFitIsRefusedNamingTheFunction() {
        // recv() as if ssize_t were 32-bit
        FunctionDescriptor wrong = FunctionDescriptor.of(LibC.C_INT, LibC.C_INT, LibC.C_POINTER, LibC.C_LONG,
                LibC.C_INT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Downcall.RECV.link(LibC.recv$address(), wrong));
        assertTrue(e.getMessage().contains("recv"), e.getMessage());
    }
}
