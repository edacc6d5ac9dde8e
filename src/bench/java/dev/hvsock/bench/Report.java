package dev.hvsock.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes a bench run as results.md (tables of medians and ratios, the targets), results.csv and performance.png. */
final class Report {
    static final String HVSOCK = "hvsock-nio";
    static final String JDK = "JDK";
    static final String C = "C";

    private Report() {
    }

    /** A target of issue 7: {@code value} (a ratio) must be at most, or at least, {@code limit}. */
    record Target(String what, double value, String shown, double limit, boolean atLeast) {
        boolean met() {
            return !Double.isNaN(value) && (atLeast ? value >= limit : value <= limit);
        }
    }

    static void write(Results results, BenchMain.Plan plan, Path out, List<String> javaContenders, boolean withC)
            throws IOException {
        List<String> contenders = new ArrayList<>(javaContenders);
        if (withC) {
            contenders.add(C);
        }
        List<Target> targets = targets(results);
        String machine = machine();
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(LocalDate.now()).append(", mode `").append(plan.mode()).append("`: ")
                .append(machine).append("\n\n");
        md.append("Each cell: the median over the measured rounds, ± half the range of the rounds in percent. ")
                .append("Ratios are hvsock-nio ÷ the other, in the row's unit ")
                .append("(↑: higher is better, ↓: lower is better).\n\n");
        md.append("| Scenario | Unit |");
        for (String c : contenders) {
            md.append(' ').append(c).append(" |");
        }
        md.append(" hvsock ÷ JDK |");
        if (withC) {
            md.append(" hvsock ÷ C |");
        }
        md.append('\n').append("|---|---|");
        md.append("---:|".repeat(contenders.size() + (withC ? 2 : 1))).append('\n');
        for (Results.Metric m : results.metrics()) {
            md.append("| ").append(m.scenario()).append(" | ").append(m.unit()).append(m.higherIsBetter() ? " ↑" : " ↓")
                    .append(" |");
            for (String c : contenders) {
                md.append(' ').append(cell(results.samples(m, c))).append(" |");
            }
            md.append(' ').append(ratio(results, m, JDK)).append(" |");
            if (withC) {
                md.append(' ').append(ratio(results, m, C)).append(" |");
            }
            md.append('\n');
        }
        md.append("\n| Target (issue 7) | Measured | Met |\n|---|---:|:---:|\n");
        for (Target t : targets) {
            md.append("| ").append(t.what()).append(" | ").append(t.shown()).append(" | ")
                    .append(Double.isNaN(t.value()) ? "n/a" : t.met() ? "yes" : "**no**").append(" |\n");
        }
        if (!results.notes().isEmpty()) {
            md.append('\n');
            for (String note : results.notes()) {
                md.append("- ").append(note).append('\n');
            }
        }
        Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.csv"), csv(results, contenders), StandardCharsets.UTF_8);
        Chart.draw(results, contenders, out.resolve("performance.png"), machine, targets);
        System.out.println(md);
    }

    private static String cell(List<Double> samples) {
        if (samples.isEmpty()) {
            return "–";
        }
        double median = Results.median(samples);
        String v = format(median);
        if (samples.size() > 1) {
            v += String.format(Locale.ROOT, " ±%.0f%%", Results.spreadPercent(samples));
        }
        return v;
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        } else if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        } else if (a >= 0.01 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.1e", v);
    }

    private static String ratio(Results results, Results.Metric m, String other) {
        double mine = Results.median(results.samples(m, HVSOCK));
        double theirs = Results.median(results.samples(m, other));
        if (Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", mine / theirs);
    }

    private static double ratio(Results results, String metricId, String other) {
        return results.median(metricId, HVSOCK) / results.median(metricId, other);
    }

    private static List<Target> targets(Results results) {
        List<Target> t = new ArrayList<>();
        for (String buffer : List.of("direct", "heap")) {
            String id = "bulk." + buffer;
            if (results.metric(id) != null) {
                t.add(times("Bulk, " + buffer + " buffers: ≥ 1.0× the JDK", ratio(results, id, JDK), 1.0, true));
                t.add(times("Bulk, " + buffer + " buffers: within 10% of C (≥ 0.9×)",
                        ratio(results, id, C), 0.9, true));
            }
        }
        for (String kind : List.of("blocking", "selector")) {
            String id = "pingpong." + kind;
            if (results.metric(id + ".median") != null) {
                t.add(times("Ping-pong " + kind + ", median: ≤ 1.05× the JDK",
                        ratio(results, id + ".median", JDK), 1.05, false));
                t.add(times("Ping-pong " + kind + ", p99: ≤ 1.1× the JDK",
                        ratio(results, id + ".p99", JDK), 1.1, false));
                t.add(times("Ping-pong " + kind + ", median: within 10% of C (≤ 1.1×)",
                        ratio(results, id + ".median", C), 1.1, false));
            }
        }
        List<String> levels = results.metrics().stream().map(Results.Metric::id).filter(id -> id.startsWith("select."))
                .collect(Collectors.toList());
        if (levels.size() >= 2) {
            String first = levels.get(0);
            String last = levels.get(levels.size() - 1);
            double v = results.median(last, HVSOCK) / results.median(first, HVSOCK);
            t.add(times("Select-and-ping at " + last.substring(7) + " idle ≤ 1.2× at " + first.substring(7) + " idle",
                    v, 1.2, false));
        }
        for (String mode : List.of("blocking", "non-blocking")) {
            for (String buffer : List.of("direct", "heap")) {
                String id = "jmh." + mode + "." + buffer + ".alloc";
                if (results.metric(id) != null) {
                    double v = results.median(id, HVSOCK);
                    t.add(new Target("No allocation per read/write, " + mode + ", " + buffer
                            + " buffer (gc.alloc.rate.norm ≈ 0, < 1 B/op)", v,
                            Double.isNaN(v) ? "–" : format(v) + " B/op", 1.0, false));
                }
            }
        }
        return t;
    }

    private static Target times(String what, double v, double limit, boolean atLeast) {
        return new Target(what, v, Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v), limit, atLeast);
    }

    private static String csv(Results results, List<String> contenders) {
        StringBuilder sb = new StringBuilder(
                "metric,scenario,unit,higher_is_better,contender,median,spread_percent,samples\n");
        for (Results.Metric m : results.metrics()) {
            for (String c : contenders) {
                List<Double> s = results.samples(m, c);
                if (s.isEmpty()) {
                    continue;
                }
                sb.append(m.id()).append(",\"").append(m.scenario().replace("\"", "'")).append("\",").append(m.unit())
                        .append(',').append(m.higherIsBetter()).append(',').append(c).append(',')
                        .append(String.format(Locale.ROOT, "%.4f,%.2f,", Results.median(s), Results.spreadPercent(s)))
                        .append(s.stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                                .collect(Collectors.joining(" "))).append('\n');
            }
        }
        return sb.toString();
    }

    /** nproc, CPU model, kernel, JDK, gcc: where the numbers came from. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException ignore) {
            // not Linux: leave it unknown
        }
        return String.format(Locale.ROOT, "nproc %d, CPU %s, Linux %s, %s %s (%s), %s",
                Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                CProgram.gccVersion());
    }
}
