import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Self-contained AF_VSOCK echo smoke test for the QEMU guest harness
 * (src/test/vm/run-in-guest.sh). Uses only java.lang.foreign.
 *
 * Listens on CID_ANY:50xx, connects to CID 1 (VMADDR_CID_LOCAL, vsock_loopback),
 * sends 1 MiB of random bytes, gets them echoed back, compares SHA-256.
 * Prints "VsockSmoke: OK ..." and exits 0 on success, exits 1 otherwise.
 *
 * SAFETY: it refuses to run unless HVSOCK_IN_GUEST=1 (set by the guest init)
 * and the kernel has vsock_loopback but no transport that leads out of the
 * machine. It only ever connects to CID 1. Never run it on a host.
 *
 * Run (inside the guest): java --enable-native-access=ALL-UNNAMED src/test/vm/smoke/VsockSmoke.java
 */
public class VsockSmoke {
    static final int AF_VSOCK = 40;
    static final int SOCK_STREAM = 1;
    static final int SHUT_WR = 1;
    static final int VMADDR_CID_ANY = -1;   // 0xFFFFFFFF
    static final int VMADDR_CID_LOCAL = 1;  // the only CID this program connects to
    static final int EINTR = 4, EADDRINUSE = 98;
    static final int SIZE = 1 << 20;

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();
    static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    // struct sockaddr_vm { u16 family; u16 reserved1; u32 port; u32 cid; u8 flags; u8 zero[3]; }
    static final int SOCKADDR_VM_SIZE = 16;

    static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    static final ValueLayout A = ValueLayout.ADDRESS;
    static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(I, I, I, I));
    static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(I, I, A, I));
    static final MethodHandle LISTEN = fn("listen", FunctionDescriptor.of(I, I, I));
    static final MethodHandle ACCEPT = fn("accept", FunctionDescriptor.of(I, I, A, A));
    static final MethodHandle CONNECT = fn("connect", FunctionDescriptor.of(I, I, A, I));
    static final MethodHandle GETSOCKNAME = fn("getsockname", FunctionDescriptor.of(I, I, A, A));
    static final MethodHandle GETPEERNAME = fn("getpeername", FunctionDescriptor.of(I, I, A, A));
    static final MethodHandle SEND = fn("send", FunctionDescriptor.of(L, I, A, L, I));
    static final MethodHandle RECV = fn("recv", FunctionDescriptor.of(L, I, A, L, I));
    static final MethodHandle SHUTDOWN = fn("shutdown", FunctionDescriptor.of(I, I, I));
    static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(I, I));
    static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(A, I));

    static final class ErrnoException extends Exception {
        final int errno;
        ErrnoException(String op, int errno) {
            super(op + " failed: errno " + errno + " (" + strerror(errno) + ")");
            this.errno = errno;
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "?";
        }
    }

    /** Calls a captured-errno int function, retrying on EINTR. */
    interface IntCall { int call(MemorySegment cs) throws Throwable; }
    interface LongCall { long call(MemorySegment cs) throws Throwable; }

    static int check(String op, IntCall c) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(CAPTURE);
            while (true) {
                int r = c.call(cs);
                if (r >= 0) return r;
                int e = (int) ERRNO.get(cs, 0L);
                if (e != EINTR) throw new ErrnoException(op, e);
            }
        }
    }

    static long checkL(String op, LongCall c) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cs = a.allocate(CAPTURE);
            while (true) {
                long r = c.call(cs);
                if (r >= 0) return r;
                int e = (int) ERRNO.get(cs, 0L);
                if (e != EINTR) throw new ErrnoException(op, e);
            }
        }
    }

    static MemorySegment sockaddr(Arena a, int cid, int port) {
        MemorySegment s = a.allocate(SOCKADDR_VM_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_VSOCK);
        s.set(ValueLayout.JAVA_INT, 4, port);
        s.set(ValueLayout.JAVA_INT, 8, cid);
        return s;
    }

    static String describe(MemorySegment s) {
        int cid = s.get(ValueLayout.JAVA_INT, 8);
        int port = s.get(ValueLayout.JAVA_INT, 4);
        return "cid=" + Integer.toUnsignedString(cid) + " port=" + Integer.toUnsignedString(port);
    }

    static String name(MethodHandle h, int fd) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(SOCKADDR_VM_SIZE, 4);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, SOCKADDR_VM_SIZE);
            check("get*name", cs -> (int) h.invokeExact(cs, fd, addr, len));
            return describe(addr);
        }
    }

    static void sendAll(int fd, MemorySegment buf, long len) throws Throwable {
        long off = 0;
        while (off < len) {
            MemorySegment p = buf.asSlice(off);
            long rem = len - off;
            off += checkL("send", cs -> (long) SEND.invokeExact(cs, fd, p, rem, 0));
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            // ignore
        }
    }

    static void refuseUnlessInGuest() {
        if (!"1".equals(System.getenv("HVSOCK_IN_GUEST"))) {
            System.err.println("VsockSmoke: refusing to run: HVSOCK_IN_GUEST=1 is not set. "
                    + "This program must only run inside the QEMU guest of src/test/vm/run-in-guest.sh.");
            System.exit(2);
        }
        if (!Files.isDirectory(Path.of("/sys/module/vsock_loopback"))) {
            System.err.println("VsockSmoke: refusing to run: vsock_loopback is not loaded");
            System.exit(2);
        }
        for (String outward : new String[] {"vmw_vsock_virtio_transport", "vhost_vsock",
                "hv_sock", "vmw_vsock_vmci_transport"}) {
            if (Files.exists(Path.of("/sys/module", outward))) {
                System.err.println("VsockSmoke: refusing to run: outward vsock transport "
                        + outward + " is present; this is not the isolated test guest");
                System.exit(2);
            }
        }
    }

    public static void main(String[] args) throws Throwable {
        refuseUnlessInGuest();
        long t0 = System.nanoTime();
        byte[] data = new byte[SIZE];
        new Random().nextBytes(data);
        byte[] sentHash = MessageDigest.getInstance("SHA-256").digest(data);

        int lfd = check("socket", cs -> (int) SOCKET.invokeExact(cs, AF_VSOCK, SOCK_STREAM, 0));
        int port = -1;
        try (Arena a = Arena.ofConfined()) {
            for (int p = 5000 + new Random().nextInt(50); p < 5100; p++) {
                MemorySegment sa = sockaddr(a, VMADDR_CID_ANY, p);
                try {
                    check("bind", cs -> (int) BIND.invokeExact(cs, lfd, sa, SOCKADDR_VM_SIZE));
                    port = p;
                    break;
                } catch (ErrnoException e) {
                    if (e.errno != EADDRINUSE) throw e;
                }
            }
        }
        if (port < 0) throw new IllegalStateException("no free vsock port in 5000..5099");
        check("listen", cs -> (int) LISTEN.invokeExact(cs, lfd, 4));
        System.out.println("VsockSmoke: listening on " + name(GETSOCKNAME, lfd));

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread server = Thread.ofPlatform().name("echo-server").start(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment peer = a.allocate(SOCKADDR_VM_SIZE, 4);
                MemorySegment plen = a.allocate(ValueLayout.JAVA_INT);
                plen.set(ValueLayout.JAVA_INT, 0, SOCKADDR_VM_SIZE);
                int cfd = check("accept", cs -> (int) ACCEPT.invokeExact(cs, lfd, peer, plen));
                System.out.println("VsockSmoke: server accepted peer " + describe(peer));
                MemorySegment buf = a.allocate(64 * 1024);
                try {
                    while (true) {
                        long n = checkL("recv", cs -> (long) RECV.invokeExact(cs, cfd, buf, buf.byteSize(), 0));
                        if (n == 0) break;
                        sendAll(cfd, buf, n);
                    }
                } finally {
                    close(cfd);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });

        int fd = check("socket", cs -> (int) SOCKET.invokeExact(cs, AF_VSOCK, SOCK_STREAM, 0));
        final int target = port;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = sockaddr(a, VMADDR_CID_LOCAL, target);
            check("connect", cs -> (int) CONNECT.invokeExact(cs, fd, sa, SOCKADDR_VM_SIZE));
        }
        System.out.println("VsockSmoke: client connected; local " + name(GETSOCKNAME, fd)
                + ", peer " + name(GETPEERNAME, fd));

        Thread writer = Thread.ofPlatform().name("client-writer").start(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(SIZE);
                MemorySegment.copy(data, 0, out, ValueLayout.JAVA_BYTE, 0, SIZE);
                sendAll(fd, out, SIZE);
                check("shutdown", cs -> (int) SHUTDOWN.invokeExact(cs, fd, SHUT_WR));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });

        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long received = 0;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(64 * 1024);
            byte[] chunk = new byte[(int) buf.byteSize()];
            while (true) {
                long n = checkL("recv", cs -> (long) RECV.invokeExact(cs, fd, buf, buf.byteSize(), 0));
                if (n == 0) break;
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, chunk, 0, (int) n);
                md.update(chunk, 0, (int) n);
                received += n;
            }
        }
        writer.join();
        server.join();
        close(fd);
        close(lfd);
        if (failure.get() != null) {
            System.out.println("VsockSmoke: FAIL: " + failure.get());
            failure.get().printStackTrace(System.out);
            System.exit(1);
        }
        byte[] gotHash = md.digest();
        HexFormat hex = HexFormat.of();
        if (received != SIZE || !Arrays.equals(sentHash, gotHash)) {
            System.out.println("VsockSmoke: FAIL: sent " + SIZE + " bytes sha256=" + hex.formatHex(sentHash)
                    + ", received " + received + " bytes sha256=" + hex.formatHex(gotHash));
            System.exit(1);
        }
        System.out.printf("VsockSmoke: OK %d bytes echoed over AF_VSOCK CID %d port %d, sha256=%s, %.1f s%n",
                received, VMADDR_CID_LOCAL, port, hex.formatHex(gotHash), (System.nanoTime() - t0) / 1e9);
        System.exit(0);
    }
}
