package dev.hvsock.internal.platform.linux;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.ffi.linux.sockaddr_un;
import dev.hvsock.internal.ffi.linux.sockaddr_vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;
import java.util.OptionalLong;
import java.util.UUID;

/** Encodes and decodes {@code sockaddr_un} and {@code sockaddr_vm}, and maps Hyper-V addresses to vsock. */
final class SocketAddresses {
    static final short AF_UNIX = (short) LibC.AF_UNIX();
    static final short AF_VSOCK = (short) LibC.AF_VSOCK();
    /** Room for the longest address either family has. */
    static final long MAX_SIZE = Math.max(sockaddr_un.sizeof(), sockaddr_vm.sizeof());

    private static final long PATH_OFFSET = sockaddr_un.sun_path$offset();
    private static final int PATH_CAPACITY = (int) (sockaddr_un.sizeof() - PATH_OFFSET);
    private static final Charset FILE_NAMES = Charset.forName(
            System.getProperty("sun.jnu.encoding", "UTF-8"), java.nio.charset.StandardCharsets.UTF_8);

    private SocketAddresses() {
    }

    /** A native address ready for bind/connect: the segment and the length to pass. */
    record Encoded(MemorySegment segment, int length) {
    }

    // ------------------------------------------------------------- checks

    static UnixDomainSocketAddress checkUnix(SocketAddress address) throws SocketException {
        if (!(address instanceof UnixDomainSocketAddress unix)) {
            throw new UnsupportedAddressTypeException();
        }
        byte[] path = unix.getPath().toString().getBytes(FILE_NAMES);
        if (path.length >= PATH_CAPACITY) {
            throw new SocketException("Unix domain socket path too long (" + path.length + " bytes, at most "
                    + (PATH_CAPACITY - 1) + "): " + unix.getPath());
        }
        return unix;
    }

    /**
     * A vsock address for {@code address}: a {@link VsockAddress} as is, or an {@link HvSocketAddress}
     * whose service id follows the vsock template.
     */
    static VsockAddress checkVsock(SocketAddress address, boolean forBind) {
        if (address instanceof VsockAddress vsock) {
            return vsock;
        }
        if (!(address instanceof HvSocketAddress hv)) {
            throw new UnsupportedAddressTypeException();
        }
        OptionalLong port = hv.vsockPort();
        if (port.isEmpty()) {
            throw new IllegalArgumentException("service id " + hv.serviceId() + " of " + hv + " is not a vsock port: "
                    + "Linux reaches Hyper-V services through AF_VSOCK, where the service id must follow the template "
                    + "PPPPPPPP-FACB-11E6-BD58-64006A7986D3 (P = the port in hex); register the service that way");
        }
        UUID vm = hv.vmId();
        long cid;
        if (vm.equals(HvSocketAddress.WILDCARD)) {
            if (!forBind) {
                throw new IllegalArgumentException("cannot connect to the wildcard VM id in " + hv
                        + ": name a partition, e.g. parent or loopback");
            }
            cid = VsockAddress.CID_ANY;
        } else if (vm.equals(HvSocketAddress.LOOPBACK)) {
            cid = VsockAddress.CID_LOCAL;
        } else if (vm.equals(HvSocketAddress.PARENT)) {
            cid = VsockAddress.CID_HOST;
        } else {
            throw new IllegalArgumentException("VM id " + vm + " of " + hv + " has no vsock CID: on Linux only "
                    + "parent (the host, CID 2), loopback (CID 1) and wildcard (bind only) map to CIDs; "
                    + "use a VsockAddress with the guest's CID instead");
        }
        return VsockAddress.of(cid, port.getAsLong());
    }

    // ------------------------------------------------------------- encoding

    static Encoded encodeUnix(Arena arena, UnixDomainSocketAddress unix) {
        byte[] path = unix.getPath().toString().getBytes(FILE_NAMES);
        MemorySegment sa = arena.allocate(sockaddr_un.layout());
        sockaddr_un.sun_family(sa, AF_UNIX);
        MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, path.length);
        return new Encoded(sa, (int) PATH_OFFSET + path.length + 1);
    }

    static Encoded encodeVsock(Arena arena, VsockAddress vsock) {
        MemorySegment sa = arena.allocate(sockaddr_vm.layout());
        sockaddr_vm.svm_family(sa, AF_VSOCK);
        sockaddr_vm.svm_cid(sa, (int) vsock.cid());
        sockaddr_vm.svm_port(sa, (int) vsock.port());
        return new Encoded(sa, (int) sockaddr_vm.sizeof());
    }

    // ------------------------------------------------------------- decoding

    /** Decodes what getsockname/getpeername returned: {@code length} bytes of {@code sa}. */
    static SocketAddress decode(MemorySegment sa, int length) {
        short family = length >= 2 ? sa.get(ValueLayout.JAVA_SHORT, 0) : AF_UNIX;
        if (family == AF_VSOCK) {
            return VsockAddress.of(Integer.toUnsignedLong(sockaddr_vm.svm_cid(sa)),
                    Integer.toUnsignedLong(sockaddr_vm.svm_port(sa)));
        }
        int pathLength = Math.max(0, length - (int) PATH_OFFSET);
        if (pathLength == 0 || sa.get(ValueLayout.JAVA_BYTE, PATH_OFFSET) == 0) {
            // unnamed, or Linux's abstract namespace, which UnixDomainSocketAddress cannot express
            return UnixDomainSocketAddress.of("");
        }
        int n = 0;
        while (n < pathLength && sa.get(ValueLayout.JAVA_BYTE, PATH_OFFSET + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, bytes, 0, n);
        return UnixDomainSocketAddress.of(new String(bytes, FILE_NAMES));
    }
}
