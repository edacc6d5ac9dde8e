package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** The {@code /dev/vsock} device, which alone tells this machine's vsock CID. */
final class DevVsock {
    private static final String DEV_VSOCK = "/dev/vsock";

    private DevVsock() {
    }

    /**
     * {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID}, which only the {@code /dev/vsock} device answers (a vsock socket
     * says ENOTTY). The kernel registers the device without a mode, so it is {@code crw-------} root unless
     * udev changes it (systemd's rules make it 0666).
     */
    static long localCid() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            int fd = Downcalls.open(cs, arena.allocateFrom(DEV_VSOCK), LibC.O_RDONLY() | LibC.O_CLOEXEC());
            if (fd < 0) {
                int errno = Downcalls.errno(cs);
                if (errno == LibC.ENOENT() || errno == LibC.ENODEV()) {
                    throw new UnsupportedOperationException("no vsock on this machine: cannot open " + DEV_VSOCK
                            + ": " + Errno.describe(errno) + " (" + Errno.name(errno) + "); load a vsock transport "
                            + "(e.g. `modprobe vsock_loopback`) or run inside a VM");
                }
                throw cannotOpenDevVsock(errno);
            }
            MemorySegment cid = arena.allocate(ValueLayout.JAVA_INT);
            boolean answered = false;
            try {
                if (Downcalls.ioctl(cs, fd, LibC.IOCTL_VM_SOCKETS_GET_LOCAL_CID(), cid) < 0) {
                    int errno = Downcalls.errno(cs);
                    throw new IOException("IOCTL_VM_SOCKETS_GET_LOCAL_CID on " + DEV_VSOCK + ": "
                            + Errno.describe(errno) + " (" + Errno.name(errno) + ")");
                }
                answered = true;
            } finally {
                if (Downcalls.close(cs, fd) < 0 && answered) {
                    int errno = Downcalls.errno(cs);
                    throw new IOException("close " + DEV_VSOCK + ": " + Errno.describe(errno) + " ("
                            + Errno.name(errno) + ")");
                }
            }
            return Integer.toUnsignedLong(cid.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** Why {@code /dev/vsock} could not be opened: permissions name the device's mode and owner. */
    private static IOException cannotOpenDevVsock(int errno) {
        String error = Errno.describe(errno) + " (" + Errno.name(errno) + ")";
        if (errno == LibC.EACCES() || errno == LibC.EPERM()) {
            // the message reads "/dev/vsock: cannot open it ..."
            return new AccessDeniedException(DEV_VSOCK, null, "cannot open it to ask for this machine's CID: "
                    + error + "; it is " + describeDevice() + ", and only the device answers "
                    + "IOCTL_VM_SOCKETS_GET_LOCAL_CID: run as its owner or root, or let udev make it readable "
                    + "(systemd's rule gives it mode 0666)");
        }
        return new IOException("cannot open " + DEV_VSOCK + ": " + error);
    }

    /** {@code crw------- root:root}, as far as this process may look. */
    private static String describeDevice() {
        try {
            PosixFileAttributes attributes = Files.readAttributes(Path.of(DEV_VSOCK), PosixFileAttributes.class);
            return "c" + PosixFilePermissions.toString(attributes.permissions()) + " " + attributes.owner().getName()
                    + ":" + attributes.group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "not accessible to this process (" + e.getMessage() + ")";
        }
    }
}
