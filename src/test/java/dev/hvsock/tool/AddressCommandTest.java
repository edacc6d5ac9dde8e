package dev.hvsock.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.UnixDomainSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hvsock address}: every form of an address, computed by the library's own codecs. */
@Timeout(60)
class AddressCommandTest {
    private static final String PORT_5000_SERVICE = "00001388-facb-11e6-bd58-64006a7986d3";
    private static final String PARENT = "a42e7cda-d03f-480c-9cc2-a4de20abb878";
    private static final String LOOPBACK = "e0e16197-dd56-4a10-9195-5ee7a155a838";

    @Test
    void printsEveryFormOfEachAddress() {
        String customVm = "5b7a0c3e-1111-4a2b-9c3d-123456789abc";
        String plainService = "12345678-aaaa-bbbb-cccc-1234567890ab";
        HvsockCli.Result result = HvsockCli.run("address", "parent:5000", "vsock:3:5000",
                "hyperv:loopback:" + plainService, customVm + ":" + PORT_5000_SERVICE, "vsock:any:any",
                "unix:/tmp/x.sock", "tcp:127.0.0.1:8080");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> blocks = List.of(result.stdout().split("\\R\\R"));
        assertEquals(7, blocks.size(), result::toString);

        String parent = blocks.get(0);
        assertLine(parent, "guid pair", PARENT + ":" + PORT_5000_SERVICE);
        assertLine(parent, "service id", PORT_5000_SERVICE);
        assertLine(parent, "template port", "5000 (0x00001388)");
        assertLine(parent, "vsock", "vsock:2:5000 (what Linux uses for this address)");
        assertLine(parent, "short form", "parent:5000");

        String vsock = blocks.get(1);
        assertLine(vsock, "cid", "3 (a guest VM)");
        assertLine(vsock, "port", "5000 (0x00001388)");
        assertLine(vsock, "service id", PORT_5000_SERVICE + " (the vsock template for port 5000)");
        assertTrue(vsock.contains("VMID:" + PORT_5000_SERVICE), vsock);

        String notTemplate = blocks.get(2);
        assertLine(notTemplate, "guid pair", LOOPBACK + ":" + plainService);
        assertTrue(notTemplate.contains("template port: none"), notTemplate);
        assertTrue(notTemplate.contains("vsock:         none"), notTemplate);

        String custom = blocks.get(3);
        assertLine(custom, "vm id", customVm + " (a VM's id)");
        assertLine(custom, "template port", "5000 (0x00001388)");
        assertLine(custom, "short form", customVm + ":5000");
        assertTrue(custom.contains("vsock:CID:5000 with the guest's CID"), custom);

        String anyAny = blocks.get(4);
        assertTrue(anyAny.contains("cid:           any"), anyAny);
        assertTrue(anyAny.contains("service id:    none"), anyAny);

        assertLine(blocks.get(5), "kind", "Unix domain socket (AF_UNIX)");
        // the path as this OS's file system spells it (\\tmp\\x.sock on Windows)
        assertLine(blocks.get(5), "path", UnixDomainSocketAddress.of("/tmp/x.sock").getPath().toString());
        assertLine(blocks.get(6), "kind", "TCP (the JDK's own sockets)");
        assertLine(blocks.get(6), "port", "8080");
    }

    @Test
    void loopbackAndVsockCidOneAreTheSameAddress() {
        HvsockCli.Result result = HvsockCli.run("address", "vsock:1:5000", "loopback:5000");
        assertEquals(0, result.exitCode(), result::toString);
        String[] blocks = result.stdout().split("\\R\\R");
        assertLine(blocks[0], "hyper-v", "loopback:5000 (loopback: this partition)");
        assertLine(blocks[0], "guid pair", LOOPBACK + ":" + PORT_5000_SERVICE);
        assertLine(blocks[1], "guid pair", LOOPBACK + ":" + PORT_5000_SERVICE);
        assertLine(blocks[1], "vsock", "vsock:1:5000 (what Linux uses for this address)");
    }

    @Test
    void aVsockPortAboveTheHyperVRangeIsAVsockAddressWithoutAServiceId() {
        // hvsocket.h: "Valid port mappings are 0-0x7FFFFFFF"; Linux itself uses the ports above
        HvsockCli.Result result = HvsockCli.run("address", "vsock:1:4000000000");
        assertEquals(0, result.exitCode(), result::toString);
        assertLine(result.stdout(), "port", "4000000000 (0xee6b2800)");
        assertTrue(result.stdout().lines().anyMatch(l -> l.startsWith("service id:    none: hvsocket.h maps only")),
                result.stdout());
        assertLine(result.stdout(), "hyper-v", "none");
    }

    @Test
    void oneBadAddressPrintsNothingElse() {
        HvsockCli.Result result = HvsockCli.run("address", "parent:5000", "vsock:1:-1");
        CliUsageTest.assertOneLineError(result, 2, "bad address \"vsock:1:-1\"");
        assertEquals("", result.stdout(), result::toString);
    }

    private static void assertLine(String block, String name, String value) {
        String expected = String.format("%-14s %s", name + ":", value);
        assertTrue(block.lines().anyMatch(expected::equals), () -> "want line \"" + expected + "\" in\n" + block);
    }
}
