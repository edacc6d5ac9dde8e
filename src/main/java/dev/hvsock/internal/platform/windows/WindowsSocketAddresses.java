package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.ffi.windows._SOCKADDR_HV;
import dev.hvsock.internal.ffi.windows.sockaddr_un;
import dev.hvsock.internal.platform.Guids;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;

/**
 * Checks, encodes and decodes the Windows socket addresses: {@code SOCKADDR_HV} (family, reserved, then the
 * VM id and service id as Windows {@code GUID}s) and Windows' {@code sockaddr_un}.
 *
 * <p>Works on caller-provided memory with the generated layouts only, so it loads (and is tested) on any OS.
 */
final class WindowsSocketAddresses {
    public static final short AF_HYPERV = (short) WinSockTypes.AF_HYPERV();
    public static final short AF_UNIX = (short) WinSockTypes.AF_UNIX();
    /** The size of {@code SOCKADDR_HV}: 36 bytes. */
    public static final int HYPERV_SIZE = (int) _SOCKADDR_HV.sizeof();
    /** Room for the longest address of either family. */
    public static final long MAX_SIZE = Math.max(sockaddr_un.sizeof(), _SOCKADDR_HV.sizeof());

    private static final long FAMILY_OFFSET = _SOCKADDR_HV.Family$offset();
    private static final long RESERVED_OFFSET = _SOCKADDR_HV.Reserved$offset();
    private static final long VM_ID_OFFSET = _SOCKADDR_HV.VmId$offset();
    private static final long SERVICE_ID_OFFSET = _SOCKADDR_HV.ServiceId$offset();
    private static final long PATH_OFFSET = sockaddr_un.sun_path$offset();
    private static final int PATH_CAPACITY = (int) (sockaddr_un.sizeof() - PATH_OFFSET);

    private WindowsSocketAddresses() {
    }

    // ------------------------------------------------------------- checks

    /**
     * The Hyper-V address {@code address} is, for binding ({@code forBind}) or connecting.
     *
     * @throws UnsupportedAddressTypeException if it is no {@link HvSocketAddress}
     * @throws IllegalArgumentException if a connect names the wildcard VM id
     */
    public static HvSocketAddress checkHyperV(SocketAddress address, boolean forBind) {
        if (!(address instanceof HvSocketAddress hv)) {
            throw new UnsupportedAddressTypeException();
        }
        if (!forBind && hv.vmId().equals(HvSocketAddress.WILDCARD)) {
            throw new IllegalArgumentException("cannot connect to the wildcard VM id in " + hv
                    + ": name a partition, e.g. loopback, parent or a VM id");
        }
        return hv;
    }

    /**
     * The Unix address {@code address} is.
     *
     * @throws UnsupportedAddressTypeException if it is no {@link UnixDomainSocketAddress}
     * @throws IllegalArgumentException if its path is too long for {@code sockaddr_un}
     */
    public static UnixDomainSocketAddress checkUnix(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress unix)) {
            throw new UnsupportedAddressTypeException();
        }
        byte[] path = pathBytes(unix);
        if (path.length >= PATH_CAPACITY) {
            throw new IllegalArgumentException("Unix domain socket path too long (" + path.length
                    + " bytes in UTF-8, at most " + (PATH_CAPACITY - 1) + "): " + unix.getPath());
        }
        return unix;
    }

    // Windows' AF_UNIX takes UTF-8 paths, whatever the ANSI code page (the JDK does the same).
    private static byte[] pathBytes(UnixDomainSocketAddress unix) {
        return unix.getPath().toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------- encoding

    /** Writes {@code address} as a {@code SOCKADDR_HV} at the start of {@code sa}; returns its length. */
    public static int encodeHyperV(MemorySegment sa, HvSocketAddress address) {
        sa.asSlice(0, HYPERV_SIZE).fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY_OFFSET, AF_HYPERV);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, RESERVED_OFFSET, (short) 0);
        Guids.write(sa, VM_ID_OFFSET, address.vmId());
        Guids.write(sa, SERVICE_ID_OFFSET, address.serviceId());
        return HYPERV_SIZE;
    }

    /**
     * Writes {@code address} (checked by {@link #checkUnix}) as a {@code sockaddr_un} at the start of
     * {@code sa}; returns its length, which, as the JDK passes it on Windows, covers the path without its
     * terminating zero.
     */
    public static int encodeUnix(MemorySegment sa, UnixDomainSocketAddress address) {
        byte[] path = pathBytes(address);
        sa.asSlice(0, sockaddr_un.sizeof()).fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, AF_UNIX);
        MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, path.length);
        return (int) PATH_OFFSET + path.length;
    }

    // ------------------------------------------------------------- decoding

    /**
     * Decodes what {@code getsockname}/{@code getpeername} returned: {@code length} bytes of {@code sa}.
     *
     * @throws SocketException for a family other than {@code AF_HYPERV} and {@code AF_UNIX}, or a
     *         truncated {@code SOCKADDR_HV}
     */
    public static SocketAddress decode(MemorySegment sa, int length) throws SocketException {
        short family = length >= 2 ? sa.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY_OFFSET) : AF_UNIX;
        if (family == AF_HYPERV) {
            if (length < HYPERV_SIZE) {
                throw new SocketException("truncated SOCKADDR_HV: " + length + " of " + HYPERV_SIZE + " bytes");
            }
            return HvSocketAddress.of(Guids.read(sa, VM_ID_OFFSET), Guids.read(sa, SERVICE_ID_OFFSET));
        }
        if (family != AF_UNIX) {
            throw new SocketException("unexpected address family " + family + " (want AF_HYPERV "
                    + AF_HYPERV + " or AF_UNIX " + AF_UNIX + ")");
        }
        int room = Math.min(Math.max(0, length - (int) PATH_OFFSET), PATH_CAPACITY);
        int n = 0;
        while (n < room && sa.get(ValueLayout.JAVA_BYTE, PATH_OFFSET + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, bytes, 0, n);
        return UnixDomainSocketAddress.of(new String(bytes, StandardCharsets.UTF_8));
    }
}
