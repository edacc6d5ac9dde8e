package dev.hvsock.internal.platform;

/**
 * Readiness events in one platform-neutral encoding (Linux's {@code poll}/{@code epoll} bit values).
 * Each platform translates to and from its own ({@code WSAPoll} uses different bits).
 */
public final class Events {
    public static final int IN = 0x001;
    public static final int OUT = 0x004;
    public static final int ERR = 0x008;
    public static final int HUP = 0x010;
    public static final int NVAL = 0x020;

    private Events() {
    }
}
