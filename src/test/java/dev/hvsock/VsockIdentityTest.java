package dev.hvsock;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VsockIdentityTest {
    @Test
    void aGuestToHostTransportMeansTheHostIsCid2() {
        for (VsockTransport t : List.of(VsockTransport.HYPERV, VsockTransport.VIRTIO, VsockTransport.VMCI)) {
            VsockIdentity guest = new VsockIdentity(OptionalLong.empty(), Set.of(t, VsockTransport.LOOPBACK));
            assertTrue(guest.reachesHost(), t.name());
            assertEquals(Optional.of(VsockAddress.of(2, 5000)), guest.hostAddress(5000), t.name());
        }
    }

    @Test
    void withoutOneThereIsNoHostToReach() {
        for (Set<VsockTransport> ts : List.of(Set.<VsockTransport>of(), Set.of(VsockTransport.LOOPBACK),
                Set.of(VsockTransport.VHOST, VsockTransport.LOOPBACK))) {
            VsockIdentity me = new VsockIdentity(OptionalLong.empty(), ts);
            assertFalse(me.reachesHost(), ts.toString());
            assertEquals(Optional.empty(), me.hostAddress(5000), ts.toString());
        }
        assertFalse(VsockTransport.VHOST.reachesHost());
        assertFalse(VsockTransport.LOOPBACK.reachesHost());
    }

    @Test
    void cidAnyIsNoCidAndTheTransportsAreACopyInDeclarationOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VsockIdentity(OptionalLong.of(VsockAddress.CID_ANY), Set.of()));
        assertTrue(e.getMessage().contains("VMADDR_CID_ANY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VsockIdentity(OptionalLong.of(-1), Set.of()));
        EnumSet<VsockTransport> mutable = EnumSet.of(VsockTransport.LOOPBACK, VsockTransport.HYPERV);
        VsockIdentity me = new VsockIdentity(OptionalLong.of(4294967294L), mutable);
        mutable.clear();
        assertEquals(List.of(VsockTransport.HYPERV, VsockTransport.LOOPBACK), List.copyOf(me.transports()));
        assertThrows(UnsupportedOperationException.class, () -> me.transports().add(VsockTransport.VIRTIO));
    }

    @Test
    void theModuleNamesAreTheKernelsFileNames() {
        assertEquals(List.of("hv_sock", "vmw_vsock_virtio_transport", "vmw_vsock_vmci_transport", "vhost_vsock",
                "vsock_loopback"), EnumSet.allOf(VsockTransport.class).stream().map(VsockTransport::moduleName)
                .toList());
    }
}
