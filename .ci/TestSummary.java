import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The GitHub job summary of a test run: per conformance family (each *ConformanceTest class, its nested
 * classes included) and in total, the tests run, failed and skipped, as Markdown. Reads the Surefire XML
 * reports of the given directories (missing ones are passed over). Run with the JDK's source launcher, on any
 * runner: java .ci/TestSummary.java target/surefire-reports ... >> "$GITHUB_STEP_SUMMARY"
 */
public final class TestSummary {
    private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

    private record Counts(long tests, long failures, long errors, long skipped) {
        Counts plus(Counts o) {
            return new Counts(tests + o.tests, failures + o.failures, errors + o.errors, skipped + o.skipped);
        }

        String row(String name) {
            return "| " + name + " | " + tests + " | " + (failures + errors) + " | " + skipped + " |";
        }
    }

    private TestSummary() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("### Tests" + (System.getenv("RUNNER_OS") != null ? " on " + System.getenv("RUNNER_OS") : ""));
        for (String dir : args) {
            Path reports = Path.of(dir);
            if (!Files.isDirectory(reports)) {
                lines.add("");
                lines.add("`" + dir + "`: no reports");
                continue;
            }
            Map<String, Counts> families = new TreeMap<>();
            Counts total = new Counts(0, 0, 0, 0);
            try (Stream<Path> files = Files.list(reports)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    Matcher m = SUITE.matcher(Files.readString(file));
                    if (!m.find()) {
                        continue;
                    }
                    String attributes = m.group(1);
                    Counts counts = new Counts(count(attributes, "tests"), count(attributes, "failures"),
                            count(attributes, "errors"), count(attributes, "skipped"));
                    total = total.plus(counts);
                    String name = attribute(attributes, "name");
                    String top = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                    if (top.endsWith("ConformanceTest")) {
                        families.merge(top.substring(top.lastIndexOf('.') + 1), counts, Counts::plus);
                    }
                }
            }
            lines.add("");
            lines.add("`" + dir + "`");
            lines.add("");
            lines.add("| family | tests | failed | skipped |");
            lines.add("| --- | ---: | ---: | ---: |");
            families.forEach((family, counts) -> lines.add(counts.row(family)));
            lines.add(total.row("**all**"));
        }
        lines.forEach(System.out::println);
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : "";
    }

    private static long count(String attributes, String name) {
        String value = attribute(attributes, name);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
