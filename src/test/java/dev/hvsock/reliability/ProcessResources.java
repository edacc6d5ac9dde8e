package dev.hvsock.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the process holds, as the kernel and the JVM count it: open file descriptors
 * ({@code /proc/self/fd}), native memory reserved through implicit arenas and direct buffers (the
 * "direct" buffer pool: {@code Arena.ofAuto()} allocations are reserved there, exactly as direct
 * buffers are), and the resident set size.
 */
final class ProcessResources {
    private static final Path FDS = Path.of("/proc/self/fd");

    private ProcessResources() {
    }

    /** Every open descriptor and what it points to ({@code socket:[123]}, {@code anon_inode:[eventfd]}, ...). */
    static TreeMap<Integer, String> fds() {
        TreeMap<Integer, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FDS)) {
            for (Path p : dir) {
                try {
                    fds.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
                } catch (NoSuchFileException gone) {
                    // closed while listing (the directory stream's own descriptor, for one)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /** What descriptor {@code fd} points to now, or null if it is not open. */
    static String fdTarget(long fd) {
        try {
            return Files.readSymbolicLink(FDS.resolve(Long.toString(fd))).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts what the library keeps for the life of the process (the parking poller: one epoll
     * and one eventfd), so that a "before" snapshot taken afterwards compares like with like.
     */
    static void startProcessWideState() {
        try {
            dev.hvsock.internal.poller.ParkingPoller.get(dev.hvsock.internal.platform.Platforms.current().readiness());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The descriptors this library can create: sockets, eventfds and epoll instances. */
    static List<String> socketLikeFds() {
        List<String> list = new ArrayList<>();
        for (var e : fds().entrySet()) {
            String t = e.getValue();
            if (t.startsWith("socket:") || t.contains("eventfd") || t.contains("eventpoll")) {
                list.add(e.getKey() + "->" + t);
            }
        }
        return list;
    }

    static int fdCount() {
        return fds().size();
    }

    /**
     * The socket-like descriptors open now that were not in {@code before}; retried a few times so
     * that a descriptor some other thread of the JVM holds for an instant is not taken for a leak.
     */
    static List<String> leakedSince(List<String> before) throws InterruptedException {
        List<String> extra = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            extra = new ArrayList<>(socketLikeFds());
            extra.removeAll(before);
            if (extra.isEmpty()) {
                return extra;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return extra;
    }

    // java.lang.management through reflection: the tests are compiled as a patch of module dev.hvsock,
    // which does not read java.management; they run on the class path, where everything is readable.
    private static Object directPool() {
        try {
            Class<?> beanType = Class.forName("java.lang.management.BufferPoolMXBean");
            Method pools = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getPlatformMXBeans", Class.class);
            for (Object pool : (List<?>) pools.invoke(null, beanType)) {
                if ("direct".equals(beanType.getMethod("getName").invoke(pool))) {
                    return pool;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the direct buffer pool MXBean", e);
        }
        throw new IllegalStateException("no direct buffer pool MXBean");
    }

    private static long directPoolValue(String getter) {
        try {
            return (Long) Class.forName("java.lang.management.BufferPoolMXBean").getMethod(getter)
                    .invoke(directPool());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the direct buffer pool MXBean", e);
        }
    }

    /** Bytes reserved by live implicit-arena segments and direct buffers. */
    static long directMemoryUsed() {
        return directPoolValue("getMemoryUsed");
    }

    /** Live implicit-arena segments and direct buffers. */
    static long directAllocations() {
        return directPoolValue("getCount");
    }

    /**
     * Collects garbage until the direct pool is back to at most {@code bytes}, for at most 20 seconds
     * (freeing an implicit arena's memory takes a GC and a run of the cleaner thread); returns what is
     * left.
     */
    static long awaitDirectMemoryAtMost(long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long used = directMemoryUsed();
        while (used > bytes && System.nanoTime() < deadline) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
            used = directMemoryUsed();
        }
        return used;
    }

    /** Collects garbage until the direct pool stops shrinking (at most about a second); returns its size. */
    static long settleDirectMemory() throws InterruptedException {
        long used = directMemoryUsed();
        for (int i = 0; i < 20; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
            long now = directMemoryUsed();
            if (now == used && i >= 2) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** The resident set size in KiB, from {@code /proc/self/status}; reported, never asserted on. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }
}
