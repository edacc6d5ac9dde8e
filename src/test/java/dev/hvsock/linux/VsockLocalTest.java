package dev.hvsock.linux;

import dev.hvsock.VsockAddress;
import dev.hvsock.VsockIdentity;
import dev.hvsock.VsockLocal;
import dev.hvsock.VsockTransport;
import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.testing.VsockCapability;
import dev.hvsock.testing.VsockTest;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Who am I" on the machine the tests run on, against the kernel itself: the CID a C program gets from the
 * same ioctl, and what the loaded transports imply. Here (a virtio guest) that is a real CID; in the QEMU
 * guest, where vsock_loopback is the only transport, it is no CID and no host. Nothing connects anywhere.
 */
@VsockTest(VsockCapability.SOCKETS)
class VsockLocalTest {
    private static final Path DEV_VSOCK = Path.of("/dev/vsock");

    @Test
    @VsockTest(VsockCapability.DEVICE)
    void theLocalCidIsTheKernelsAnswerToACProgramAskingTheSame(@TempDir Path dir) throws Exception {
        LocalCidOracle.Answer kernel = LocalCidOracle.ask(dir);
        if (kernel.isCid()) {
            // VMADDR_CID_ANY is no CID: the library reports it as none
            OptionalLong expected = kernel.value() == VsockAddress.CID_ANY ? OptionalLong.empty()
                    : OptionalLong.of(kernel.value());
            assertEquals(expected, VsockLocal.localCid(), "the C program got " + kernel);
        } else if (kernel.key().equals("open-errno") && kernel.value() == LibC.EACCES()) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, VsockLocal::localCid);
            assertTrue(e.getMessage().contains("/dev/vsock") && e.getMessage().contains("EACCES"), e.getMessage());
        } else {
            fail("the C program could not ask the kernel either: " + kernel);
        }
    }

    @Test
    @VsockTest(VsockCapability.READABLE_DEVICE)
    void theCidIsTheOneTheLoadedTransportsGive() throws Exception {
        VsockIdentity me = VsockLocal.identity();
        Set<VsockTransport> t = me.transports();
        // af_vsock.c: the guest-to-host transport's CID, else the host-to-guest one's, else VMADDR_CID_ANY,
        // or, since a 2025 change, VMADDR_CID_LOCAL where the loopback is loaded; hv_sock gives
        // VMADDR_CID_ANY, virtio the device's CID (3 or more; 2 is the host)
        if (t.contains(VsockTransport.VIRTIO)) {
            assertTrue(me.localCid().isPresent() && me.localCid().getAsLong() > VsockAddress.CID_HOST, me.toString());
        } else if (t.contains(VsockTransport.HYPERV)) {
            assertEquals(OptionalLong.empty(), me.localCid(), me.toString());
        } else if (!t.contains(VsockTransport.VMCI) && t.contains(VsockTransport.VHOST)) {
            assertEquals(OptionalLong.of(VsockAddress.CID_HOST), me.localCid(), me.toString());
        } else if (!t.contains(VsockTransport.VMCI)) {
            boolean loopbackCid = t.contains(VsockTransport.LOOPBACK)
                    && me.localCid().equals(OptionalLong.of(VsockAddress.CID_LOCAL));
            assertTrue(me.localCid().isEmpty() || loopbackCid, "no transport gives a CID: " + me);
        }
        assertEquals(me.reachesHost(), me.hostAddress(5000).isPresent());
    }

    @Test
    void theTransportsAreTheOnesTheKernelShowsElsewhereToo() throws Exception {
        Set<VsockTransport> transports = VsockLocal.transports();
        // a virtio device of type 19 (vsock, in the virtio specification's device ids) bound to its driver
        boolean virtioVsockDevice = false;
        Path devices = Path.of("/sys/bus/virtio/devices");
        if (Files.isDirectory(devices)) {
            try (Stream<Path> all = Files.list(devices)) {
                for (Path device : all.toList()) {
                    Path type = device.resolve("device");
                    virtioVsockDevice |= Files.isReadable(type) && Files.readString(type).strip().equals("0x0013")
                            && Files.exists(device.resolve("driver"));
                }
            }
        }
        assertEquals(virtioVsockDevice, transports.contains(VsockTransport.VIRTIO), transports.toString());
        // a loaded module is listed in /proc/modules (built-in ones are not, and need not be found)
        Path modules = Path.of("/proc/modules");
        if (Files.isReadable(modules)) {
            Set<String> loaded = new HashSet<>();
            for (String line : Files.readAllLines(modules)) {
                loaded.add(line.substring(0, line.indexOf(' ')));
            }
            for (VsockTransport t : VsockTransport.values()) {
                if (t != VsockTransport.VIRTIO && loaded.contains(t.moduleName())) {
                    assertTrue(transports.contains(t), t.moduleName() + " is loaded: " + transports);
                }
            }
        }
        if (Files.isReadable(DEV_VSOCK)) {
            assertEquals(transports, VsockLocal.identity().transports());
        }
    }

    /** The QEMU guest's case: vsock_loopback alone gives no CID but (on newer kernels) 1, and there is no host. */
    @Test
    @VsockTest({VsockCapability.LOOPBACK_ONLY, VsockCapability.READABLE_DEVICE})
    void withOnlyTheLoopbackTransportThereIsNoCidAndNoHost() throws Exception {
        VsockIdentity me = VsockLocal.identity();
        // binding CID 1 worked and /sys/module lists no other transport (the test's prerequisites): the library
        // finds exactly the loopback
        assertEquals(Set.of(VsockTransport.LOOPBACK), me.transports(), me.toString());
        // VMADDR_CID_ANY (no CID) before a 2025 change to the ioctl, VMADDR_CID_LOCAL after it (the guest's
        // Debian 6.1 kernel has it); which one this kernel gives, the C oracle test above checks
        assertTrue(me.localCid().isEmpty() || me.localCid().equals(OptionalLong.of(VsockAddress.CID_LOCAL)),
                me.toString());
        assertFalse(me.reachesHost());
        assertEquals(Optional.empty(), me.hostAddress(5000));
    }
}
