package dev.hvsock.testing;

import dev.hvsock.HvComputeSystems;
import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.ThreadLocalRandom;

/** What a Hyper-V socket test needs of this Windows machine, each probed once per JVM. */
public enum HyperVCapability implements Prerequisite {
    /** AF_HYPERV sockets: Windows with Hyper-V or the Virtual Machine Platform. */
    SOCKETS {
        @Override
        public String probe() {
            if (!PlatformUnderTest.windows()) {
                return "AF_HYPERV sockets exist only on Windows (this is " + PlatformUnderTest.describe() + ")";
            }
            try {
                HvSelectorProvider.provider().openSocketChannel(HvProtocolFamily.HYPERV).close();
                return null;
            } catch (UnsupportedOperationException | IOException e) {
                return "AF_HYPERV is not available here: " + e.getMessage() + WinsockModelBuild.failure();
            }
        }
    },

    /**
     * A listener on the loopback partition ({@link HvSocketAddress#LOOPBACK}) and a vsock-template service id,
     * which needs no registration: go-winio's hvsock_test.go listens there on GitHub's hosted runners.
     */
    LOOPBACK_LISTENER {
        @Override
        public String probe() {
            String noSockets = SOCKETS.probe();
            if (noSockets != null) {
                return noSockets;
            }
            HvSocketAddress address = HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                    ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1));
            try (ServerSocketChannel probe = HvSelectorProvider.provider()
                    .openServerSocketChannel(HvProtocolFamily.HYPERV)) {
                probe.bind(address);
                return null;
            } catch (UnsupportedOperationException | IOException e) {
                return "cannot listen on the Hyper-V loopback " + address + " here (" + e + "); Hyper-V socket "
                        + "tests need Hyper-V or the Virtual Machine Platform";
            }
        }
    },

    /**
     * Listing the compute systems through the Host Compute Service (computecore.dll or vmcompute.dll): Hyper-V
     * or the Virtual Machine Platform, and an elevated process or a member of Hyper-V Administrators
     * ({@code HCS_E_ACCESS_DENIED} otherwise, Microsoft Learn, HCS reference). Not the service registry: its
     * key can exist (or be made) where no HCS runs, and the HCS can run where the registry key is missing.
     * Any other failure of the probe is no missing prerequisite but an error, and fails the test.
     */
    COMPUTE_SYSTEMS {
        @Override
        public String probe() {
            if (!PlatformUnderTest.windows()) {
                return "the Host Compute Service exists only on Windows (this is " + PlatformUnderTest.describe()
                        + ")";
            }
            try {
                HvComputeSystems.list();
                return null;
            } catch (UnsupportedOperationException e) {
                return "no Host Compute Service here (Hyper-V and the Virtual Machine Platform are off): "
                        + e.getMessage();
            } catch (AccessDeniedException e) {
                return "listing compute systems needs an elevated process or Hyper-V Administrators: "
                        + e.getMessage();
            } catch (IOException e) {
                throw new AssertionError("listing the compute systems failed", e);
            }
        }
    },

    /**
     * Registering services under {@code GuestCommunicationServices}: Hyper-V enabled and an elevated
     * process. Any other failure of the probe is no missing prerequisite but an error, and fails the test.
     */
    SERVICE_REGISTRY {
        @Override
        public String probe() {
            if (!PlatformUnderTest.windows()) {
                return "the Hyper-V service registry exists only on Windows (this is " + PlatformUnderTest.describe()
                        + ")";
            }
            String name = "hvsock-nio-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            try {
                HvServiceRegistry.unregister(HvServiceRegistry.register(name));
                return null;
            } catch (AccessDeniedException e) {
                return "registering Hyper-V services needs an elevated (administrator) process: " + e.getMessage();
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("does not exist")) {
                    return "Hyper-V is not enabled here: " + e.getMessage();
                }
                throw new AssertionError("registering and removing the probe service " + name + " failed", e);
            }
        }
    }
}
