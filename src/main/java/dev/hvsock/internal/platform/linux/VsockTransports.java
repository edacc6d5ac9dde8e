package dev.hvsock.internal.platform.linux;

import dev.hvsock.VsockTransport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which vsock transports are loaded, read from sysfs. A loadable module always has its
 * {@code /sys/module/NAME} while it is loaded; a built-in one only if it has parameters or a version
 * (kernel/params.c), so each transport is looked for where its driver shows itself:
 * <ul>
 *   <li>{@code hv_sock}: its VMBus driver, {@code /sys/bus/vmbus/drivers/hv_sock} (or its module);
 *   <li>virtio: a device bound to {@code /sys/bus/virtio/drivers/vmw_vsock_virtio_transport}; the module
 *       alone registers as the guest's transport but carries nothing without a device, and its CID is then
 *       none;
 *   <li>{@code vmw_vsock_vmci_transport} and {@code vsock_loopback}: their modules ({@code vsock_loopback}
 *       built into the kernel leaves no trace: it has neither parameters nor a version);
 *   <li>{@code vhost_vsock}: its misc device, {@code /sys/class/misc/vhost-vsock}, which exists only while
 *       the driver is registered (a {@code /dev/vhost-vsock} node may exist before, to load it on demand).
 * </ul>
 * Names are matched exactly: {@code vmw_vsock_virtio_transport_common} is a library, not a transport.
 */
final class VsockTransports {
    private VsockTransports() {
    }

    /** The transports loaded on the machine whose sysfs is mounted at {@code sys} ({@code /sys}). */
    static Set<VsockTransport> loaded(Path sys) throws IOException {
        Set<VsockTransport> loaded = EnumSet.noneOf(VsockTransport.class);
        Path module = sys.resolve("module");
        if (Files.isDirectory(sys.resolve("bus/vmbus/drivers/hv_sock"))
                || Files.isDirectory(module.resolve("hv_sock"))) {
            loaded.add(VsockTransport.HYPERV);
        }
        if (hasBoundDevice(sys.resolve("bus/virtio/drivers/vmw_vsock_virtio_transport"))) {
            loaded.add(VsockTransport.VIRTIO);
        }
        if (Files.isDirectory(module.resolve("vmw_vsock_vmci_transport"))) {
            loaded.add(VsockTransport.VMCI);
        }
        if (Files.exists(sys.resolve("class/misc/vhost-vsock"))) {
            loaded.add(VsockTransport.VHOST);
        }
        if (Files.isDirectory(module.resolve("vsock_loopback"))) {
            loaded.add(VsockTransport.LOOPBACK);
        }
        return loaded;
    }

    /** Whether a driver's directory links a device ({@code virtio3}, ...), i.e. the driver is bound to one. */
    private static boolean hasBoundDevice(Path driver) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(driver, "virtio*")) {
            return entries.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
