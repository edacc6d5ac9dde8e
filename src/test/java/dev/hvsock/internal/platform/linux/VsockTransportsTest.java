package dev.hvsock.internal.platform.linux;

import dev.hvsock.VsockTransport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sysfs probes, on trees shaped like the real ones: the virtio guest this suite runs on
 * ({@code bus/virtio/drivers/vmw_vsock_virtio_transport/virtio3}, a link to the device), the QEMU guest
 * (loadable modules: {@code module/vsock}, {@code module/vmw_vsock_virtio_transport_common},
 * {@code module/vsock_loopback}), a Hyper-V guest ({@code bus/vmbus/drivers/hv_sock}, from
 * {@code hvs_drv.name} in net/vmw_vsock/hyperv_transport.c) and a KVM host
 * ({@code class/misc/vhost-vsock}, drivers/vhost/vsock.c's misc device).
 */
class VsockTransportsTest {
    @TempDir
    Path sys;

    private void dir(String path) throws IOException {
        Files.createDirectories(sys.resolve(path));
    }

    @Test
    void nothingLoadedIsNothingFound() throws IOException {
        assertEquals(Set.of(), VsockTransports.loaded(sys));
        assertEquals(Set.of(), VsockTransports.loaded(sys.resolve("missing")));
    }

    @Test
    void aVirtioGuestHasTheVirtioTransportOnlyWithABoundDevice() throws IOException {
        dir("module/vmw_vsock_virtio_transport/parameters");
        dir("bus/virtio/drivers/vmw_vsock_virtio_transport");
        Files.createFile(sys.resolve("bus/virtio/drivers/vmw_vsock_virtio_transport/bind"));
        assertEquals(Set.of(), VsockTransports.loaded(sys), "the module without a device carries nothing");
        dir("devices/virtio3");
        Files.createSymbolicLink(sys.resolve("bus/virtio/drivers/vmw_vsock_virtio_transport/virtio3"),
                sys.resolve("devices/virtio3"));
        assertEquals(Set.of(VsockTransport.VIRTIO), VsockTransports.loaded(sys));
    }

    @Test
    void theQemuGuestHasTheLoopbackOnlyAndTheVirtioLibraryIsNoTransport() throws IOException {
        dir("module/vsock");
        dir("module/vmw_vsock_virtio_transport_common");
        dir("module/vsock_loopback");
        dir("bus/virtio/drivers/9pnet_virtio/virtio0");
        assertEquals(Set.of(VsockTransport.LOOPBACK), VsockTransports.loaded(sys));
    }

    @Test
    void aHyperVGuestHasHvSockThroughItsVmbusDriverOrItsModule() throws IOException {
        dir("bus/vmbus/drivers/hv_sock");
        assertEquals(Set.of(VsockTransport.HYPERV), VsockTransports.loaded(sys));
        Path other = sys.resolve("other");
        Files.createDirectories(other.resolve("module/hv_sock"));
        assertEquals(Set.of(VsockTransport.HYPERV), VsockTransports.loaded(other));
    }

    @Test
    void aKvmHostWithLoopbackAndAVmwareGuestAreFoundByTheirDriversToo() throws IOException {
        dir("class/misc/vhost-vsock");
        dir("module/vsock_loopback");
        assertEquals(Set.of(VsockTransport.VHOST, VsockTransport.LOOPBACK), VsockTransports.loaded(sys));
        dir("module/vmw_vsock_vmci_transport");
        assertEquals(Set.of(VsockTransport.VMCI, VsockTransport.VHOST, VsockTransport.LOOPBACK),
                VsockTransports.loaded(sys));
    }
}
