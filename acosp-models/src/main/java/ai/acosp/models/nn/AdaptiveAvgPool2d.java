package ai.acosp.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.AdaptiveAvgPool2d(size)}: averages an {@code (N, C, H, W)} input into a
 * {@code size x size} grid of cells, computed by {@link Resampling#adaptiveAvgPool}.
 */
public class AdaptiveAvgPool2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int size;

    /**
     * Creates the pooling.
     *
     * @param size the output height and width
     */
    public AdaptiveAvgPool2d(int size) {
        super(VERSION);
        if (size < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + size);
        }
        this.size = size;
    }

    /**
     * The output height and width.
     *
     * @return the size
     */
    public int getSize() {
        return size;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(Resampling.adaptiveAvgPool(inputs.singletonOrThrow(), size, size));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), input.get(1), size, size)};
    }
}
