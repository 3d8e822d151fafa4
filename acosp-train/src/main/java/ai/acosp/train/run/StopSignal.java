package ai.acosp.train.run;

import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into a request that the training loop sees between steps, instead of the
 * JVM's shutdown while libtorch is in the middle of a backward pass (which crashed the JVM about
 * once in five stops). A second signal stops at once, without a checkpoint. Closing restores the
 * handlers that were there before.
 */
final class StopSignal implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile Signal received;

    private StopSignal() {}

    /**
     * Installs the handlers; a signal the platform or JVM reserves (e.g. under {@code -Xrs}) keeps
     * its default behaviour.
     *
     * @return the installed handlers
     */
    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, stop::handle));
            } catch (IllegalArgumentException e) {
                // not available here: the default behaviour stays
            }
        }
        return stop;
    }

    private void handle(Signal signal) {
        if (received != null) {
            System.err.println(
                    "=> SIG" + signal.getName() + " again: stopping now, without a checkpoint");
            Runtime.getRuntime().halt(exitCode(signal));
        }
        received = signal;
        System.err.println(
                "\n=> SIG"
                        + signal.getName()
                        + ": finishing the current step, then saving a checkpoint"
                        + " (send it again to stop at once)");
    }

    /**
     * Whether a stop was asked for.
     *
     * @return true after the first SIGINT or SIGTERM
     */
    boolean requested() {
        return received != null;
    }

    /**
     * The signal's name.
     *
     * @return e.g. {@code SIGTERM}
     */
    String name() {
        return "SIG" + received.getName();
    }

    /**
     * The exit code of a process ended by the signal received.
     *
     * @return 128 + its number (130 SIGINT, 143 SIGTERM)
     */
    int exitCode() {
        return exitCode(received);
    }

    private static int exitCode(Signal signal) {
        return 128 + signal.getNumber();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
