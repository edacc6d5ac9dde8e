package dev.hvsock.internal.platform.linux;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.UnixPaths;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Checks, encodes and decodes the Linux socket addresses: {@code sockaddr_vm} and {@code sockaddr_un}, and
 * maps Hyper-V addresses to vsock.
 */
final class LinuxSocketAddresses {
    static final short AF_UNIX = (short) LibC.AF_UNIX();
    static final short AF_VSOCK = (short) LibC.AF_VSOCK();
    /** Room for the longest address either family has. */
    static final long MAX_SIZE = Math.max(LinuxStructs.CURRENT.sockaddrUn().byteSize(),
            LinuxStructs.CURRENT.sockaddrVm().byteSize());

    private static final GroupLayout SOCKADDR_UN = LinuxStructs.CURRENT.sockaddrUn();
    private static final GroupLayout SOCKADDR_VM = LinuxStructs.CURRENT.sockaddrVm();
    private static final long UN_FAMILY_OFFSET = LinuxStructs.offset(SOCKADDR_UN, "sun_family");
    private static final long PATH_OFFSET = LinuxStructs.offset(SOCKADDR_UN, "sun_path");
    private static final long VM_FAMILY_OFFSET = LinuxStructs.offset(SOCKADDR_VM, "svm_family");
    private static final long VM_PORT_OFFSET = LinuxStructs.offset(SOCKADDR_VM, "svm_port");
    private static final long VM_CID_OFFSET = LinuxStructs.offset(SOCKADDR_VM, "svm_cid");
    // Paths are file names: encoded as the JDK encodes them here.
    private static final Charset FILE_NAMES = Charset.forName(
            System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);
    static final UnixPaths UNIX_PATHS = new UnixPaths(FILE_NAMES, "", PATH_OFFSET,
            (int) (SOCKADDR_UN.byteSize() - PATH_OFFSET));

    /** The Linux families: vsock, natural, and Unix; Hyper-V addresses that map to vsock are taken too. */
    static final AddressRules RULES = new AddressRules(HvProtocolFamily.VSOCK, HvProtocolFamily.HYPERV,
            "AF_HYPERV sockets exist only on Windows; on Linux use HvProtocolFamily.VSOCK (an HvSocketAddress "
                    + "whose service id follows the vsock template maps to a vsock port)", UNIX_PATHS) {
        @Override
        protected SocketAddress checkNatural(SocketAddress address, boolean forBind) {
            return checkVsock(address, forBind);
        }

        @Override
        protected SocketAddress naturalAutoBindAddress() {
            return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
        }
    };

    private LinuxSocketAddresses() {
    }

    /** A native address ready for bind/connect: the segment and the length to pass. */
    record Encoded(MemorySegment segment, int length) {
    }

    // ------------------------------------------------------------- checks

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
                    + "PPPPPPPP-FACB-11E6-BD58-64006A7986D3 (P = the port in hex, at most 7FFFFFFF); register the "
                    + "service that way");
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

    /** {@code address}, checked already, as a native address of {@code family} in {@code arena}'s memory. */
    static Encoded encode(Arena arena, ProtocolFamily family, SocketAddress address) {
        if (AddressRules.isUnix(family)) {
            return encodeUnix(arena, (UnixDomainSocketAddress) address);
        }
        if (!(address instanceof VsockAddress vsock)) {
            throw new UnsupportedAddressTypeException();
        }
        return encodeVsock(arena, vsock);
    }

    private static Encoded encodeUnix(Arena arena, UnixDomainSocketAddress unix) {
        byte[] path = UNIX_PATHS.bytes(unix);
        MemorySegment sa = arena.allocate(SOCKADDR_UN);
        sa.set(ValueLayout.JAVA_SHORT, UN_FAMILY_OFFSET, AF_UNIX);
        MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, path.length);
        return new Encoded(sa, (int) PATH_OFFSET + path.length + 1);
    }

    private static Encoded encodeVsock(Arena arena, VsockAddress vsock) {
        MemorySegment sa = arena.allocate(SOCKADDR_VM);
        sa.set(ValueLayout.JAVA_SHORT, VM_FAMILY_OFFSET, AF_VSOCK);
        sa.set(ValueLayout.JAVA_INT, VM_CID_OFFSET, (int) vsock.cid());
        sa.set(ValueLayout.JAVA_INT, VM_PORT_OFFSET, (int) vsock.port());
        return new Encoded(sa, (int) SOCKADDR_VM.byteSize());
    }

    // ------------------------------------------------------------- decoding

    /** Decodes what getsockname/accept returned: {@code length} bytes of {@code sa}. */
    static SocketAddress decode(MemorySegment sa, int length) {
        short family = length >= 2 ? sa.get(ValueLayout.JAVA_SHORT, 0) : AF_UNIX;
        if (family == AF_VSOCK) {
            return VsockAddress.of(Integer.toUnsignedLong(sa.get(ValueLayout.JAVA_INT, VM_CID_OFFSET)),
                    Integer.toUnsignedLong(sa.get(ValueLayout.JAVA_INT, VM_PORT_OFFSET)));
        }
        return UNIX_PATHS.decode(sa, length);
    }
}
