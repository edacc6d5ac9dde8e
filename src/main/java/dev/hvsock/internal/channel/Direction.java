package dev.hvsock.internal.channel;

/** Which way bytes move in an operation of a channel: in from the socket, or out to it. */
enum Direction {
    /** From the socket into buffers: reads, scattering reads (and accepts, which wait as reads do). */
    READ,
    /** From buffers to the socket: writes, gathering writes. */
    WRITE
}
