package dev.hvsock.sample;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import io.netty.util.Version;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program that uses hvsock-nio as a user does: the line protocol through Netty, and gRPC, over Unix
 * sockets ({@code unix DIR}: socket files in DIR) or over the vsock loopback ({@code vsock}: CID 1, ports the
 * kernel picks). Prints what it did; exits with 1 if anything went wrong.
 */
public final class SampleMain {
    private SampleMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("unix") && args.length == 2 || args[0].equals("vsock"))) {
            System.out.println("usage: SampleMain unix DIR | vsock");
            System.exit(2);
        }
        System.out.println("netty-transport " + Version.identify().get("netty-transport").artifactVersion());
        String expected;
        String line;
        GrpcRoundTrips.Outcome grpc;
        if (args[0].equals("unix")) {
            Path dir = Path.of(args[1]);
            expected = "HELLO, HVSOCK-NIO";
            line = LineProtocolRecipes.helloOverUnix(dir.resolve("line.sock"));
            grpc = GrpcRoundTrips.run(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(dir.resolve("grpc.sock")),
                    bound -> bound);
            if (Files.exists(dir.resolve("line.sock")) || Files.exists(dir.resolve("grpc.sock"))) {
                System.out.println("FAIL: a socket file outlived its server");
                System.exit(1);
            }
        } else {
            expected = "HELLO OVER VSOCK";
            // the loopback CID only: the sample never connects anywhere else
            line = LineProtocolRecipes.helloOverVsock(VsockAddress.PORT_ANY, VsockAddress.CID_LOCAL);
            grpc = GrpcRoundTrips.run(HvProtocolFamily.VSOCK,
                    VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY),
                    bound -> VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) bound).port()));
        }
        System.out.println("line protocol: " + line);
        System.out.println("gRPC: " + grpc);
        boolean ok = expected.equals(line) && grpc.ok();
        System.out.println(ok ? "PASS" : "FAIL");
        System.exit(ok ? 0 : 1);
    }
}
