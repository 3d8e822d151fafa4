package ai.acosp.core.compact;

import ai.djl.MalformedModelException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The channel counts a compact layer writes into its parameter file and checks when it loads, so
 * that a file only loads into a layer of the same shape.
 */
final class ChannelCounts {

    private ChannelCounts() {}

    /**
     * Writes the counts.
     *
     * @param os the stream
     * @param counts e.g. input and output channels
     * @throws IOException if writing fails
     */
    static void write(DataOutputStream os, long... counts) throws IOException {
        for (long count : counts) {
            os.writeLong(count);
        }
    }

    /**
     * Reads counts written by {@link #write} and checks the version and the counts.
     *
     * @param layer the layer's name for the message, e.g. {@code CompactConv2d}
     * @param loadVersion the version read from the file
     * @param version the layer's version
     * @param is the stream
     * @param counts the layer's own counts, in the order they were written
     * @throws IOException if reading fails
     * @throws MalformedModelException if the version or a count differs
     */
    static void check(String layer, byte loadVersion, byte version, DataInputStream is, long... counts)
            throws IOException, MalformedModelException {
        if (loadVersion != version) {
            throw new MalformedModelException(layer + ": unsupported version " + loadVersion);
        }
        long[] saved = new long[counts.length];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = is.readLong();
        }
        if (!Arrays.equals(saved, counts)) {
            throw new MalformedModelException(
                    layer
                            + " saved with channels "
                            + Arrays.toString(saved)
                            + ", built with "
                            + Arrays.toString(counts));
        }
    }
}
