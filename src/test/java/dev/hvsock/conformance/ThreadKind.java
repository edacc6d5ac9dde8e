package dev.hvsock.conformance;

/** The two kinds of thread a blocking channel operation must behave the same on. */
public enum ThreadKind {
    PLATFORM {
        @Override
        Thread.Builder builder() {
            return Thread.ofPlatform().daemon();
        }
    },
    VIRTUAL {
        @Override
        Thread.Builder builder() {
            return Thread.ofVirtual();
        }
    };

    abstract Thread.Builder builder();
}
