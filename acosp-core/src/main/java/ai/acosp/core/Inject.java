package ai.acosp.core;

import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.ChannelSparseConv2d;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The conversions between mask kinds, the seed's {@code acosp.inject}: soft to hard, hard masks
 * folded into the convolutions, and soft or hard masks to channel-sparse convolutions.
 */
public final class Inject {

    private Inject() {}

    /**
     * Replaces every soft mask by a hard mask that keeps exactly the {@code k} channels with the
     * largest soft values (ties broken by the lower channel index). A model whose masks are not
     * initialised yet gets hard masks of the right size whose values are set when parameters are
     * loaded, which is how a hard-masked model is rebuilt before {@code Model.load}.
     *
     * <p>A mask after a batch norm ({@link MaskedBatchNorm}) becomes a hard mask after its
     * convolution, and the batch norm's scale and shift of the pruned channels become 0: the
     * network computes what it computed with the hard mask after the batch norm.
     *
     * @param model the network
     * @return how many masks were hardened
     */
    public static int softToHardK(Block model) {
        Map<Block, HardChannelMask> visible = new IdentityHashMap<>();
        for (Pair<String, MaskedBatchNorm> entry : BlockTree.find(model, MaskedBatchNorm.class)) {
            MaskedBatchNorm masked = entry.getValue();
            if (masked.getMask() instanceof SoftTopKMask soft) {
                HardChannelMask hard = hardened(soft);
                if (soft.getLogits().isInitialized()) {
                    scaleAffine(masked.getBatchNorm(), hard);
                }
                visible.put(masked.getConvolution(), hard);
            }
        }
        int replaced =
                BlockTree.replace(
                        model,
                        (path, block) -> {
                            if (block instanceof MaskedBatchNorm masked
                                    && visible.containsKey(masked.getConvolution())) {
                                return masked.getBatchNorm();
                            }
                            HardChannelMask hard = visible.get(block);
                            if (hard != null) {
                                return initializedLike(new MaskedConvolution(block, hard), block);
                            }
                            if (block instanceof MaskedConvolution masked
                                    && masked.getMask() instanceof SoftTopKMask soft) {
                                return rewrap(masked, hardened(soft));
                            }
                            return block;
                        });
        return replaced - visible.size();
    }

    private static HardChannelMask hardened(SoftTopKMask soft) {
        if (!soft.getLogits().isInitialized()) {
            return new HardChannelMask(soft.getChannels(), soft.getKept());
        }
        NDManager manager = soft.getLogits().getArray().getManager();
        float[] values = new float[soft.getChannels()];
        for (int index : soft.keptIndices()) {
            values[index] = 1f;
        }
        NDArray array =
                manager.create(values).toType(soft.getLogits().getArray().getDataType(), false);
        return new HardChannelMask(array, soft.getKept());
    }

    /** Multiplies a batch norm's scale and shift by a hard mask. */
    private static void scaleAffine(BatchNorm batchNorm, HardChannelMask mask) {
        for (String name : new String[] {"gamma", "beta"}) {
            Parameter parameter = BlockParameters.direct(batchNorm, name);
            if (parameter == null || !parameter.isInitialized()) {
                continue;
            }
            NDArray values = parameter.getArray();
            try (NDManager scope = values.getManager().newSubManager()) {
                NDArray zeros = mask.currentMask(scope).toType(values.getDataType(), false);
                values.set(values.mul(zeros).toFloatArray());
            }
        }
    }

    /**
     * Folds every hard mask into its convolution (weights and bias of pruned output channels become
     * 0) and drops the mask layer. With {@code reinitialize}, the pruned filters are refilled with
     * Xavier-normal values instead, so that they can be trained again.
     *
     * @param model the network
     * @param reinitialize whether to refill the pruned filters
     * @return how many masks were folded
     * @throws IllegalStateException if a mask is still soft
     */
    public static int hardToConv(Block model, boolean reinitialize) {
        return BlockTree.replace(
                model,
                (path, block) -> {
                    if (!(block instanceof MaskedConvolution masked)) {
                        return block;
                    }
                    if (!masked.getMask().isHard()) {
                        throw new IllegalStateException(
                                "mask at " + path + " is soft: harden it with softToHardK first");
                    }
                    foldMask(masked, reinitialize);
                    return masked.getConv();
                });
    }

    private static void foldMask(MaskedConvolution masked, boolean reinitialize) {
        Block conv = masked.getConv();
        int channelAxis = conv instanceof Deconvolution ? 1 : 0;
        Parameter weight = BlockParameters.direct(conv, "weight");
        Parameter bias = BlockParameters.direct(conv, "bias");
        NDArray weights = weight.getArray();
        try (NDManager scope = weights.getManager().newSubManager()) {
            NDArray mask = masked.getMask().currentMask(scope).toType(weights.getDataType(), false);
            long[] shape = new long[weights.getShape().dimension()];
            java.util.Arrays.fill(shape, 1);
            shape[channelAxis] = mask.size();
            NDArray perFilter = mask.reshape(shape);
            NDArray folded = weights.mul(perFilter);
            if (reinitialize) {
                NDArray fresh = xavierNormal(scope, weights.getShape());
                folded = folded.add(fresh.mul(perFilter.neg().add(1)));
            }
            weights.set(folded.toFloatArray());
            if (bias != null && bias.isInitialized()) {
                NDArray biases = bias.getArray();
                biases.set(biases.mul(mask).toFloatArray());
            }
        }
    }

    /** Xavier-normal values as PyTorch's {@code xavier_normal_} draws them for a conv weight. */
    private static NDArray xavierNormal(NDManager manager, Shape shape) {
        long receptive = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            receptive *= shape.get(i);
        }
        long fanOut = shape.get(0) * receptive;
        long fanIn = shape.get(1) * receptive;
        double std = Math.sqrt(2.0 / (fanIn + fanOut));
        return manager.randomNormal(0f, (float) std, shape, DataType.FLOAT32);
    }

    /**
     * Replaces every masked 2-D convolution by a {@link ChannelSparseConv2d} that computes only the
     * {@code k} kept output channels (scaled by their mask values) and scatters them into a zero
     * tensor of the full channel count. Masked transposed convolutions and layers that keep all
     * channels are left as they are. For inference only.
     *
     * @param model the network
     * @return how many convolutions were converted
     */
    public static int softToChannelSparse(Block model) {
        return BlockTree.replace(
                model,
                (path, block) -> {
                    if (!(block instanceof MaskedConvolution masked)
                            || !(masked.getConv() instanceof Conv2d conv)
                            || conv.getGroups() != 1
                            || masked.getMask().getKept() == masked.getMask().getChannels()) {
                        return block;
                    }
                    return channelSparse(conv, masked.getMask());
                });
    }

    private static ChannelSparseConv2d channelSparse(Conv2d conv, ChannelMask mask) {
        Parameter weight = BlockParameters.direct(conv, "weight");
        Parameter bias = BlockParameters.direct(conv, "bias");
        NDManager manager = weight.getArray().getManager();
        int[] kept = mask.keptIndices();
        NDArray index = manager.create(kept).toType(DataType.INT64, false);
        NDArray scale;
        try (NDManager scope = manager.newSubManager()) {
            NDArray values = mask.currentMask(scope).toType(DataType.FLOAT32, false);
            scale =
                    values.get(new NDIndex("{}", index))
                            .toType(weight.getArray().getDataType(), false);
            scale.attach(manager);
        }
        NDArray keptWeight =
                weight.getArray()
                        .get(new NDIndex("{}", index))
                        .mul(scale.reshape(kept.length, 1, 1, 1));
        NDArray keptBias =
                bias == null || !bias.isInitialized()
                        ? null
                        : bias.getArray().get(new NDIndex("{}", index)).mul(scale);
        ChannelSparseConv2d sparse = new ChannelSparseConv2d(conv, keptWeight, keptBias, index);
        sparse.initialize(manager, DataType.FLOAT32, conv.getInputShapes());
        return sparse;
    }

    private static MaskedConvolution rewrap(MaskedConvolution masked, ChannelMask mask) {
        return initializedLike(new MaskedConvolution(masked.getConv(), mask), masked.getConv());
    }

    private static MaskedConvolution initializedLike(MaskedConvolution wrapped, Block conv) {
        if (conv.isInitialized()) {
            BlockTree.initializeLike(wrapped, BlockParameters.first(conv), conv.getInputShapes());
        }
        return wrapped;
    }
}
