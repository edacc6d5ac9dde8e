package dev.hvsock;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency snippets in the docs name the version this checkout builds: every Maven
 * {@code <artifactId>hvsock-nio</artifactId><version>V</version>} and Gradle {@code dev.hvsock:hvsock-nio:V} in
 * README.md and docs/*.md has pom.xml's version (docs/frameworks.md once said 0.1.0, which did not exist while the
 * build made 0.1.0-SNAPSHOT), and the README says to install it first, since it is not on Maven Central.
 */
class DocumentedCoordinatesTest {
    private static final Pattern POM_VERSION = Pattern.compile(
            "<artifactId>hvsock-nio</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern MAVEN_SNIPPET = Pattern.compile(
            "<groupId>dev\\.hvsock</groupId>\\s*<artifactId>hvsock-nio</artifactId>\\s*<version>([^<]*)</version>");
    private static final Pattern GRADLE_SNIPPET = Pattern.compile("dev\\.hvsock:hvsock-nio:([^\"'\\s)]*)");

    private static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /** The version pom.xml builds: the one right after the project's own artifactId. */
    private static String builtVersion() throws IOException {
        Matcher m = POM_VERSION.matcher(Files.readString(projectDir().resolve("pom.xml")));
        assertTrue(m.find(), "pom.xml has no <artifactId>hvsock-nio</artifactId><version>");
        return m.group(1).strip();
    }

    private static List<String> versions(Pattern snippet, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = snippet.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyDependencySnippetNamesTheBuiltVersion() throws IOException {
        String version = builtVersion();
        List<Path> documents = new ArrayList<>(List.of(projectDir().resolve("README.md")));
        try (Stream<Path> docs = Files.list(projectDir().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        int snippets = 0;
        for (Path document : documents) {
            String text = Files.readString(document);
            for (String documented : versions(MAVEN_SNIPPET, text)) {
                assertEquals(version, documented, "Maven snippet in " + document.getFileName());
                snippets++;
            }
            for (String documented : versions(GRADLE_SNIPPET, text)) {
                assertEquals(version, documented, "Gradle snippet in " + document.getFileName());
                snippets++;
            }
        }
        assertTrue(snippets >= 3, "the README's Maven and Gradle snippets and docs/frameworks.md's: " + snippets);
    }

    @Test
    void theReadmeShowsBothBuildToolsAndTheInstallStep() throws IOException {
        String readme = Files.readString(projectDir().resolve("README.md"));
        assertFalse(versions(MAVEN_SNIPPET, readme).isEmpty(), "README: no Maven dependency snippet");
        assertFalse(versions(GRADLE_SNIPPET, readme).isEmpty(), "README: no Gradle dependency snippet");
        String framework = Files.readString(projectDir().resolve("docs/frameworks.md"));
        assertFalse(versions(MAVEN_SNIPPET, framework).isEmpty(), "docs/frameworks.md: no Maven dependency snippet");
        if (builtVersion().endsWith("-SNAPSHOT")) {
            // a snapshot is in no public repository: the reader must install it before a build can resolve it
            assertTrue(readme.contains("mvn -B -q -DskipTests install"), "README: the install step");
            assertTrue(readme.contains("mavenLocal()"), "README: Gradle reads ~/.m2 only with mavenLocal()");
        }
    }
}
