package dev.hvsock.testing;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * What a vsock test needs of this machine, each probed once per JVM without connecting anywhere. Tests
 * connect to CID 1 ({@link VsockAddress#CID_LOCAL}) only, never to the host (CID 2) or another VM. A test
 * names all it needs ({@code @VsockTest({LOOPBACK_ONLY, READABLE_DEVICE})}), probed in that order; each
 * capability includes the ones it builds on (LOOPBACK includes SOCKETS).
 */
public enum VsockCapability implements Prerequisite {
    /** AF_VSOCK sockets: open, bind, listen, options. Any Linux with the vsock module has them. */
    SOCKETS {
        @Override
        public String probe() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return "AF_VSOCK sockets are Linux's (this is " + System.getProperty("os.name") + ")";
            }
            try {
                HvSelectorProvider.provider().openSocketChannel(HvProtocolFamily.VSOCK).close();
                return null;
            } catch (UnsupportedOperationException | IOException e) {
                return "this kernel has no AF_VSOCK: " + e.getMessage();
            }
        }
    },

    /**
     * The loopback transport ({@code vsock_loopback}): connections to CID 1 carry data. Binding CID 1 is
     * the probe: the kernel accepts a local CID only from a transport that serves it (vsock_find_cid).
     */
    LOOPBACK {
        @Override
        public String probe() {
            String noSockets = SOCKETS.probe();
            if (noSockets != null) {
                return noSockets;
            }
            try (ServerSocketChannel probe = HvSelectorProvider.provider()
                    .openServerSocketChannel(HvProtocolFamily.VSOCK)) {
                probe.bind(VsockAddress.of(VsockAddress.CID_LOCAL, VsockAddress.PORT_ANY));
                return null;
            } catch (IOException | RuntimeException e) {
                return "no vsock loopback transport here (modprobe vsock_loopback): binding CID 1 failed: "
                        + e.getMessage();
            }
        }
    },

    /**
     * The {@code /dev/vsock} device, through which a process asks the kernel for its CID (whether this user
     * may open it or not).
     */
    DEVICE {
        @Override
        public String probe() {
            String noSockets = SOCKETS.probe();
            if (noSockets != null) {
                return noSockets;
            }
            return Files.exists(DEV_VSOCK) ? null : "no " + DEV_VSOCK + " on this machine";
        }
    },

    /** {@link #DEVICE} that this user may open: the local CID can be asked for. */
    READABLE_DEVICE {
        @Override
        public String probe() {
            String noDevice = DEVICE.probe();
            if (noDevice != null) {
                return noDevice;
            }
            return Files.isReadable(DEV_VSOCK) ? null : DEV_VSOCK + " is not readable by this user";
        }
    },

    /**
     * {@link #LOOPBACK} and no other transport: the QEMU guest's machine (src/test/vm), where a process has no
     * CID and no host. Told by the kernel's module list (/sys/module), as VsockSmoke tells it, not by the
     * library under test.
     */
    LOOPBACK_ONLY {
        @Override
        public String probe() {
            String noLoopback = LOOPBACK.probe();
            if (noLoopback != null) {
                return noLoopback;
            }
            List<String> others = OUTWARD_AND_HOST_MODULES.stream()
                    .filter(module -> Files.exists(Path.of("/sys/module", module)))
                    .toList();
            return others.isEmpty() ? null : "this machine has other vsock transports besides the loopback: " + others
                    + "; the loopback-only case is the QEMU guest's";
        }
    },

    /**
     * A {@link #DEVICE} that user nobody may not open, and a run that can start a command as nobody: root, with
     * setpriv, outside the QEMU guest. How the run is made, not what the machine has: no run promises it.
     */
    DEVICE_REFUSED_TO_NOBODY {
        @Override
        public String probe() {
            if (!Files.exists(Path.of("/usr/bin/setpriv")) || !"root".equals(System.getProperty("user.name"))) {
                return "needs root and setpriv to run the command as user nobody";
            }
            if ("1".equals(System.getenv("HVSOCK_IN_GUEST"))) {
                return "runs outside the QEMU guest, whose read-only 9p root would have to let user nobody start a "
                        + "JVM (the check does not depend on the transport)";
            }
            try {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(DEV_VSOCK);
                return mode.contains(PosixFilePermission.OTHERS_READ)
                        ? DEV_VSOCK + " is readable by everyone here (c" + PosixFilePermissions.toString(mode) + ")"
                        : null;
            } catch (IOException e) {
                return "cannot read the mode of " + DEV_VSOCK + ": " + e;
            }
        }

        @Override
        public boolean promisedByTheRun() {
            return false;
        }
    };

    private static final Path DEV_VSOCK = Path.of("/dev/vsock");

    /** The modules of the transports other than the loopback (VsockTransport's, and VsockSmoke's list). */
    private static final List<String> OUTWARD_AND_HOST_MODULES = List.of("hv_sock", "vmw_vsock_virtio_transport",
            "vmw_vsock_vmci_transport", "vhost_vsock");
}
