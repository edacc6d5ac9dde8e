package dev.hvsock.internal.channel;

import dev.hvsock.HvSelectorProvider;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channels' JFR events ({@link ChannelEvents}) in a recording made here: what a recording that enables
 * them sees of a connect, an accept, writes, reads and the end of stream over AF_UNIX, and that a recording
 * with the JDK's settings sees none of them (they are off by default, as the JDK's socket events are when
 * no .jfc enables them).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelEventsTest {
    private static final List<String> EVENTS = List.of("dev.hvsock.SocketRead", "dev.hvsock.SocketWrite",
            "dev.hvsock.SocketConnect", "dev.hvsock.SocketAccept");

    @TempDir
    Path dir;

    /** What the exchange did, to compare with the events. */
    private record Exchange(SocketAddress server, SocketAddress client, SocketAddress missing, String refusal) {
    }

    /**
     * A failed connect, then a connect, an accept, a write and a read of 5 bytes, a gathering write of 6
     * and their read through the socket adaptor's stream (with a timeout), and the end of stream.
     */
    private Exchange exchange() throws IOException {
        HvSelectorProvider provider = HvSelectorProvider.provider();
        UnixDomainSocketAddress server = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        UnixDomainSocketAddress client = UnixDomainSocketAddress.of(dir.resolve("c.sock"));
        UnixDomainSocketAddress missing = UnixDomainSocketAddress.of(dir.resolve("nobody.sock"));
        String refusal;
        try (SocketChannel refused = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            refusal = assertThrows(SocketException.class, () -> refused.connect(missing)).toString();
        }
        try (ServerSocketChannel listener = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel a = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(server);
            a.bind(client);
            assertTrue(a.connect(server));
            try (SocketChannel b = listener.accept()) {
                assertEquals(5, a.write(ascii("hello")));
                ByteBuffer in = ByteBuffer.allocate(64);
                assertEquals(5, b.read(in));

                assertEquals(6, a.write(new ByteBuffer[]{ascii("abc"), ascii("def")}));
                Socket adaptor = b.socket();
                adaptor.setSoTimeout(5_000);
                InputStream stream = adaptor.getInputStream();
                assertEquals(6, stream.readNBytes(new byte[6], 0, 6));

                a.shutdownOutput();
                in.clear();
                assertEquals(-1, b.read(in));
            }
        }
        return new Exchange(server, client, missing, refusal);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The library's events in the recording that concern this test's sockets (a channel another test left
     * open must not count), by an address in {@link #dir}.
     */
    private List<RecordedEvent> hvsockEvents(Recording recording) throws IOException {
        Path file = dir.resolve("recording.jfr");
        recording.dump(file);
        String here = dir.toString();
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.hvsock."))
                .filter(e -> String.valueOf(e.getString("address")).startsWith(here)
                        || (e.hasField("localAddress") && String.valueOf(e.getString("localAddress")).startsWith(here)))
                .toList();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name, Predicate<RecordedEvent> which) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).filter(which).toList();
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name, Predicate<RecordedEvent> which) {
        List<RecordedEvent> found = named(events, name, which);
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static void assertFromThisThread(RecordedEvent event) {
        assertEquals(Thread.currentThread().getName(), event.getThread().getJavaName(), event.toString());
        assertFalse(event.getDuration().isNegative(), event.toString());
    }

    @Test
    void aRecordingThatEnablesTheEventsSeesConnectAcceptWriteReadAndEndOfStream() throws IOException {
        Exchange exchange;
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            for (String name : EVENTS) {
                recording.enable(name).withThreshold(Duration.ZERO).withStackTrace();
            }
            recording.start();
            assertTrue(ChannelEvents.readEnabled() && ChannelEvents.writeEnabled() && ChannelEvents.connectEnabled()
                    && ChannelEvents.acceptEnabled(), "the fast path sees the recording");
            exchange = exchange();
            recording.stop();
            events = hvsockEvents(recording);
        }
        String server = exchange.server().toString();
        String client = exchange.client().toString();
        Map<String, Long> counts = events.stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName(), Collectors.counting()));
        System.out.println("[JFR] " + counts);

        RecordedEvent refused = only(events, "dev.hvsock.SocketConnect",
                e -> exchange.missing().toString().equals(e.getString("address")));
        assertFalse(refused.getBoolean("connected"));
        assertEquals(exchange.refusal(), refused.getString("error"), "the exception the connect threw");

        RecordedEvent connect = only(events, "dev.hvsock.SocketConnect", e -> server.equals(e.getString("address")));
        assertTrue(connect.getBoolean("connected"), connect.toString());
        assertNull(connect.getString("error"), connect.toString());
        assertEquals("UNIX", connect.getString("family"));
        assertFromThisThread(connect);
        assertNotNull(connect.getStackTrace(), "stack traces as enabled");

        RecordedEvent accept = only(events, "dev.hvsock.SocketAccept", e -> server.equals(e.getString("localAddress")));
        assertEquals(client, accept.getString("address"), accept.toString());
        assertEquals("UNIX", accept.getString("family"));
        assertFromThisThread(accept);

        RecordedEvent write = only(events, "dev.hvsock.SocketWrite", e -> e.getLong("bytesWritten") == 5);
        assertEquals(server, write.getString("address"));
        assertFromThisThread(write);
        RecordedEvent gathering = only(events, "dev.hvsock.SocketWrite", e -> e.getLong("bytesWritten") == 6);
        assertEquals(server, gathering.getString("address"));

        RecordedEvent read = only(events, "dev.hvsock.SocketRead", e -> e.getLong("bytesRead") == 5);
        assertEquals(client, read.getString("address"), "the accepted side's peer");
        assertFalse(read.getBoolean("endOfStream"));
        assertEquals(Duration.ZERO, read.getDuration("timeout"), "a channel read has no timeout");
        assertFromThisThread(read);

        RecordedEvent streamRead = only(events, "dev.hvsock.SocketRead", e -> e.getLong("bytesRead") == 6);
        assertEquals(Duration.ofSeconds(5), streamRead.getDuration("timeout"), "the adaptor's SO_TIMEOUT");

        RecordedEvent eof = only(events, "dev.hvsock.SocketRead", e -> e.getBoolean("endOfStream"));
        assertEquals(0, eof.getLong("bytesRead"));
        assertEquals(client, eof.getString("address"));

        assertEquals(2, named(events, "dev.hvsock.SocketWrite", e -> true).size(), "one event per write");
        assertEquals(2, named(events, "dev.hvsock.SocketConnect", e -> true).size(), "one event per connect");
    }

    @Test
    void aRecordingWithTheJdksDefaultSettingsSeesNone() throws IOException, ParseException {
        List<RecordedEvent> events;
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            assertFalse(ChannelEvents.readEnabled() || ChannelEvents.writeEnabled() || ChannelEvents.connectEnabled()
                    || ChannelEvents.acceptEnabled(), "the fast path sees them off");
            exchange();
            recording.stop();
            events = hvsockEvents(recording);
        }
        assertEquals(List.of(), events);
    }

    @Test
    void theEventsAreOffByDefaultWithAThresholdOnceOn() {
        List<EventType> types = List.of(EventType.getEventType(SocketReadEvent.class),
                EventType.getEventType(SocketWriteEvent.class), EventType.getEventType(SocketConnectEvent.class),
                EventType.getEventType(SocketAcceptEvent.class));
        assertEquals(EVENTS, types.stream().map(EventType::getName).toList());
        for (EventType type : types) {
            assertFalse(type.isEnabled(), type.getName() + " is off unless a recording enables it");
            assertEquals(List.of("hvsock-nio"), type.getCategoryNames(), type.getName());
            Map<String, String> defaults = type.getSettingDescriptors().stream()
                    .collect(Collectors.toMap(SettingDescriptor::getName, SettingDescriptor::getDefaultValue));
            assertEquals("20 ms", defaults.get("threshold"), type.getName());
            assertEquals("false", defaults.get("enabled"), type.getName());
        }
        assertTrue(FlightRecorder.getFlightRecorder().getEventTypes().containsAll(types), "registered");
    }
}
