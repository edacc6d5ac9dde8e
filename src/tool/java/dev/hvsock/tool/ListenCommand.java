package dev.hvsock.tool;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/** {@code hvsock listen ADDRESS}: accept a connection and pipe it to stdin/stdout. */
final class ListenCommand implements Command {
    @Override
    public String name() {
        return "listen";
    }

    @Override
    public String summary() {
        return "accept a connection on ADDRESS and pipe stdin/stdout through it (like nc -l -N)";
    }

    @Override
    public String synopsis() {
        return "hvsock listen [OPTIONS] ADDRESS";
    }

    @Override
    public String description() {
        return """
                Listens on ADDRESS, accepts one connection, sends stdin through it and writes what arrives
                to stdout. At the end of stdin the sending side is shut down (half-close); the command ends
                when both directions are done. A Unix socket file it created is removed on exit.

                With --keep-open it accepts connections one after another until interrupted, writing each
                one's data to stdout; stdin is not read then (each connection's sending side is shut down
                at once), so it works as a collector.

                ADDRESS: unix:PATH, tcp:HOST:PORT, vsock:CID:PORT (CID any: every CID of this machine; port
                any: the kernel picks one), or a Hyper-V address VM:SERVICE (wildcard:5000 listens for
                every partition). --verbose prints the actual address, e.g. the port that was picked.

                Examples:
                  hvsock listen vsock:any:5000 > received.bin        # in a Linux guest
                  hvsock listen wildcard:5000 < file.bin             # on a Windows host (registered service)
                  hvsock listen -k unix:/tmp/log.sock >> log.txt""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag("keep-open", "k", "accept connections one after another until interrupted; stdin "
                        + "is not read"),
                Option.flag("verbose", "v", "report the listening address, each connection and byte counts on stderr"));
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        Endpoint local = Endpoint.parse(args.expect("ADDRESS").getFirst());
        boolean keepOpen = args.flag("keep-open");
        boolean verbose = args.flag("verbose");
        ServerSocketChannel server = local.listen(keepOpen ? 16 : 1);
        // Only now is the socket file ours to remove (a failed bind may have hit someone else's).
        Runtime.getRuntime().addShutdownHook(new Thread(local::removeSocketFile, "hvsock-cleanup"));
        try (server) {
            if (verbose) {
                System.err.println("hvsock listen: listening on " + Endpoint.format(server.getLocalAddress()));
            }
            do {
                try (SocketChannel channel = server.accept()) {
                    if (verbose) {
                        System.err.println("hvsock listen: connection from "
                                + Endpoint.format(channel.getRemoteAddress()));
                    }
                    StdioBridge bridge = new StdioBridge();
                    bridge.run(channel, !keepOpen);
                    if (verbose) {
                        System.err.println("hvsock listen: sent " + bridge.sent() + " bytes, received "
                                + bridge.received() + " bytes");
                    }
                } catch (IOException e) {
                    if (!keepOpen || !server.isOpen()) {
                        throw e;
                    }
                    // one failed connection does not end a collector
                    System.err.println("hvsock listen: " + Failures.messageOf(e));
                }
            } while (keepOpen);
        } finally {
            local.removeSocketFile();
        }
        return ExitCode.OK;
    }
}
