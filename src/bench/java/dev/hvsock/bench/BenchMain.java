package dev.hvsock.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the whole comparison (docs/performance.md): every scenario for every contender in one run, the
 * contenders alternating within each round, then JMH; writes results.md, results.csv and
 * performance.png into the output directory.
 *
 * <pre>
 * BenchMain --mode=full|smoke --out=DIR --c-source=src/bench/c/unix_bench.c [--rounds=N]
 *           [--only=bulk,pingpong,selector,many,connect,vthreads,jmh]
 * </pre>
 * {@code smoke} runs every scenario at a tiny size, to check that the benchmarks still work; its numbers
 * mean nothing.
 */
public final class BenchMain {
    private static final int PING_SIZE = 64;

    /** How much each scenario does; {@link #FULL} is the documented run, {@link #SMOKE} a few seconds. */
    record Plan(String mode, int rounds, long bulkBytes, int bulkChunk, int pingWarmup, int pingTrips,
                int[] idleLevels, int selectRounds, int selectWarmup, int selectPings, double selectSeconds,
                int manyConnections, int manySize, int manyTrips, int connects,
                int vtConnections, int vtTrips, int vtRounds,
                int jmhForks, int jmhWarmups, int jmhIterations, long jmhMillis) {
        Plan withRounds(int n) {
            return new Plan(mode, n, bulkBytes, bulkChunk, pingWarmup, pingTrips, idleLevels, n, selectWarmup,
                    selectPings, selectSeconds, manyConnections, manySize, manyTrips, connects, vtConnections,
                    vtTrips, Math.min(n, vtRounds), jmhForks, jmhWarmups, jmhIterations, jmhMillis);
        }
    }

    static final Plan FULL = new Plan("full", 7, 1L << 30, 64 * 1024, 10_000, 100_000,
            new int[] {1, 100, 1_000, 10_000}, 5, 5_000, 100_000, 1.0,
            1_000, 1024, 50, 5_000,
            10_000, 10, 3,
            1, 2, 3, 1000);
    static final Plan SMOKE = new Plan("smoke", 1, 8L << 20, 64 * 1024, 100, 500,
            new int[] {1, 100}, 1, 50, 200, 0.05,
            50, 1024, 5, 200,
            200, 3, 1,
            0, 0, 1, 50);

    private final Plan plan;
    private final Path out;
    private final Path socketDir;
    private final Results results = new Results();
    private final List<Contender.Nio> java = new ArrayList<>();
    private Contender.C c;
    private int socketCounter;

    private BenchMain(Plan plan, Path out) throws IOException {
        this.plan = plan;
        this.out = out;
        // sun_path holds 108 bytes: keep socket paths short, away from deep build directories
        this.socketDir = Files.createTempDirectory(Path.of("/tmp"), "hvbench");
    }

    public static void main(String[] args) throws Exception {
        String mode = "full";
        Path out = Path.of("target/bench");
        Path cSource = Path.of("src/bench/c/unix_bench.c");
        List<String> only = List.of();
        int rounds = 0;
        for (String a : args) {
            if (a.startsWith("--mode=")) {
                mode = a.substring(7);
            } else if (a.startsWith("--out=")) {
                out = Path.of(a.substring(6));
            } else if (a.startsWith("--c-source=")) {
                cSource = Path.of(a.substring(11));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--only=")) {
                only = List.of(a.substring(7).split(","));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        Plan chosen = switch (mode) {
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("--mode=full or --mode=smoke, not " + mode);
        };
        Plan plan = rounds > 0 ? chosen.withRounds(rounds) : chosen;
        Files.createDirectories(out);
        Thread watchdog = Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(plan.mode().equals("full") ? 40 * 60_000 : 5 * 60_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench: took far too long, giving up; threads:");
            Thread.getAllStackTraces().forEach((t, st) -> {
                System.err.println(t);
                for (StackTraceElement e : st) {
                    System.err.println("    at " + e);
                }
            });
            Runtime.getRuntime().halt(3);
        });
        BenchMain bench = new BenchMain(plan, out);
        try {
            bench.run(cSource, only);
        } finally {
            bench.deleteSocketDir();
            watchdog.interrupt();
        }
    }

    private void run(Path cSource, List<String> only) throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        long fileLimit = FileLimit.raise(200_000);
        results.note("Open-file limit (RLIMIT_NOFILE) for the run: " + fileLimit + ".");
        Path exe = CProgram.build(cSource, out);
        if (exe != null) {
            c = new Contender.C("C", exe);
        } else {
            results.note("The C contender is missing: gcc was not available or failed.");
        }
        for (Contender.Nio n : Contender.JAVA) {
            try {
                try (var s = n.openSelector()) {
                    java.add(n);
                }
            } catch (Throwable t) {
                if (n == Contender.HVSOCK || n == Contender.JDK) {
                    throw t;
                }
                results.note(n.name() + " could not start here and is left out: " + t);
            }
        }
        System.out.printf("bench: mode %s, contenders %s%s, file limit %d%n", plan.mode(),
                java.stream().map(Contender::name).toList(), c != null ? " + C" : "", fileLimit);

        if (selected(only, "bulk")) {
            bulk();
        }
        if (selected(only, "pingpong")) {
            pingPong();
        }
        if (selected(only, "selector")) {
            selectorScaling(fileLimit);
        }
        if (selected(only, "many")) {
            manyConnections();
        }
        if (selected(only, "connect")) {
            connectRate();
        }
        if (selected(only, "vthreads")) {
            virtualThreads(fileLimit);
        }
        if (selected(only, "jmh")) {
            jmh();
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        results.note(String.format("The whole run took %.1f minutes; load average (1, 5, 15 min) %s at the start,"
                + " %s at the end: the machine is shared, which is why contenders alternate within each round.",
                minutes, loadBefore, loadAverage()));
        Report.write(results, plan, out, java.stream().map(Contender::name).toList(), c != null);
        System.out.printf("bench: done in %.1f min; %s%n", minutes, out.resolve("results.md"));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean selected(List<String> only, String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    // ------------------------------------------------------------------ alternation

    /** One measurement of one contender; {@code measured} is false in the warm-up round. */
    private interface Trial {
        void run(boolean measured) throws Exception;
    }

    private record Named(String contender, Trial trial) {
    }

    /**
     * One warm-up round, then {@code rounds} measured ones; each round runs every trial once, starting
     * one further along the list each time, so no contender always runs first or right after another.
     */
    private void alternate(String scenario, int rounds, List<Named> trials) throws Exception {
        for (int r = -1; r < rounds; r++) {
            int shift = Math.floorMod(r, trials.size());
            for (int i = 0; i < trials.size(); i++) {
                Named t = trials.get((i + shift) % trials.size());
                t.trial().run(r >= 0);
            }
            System.out.printf("bench: %s round %d/%d%n", scenario, r + 1, rounds);
        }
    }

    private Path socketPath() throws IOException {
        Path p = socketDir.resolve("s" + socketCounter++);
        Files.deleteIfExists(p);
        return p;
    }

    private void deleteSocketDir() throws IOException {
        try (Stream<Path> files = Files.list(socketDir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(socketDir);
    }

    // ------------------------------------------------------------------ scenarios

    private void bulk() throws Exception {
        String scenario = "Bulk 1 GiB one way, 64 KiB writes, blocking";
        if (!plan.mode().equals("full")) {
            scenario = "Bulk " + (plan.bulkBytes() >> 20) + " MiB one way, 64 KiB writes, blocking";
        }
        var direct = results.metric("bulk.direct", scenario + ", direct buffers", "MiB/s", true);
        var heap = results.metric("bulk.heap", scenario + ", heap buffers", "MiB/s", true);
        List<Named> trials = new ArrayList<>();
        for (Contender.Nio n : java) {
            trials.add(new Named(n.name(), m -> record(m, direct, n,
                    Bulk.java(n, socketPath(), plan.bulkBytes(), plan.bulkChunk(), true))));
            trials.add(new Named(n.name(), m -> record(m, heap, n,
                    Bulk.java(n, socketPath(), plan.bulkBytes(), plan.bulkChunk(), false))));
        }
        if (c != null) {
            // C has no heap or direct buffers: the same loop is the limit for both rows
            trials.add(new Named(c.name(), m -> {
                double v = Bulk.c(c, socketPath(), plan.bulkBytes(), plan.bulkChunk());
                record(m, direct, c, v);
                record(m, heap, c, v);
            }));
        }
        alternate("bulk", plan.rounds(), trials);
    }

    private void pingPong() throws Exception {
        String trips = plan.mode().equals("full") ? "100k" : String.valueOf(plan.pingTrips());
        List<Named> trials = new ArrayList<>();
        for (boolean selector : new boolean[] {false, true}) {
            String kind = selector ? "selector" : "blocking";
            String scenario = "Ping-pong 64 B, " + trips + " round trips, " + kind;
            var median = results.metric("pingpong." + kind + ".median", scenario + ", median", "µs", false);
            var p99 = results.metric("pingpong." + kind + ".p99", scenario + ", p99", "µs", false);
            for (Contender.Nio n : java) {
                trials.add(new Named(n.name(), m -> {
                    var l = PingPong.java(n, socketPath(), plan.pingWarmup(),
                            m ? plan.pingTrips() : plan.pingTrips() / 5, PING_SIZE, selector);
                    record(m, median, n, l.medianNanos() / 1000);
                    record(m, p99, n, l.p99Nanos() / 1000);
                }));
            }
            if (c != null) {
                trials.add(new Named(c.name(), m -> {
                    var l = PingPong.c(c, socketPath(), plan.pingWarmup(),
                            m ? plan.pingTrips() : plan.pingTrips() / 5, PING_SIZE, selector);
                    record(m, median, c, l.medianNanos() / 1000);
                    record(m, p99, c, l.p99Nanos() / 1000);
                }));
            }
        }
        alternate("ping-pong", plan.rounds(), trials);
    }

    private void selectorScaling(long fileLimit) throws Exception {
        // Each idle channel is one descriptor (both ends of a pair are registered); the C program has its own limit.
        long budget = fileLimit - 1_500;
        List<Integer> levels = new ArrayList<>();
        for (int level : plan.idleLevels()) {
            if (level <= budget) {
                levels.add(level);
            }
        }
        if (levels.size() < plan.idleLevels().length) {
            levels.add((int) budget);
            results.note("Selector scaling stops at " + budget + " idle channels: the open-file limit is "
                    + fileLimit + " and could not be raised.");
        }
        Map<Contender.Nio, SelectorScaling> live = new java.util.LinkedHashMap<>();
        try {
            for (int level : levels) {
                var metric = results.metric("select." + level,
                        "Select-and-ping, " + level + " idle channel" + (level == 1 ? "" : "s") + " registered",
                        "ns", false);
                if ((long) java.size() * level > budget) {
                    results.note("Selector scaling at " + level + " idle channels: the Java contenders' channels do"
                            + " not all fit the open-file limit (" + fileLimit + ") at once, so each measurement"
                            + " builds its contender's channels afresh.");
                }
                List<Named> trials = new ArrayList<>();
                for (Contender.Nio n : java) {
                    trials.add(new Named(n.name(), m -> {
                        SelectorScaling s = live.get(n);
                        long open = live.values().stream().mapToLong(SelectorScaling::descriptors).sum();
                        long growth = level + 10 - (s == null ? 0 : s.descriptors());
                        if (open + growth > budget) {
                            // make room: the other contenders build theirs again when their turn comes
                            for (var it = live.entrySet().iterator(); it.hasNext(); ) {
                                var e = it.next();
                                if (e.getKey() != n) {
                                    e.getValue().close();
                                    it.remove();
                                }
                            }
                        }
                        if (s == null) {
                            s = new SelectorScaling(n, socketPath());
                            live.put(n, s);
                        }
                        s.growTo(level);
                        record(m, metric, n,
                                s.nanosPerPing(plan.selectWarmup(), plan.selectPings(), plan.selectSeconds()));
                    }));
                }
                if (c != null) {
                    trials.add(new Named(c.name(), m -> record(m, metric, c, SelectorScaling.c(c, level,
                            plan.selectWarmup(), plan.selectPings(), plan.selectSeconds()))));
                }
                alternate("select-and-ping at " + level + " idle", plan.selectRounds(), trials);
            }
        } finally {
            for (SelectorScaling s : live.values()) {
                s.close();
            }
        }
    }

    private void manyConnections() throws Exception {
        String scenario = "Echo, " + plan.manyConnections() + " connections through one selector thread, "
                + plan.manySize() + " B messages";
        var metric = results.metric("many", scenario, "MiB/s", true);
        List<Named> trials = new ArrayList<>();
        for (Contender.Nio n : java) {
            trials.add(new Named(n.name(), m -> record(m, metric, n, ManyConnections.java(n, socketPath(),
                    plan.manyConnections(), plan.manySize(), plan.manyTrips()))));
        }
        if (c != null) {
            trials.add(new Named(c.name(), m -> record(m, metric, c, ManyConnections.c(c, socketPath(),
                    plan.manyConnections(), plan.manySize(), plan.manyTrips()))));
        }
        alternate("many connections", plan.rounds(), trials);
    }

    private void connectRate() throws Exception {
        var metric = results.metric("connect", "Connect + accept + close", "per s", true);
        // the connect path runs much code once per connection: the warm-up round makes four times as many
        List<Named> trials = new ArrayList<>();
        for (Contender.Nio n : java) {
            trials.add(new Named(n.name(), m -> record(m, metric, n,
                    ConnectRate.java(n, socketPath(), m ? plan.connects() : 4 * plan.connects()))));
        }
        if (c != null) {
            trials.add(new Named(c.name(), m -> record(m, metric, c,
                    ConnectRate.c(c, socketPath(), m ? plan.connects() : 4 * plan.connects()))));
        }
        alternate("connect rate", plan.rounds(), trials);
    }

    private void virtualThreads(long fileLimit) throws Exception {
        // The server's ends live in this process; the C clients' ends in theirs, unless Java clients stand in.
        long perConnection = c != null ? 1 : 2;
        int connections = (int) Math.min(plan.vtConnections(), Math.max(10, (fileLimit - 1_500) / perConnection));
        if (connections < plan.vtConnections()) {
            results.note("Virtual threads: " + connections + " connections instead of " + plan.vtConnections()
                    + ", as the open-file limit is " + fileLimit + " and could not be raised.");
        }
        String scenario = connections + " connections, a virtual-thread server thread each, " + plan.vtTrips()
                + " round trips of 64 B each";
        var rate = results.metric("vthreads", scenario, "trips/s", true);
        var carriers = results.metric("vthreads.carriers", "Carrier threads that ran those virtual threads",
                "threads", false);
        List<Named> trials = new ArrayList<>();
        for (Contender.Nio n : java) {
            trials.add(new Named(n.name(), m -> {
                int count = m ? connections : Math.min(connections, 1000);
                var o = c != null
                        ? VirtualThreads.withCClients(n, c, socketPath(), count, plan.vtTrips(), PING_SIZE)
                        : VirtualThreads.withJavaClients(n, socketPath(), count, plan.vtTrips(), PING_SIZE);
                record(m, rate, n, o.tripsPerSecond());
                record(m, carriers, n, o.carriers());
            }));
        }
        results.note("Virtual threads: the server is each Java contender's; the clients are "
                + (c != null ? "the C program's epoll loop in its own process, the same for every contender"
                        : "virtual threads on the same contender's channels") + ". The C program has no"
                + " virtual-thread server and has no value in that row. Carrier threads are counted from the server's"
                + " virtual threads' names, sampled at their first round trip and at the end.");
        alternate("virtual threads", plan.vtRounds(), trials);
    }

    private void record(boolean measured, Results.Metric metric, Contender contender, double value) {
        if (measured) {
            results.add(metric, contender.name(), value);
        }
    }

    // ------------------------------------------------------------------ JMH

    private void jmh() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DowncallBenchmark.class.getName())
                .param("impl", java.stream().map(Contender::name).toArray(String[]::new))
                .forks(plan.jmhForks())
                .warmupIterations(plan.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(plan.jmhMillis()))
                .measurementIterations(plan.jmhIterations())
                .measurementTime(TimeValue.milliseconds(plan.jmhMillis()))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .result(out.resolve("jmh.json").toString())
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON);
        Collection<RunResult> runs = new Runner(options.build()).run();
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing((RunResult r) -> r.getParams().getParam("mode"))
                .thenComparing(r -> r.getParams().getParam("buffer")));
        for (RunResult r : sorted) {
            BenchmarkParams p = r.getParams();
            String buffer = p.getParam("buffer");
            String mode = p.getParam("mode");
            String impl = p.getParam("impl");
            String id = "jmh." + mode + "." + buffer;
            var time = results.metric(id, "JMH: 64 B write + read, " + mode + ", " + buffer + " buffer", "ns/op",
                    false);
            var alloc = results.metric(id + ".alloc", "JMH: allocated per write + read, " + mode + ", " + buffer
                    + " buffer (gc.alloc.rate.norm)", "B/op", false);
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    results.add(time, impl, i.getPrimaryResult().getScore());
                }
            }
            Map<String, Result> secondary = r.getSecondaryResults();
            Result norm = secondary.get("gc.alloc.rate.norm");
            if (norm == null) {
                norm = secondary.get("·gc.alloc.rate.norm");
            }
            if (norm != null) {
                results.add(alloc, impl, norm.getScore());
            }
        }
    }
}
