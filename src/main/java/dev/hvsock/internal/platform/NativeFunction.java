package dev.hvsock.internal.platform;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A native function a platform calls through a downcall handle of its own: the symbol, how it is linked,
 * and the Java type the platform calls it with. Each platform's {@code Downcall} enum lists its functions,
 * each constant owning its handle, linked on first use against the jextract-generated address and descriptor
 * ({@link LazyHandle}), and its {@code Downcalls} class has one typed static method per function that invokes
 * the handle with exactly {@link #callSiteType()}. Adding a function is those two edits.
 *
 * <p>{@link #link} refuses a handle whose type differs from the declared one, so a descriptor that does
 * not fit the call sites fails at once, naming the function, instead of as a
 * {@code WrongMethodTypeException} deep inside some operation; a test checks the typed methods and the
 * {@code invokeExact} call sites against the same types, on both platforms.
 */
public interface NativeFunction {
    /**
     * How a function is linked.
     *
     * @param capturedState the OS error the linker captures after each call ({@code "errno"},
     *        {@code "WSAGetLastError"}, {@code "GetLastError"}), or null for none; with one, the call sites
     *        pass the call-state segment first
     * @param critical whether the call is critical: no thread-state transition, so only for calls that never block
     * @param heapAccess whether a critical call may take heap segments, so heap buffers reach the OS without a copy
     */
    record Linkage(String capturedState, boolean critical, boolean heapAccess) {
    }

    /**
     * A function as the platform calls it.
     *
     * @param symbol the C symbol
     * @param linkage how it is linked
     * @param firstVariadicArg the index of the first variadic parameter, or -1 for a function that is not variadic
     * @param nativeType the C function in Java types: its return type and parameters, without the call-state segment
     */
    record Declaration(String symbol, Linkage linkage, int firstVariadicArg, MethodType nativeType) {
        public Declaration(String symbol, Linkage linkage, Class<?> returnType, Class<?>... parameterTypes) {
            this(symbol, linkage, -1, MethodType.methodType(returnType, parameterTypes));
        }
    }

    /** The constant's name, e.g. {@code RECV_BLOCKING}: the typed method is named after it ({@code recvBlocking}). */
    String name();

    Declaration declaration();

    default String symbol() {
        return declaration().symbol();
    }

    default String capturedState() {
        return declaration().linkage().capturedState();
    }

    default boolean critical() {
        return declaration().linkage().critical();
    }

    default boolean heapAccess() {
        return declaration().linkage().heapAccess();
    }

    default int firstVariadicArg() {
        return declaration().firstVariadicArg();
    }

    /** The type the platform invokes the handle with: the call-state segment if any, then the C parameters. */
    default MethodType callSiteType() {
        MethodType nativeType = declaration().nativeType();
        return capturedState() == null ? nativeType : nativeType.insertParameterTypes(0, MemorySegment.class);
    }

    /** Links this function at {@code address} with the generated {@code descriptor}, as the platform calls it. */
    default MethodHandle link(MemorySegment address, FunctionDescriptor descriptor) {
        return link(address, descriptor, capturedState());
    }

    /**
     * As {@link #link(MemorySegment, FunctionDescriptor)}, capturing {@code capturedState} instead of the
     * function's own (ignored if the function captures nothing): the tests link the Windows functions on
     * Linux capturing {@code "errno"}, the one state every OS has, which adds the same leading segment.
     *
     * @throws IllegalStateException if the descriptor gives a handle of another type than {@link #callSiteType()}
     */
    default MethodHandle link(MemorySegment address, FunctionDescriptor descriptor, String capturedState) {
        List<Linker.Option> options = new ArrayList<>();
        if (capturedState() != null) {
            options.add(Linker.Option.captureCallState(capturedState));
        }
        if (critical()) {
            options.add(Linker.Option.critical(heapAccess()));
        }
        if (firstVariadicArg() >= 0) {
            options.add(Linker.Option.firstVariadicArg(firstVariadicArg()));
        }
        MethodHandle handle = Linker.nativeLinker().downcallHandle(address, descriptor,
                options.toArray(Linker.Option[]::new));
        if (!handle.type().equals(callSiteType())) {
            throw new IllegalStateException("the generated descriptor of " + symbol() + " " + descriptor
                    + " links as " + handle.type() + ", but the platform calls it as " + callSiteType()
                    + ": regenerate the bindings or fix the call sites");
        }
        return handle;
    }

    /**
     * A function's downcall handle, linked on first use against the generated address and descriptor
     * ({@link #link(MemorySegment, FunctionDescriptor)}, so checked against the function's call-site type), and
     * kept. Linking only on first use keeps a library that is missing (a DLL not on every Windows) from failing
     * more than the calls into it. Two threads may both link it the first time: both get an equal handle.
     */
    final class LazyHandle {
        private final Supplier<MemorySegment> address;
        private final Supplier<FunctionDescriptor> descriptor;
        private volatile MethodHandle handle;

        /** With the generated address and descriptor, each asked for only when the handle is first linked. */
        public LazyHandle(Supplier<MemorySegment> address, Supplier<FunctionDescriptor> descriptor) {
            this.address = address;
            this.descriptor = descriptor;
        }

        /** The handle of {@code function}, linked on first use. */
        public MethodHandle get(NativeFunction function) {
            MethodHandle h = handle;
            if (h == null) {
                h = function.link(address.get(), descriptor.get());
                handle = h;
            }
            return h;
        }
    }

    /**
     * What a typed method throws when {@code invokeExact} failed: an unchecked exception as it is (a closed
     * or misplaced segment, for instance), anything else, which a downcall cannot throw, as an error.
     */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("downcall failed unexpectedly", t);
    }
}
