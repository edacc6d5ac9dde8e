package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketOptions;

import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An accepted Hyper-V socket gets its listener's {@code CONNECTED_SUSPEND} from what Java remembers of the
 * listener, on a best-effort basis: a Windows that refuses the option on an accepted socket must not fail the
 * accept (before, the accept read the option back from the listener and threw whatever either call threw).
 */
class ListenerOptionsTest {
    private static final long LISTENER = 10;
    private static final long ACCEPTED = 11;

    private final ListenerOptions options = new ListenerOptions();
    private final List<String> calls = new ArrayList<>();

    private void apply(boolean refuse) {
        options.applyTo(LISTENER, ACCEPTED, (handle, option, value) -> {
            calls.add(handle + " " + option.name() + "=" + value);
            if (refuse) {
                throw new SocketException("set " + option + " on socket " + handle + ": (WSAENOPROTOOPT)");
            }
        });
    }

    @Test
    void anAcceptedSocketGetsWhatItsListenerWasSet() {
        options.set(LISTENER, HvSocketOptions.CONNECTED_SUSPEND, true);
        apply(false);
        assertEquals(List.of(ACCEPTED + " CONNECTED_SUSPEND=true"), calls);
    }

    @Test
    void aRefusalCostsTheOptionNotTheConnection() {
        options.set(LISTENER, HvSocketOptions.CONNECTED_SUSPEND, true);
        apply(true); // throws nothing
        assertEquals(1, calls.size());
    }

    @Test
    void nothingIsSetWhereTheListenerDoesNotHaveIt() {
        apply(false);
        options.set(LISTENER, HvSocketOptions.CONNECTED_SUSPEND, true);
        options.set(LISTENER, HvSocketOptions.CONNECTED_SUSPEND, false);
        apply(false);
        options.set(LISTENER, HvSocketOptions.CONNECTED_SUSPEND, true);
        options.forget(LISTENER); // closed: its handle may come back as another socket
        apply(false);
        options.set(LISTENER, HvSocketOptions.CONNECT_TIMEOUT, 5000); // not inherited
        apply(false);
        assertEquals(List.of(), calls);
    }
}
