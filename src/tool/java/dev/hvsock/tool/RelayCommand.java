package dev.hvsock.tool;

import java.io.Console;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hvsock relay FROM TO}: accepts on FROM and forwards each connection to a new connection to TO.
 * Each connection gets its own pair of virtual threads, so thousands can be open at once.
 */
final class RelayCommand implements Command {
    private static final int BACKLOG = 128;
    private static final long STATUS_INTERVAL_MILLIS = 1000;
    private static final long ACCEPT_RETRY_MILLIS = 100;

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public String summary() {
        return "forward every connection accepted on FROM to TO (TCP, Hyper-V, vsock, Unix; like socat)";
    }

    @Override
    public String synopsis() {
        return "hvsock relay [OPTIONS] FROM TO";
    }

    @Override
    public String description() {
        return """
                Listens on FROM and, for every connection accepted there, connects to TO and copies bytes
                both ways until both sides are done. End-of-stream from one side is passed on as a
                half-close (shutdownOutput) to the other, so protocols that rely on it work; a failed side
                closes both. Many connections are relayed at once.

                FROM and TO are any two of unix:PATH, tcp:HOST:PORT, vsock:CID:PORT and Hyper-V VM:SERVICE.
                TCP uses the JDK's own sockets; the others go through hvsock-nio.

                On a terminal a status line shows open/total/failed connections, bytes forward (FROM to TO)
                and back, and the current rate. When the relay ends (Ctrl-C, SIGTERM or --count) it prints a
                summary line to stdout. The line "hvsock relay: listening on ADDRESS, forwarding to TO" on
                stdout says it is ready.

                Examples:
                  # Windows host: expose a Linux VM's vsock port 5000 as TCP port 8080 on the host
                  hvsock relay tcp:127.0.0.1:8080 myvm:5000     # the VM by name (or VMID:5000, wsl:5000)
                  # Linux guest or WSL2: reach a host's Hyper-V service 5000 through a local Unix socket
                  hvsock relay unix:/tmp/host-svc.sock parent:5000
                  # Linux guest: expose the guest's TCP service on vsock port 5000 for the host
                  hvsock relay vsock:any:5000 tcp:127.0.0.1:80""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("connect-timeout", "t", "SECONDS", "give up connecting to TO after this long (default "
                        + ConnectCommand.DEFAULT_TIMEOUT_MILLIS / 1000 + ")"),
                Option.valued("count", "c", "N", "accept N connections, then exit once they are done (exit status "
                        + "0 only if all were relayed)"),
                Option.flag("verbose", "v", "report every connection on stderr"));
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        List<String> positionals = args.expect("FROM", "TO");
        Endpoint from = Endpoint.parse(positionals.get(0));
        Endpoint to = Endpoint.parse(positionals.get(1));
        int timeout = args.millis("connect-timeout", ConnectCommand.DEFAULT_TIMEOUT_MILLIS);
        long count = args.positiveNumber("count", Long.MAX_VALUE);
        boolean verbose = args.flag("verbose");

        RelayStats stats = new RelayStats();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        ServerSocketChannel server = from.listen(BACKLOG);
        AtomicBoolean finished = new AtomicBoolean();
        Console console = System.console();
        boolean live = console != null && console.isTerminal();
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                if (live) {
                    synchronized (console) {
                        console.writer().print("\r\033[K");
                        console.writer().flush();
                    }
                }
                System.out.println(stats.summary());
                System.out.flush();
                closeQuietly(server);
                from.removeSocketFile();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(finish, "hvsock-relay-summary"));
        System.out.println("hvsock relay: listening on " + Endpoint.format(server.getLocalAddress())
                + ", forwarding to " + to);
        System.out.flush();
        if (live) {
            Thread.ofPlatform().daemon().name("hvsock-relay-status").start(() -> showStatus(console, stats, finished));
        }

        List<Thread> handlers = new ArrayList<>();
        try {
            long accepted = 0;
            while (accepted < count) {
                SocketChannel client = accept(server, from);
                if (client == null) {
                    if (!server.isOpen()) {
                        break; // shutting down
                    }
                    continue;
                }
                long id = ++accepted;
                stats.accepted.incrementAndGet();
                stats.open.incrementAndGet();
                Thread handler = Thread.ofVirtual().name("relay-" + id)
                        .start(() -> relay(id, client, to, timeout, verbose, stats, firstFailure));
                if (count != Long.MAX_VALUE) {
                    handlers.add(handler);
                }
            }
            closeQuietly(server);
            for (Thread handler : handlers) {
                handler.join();
            }
        } finally {
            finish.run();
        }
        Throwable failure = firstFailure.get();
        return failure == null ? ExitCode.OK : Failures.classify(failure).exitCode();
    }

    /** The next connection, or null if the listener was closed or accept failed (reported, after a pause). */
    private static SocketChannel accept(ServerSocketChannel server, Endpoint from) throws InterruptedException {
        try {
            return server.accept();
        } catch (ClosedChannelException e) {
            return null;
        } catch (IOException e) {
            if (server.isOpen()) {
                // e.g. out of file descriptors, or a connection aborted before it was accepted: not fatal
                System.err.println("hvsock relay: accept on " + from + ": " + Failures.messageOf(e));
                Thread.sleep(ACCEPT_RETRY_MILLIS);
            }
            return null;
        }
    }

    private static void relay(long id, SocketChannel client, Endpoint to, int timeout, boolean verbose,
                              RelayStats stats, AtomicReference<Throwable> firstFailure) {
        String peer = describePeer(client);
        try (client) {
            SocketChannel upstream;
            try {
                upstream = to.connect(timeout);
            } catch (Exception e) {
                fail(id, peer, e, stats, firstFailure);
                return;
            }
            if (verbose) {
                System.err.println("hvsock relay: #" + id + " " + peer + " -> " + to);
            }
            IOException failure = new RelayConnection(client, upstream, stats).run();
            if (failure != null) {
                fail(id, peer, failure, stats, firstFailure);
            } else if (verbose) {
                System.err.println("hvsock relay: #" + id + " done");
            }
        } catch (IOException | InterruptedException e) {
            fail(id, peer, e, stats, firstFailure);
        } finally {
            stats.open.decrementAndGet();
        }
    }

    private static void fail(long id, String peer, Throwable e, RelayStats stats,
                             AtomicReference<Throwable> firstFailure) {
        stats.failed.incrementAndGet();
        firstFailure.compareAndSet(null, e);
        System.err.println("hvsock relay: #" + id + " from " + peer + ": " + Failures.classify(e).message());
    }

    private static String describePeer(SocketChannel channel) {
        try {
            return Endpoint.format(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    private static void showStatus(Console console, RelayStats stats, AtomicBoolean finished) {
        try {
            while (!finished.get()) {
                Thread.sleep(STATUS_INTERVAL_MILLIS);
                synchronized (console) {
                    if (!finished.get()) {
                        console.writer().print("\r\033[K" + stats.statusLine());
                        console.writer().flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocketChannel server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listener only fails if it is already broken
        }
    }
}
