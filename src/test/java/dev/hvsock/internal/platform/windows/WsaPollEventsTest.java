package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.Events;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The neutral events and WSAPoll's bits, both ways, and the WSAPOLLFD entries. */
class WsaPollEventsTest {
    // winsock2.h: POLLRDNORM 0x0100, POLLRDBAND 0x0200, POLLPRI 0x0400, POLLWRNORM 0x0010, POLLWRBAND 0x0020,
    // POLLERR 0x0001, POLLHUP 0x0002, POLLNVAL 0x0004

    @ParameterizedTest(name = "interest {0} -> {1}")
    @CsvSource({
            "0x001, 0x0100", // IN -> POLLRDNORM
            "0x004, 0x0010", // OUT -> POLLWRNORM
            "0x005, 0x0110",
            // ERR, HUP and NVAL are never asked for: WSAPoll fails the whole call (WSAEINVAL) if they are
            "0x008, 0x0000",
            "0x010, 0x0000",
            "0x020, 0x0000",
            "0x03D, 0x0110"})
    void interestIsOnlyEverTheBitsWsaPollAccepts(String neutral, String wsa) {
        assertEquals(Integer.decode(wsa), WsaPollEvents.toWsa(Integer.decode(neutral)) & 0xffff);
    }

    @ParameterizedTest(name = "revents {0} -> {1}")
    @CsvSource({
            "0x0100, 0x001", // POLLRDNORM -> IN
            "0x0200, 0x001", // POLLRDBAND -> IN
            "0x0300, 0x001",
            "0x0010, 0x004", // POLLWRNORM -> OUT
            "0x0001, 0x008", // POLLERR -> ERR
            // POLLHUP alone: the peer's FIN (a graceful disconnect), so readable (a read returns 0), no more
            "0x0002, 0x001",
            "0x0012, 0x005", // POLLHUP | POLLWRNORM: readable (EOF) and room to write
            "0x0003, 0x018", // POLLHUP | POLLERR: an abort, every interest ready
            "0x0004, 0x020", // POLLNVAL -> NVAL
            "0x0400, 0x000", // POLLPRI: not reported by Microsoft's provider, and nothing here
            "0x0000, 0x000",
            "0x0113, 0x01D"})
    void reventsTranslateToTheNeutralEvents(String wsa, String neutral) {
        assertEquals(Integer.decode(neutral), WsaPollEvents.fromWsa(Integer.decode(wsa)));
    }

    @Test
    void aFailedConnectReadsAsWindows2004ReportsIt() {
        assertEquals(0x0013, WsaPollEvents.failedConnectRevents());
        assertEquals(Events.ERR | Events.HUP | Events.OUT, WsaPollEvents.fromWsa(WsaPollEvents.failedConnectRevents()));
    }

    @Test
    void entriesAreSixteenBytesWithA64BitSocket() {
        assertEquals(16, WsaPollEvents.ENTRY_SIZE);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(3 * WsaPollEvents.ENTRY_SIZE);
            array.fill((byte) 0x77);
            long bigHandle = 0x1_2345_6788L; // SOCKET is UINT_PTR: never truncate it to 32 bits
            WsaPollEvents.setEntry(array, 1, bigHandle, Events.IN | Events.OUT);
            assertEquals(bigHandle, array.get(ValueLayout.JAVA_LONG, 16));
            assertEquals(0x0110, array.get(ValueLayout.JAVA_SHORT, 24));
            assertEquals(0, array.get(ValueLayout.JAVA_SHORT, 26), "revents cleared");
            assertEquals(0x7777, array.get(ValueLayout.JAVA_SHORT, 28) & 0xffff, "padding untouched");
            assertEquals(0x7777777777777777L, array.get(ValueLayout.JAVA_LONG, 0), "entry 0 untouched");
            assertEquals(bigHandle, WsaPollEvents.handleOf(array, 1));
            assertEquals(0x0110, WsaPollEvents.interestOf(array, 1));
            WsaPollEvents.setRevents(array, 1, 0x8002);
            assertEquals(0x8002, WsaPollEvents.reventsOf(array, 1), "revents read unsigned");
        }
    }
}
