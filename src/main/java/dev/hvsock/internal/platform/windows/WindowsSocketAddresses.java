package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.ffi.windows._SOCKADDR_HV;
import dev.hvsock.internal.ffi.windows.sockaddr_in;
import dev.hvsock.internal.ffi.windows.sockaddr_un;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.Guids;
import dev.hvsock.internal.platform.UnixPaths;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

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
    /** Room for the longest address of either family (and of the wakeup pair's {@code sockaddr_in}). */
    public static final long MAX_SIZE = Math.max(Math.max(sockaddr_un.sizeof(), _SOCKADDR_HV.sizeof()),
            sockaddr_in.sizeof());
    /** {@code AF_INET}: only for the loopback TCP pair a wakeup falls back to, never a channel's family. */
    public static final short AF_INET = (short) WinSockTypes.AF_INET();
    /** The size of {@code sockaddr_in}: 16 bytes. */
    public static final int INET_SIZE = (int) sockaddr_in.sizeof();

    private static final long FAMILY_OFFSET = _SOCKADDR_HV.Family$offset();
    private static final long RESERVED_OFFSET = _SOCKADDR_HV.Reserved$offset();
    private static final long VM_ID_OFFSET = _SOCKADDR_HV.VmId$offset();
    private static final long SERVICE_ID_OFFSET = _SOCKADDR_HV.ServiceId$offset();
    private static final long PATH_OFFSET = sockaddr_un.sun_path$offset();
    private static final ValueLayout.OfShort NETWORK_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Windows' AF_UNIX takes UTF-8 paths, whatever the ANSI code page (the JDK does the same). */
    public static final UnixPaths UNIX_PATHS = new UnixPaths(StandardCharsets.UTF_8, " in UTF-8", PATH_OFFSET,
            (int) (sockaddr_un.sizeof() - PATH_OFFSET));

    /** The Windows families: Hyper-V, natural, and Unix. */
    public static final AddressRules RULES = new AddressRules(HvProtocolFamily.HYPERV, HvProtocolFamily.VSOCK,
            "AF_VSOCK does not exist on Windows: use HvProtocolFamily.HYPERV; a Linux guest's vsock port P is the "
                    + "Hyper-V service HvSocketAddress.vsockServiceId(P), e.g. HvSocketAddress.ofVsockPort(vmId, P)",
            UNIX_PATHS) {
        @Override
        protected SocketAddress checkNatural(SocketAddress address, boolean forBind) {
            return checkHyperV(address, forBind);
        }

        @Override
        protected SocketAddress naturalAutoBindAddress() {
            return HvSocketAddress.of(HvSocketAddress.WILDCARD, UUID.randomUUID());
        }
    };

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

    // ------------------------------------------------------------- encoding

    /**
     * Writes {@code address} of {@code family}, checked again, for a bind ({@code forBind}) or a connect at the
     * start of {@code sa} (at least {@link #MAX_SIZE}); returns its length.
     */
    public static int encode(MemorySegment sa, ProtocolFamily family, SocketAddress address, boolean forBind) {
        if (AddressRules.isUnix(family)) {
            return encodeUnix(sa, UNIX_PATHS.check(address));
        }
        return encodeHyperV(sa, checkHyperV(address, forBind));
    }

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
     * Writes {@code address} (checked by {@link UnixPaths#check}) as a {@code sockaddr_un} at the start of
     * {@code sa}; returns its length, which, as the JDK passes it on Windows, covers the path without its
     * terminating zero.
     */
    public static int encodeUnix(MemorySegment sa, UnixDomainSocketAddress address) {
        byte[] path = UNIX_PATHS.bytes(address);
        sa.asSlice(0, sockaddr_un.sizeof()).fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, AF_UNIX);
        MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, PATH_OFFSET, path.length);
        return (int) PATH_OFFSET + path.length;
    }

    /**
     * Writes 127.0.0.1 and {@code port} as a {@code sockaddr_in} at the start of {@code sa} (the port, as the
     * address, in network byte order); returns its length.
     */
    public static int encodeLoopbackInet(MemorySegment sa, int port) {
        sa.asSlice(0, INET_SIZE).fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED, sockaddr_in.sin_family$offset(), AF_INET);
        sa.set(NETWORK_SHORT, sockaddr_in.sin_port$offset(), (short) port);
        long address = sockaddr_in.sin_addr$offset();
        sa.set(ValueLayout.JAVA_BYTE, address, (byte) 127);
        sa.set(ValueLayout.JAVA_BYTE, address + 3, (byte) 1);
        return INET_SIZE;
    }

    /** The address and port of the {@code sockaddr_in} at the start of {@code sa}. */
    public static InetSocketAddress decodeInet(MemorySegment sa) {
        byte[] address = new byte[4];
        MemorySegment.copy(sa, ValueLayout.JAVA_BYTE, sockaddr_in.sin_addr$offset(), address, 0, 4);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), inetPort(sa));
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of four bytes is an IPv4 address", e);
        }
    }

    /** The port of the {@code sockaddr_in} at the start of {@code sa}. */
    public static int inetPort(MemorySegment sa) {
        return Short.toUnsignedInt(sa.get(NETWORK_SHORT, sockaddr_in.sin_port$offset()));
    }

    // ------------------------------------------------------------- decoding

    /**
     * Decodes the peer address {@code accept} returned on an {@code AF_UNIX} listener: its path, or unnamed for
     * anything that is no {@code sockaddr_un} (another family, as a provider may report for an unbound client).
     * The connection is good whatever its peer's address says, so it is not refused for that, as the JDK's
     * Windows {@code UnixDomainSockets.c} does ({@code sockaddrToUnixAddressBytes} returns no name for a
     * family other than {@code AF_UNIX}, and the accepted channel's peer is then unnamed).
     */
    public static UnixDomainSocketAddress decodeUnixPeer(MemorySegment sa, int length) {
        short family = length >= 2 ? sa.get(ValueLayout.JAVA_SHORT_UNALIGNED, FAMILY_OFFSET) : AF_UNIX;
        return family == AF_UNIX ? UNIX_PATHS.decode(sa, length) : UnixDomainSocketAddress.of("");
    }

    /**
     * Decodes what {@code getsockname}/{@code accept} returned: {@code length} bytes of {@code sa}.
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
        return UNIX_PATHS.decode(sa, length);
    }
}
