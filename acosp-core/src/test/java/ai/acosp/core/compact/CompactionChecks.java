package ai.acosp.core.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ParameterFiles;
import ai.acosp.core.measure.OutputDifference;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test support for compaction: inference outputs, their comparison, and masks set by hand
 * (batch-norm statistics that make pruned channels non-zero constants are {@link
 * SyntheticBatchNorms}).
 */
public final class CompactionChecks {

    private CompactionChecks() {}

    /**
     * Runs inference and returns the first output as floats.
     *
     * @param model the network
     * @param manager a manager for the pass
     * @param input the input
     * @return the first output's values
     */
    public static float[] infer(Block model, NDManager manager, NDArray input) {
        NDList out = model.forward(new ParameterStore(manager, false), new NDList(input), false);
        return out.head().toType(DataType.FLOAT32, false).toFloatArray();
    }

    /**
     * The largest difference between two outputs relative to the largest magnitude of the first.
     *
     * @param expected the reference
     * @param actual the values to check
     * @return max |a - e| / max(max |e|, 1e-12)
     */
    public static double relativeError(float[] expected, float[] actual) {
        return OutputDifference.relative(expected, actual);
    }

    /**
     * Whether two logit arrays of shape (N, C, ...) agree on the argmax over C at every position.
     *
     * @param expected reference logits
     * @param actual logits to check
     * @param shape their shape
     * @return the number of positions whose argmax differs
     */
    public static long argmaxMismatches(float[] expected, float[] actual, Shape shape) {
        long n = shape.get(0);
        long c = shape.get(1);
        long rest = shape.size() / n / c;
        long mismatches = 0;
        for (long s = 0; s < n; s++) {
            for (long p = 0; p < rest; p++) {
                int be = 0;
                int ba = 0;
                for (int k = 1; k < c; k++) {
                    int idx = (int) ((s * c + k) * rest + p);
                    if (expected[idx] > expected[(int) ((s * c + be) * rest + p)]) {
                        be = k;
                    }
                    if (actual[idx] > actual[(int) ((s * c + ba) * rest + p)]) {
                        ba = k;
                    }
                }
                mismatches += be == ba ? 0 : 1;
            }
        }
        return mismatches;
    }

    /**
     * Replaces the mask of a masked convolution by a hard mask keeping the given channels.
     *
     * @param model the network
     * @param path the masked convolution's path
     * @param kept the channels to keep
     */
    public static void setHardMask(Block model, String path, int... kept) {
        BlockTree.replace(
                model,
                (p, block) -> {
                    if (!p.equals(path) || !(block instanceof MaskedConvolution masked)) {
                        return block;
                    }
                    NDManager manager =
                            masked.getConv().getParameters().valueAt(0).getArray().getManager();
                    float[] values = new float[masked.getMask().getChannels()];
                    for (int c : kept) {
                        values[c] = 1f;
                    }
                    MaskedConvolution replaced =
                            new MaskedConvolution(
                                    masked.getConv(),
                                    new HardChannelMask(manager.create(values), kept.length));
                    replaced.initialize(
                            manager, DataType.FLOAT32, masked.getConv().getInputShapes());
                    return replaced;
                });
    }

    /**
     * Asserts that two saved compact models are the same: equal {@code compact.json} and
     * byte-identical parameter files (so the same parameter names, shapes and values).
     *
     * @param a one compact model folder
     * @param b the other
     * @param name the model name (the parameter files' prefix)
     * @throws IOException if a file cannot be read
     */
    public static void assertSameSavedModel(Path a, Path b, String name) throws IOException {
        assertEquals(
                Files.readString(a.resolve(CompactModelFiles.DESCRIPTION)),
                Files.readString(b.resolve(CompactModelFiles.DESCRIPTION)),
                "compact.json");
        List<Path> filesA = ParameterFiles.list(a, name);
        List<Path> filesB = ParameterFiles.list(b, name);
        assertEquals(1, filesA.size(), "parameter files in " + a);
        assertEquals(1, filesB.size(), "parameter files in " + b);
        assertEquals(-1L, Files.mismatch(filesA.get(0), filesB.get(0)), "parameter files differ");
    }

    /** The system property with which the host's oneDNN state once chose compaction's rounding. */
    public static final String FORMER_FAULT_PROPERTY = "acosp.conv.fault";

    /** A compaction run for one value of {@link #FORMER_FAULT_PROPERTY}. */
    @FunctionalInterface
    public interface FaultStateRun {

        /**
         * Runs with the property set.
         *
         * @param fault the property's value, {@code "true"} or {@code "false"}
         * @throws Exception if the run fails
         */
        void run(String fault) throws Exception;
    }

    /**
     * Runs a compaction once with {@link #FORMER_FAULT_PROPERTY} {@code true} (as on the faulty
     * CPU) and once {@code false}, then restores the property as it was.
     *
     * @param run the compaction, given the value
     * @throws Exception if a run fails
     */
    public static void underBothFormerFaultStates(FaultStateRun run) throws Exception {
        String before = System.getProperty(FORMER_FAULT_PROPERTY);
        try {
            for (String fault : new String[] {"true", "false"}) {
                System.setProperty(FORMER_FAULT_PROPERTY, fault);
                run.run(fault);
            }
        } finally {
            if (before == null) {
                System.clearProperty(FORMER_FAULT_PROPERTY);
            } else {
                System.setProperty(FORMER_FAULT_PROPERTY, before);
            }
        }
    }
}
