package dev.hvsock.frameworks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process's socket, epoll and eventfd descriptors (Linux, from {@code /proc/self/fd}): the kinds
 * hvsock-nio opens. Other descriptors (jars, pipes, the JVM's own files) come and go with class loading
 * and logging and are left out, so that a comparison shows only what sockets and selectors leave behind.
 */
record FdSnapshot(Map<Integer, String> descriptors) {
    private static final Path FD_DIR = Path.of("/proc/self/fd");

    static boolean available() {
        return Files.isDirectory(FD_DIR);
    }

    static FdSnapshot take() throws IOException {
        Map<Integer, String> found = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD_DIR)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue; // e.g. the directory stream's own descriptor
                }
                if (target.startsWith("socket:") || target.equals("anon_inode:[eventpoll]")
                        || target.equals("anon_inode:[eventfd]")) {
                    found.put(Integer.valueOf(fd.getFileName().toString()), target);
                }
            }
        }
        return new FdSnapshot(found);
    }

    /**
     * What {@code /proc/self/net/unix} says about Unix socket descriptors (their state and path), to make a
     * leak report readable; other descriptors as they are.
     */
    static Map<Integer, String> describe(Map<Integer, String> descriptors) throws IOException {
        Map<String, String> unixByInode = new TreeMap<>();
        Path table = Path.of("/proc/self/net/unix");
        if (Files.isReadable(table)) {
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                // Num RefCount Protocol Flags Type St Inode [Path]
                if (f.length >= 7 && !f[0].equals("Num")) {
                    unixByInode.put(f[6], "unix st=" + f[5] + " flags=" + f[3] + (f.length > 7 ? " " + f[7] : ""));
                }
            }
        }
        Map<Integer, String> described = new TreeMap<>();
        descriptors.forEach((fd, target) -> {
            String inode = target.startsWith("socket:[") ? target.substring(8, target.length() - 1) : null;
            String unix = inode == null ? null : unixByInode.get(inode);
            described.put(fd, unix == null ? target : target + " (" + unix + ")");
        });
        return described;
    }

    /** The descriptors open now that were not open (with the same target) in {@code before}. */
    Map<Integer, String> openedSince(FdSnapshot before) {
        Map<Integer, String> added = new TreeMap<>(descriptors);
        added.entrySet().removeIf(e -> e.getValue().equals(before.descriptors.get(e.getKey())));
        return added;
    }
}
