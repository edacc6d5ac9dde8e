package dev.hvsock.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test observes of a Linux host that no other OS offers; the same suite runs on Windows
 * (.github/workflows/ci.yml), where such a test is skipped with the reason.
 */
public enum LinuxHostFeature implements Prerequisite {
    /** {@code /proc/self/fd}: the process's open descriptors and what each points to (proc(5)). */
    PROC_SELF_FD {
        @Override
        public String probe() {
            return Files.isDirectory(Path.of("/proc/self/fd")) ? null
                    : "there is no /proc/self/fd to count the process's descriptors on " + os();
        }
    },

    /**
     * Linux's socket semantics as the library reports them: errno names in messages ({@code EPIPE},
     * {@code ECONNRESET}, "No such file or directory"), and an {@code AF_UNIX} socket that closes with unread
     * data resetting its peer, whose reads then see the end of the stream (net/unix/af_unix.c,
     * {@code unix_release_sock}). Windows reports {@code WSAE*} names, and documents nothing of the kind for its
     * {@code AF_UNIX}.
     */
    LINUX_SOCKETS {
        @Override
        public String probe() {
            return PlatformUnderTest.linux() ? null
                    : "the test holds the library to Linux's socket errors and AF_UNIX semantics; this is " + os();
        }
    };

    /** No run promises Linux: where a feature is missing the test is skipped, in every run. */
    @Override
    public boolean promisedByTheRun() {
        return false;
    }

    private static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
