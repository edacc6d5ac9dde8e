package dev.hvsock.internal.platform.linux;

import dev.hvsock.VsockTransport;
import dev.hvsock.internal.platform.LocalVsock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * This Linux machine to vsock: its CID ({@link DevVsock}) and the vsock transports loaded
 * ({@link VsockTransports}).
 */
final class LinuxLocalVsock implements LocalVsock {
    @Override
    public long localCid() throws IOException {
        return DevVsock.localCid();
    }

    @Override
    public Set<VsockTransport> transports() throws IOException {
        return VsockTransports.loaded(Path.of("/sys"));
    }
}
