package ai.acosp.core.compact;

import ai.djl.nn.Block;
import java.util.Arrays;

/**
 * The architecture of one compact layer, as written to and read from a compact model's JSON
 * description: enough to rebuild the block before its parameters are loaded.
 */
public final class LayerSpec {

    /** A {@link CompactConv2d}. */
    public static final String CONV2D = "conv2d";

    /** A {@link CompactBatchNorm}. */
    public static final String BATCH_NORM = "batchnorm";

    /** A {@link CompactLinear}. */
    public static final String LINEAR = "linear";

    /** A {@link FoldedBatchNorm}: a batch norm folded into the preceding convolution. */
    public static final String FOLDED_BATCH_NORM = "folded_batchnorm";

    /** The block's path in the model tree. */
    public String path;

    /** {@link #CONV2D}, {@link #BATCH_NORM}, {@link #LINEAR} or {@link #FOLDED_BATCH_NORM}. */
    public String type;

    /** Input channels (features for linear layers). */
    public long in;

    /** Output channels (units; channels for batch norm). */
    public long out;

    /** Convolution kernel height and width. */
    public long[] kernel;

    /** Convolution stride. */
    public long[] stride;

    /** Convolution padding. */
    public long[] padding;

    /** Convolution dilation. */
    public long[] dilation;

    /** Whether the layer has a bias. */
    public boolean bias;

    /** Whether the convolution carries a constant-input kernel (a position-dependent bias). */
    public boolean constantKernel;

    /**
     * Whether the convolution carries an unpooled-constant kernel (a bias map over {@link
     * UnpoolPattern#grid}).
     */
    public boolean unpooledKernel;

    /** Batch-norm epsilon. */
    public float epsilon;

    /** Batch-norm momentum (DJL's convention: the weight of the running value). */
    public float momentum;

    /** Creates an empty spec, for JSON readers. */
    public LayerSpec() {}

    /**
     * Builds the block this spec describes, with parameters of the right shapes that are filled
     * when the model's parameters are loaded.
     *
     * @return the block
     * @throws IllegalArgumentException for an unknown type
     */
    public Block toBlock() {
        return switch (type) {
            case CONV2D -> new CompactConv2d(this);
            case BATCH_NORM -> new CompactBatchNorm(this);
            case LINEAR -> new CompactLinear(this);
            case FOLDED_BATCH_NORM -> new FoldedBatchNorm(this);
            default -> throw new IllegalArgumentException("unknown compact layer type " + type);
        };
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return type
                + " "
                + path
                + " "
                + in
                + "->"
                + out
                + (kernel == null ? "" : " k" + Arrays.toString(kernel));
    }
}
