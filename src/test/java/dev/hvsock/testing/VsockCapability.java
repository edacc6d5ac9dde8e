package dev.hvsock.testing;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

/**
 * What a vsock test needs of this machine, each probed once per JVM without connecting anywhere. Tests
 * connect to CID 1 ({@link VsockAddress#CID_LOCAL}) only, never to the host (CID 2) or another VM.
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
    }
}
