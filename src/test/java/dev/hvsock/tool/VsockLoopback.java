package dev.hvsock.tool;

/**
 * The one vsock peer the CLI tests address: CID 1 (VMADDR_CID_LOCAL, the loopback transport), never the
 * host (CID 2) or another VM. The tests that use it are {@code @VsockTest}s, run where that transport exists.
 */
final class VsockLoopback {
    static final long CID = 1;

    private VsockLoopback() {
    }

    /** {@code vsock:1:PORT}: the only vsock address these tests connect to. */
    static String address(long port) {
        return "vsock:" + CID + ":" + port;
    }
}
