package dev.hvsock.frameworks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps docs/frameworks.md honest: every Java block in it is a region between {@code // tag::NAME[]} and
 * {@code // end::NAME[]} of this package's test sources or of the sample project's sources (the code the tests
 * run, and the sample, built against the published jar alone), verbatim up to common indentation, and every
 * such region appears in the document.
 */
class RecipesInDocsTest {
    /** Where the recipes are: this package's tests, and the sample project (src/it/netty-sample). */
    private static final List<String> RECIPE_DIRECTORIES = List.of("src/test/java/dev/hvsock/frameworks",
            "src/it/netty-sample/src/main/java/dev/hvsock/sample");
    private static final Pattern MARKER = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[]\\s*$");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```\\s*$");

    private static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /** The tagged regions of every source file in the recipe directories, dedented, by tag name. */
    static Map<String, String> recipes() throws IOException {
        Map<String, String> recipes = new LinkedHashMap<>();
        List<Path> sources = new ArrayList<>();
        for (String dir : RECIPE_DIRECTORIES) {
            try (Stream<Path> files = Files.list(projectDir().resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        for (Path source : sources) {
            Map<String, List<String>> open = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKER.matcher(lines.get(i));
                if (m.matches() && m.group(1).equals("tag")) {
                    if (open.put(m.group(2), new ArrayList<>()) != null || recipes.containsKey(m.group(2))) {
                        fail("tag " + m.group(2) + " opened twice (" + source.getFileName() + ":" + (i + 1) + ")");
                    }
                } else if (m.matches()) {
                    List<String> region = open.remove(m.group(2));
                    if (region == null) {
                        fail("end::" + m.group(2) + " without its tag (" + source.getFileName() + ":" + (i + 1) + ")");
                    }
                    recipes.put(m.group(2), dedent(region));
                } else {
                    for (List<String> region : open.values()) {
                        region.add(lines.get(i));
                    }
                }
            }
            assertTrue(open.isEmpty(), "tags never ended in " + source.getFileName() + ": " + open.keySet());
        }
        return recipes;
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** Strings, characters and line comments removed, so that what is left shows the code's brackets. */
    private static String codeOnly(String code) {
        return code.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("'(?:\\\\.|[^'\\\\])'", "' '")
                .replaceAll("//[^\n]*", "");
    }

    @Test
    void everyRecipeIsWholeCode() throws IOException {
        recipes().forEach((name, code) -> {
            String bare = codeOnly(code);
            for (String pair : List.of("{}", "()", "[]")) {
                long open = bare.chars().filter(c -> c == pair.charAt(0)).count();
                long close = bare.chars().filter(c -> c == pair.charAt(1)).count();
                assertEquals(open, close, "recipe " + name + " has unbalanced " + pair + ": copied alone, it "
                        + "would not compile");
            }
        });
    }

    @Test
    void everyJavaBlockOfTheDocumentIsARecipeTheTestsRun() throws IOException {
        Path doc = projectDir().resolve("docs/frameworks.md");
        Map<String, String> recipes = recipes();
        assertFalse(recipes.isEmpty(), "no tagged recipes found");

        String text = Files.readString(doc).replace("\r\n", "\n");
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }

        List<String> untested = new ArrayList<>();
        for (String block : blocks) {
            if (!recipes.containsValue(dedent(block.lines().toList()))) {
                untested.add(block.lines().limit(3).toList() + "...");
            }
        }
        assertEquals(List.of(), untested, "Java blocks in " + doc + " that are no tagged test code (verbatim)");

        List<String> missing = new ArrayList<>();
        recipes.forEach((name, code) -> {
            if (blocks.stream().noneMatch(b -> dedent(b.lines().toList()).equals(code))) {
                missing.add(name);
            }
        });
        assertEquals(List.of(), missing, "recipes the tests run but " + doc + " does not show (as ```java blocks)");
    }
}
