package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the arrays a manager holds at one point of a network, once per forward pass: memory tests
 * put {@link #counter()} in a network and check that the count stays flat from pass to pass.
 */
public final class LiveArrays {

    private final NDManager manager;
    private final List<Integer> counts = new ArrayList<>();

    /**
     * Counts the arrays of a manager.
     *
     * @param manager the manager whose live arrays are counted
     */
    public LiveArrays(NDManager manager) {
        this.manager = manager;
    }

    /**
     * A block that passes its input on and records how many arrays the manager holds.
     *
     * @return the block
     */
    public Block counter() {
        return new LambdaBlock(
                x -> {
                    counts.add(manager.getManagedArrays().size());
                    return x;
                });
    }

    /** Forgets the counts so far, e.g. the one taken while the network was initialised. */
    public void clear() {
        counts.clear();
    }

    /**
     * The count of the first pass since {@link #clear()}.
     *
     * @return live arrays
     */
    public int first() {
        return counts.get(0);
    }

    /**
     * Asserts that the counter ran {@code passes} times and saw the same count every time.
     *
     * @param passes the expected number of passes
     * @param what what a pass is, for the messages
     */
    public void assertFlat(int passes, String what) {
        assertRepeating(passes, 1, what);
    }

    /**
     * Asserts that the counter ran {@code passes} times and that the counts repeat with {@code
     * period}: passes that differ by design (a window and its flipped copy) each stay flat.
     *
     * @param passes the expected number of passes
     * @param period the passes of one cycle
     * @param what what a pass is, for the messages
     */
    public void assertRepeating(int passes, int period, String what) {
        assertEquals(passes, counts.size(), "times counted, once a " + what + ": " + counts);
        for (int pass = period; pass < counts.size(); pass++) {
            assertEquals(
                    counts.get(pass % period),
                    counts.get(pass),
                    "live arrays at each " + what + ": " + counts);
        }
    }
}
