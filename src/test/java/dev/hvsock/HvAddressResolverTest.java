package dev.hvsock;

import dev.hvsock.internal.platform.windows.ComputeSystemDocuments;
import dev.hvsock.internal.platform.windows.HcsSamples;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.UnknownServiceException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resolution rules, over the Host Compute Service's documents in {@link HcsSamples} (shaped as its schema
 * documents them) and a made-up service registry, so that they run on any OS; and that what needs no name
 * asks nothing.
 */
class HvAddressResolverTest {
    private static final UUID WSL_VM = UUID.fromString("c4a7e2d1-3b5f-4e6a-8d9c-0f1e2d3c4b5a");
    private static final UUID BUILD_SERVER = UUID.fromString("5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01");
    private static final UUID ECHO = UUID.fromString("2c4b6e0a-1111-4222-8333-944455556666");
    private static final Map<String, UUID> REGISTERED = Map.of("echo service", ECHO);

    private final AtomicInteger lookups = new AtomicInteger();

    /** A Windows host's resolver over {@code document}, counting the lookups it makes. */
    private HvAddressResolver over(String document) {
        return new HvAddressResolver(() -> {
            lookups.incrementAndGet();
            return ComputeSystemDocuments.computeSystems(document);
        }, name -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(REGISTERED.get(name));
        });
    }

    /** A Windows host's resolver that fails the test if it looks anything up. */
    private static HvAddressResolver lookingNothingUp() {
        return new HvAddressResolver(() -> {
            throw new AssertionError("looked the compute systems up");
        }, name -> {
            throw new AssertionError("looked the service \"" + name + "\" up");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"parent:5000", "LOOPBACK:5000", "*:00001388-facb-11e6-bd58-64006a7986d3",
        "5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01:2147483647", "{5B0F1E52-8C1D-4E9A-9F3B-2A6C7D8E9F01}:0",
        " silohost : 5000 "})
    void guidsWellKnownNamesAndPortsAreWhatParseSaysWithoutAnyLookup(String text) throws IOException {
        assertEquals(HvSocketAddress.parse(text), lookingNothingUp().address(text));
    }

    @Test
    void everyAddressToStringWritesResolvesBackWithoutALookup() throws IOException {
        // what an HvSocketAddress prints is never taken for a name
        Random random = new Random(13);
        List<UUID> vms = List.of(HvSocketAddress.WILDCARD, HvSocketAddress.BROADCAST, HvSocketAddress.CHILDREN,
                HvSocketAddress.LOOPBACK, HvSocketAddress.PARENT, HvSocketAddress.SILOHOST);
        HvAddressResolver resolver = lookingNothingUp();
        for (int i = 0; i < 20_000; i++) {
            UUID vm = random.nextBoolean() ? vms.get(random.nextInt(vms.size()))
                    : new UUID(random.nextLong(), random.nextLong());
            UUID service = random.nextBoolean()
                    ? HvSocketAddress.vsockServiceId(random.nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1))
                    : new UUID(random.nextLong(), random.nextLong());
            HvSocketAddress address = HvSocketAddress.of(vm, service);
            assertEquals(address, resolver.address(address.toString()), address.toString());
        }
    }

    @Test
    void wslIsTheVmTheWslServiceOwnsInAnyCase() throws IOException {
        HvAddressResolver resolver = over(HcsSamples.BUSY_HOST);
        assertEquals(HvSocketAddress.ofVsockPort(WSL_VM, 5000), resolver.address("wsl:5000"));
        assertEquals(WSL_VM, resolver.vmId("WSL"));
        assertEquals(WSL_VM, over(HcsSamples.WSL_AND_NEVER_STARTED).vmId(" Wsl "));
    }

    @Test
    void aVmNameIsMatchedIgnoringCaseAndGivesItsRuntimeId() throws IOException {
        HvAddressResolver resolver = over(HcsSamples.BUSY_HOST);
        assertEquals(HvSocketAddress.ofVsockPort(BUILD_SERVER, 5000), resolver.address("buildserver:5000"));
        assertEquals(BUILD_SERVER, resolver.vmId("BUILDSERVER"));
        // a container's utility VM: its Id is no GUID, its RuntimeId is the VM id
        assertEquals(UUID.fromString("3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b"), resolver.vmId("Pod-Sandbox"));
    }

    @Test
    void twoVmsWithOneNameAreAmbiguousAndTheErrorListsThem() {
        IOException e = assertThrows(IOException.class, () -> over(HcsSamples.BUSY_HOST).address("Test Lab:5000"));
        assertEquals(IOException.class, e.getClass());
        assertTrue(e.getMessage().startsWith("the VM name \"Test Lab\" is ambiguous: ")
                && e.getMessage().contains("0a1b2c3d-4e5f-4061-8273-948596a7b8c9 \"Test Lab\" (owner VMMS)")
                && e.getMessage().contains("9f8e7d6c-5b4a-4938-8271-605948372615 \"test lab\" (owner VMMS)")
                && e.getMessage().endsWith("give the VM id instead"), e.getMessage());
        IOException wsl = assertThrows(IOException.class, () -> over(HcsSamples.TWO_WSL).vmId("wsl"));
        assertTrue(wsl.getMessage().startsWith("wsl is ambiguous") && wsl.getMessage().contains(WSL_VM.toString()),
                wsl.getMessage());
    }

    @Test
    void aNameNoRunningSystemHasIsAnUnknownHost() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> over(HcsSamples.BUSY_HOST).address("nosuchvm:5000"));
        assertTrue(e.getMessage().contains("\"nosuchvm\"") && e.getMessage().contains("off is not listed"),
                e.getMessage());
        UnknownHostException noWsl = assertThrows(UnknownHostException.class,
                () -> over(HcsSamples.VMMS_VM).address("wsl:5000"));
        assertTrue(noWsl.getMessage().startsWith("no WSL 2 VM is running"), noWsl.getMessage());
    }

    @Test
    void onAHostThatRunsNothingNamesResolveToNothingAndEverythingElseStillResolves() throws IOException {
        HvAddressResolver empty = over(HcsSamples.NOTHING);
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> empty.vmId("myvm"));
        assertTrue(e.getMessage().contains("lists none at all"), e.getMessage());
        assertThrows(UnknownHostException.class, () -> empty.vmId("wsl"));
        assertEquals(2, lookups.get());
        assertEquals(HvSocketAddress.ofVsockPort(HvSocketAddress.PARENT, 5000), empty.address("parent:5000"));
        assertEquals(HvSocketAddress.of(BUILD_SERVER, ECHO), empty.address(BUILD_SERVER + ":echo service"));
        assertEquals(3, lookups.get(), "only the service's name was looked up");
    }

    @Test
    void aSystemWithoutAVmIdCannotBeReached() {
        // the docker container: no RuntimeId, and its Id is no GUID
        IOException e = assertThrows(IOException.class, () -> over(HcsSamples.BUSY_HOST)
                .vmId("6D1C0B2A3F4E5D6C7B8A9F0E1D2C3B4A5F6E7D8C9B0A1F2E3D4C5B6A7F8E9D0C"));
        assertTrue(e.getMessage().contains("has no VM id"), e.getMessage());
    }

    @Test
    void aKernelChosenVsockPortAboveTheMappingIsNoHyperVAddressOnAnyPlatform() {
        // the kernel picks ports above 0x7FFFFFFF for the loopback and virtio transports' ephemeral ends; hvsocket.h
        // maps only 0-0x7FFFFFFF to service ids, so such a port is a VsockAddress, never a Hyper-V address
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lookingNothingUp().address("loopback:4065487687"));
        assertTrue(e.getMessage().contains("0x7FFFFFFF"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse("loopback:4065487687"));
    }

    @Test
    void aServiceIsAGuidAPortUpTo0x7fffffffOrARegisteredNameExactly() throws IOException {
        HvAddressResolver resolver = over(HcsSamples.NOTHING);
        assertEquals(HvSocketAddress.vsockServiceId(0x7FFF_FFFFL), lookingNothingUp().serviceId("2147483647"));
        assertEquals(ECHO, lookingNothingUp().serviceId(ECHO.toString().toUpperCase()));
        assertEquals(ECHO, resolver.serviceId("echo service"));
        for (String tooHigh : new String[]{"2147483648", "4294967295", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lookingNothingUp().serviceId(tooHigh));
            assertTrue(e.getMessage().contains("0x7FFFFFFF") && e.getMessage().contains("hv_sock"), e.getMessage());
        }
        UnknownServiceException e = assertThrows(UnknownServiceException.class,
                () -> resolver.address("parent:Echo Service"));
        assertTrue(e.getMessage().contains("\"Echo Service\"") && e.getMessage().contains("exactly"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "parent", "a:b:c", ":5000", "parent:", " : "})
    void textThatIsNoAddressIsRefusedBeforeAnyLookup(String text) {
        assertThrows(IllegalArgumentException.class, () -> lookingNothingUp().address(text));
    }

    @Test
    void whatTheSourcesThrowComesThrough() {
        AccessDeniedException denied = new AccessDeniedException("the Host Compute Service");
        HvAddressResolver noRights = new HvAddressResolver(() -> {
            throw denied;
        }, name -> Optional.empty());
        assertEquals(denied, assertThrows(AccessDeniedException.class, () -> noRights.vmId("myvm")));
        HvAddressResolver noHyperV = new HvAddressResolver(() -> {
            throw new UnsupportedOperationException("no HCS");
        }, name -> {
            throw new UnsupportedOperationException("no registry");
        });
        assertThrows(UnsupportedOperationException.class, () -> noHyperV.address("wsl:5000"));
        assertThrows(UnsupportedOperationException.class, () -> noHyperV.address("parent:echo"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the Host Compute Service may exist")
    void elsewhereNamesNeedTheWindowsHostButTheRestResolves() throws IOException {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> HvAddressResolver.resolve("myvm:5000"));
        assertTrue(e.getMessage().contains("Host Compute Service"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, HvComputeSystems::list);
        assertThrows(UnsupportedOperationException.class, () -> HvAddressResolver.resolveService("echo"));
        assertEquals(HvSocketAddress.parse("parent:5000"), HvAddressResolver.resolve("parent:5000"));
        assertEquals(HvSocketAddress.parse("loopback:2147483647"), HvAddressResolver.resolve("loopback:2147483647"));
        assertEquals(HvSocketAddress.LOOPBACK, HvAddressResolver.resolveVm("loopback"));
    }
}
