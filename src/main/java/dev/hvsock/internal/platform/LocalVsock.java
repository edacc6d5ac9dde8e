package dev.hvsock.internal.platform;

import dev.hvsock.VsockTransport;

import java.io.IOException;
import java.util.Set;

/**
 * This machine as vsock sees it, on a platform that has vsock (Linux): {@link dev.hvsock.VsockLocal} reaches
 * it through the current {@link NativePlatform}'s {@link HostServices#localVsock()}, present where vsock exists.
 */
public interface LocalVsock {
    /**
     * The kernel's answer to {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID} on {@code /dev/vsock}, unsigned:
     * {@code VMADDR_CID_ANY} (4294967295) when it has no CID to give.
     *
     * @throws java.nio.file.AccessDeniedException if {@code /dev/vsock} may not be opened, saying so
     * @throws UnsupportedOperationException if there is no {@code /dev/vsock} (no vsock in this kernel)
     */
    long localCid() throws IOException;

    /** The vsock transports loaded, as far as sysfs shows them. */
    Set<VsockTransport> transports() throws IOException;
}
