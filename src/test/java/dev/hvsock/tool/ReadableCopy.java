package dev.hvsock.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of the command's class directories that every user may read, for a command run as another user
 * (tests of what happens without rights): made once per test JVM under {@code java.io.tmpdir}, removed at exit.
 */
final class ReadableCopy {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static Path copy;

    private ReadableCopy() {
    }

    /** A directory holding {@code tool-classes} and {@code classes}, copies of the two directories given. */
    static synchronized Path of(Path toolClasses, Path libraryClasses) {
        if (copy == null) {
            try {
                Path root = Files.createTempDirectory("hvsock-cli-classes-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                Files.setPosixFilePermissions(root, DIRECTORY);
                copyTree(toolClasses, root.resolve("tool-classes"));
                copyTree(libraryClasses, root.resolve("classes"));
                copy = root;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a readable copy of the classes", e);
            }
        }
        return copy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, DIRECTORY);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, FILE);
                }
            }
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind harms nobody
        }
    }
}
