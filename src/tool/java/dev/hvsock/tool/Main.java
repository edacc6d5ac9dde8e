package dev.hvsock.tool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hvsock}: nc and socat for Hyper-V sockets, vsock and Unix sockets, built on hvsock-nio.
 * Every error ends the command with one line on stderr and an {@link ExitCode}; {@code --debug} adds the
 * stack trace.
 */
public final class Main {
    static final List<Command> COMMANDS = List.of(
            new DemoCommand(), new ListenCommand(), new ConnectCommand(), new RelayCommand(),
            new AddressCommand(), new ServicesCommand(), new VmsCommand(), new WhoamiCommand());

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args);
        System.out.flush();
        System.err.flush();
        // Exit explicitly: a stdin reader blocked on a terminal must not keep the JVM alive.
        System.exit(status);
    }

    static int run(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean debug = args.contains("--debug");
        if (args.isEmpty()) {
            printOverview(System.err);
            return ExitCode.USAGE.code;
        }
        String first = args.getFirst();
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (args.size() > 1 && !args.get(1).startsWith("-")) {
                Command command = find(args.get(1));
                if (command == null) {
                    return fail(null,
                            CliException.usage("unknown command \"" + args.get(1) + "\" (see: hvsock --help)"), debug);
                }
                printHelp(command, System.out);
            } else {
                printOverview(System.out);
            }
            return ExitCode.OK.code;
        }
        if (first.equals("--version")) {
            System.out.println("hvsock " + version());
            return ExitCode.OK.code;
        }
        if (first.equals("--debug") && args.size() > 1) {
            args.removeFirst();
            first = args.getFirst();
        }
        Command command = find(first);
        if (command == null) {
            return fail(null, CliException.usage(first.startsWith("-")
                    ? "unknown option " + first + " (see: hvsock --help)"
                    : "unknown command \"" + first + "\" (see: hvsock --help)"), debug);
        }
        List<Option> options = new ArrayList<>(command.options());
        options.add(Option.HELP);
        options.add(Option.DEBUG);
        try {
            Arguments parsed = Arguments.parse(command.name(), options, args.subList(1, args.size()));
            if (parsed.flag("help")) {
                printHelp(command, System.out);
                return ExitCode.OK.code;
            }
            return command.run(parsed).code;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e && !(t instanceof OutOfMemoryError)) {
                throw e;
            }
            return fail(command, t, debug);
        }
    }

    private static int fail(Command command, Throwable t, boolean debug) {
        Failures.Failure failure = Failures.classify(t);
        System.out.flush();
        System.err.println("hvsock" + (command != null ? " " + command.name() : "") + ": " + failure.message());
        if (debug) {
            t.printStackTrace(System.err);
        }
        return failure.exitCode().code;
    }

    private static Command find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    private static void printOverview(PrintStream out) {
        out.println("""
                Usage: hvsock COMMAND [OPTIONS] [ARGS]

                nc and socat for Hyper-V sockets (AF_HYPERV), vsock (AF_VSOCK) and Unix sockets,
                built on the hvsock-nio library.

                Commands:""");
        for (Command c : COMMANDS) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println("""

                Addresses: unix:PATH, tcp:HOST:PORT, vsock:CID:PORT, or Hyper-V VM:SERVICE
                (e.g. parent:5000, wsl:5000, myvm:5000, loopback:00001388-facb-11e6-bd58-64006a7986d3);
                see: hvsock address --help

                Every command takes --help and --debug. Exit status: 0 ok, 1 I/O or runtime failure,
                2 usage error, 3 refused or unreachable, 4 timeout, 5 permission denied,
                6 not available on this platform.

                hvsock --version prints the version.""");
    }

    static void printHelp(Command command, PrintStream out) {
        out.println("Usage: " + command.synopsis());
        out.println();
        out.println(command.description().stripTrailing());
        out.println();
        out.println("Options:");
        List<Option> all = new ArrayList<>(command.options());
        all.add(Option.HELP);
        all.add(Option.DEBUG);
        int width = all.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
        for (Option o : all) {
            out.printf("  %-" + width + "s  %s%n", o.synopsis(), o.description());
        }
    }
}
