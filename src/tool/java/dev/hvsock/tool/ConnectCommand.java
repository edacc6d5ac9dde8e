package dev.hvsock.tool;

import java.nio.channels.SocketChannel;
import java.util.List;

/** {@code hvsock connect ADDRESS}: stdin to the connection, the connection to stdout. */
final class ConnectCommand implements Command {
    static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String summary() {
        return "connect to ADDRESS and pipe stdin/stdout through the connection (like nc -N)";
    }

    @Override
    public String synopsis() {
        return "hvsock connect [OPTIONS] ADDRESS";
    }

    @Override
    public String description() {
        return """
                Connects to ADDRESS, sends stdin through the connection and writes what comes back to stdout.
                At the end of stdin the connection's sending side is shut down (half-close, like nc -N): the
                peer sees end-of-stream and can still answer. The command ends when both directions are done.

                ADDRESS: unix:PATH, tcp:HOST:PORT, vsock:CID:PORT, or a Hyper-V address VM:SERVICE
                (parent:5000, loopback:5000, VMID:SERVICEID, and on a Windows host wsl:5000 or myvm:5000:
                names are looked up through the Host Compute Service, see: hvsock vms). On Linux a Hyper-V
                address goes through vsock and needs a vsock-template service id (a port).

                Examples:
                  hvsock connect unix:/tmp/echo.sock < request.bin > reply.bin
                  hvsock connect parent:5000               # from a Linux guest or WSL2 to a host service
                  hvsock connect vsock:3:5000              # from a Linux host to the guest with CID 3
                  hvsock connect wsl:5000                  # from the Windows host to WSL 2 (elevated)""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("timeout", "t", "SECONDS", "give up connecting after this long (default "
                        + DEFAULT_TIMEOUT_MILLIS / 1000 + ")"),
                Option.flag("verbose", "v", "report the connection and the byte counts on stderr"));
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        Endpoint target = Endpoint.parse(args.expect("ADDRESS").getFirst());
        int timeout = args.millis("timeout", DEFAULT_TIMEOUT_MILLIS);
        boolean verbose = args.flag("verbose");
        try (SocketChannel channel = target.connect(timeout)) {
            if (verbose) {
                System.err.println("hvsock connect: connected to " + Endpoint.format(channel.getRemoteAddress()));
            }
            StdioBridge bridge = new StdioBridge();
            bridge.run(channel, true);
            if (verbose) {
                System.err.println("hvsock connect: sent " + bridge.sent() + " bytes, received " + bridge.received()
                        + " bytes");
            }
        }
        return ExitCode.OK;
    }
}
