package ai.acosp.core.compact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the layers made by compaction share: the parameter-file version, the channel counts each
 * writes into its parameter file and checks when it loads (so that a file only loads into a layer
 * of the same shape), the skeleton of its {@link LayerSpec}, and how its parameters are declared.
 */
public abstract class AbstractCompactLayer extends AbstractBlock implements CompactLayer {

    private static final byte VERSION = 1;

    private final String type;

    /**
     * Creates the layer.
     *
     * @param type its {@link LayerSpec#type}, e.g. {@link LayerSpec#CONV2D}
     */
    protected AbstractCompactLayer(String type) {
        super(VERSION);
        this.type = type;
    }

    /**
     * The channel counts written into the parameter file and checked on loading, e.g. input and
     * output channels.
     *
     * @return the counts, always in the same order
     */
    protected abstract long[] channelCounts();

    /**
     * Fills this layer's fields of its spec: channels, and geometry or flags where it has them.
     * Path and type are already set.
     *
     * @param spec the spec to fill
     */
    protected abstract void describe(LayerSpec spec);

    /** {@inheritDoc} */
    @Override
    public final LayerSpec spec(String path) {
        LayerSpec spec = new LayerSpec();
        spec.path = path;
        spec.type = type;
        describe(spec);
        return spec;
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        for (long count : channelCounts()) {
            os.writeLong(count);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        String layer = getClass().getSimpleName();
        if (loadVersion != version) {
            throw new MalformedModelException(layer + ": unsupported version " + loadVersion);
        }
        long[] counts = channelCounts();
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

    /**
     * Declares a parameter, either holding a cut array or, for a layer built from its spec, of a
     * shape that loading fills. Running statistics and {@link Parameter.Type#OTHER} arrays take no
     * gradient; an unloaded running variance starts at one, everything else at zero.
     *
     * @param name the parameter's name
     * @param type its type
     * @param array the array it takes ownership of, or null
     * @param shape the shape when {@code array} is null
     * @return the parameter
     */
    static Parameter parameter(String name, Parameter.Type type, NDArray array, Shape shape) {
        boolean learnable =
                type != Parameter.Type.OTHER
                        && type != Parameter.Type.RUNNING_MEAN
                        && type != Parameter.Type.RUNNING_VAR;
        Parameter.Builder builder =
                Parameter.builder().setName(name).setType(type).optRequiresGrad(learnable);
        if (array != null) {
            builder.optArray(array).optShape(array.getShape());
        } else {
            builder.optShape(shape)
                    .optInitializer(
                            type == Parameter.Type.RUNNING_VAR
                                    ? Initializer.ONES
                                    : Initializer.ZEROS);
        }
        return builder.build();
    }
}
